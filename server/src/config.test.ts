import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DATA_DIR, DEFAULT_WEB_DIR, loadConfig, wildcardHostWarning } from './config.js';
import { loadOrCreateSecret } from './platform/secrets.js';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 8000,
      HOST: '127.0.0.1',
      DATA_DIR: DEFAULT_DATA_DIR,
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      SMTP_URL: undefined,
      ACCESS_TOKEN_TTL_S: 3600,
      REFRESH_TOKEN_TTL_S: 30 * 24 * 3600,
      CORS_ORIGINS: [],
    });
  });

  it('names every bad variable in its message', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', JWT_SECRET: 'short' })).toThrowError(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', JWT_SECRET: 'short' });
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'JWT_SECRET']) expect(message).toContain(name);
    }
  });

  it('says what PORT must be, and refuses a DATABASE_URL that is not PostgreSQL', () => {
    for (const PORT of ['abc', '-1', '70000', '80.5', '8o']) {
      expect(() => loadConfig({ PORT }), PORT).toThrowError(/PORT: must be a number from 1 to 65535/);
    }
    expect(loadConfig({ PORT: ' 8080 ' }).PORT).toBe(8080);
    for (const DATABASE_URL of ['mysql://root@db/pixeli', 'sqlite:///tmp/x.db', 'http://db:5432/x']) {
      expect(() => loadConfig({ DATABASE_URL }), DATABASE_URL).toThrowError(
        /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
      );
    }
    for (const DATABASE_URL of ['postgres://u:p@db:5432/pixeli', 'postgresql://db/pixeli']) {
      expect(loadConfig({ DATABASE_URL }).DATABASE_URL).toBe(DATABASE_URL);
    }
  });

  it('puts the default DATA_DIR in the repository, whatever folder the command starts in', () => {
    const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    expect(DEFAULT_DATA_DIR).toBe(path.join(repository, 'data'));
    const elsewhere = process.cwd();
    try {
      process.chdir(os.tmpdir());
      expect(loadConfig({}).DATA_DIR).toBe(path.join(repository, 'data'));
      // An explicit relative DATA_DIR stays relative to where the command starts.
      expect(loadConfig({ DATA_DIR: 'mine' }).DATA_DIR).toBe('mine');
    } finally {
      process.chdir(elsewhere);
    }
  });

  it("serves the repository's web/dist unless WEB_DIR names another folder or says off", () => {
    const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    expect(DEFAULT_WEB_DIR).toBe(path.join(repository, 'web', 'dist'));
    expect(loadConfig({}).WEB_DIR).toBe(DEFAULT_WEB_DIR);
    // Empty means unset, as for every variable (an env file's `WEB_DIR=` must not turn the app off).
    expect(loadConfig({ WEB_DIR: ' ' }).WEB_DIR).toBe(DEFAULT_WEB_DIR);
    expect(loadConfig({ WEB_DIR: '/srv/pixeli-web' }).WEB_DIR).toBe('/srv/pixeli-web');
    for (const WEB_DIR of ['off', 'OFF', ' Off '])
      expect(loadConfig({ WEB_DIR }).WEB_DIR, WEB_DIR).toBeNull();
  });

  it('warns that links will name 0.0.0.0 when listening everywhere without PUBLIC_URL', () => {
    for (const HOST of ['0.0.0.0', '::']) {
      const warning = wildcardHostWarning(loadConfig({ HOST }));
      expect(warning, HOST).toContain(`HOST is ${HOST} and PUBLIC_URL is unset`);
      expect(warning).toContain('image, share and invite links');
      expect(warning).toContain('set PUBLIC_URL');
    }
    expect(wildcardHostWarning(loadConfig({ HOST: '0.0.0.0' }))).toContain(
      'links will say http://0.0.0.0:8000/...,',
    );
    expect(
      wildcardHostWarning(loadConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://photos.example.org' })),
    ).toBe(undefined);
    expect(wildcardHostWarning(loadConfig({}))).toBeUndefined();
    expect(wildcardHostWarning(loadConfig({ HOST: '192.168.1.20' }))).toBeUndefined();
  });

  it('reads SIGNUP and its domains, and refuses domains mode without a domain', () => {
    expect(loadConfig({}).SIGNUP).toBe('open');
    const config = loadConfig({ SIGNUP: 'domains', SIGNUP_EMAIL_DOMAINS: 'College.edu, @corp.example,' });
    expect(config.SIGNUP_EMAIL_DOMAINS).toEqual(['college.edu', 'corp.example']);
    expect(() => loadConfig({ SIGNUP: 'domains' })).toThrowError(/SIGNUP_EMAIL_DOMAINS/);
    expect(() => loadConfig({ SIGNUP: 'nobody' })).toThrowError(/SIGNUP/);
  });

  it('serializes answers with compiled code unless RESPONSE_SERIALIZER says checked or zod', () => {
    expect(loadConfig({}).RESPONSE_SERIALIZER).toBe('compiled');
    for (const mode of ['compiled', 'checked', 'zod'] as const) {
      expect(loadConfig({ RESPONSE_SERIALIZER: mode }).RESPONSE_SERIALIZER).toBe(mode);
    }
    expect(() => loadConfig({ RESPONSE_SERIALIZER: 'fast' })).toThrowError(/RESPONSE_SERIALIZER/);
  });

  it('treats empty values as unset and splits CORS_ORIGINS', () => {
    const config = loadConfig({ DATABASE_URL: '', CORS_ORIGINS: 'https://a.example, https://b.example,' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
  });
});

describe('loadOrCreateSecret', () => {
  it('generates a secret once, readable by the owner only, and reuses it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pixeli-secret-'));
    try {
      const first = await loadOrCreateSecret(dir);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect((await stat(path.join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
      expect(await loadOrCreateSecret(dir)).toBe(first);
      expect((await readFile(path.join(dir, 'secret.key'), 'utf8')).trim()).toBe(first);
      expect(await loadOrCreateSecret(dir, 'from-the-environment-and-long-enough!')).toBe(
        'from-the-environment-and-long-enough!',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
