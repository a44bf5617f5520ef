import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { loadOrCreateSecret } from './platform/secrets.js';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 8000,
      HOST: '127.0.0.1',
      DATA_DIR: './data',
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

  it('reads SIGNUP and its domains, and refuses domains mode without a domain', () => {
    expect(loadConfig({}).SIGNUP).toBe('open');
    const config = loadConfig({ SIGNUP: 'domains', SIGNUP_EMAIL_DOMAINS: 'College.edu, @corp.example,' });
    expect(config.SIGNUP_EMAIL_DOMAINS).toEqual(['college.edu', 'corp.example']);
    expect(() => loadConfig({ SIGNUP: 'domains' })).toThrowError(/SIGNUP_EMAIL_DOMAINS/);
    expect(() => loadConfig({ SIGNUP: 'nobody' })).toThrowError(/SIGNUP/);
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
