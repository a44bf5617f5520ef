import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../../test/engines.js';
import { adminQuery, withDatabase } from '../../test/global-setup.js';
import {
  api,
  cleanUpProcesses,
  codeFromOutbox,
  requireBuiltCli,
  serve,
  tempDir,
} from '../../test/processes.js';

/**
 * Two real `pixeli serve` processes on one PostgreSQL and Redis: a socket open on the first hears a
 * like sent to the second, through Redis pub/sub.
 */
const ready = TEST_DATABASE_URL && TEST_REDIS_URL;
const suite = ready ? describe : describe.skip;

suite(`fan-out across processes${ready ? '' : ' (skipped: PIXELI_TEST_DATABASE_URL and PIXELI_TEST_REDIS_URL needed)'}`, () => {
  const dbName = `pixeli_fan_${randomBytes(6).toString('hex')}`;
  const redisPrefix = `pixeli-fan-${randomBytes(4).toString('hex')}:`;
  beforeAll(async () => {
    requireBuiltCli();
    await adminQuery(`CREATE DATABASE ${dbName}`);
  });
  afterAll(async () => {
    await cleanUpProcesses();
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    const redis = new Redis(TEST_REDIS_URL ?? '', { maxRetriesPerRequest: 1 });
    const keys = await redis.keys(`${redisPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('a like sent to server B reaches a socket on server A', async () => {
    const dataDir = await tempDir('pixeli-fan-');
    const env = {
      DATABASE_URL: withDatabase(TEST_DATABASE_URL ?? '', dbName),
      REDIS_URL: TEST_REDIS_URL ?? '',
      REDIS_PREFIX: redisPrefix,
      JWT_SECRET: randomBytes(32).toString('hex'),
    };
    const a = await serve(dataDir, { env });
    const b = await serve(dataDir, { args: ['serve', '--no-worker'], env });

    const signUp = async (username: string) => {
      const email = `${username}@example.com`;
      await api(a, 'POST', '/api/auth/signup/', {
        body: { username, email, password: 'a long enough passphrase', name: username },
      });
      const otp = await codeFromOutbox(dataDir, email);
      return (await api(a, 'POST', '/api/auth/verify-email/', { body: { email, otp } })).json
        .access as string;
    };
    const ada = await signUp('ada');
    const bob = await signUp('bob');
    const event = (await api(a, 'POST', '/api/events/', { token: ada, body: { title: 'Two nodes' } })).json;

    const form = new FormData();
    const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#48c' } })
      .jpeg()
      .toBuffer();
    form.append('images', new Blob([image], { type: 'image/jpeg' }), 'a.jpg');
    const upload = await fetch(`${a.url}/api/events/${event.id}/photos/bulk-upload/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ada}` },
      body: form,
    });
    const photoId = ((await upload.json()) as { results: { photo_id: string }[] }).results[0]!.photo_id;
    const deadline = Date.now() + 30_000;
    while ((await api(b, 'GET', `/api/photos/${photoId}/`, { token: bob })).status !== 200) {
      if (Date.now() > deadline) throw new Error('the photo was not processed in time');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const socket = new WebSocket(`${a.url.replace('http', 'ws')}/api/ws/notifications/?token=${ada}`);
    const messages: { type: string; notification?: { verb: string } }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await once(socket, 'open');
    while (!messages.some((m) => m.type === 'unread_count')) await new Promise((r) => setTimeout(r, 50));

    expect((await api(b, 'POST', `/api/photos/${photoId}/likes/`, { token: bob })).status).toBe(201);
    const until = Date.now() + 15_000;
    while (!messages.some((m) => m.type === 'notification')) {
      if (Date.now() > until) throw new Error(`no notification on A: ${JSON.stringify(messages)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(messages.find((m) => m.type === 'notification')?.notification?.verb).toBe('LIKED');
    socket.close();
    expect(await b.stop()).toBe(0);
    expect(await a.stop()).toBe(0);
  });
});
