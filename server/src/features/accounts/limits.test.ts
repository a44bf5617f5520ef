import { describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../test/engines.js';
import { call, forEachEngine, type Harness, signUpVerified } from '../../test/harness.js';

/** Tight budgets so the limits show within a few requests. */
const TIGHT = {
  RATE_SIGNUP_PER_IP: '3',
  RATE_LOGIN_PER_IP: '6',
  RATE_LOGIN_PER_ACCOUNT: '3',
  RATE_VERIFY_PER_IP: '6',
  RATE_VERIFY_PER_ACCOUNT: '3',
  RATE_MAIL_PER_IP: '3',
  RATE_MAIL_PER_ACCOUNT: '2',
};

function expectThrottled(res: {
  statusCode: number;
  headers: Record<string, unknown>;
  json(): { code: string };
}) {
  expect(res.statusCode).toBe(429);
  expect(res.json().code).toBe('throttled');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

function limitSuite(h: Harness) {
  it('limits sign-in attempts per account, and a success clears the count', async () => {
    const u = await signUpVerified(h);
    const attempt = (password: string) =>
      call(h, 'POST', '/api/auth/login/', { body: { username: u.username, password } });
    expect((await attempt('wrong one')).statusCode).toBe(401);
    expect((await attempt(u.password)).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await attempt('wrong one')).statusCode).toBe(401);
    expectThrottled(await attempt(u.password));
  });

  it('limits sign-in attempts per address across accounts', async () => {
    const results = [];
    for (let i = 0; i < 7; i++) {
      results.push(
        (
          await call(h, 'POST', '/api/auth/login/', {
            body: { username: `nobody${i}`, password: 'whatever' },
          })
        ).statusCode,
      );
    }
    expect(results.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(results[6]).toBe(429);
  });

  it('limits signups per address', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await call(h, 'POST', '/api/auth/signup/', {
        body: {
          username: `new${i}`,
          email: `new${i}@example.com`,
          password: 'a long enough passphrase',
          name: 'N',
        },
      });
      expect(res.statusCode).toBe(201);
    }
    expectThrottled(
      await call(h, 'POST', '/api/auth/signup/', {
        body: {
          username: 'new9',
          email: 'new9@example.com',
          password: 'a long enough passphrase',
          name: 'N',
        },
      }),
    );
  });

  it('limits code guesses per account', async () => {
    const guess = () =>
      call(h, 'POST', '/api/auth/verify-email/', { body: { email: 'target@example.com', otp: '123456' } });
    for (let i = 0; i < 3; i++) expect((await guess()).statusCode).toBe(400);
    expectThrottled(await guess());
  });

  it('limits code mails per address', async () => {
    const ask = (email: string) => call(h, 'POST', '/api/auth/password/reset/', { body: { email } });
    for (let i = 0; i < 3; i++) expect((await ask(`someone${i}@example.com`)).statusCode).toBe(200);
    expectThrottled(await ask('someone9@example.com'));
  });
}

forEachEngine(limitSuite, TIGHT);

// The same limits with their counters in Redis, as several nodes would share them.
const onRedis = TEST_REDIS_URL ? describe : describe.skip;
onRedis(`with counters in Redis${TEST_REDIS_URL ? '' : ' (skipped: PIXELI_TEST_REDIS_URL not set)'}`, () => {
  forEachEngine(
    (h) => {
      it('uses the Redis driver', () => expect(h.ctx.limiter.kind).toBe('redis'));
      limitSuite(h);
    },
    { ...TIGHT, REDIS_URL: TEST_REDIS_URL ?? '' },
  );
});
