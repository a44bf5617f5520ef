import { describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../test/engines.js';
import { addPhoto, createEvent } from '../../test/fixtures.js';
import { call, forEachEngine, type Harness, signUpVerified } from '../../test/harness.js';

/**
 * Wrong share-link passwords spend their own budgets, per link and per address (issue 10, item 4):
 * someone guessing a link's password must not block code verification for everyone behind their
 * address, nor the other way round.
 */

const TIGHT = {
  TRUST_PROXY: 'true',
  RATE_SHARE_PASSWORD_PER_IP: '4',
  RATE_SHARE_PASSWORD_PER_LINK: '3',
  RATE_VERIFY_PER_IP: '4',
};
const PASSWORD = 'open sesame';

async function protectedLink(h: Harness) {
  const ada = await signUpVerified(h);
  const event = await createEvent(h, ada);
  const photo = await addPhoto(h, event.id, ada);
  const res = await call(h, 'POST', `/api/photos/${photo}/share/`, {
    token: ada.access,
    body: { expires_at: new Date(Date.now() + 86_400_000).toISOString(), password: PASSWORD },
  });
  return res.json().token as string;
}

const open = (h: Harness, token: string, ip: string, password: string) =>
  call(h, 'GET', `/api/photos/share/${token}/`, {
    headers: { 'x-forwarded-for': ip, 'x-share-password': password },
  });
const verifyCode = (h: Harness, ip: string) =>
  call(h, 'POST', '/api/auth/verify-email/', {
    headers: { 'x-forwarded-for': ip },
    body: { email: 'nobody@example.com', otp: '000000' },
  });

function suite(h: Harness) {
  it('guessing a link’s password does not block code verification from the same address', async () => {
    const token = await protectedLink(h);
    const tokens = [token, await protectedLink(h)];
    const statuses = [];
    // Spread over two links so the address's budget runs out before either link's.
    for (const t of [...tokens, ...tokens, token])
      statuses.push((await open(h, t, '10.0.0.1', 'nope')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const verify = await verifyCode(h, '10.0.0.1');
    expect(verify.statusCode).not.toBe(429);
    expect(verify.json().code).toBe('otp_invalid');
  });

  it('spent code verification does not block a link’s password from the same address', async () => {
    const token = await protectedLink(h);
    for (let i = 0; i < 4; i++) expect((await verifyCode(h, '10.0.0.2')).statusCode).not.toBe(429);
    expect((await verifyCode(h, '10.0.0.2')).statusCode).toBe(429);
    expect((await open(h, token, '10.0.0.2', 'nope')).statusCode).toBe(401);
    expect((await open(h, token, '10.0.0.2', PASSWORD)).statusCode).toBe(200);
  });

  it('limits guesses per link across addresses; the right password clears the link’s count', async () => {
    const token = await protectedLink(h);
    expect((await open(h, token, '10.0.1.1', 'nope')).statusCode).toBe(401);
    expect((await open(h, token, '10.0.1.2', 'nope')).statusCode).toBe(401);
    expect((await open(h, token, '10.0.1.3', PASSWORD)).statusCode).toBe(200);
    for (const ip of ['10.0.1.4', '10.0.1.5', '10.0.1.6'])
      expect((await open(h, token, ip, 'nope')).statusCode).toBe(401);
    const refused = await open(h, token, '10.0.1.7', PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
}

forEachEngine(suite, TIGHT);
// With REDIS_URL the counters live in Redis, shared by every node.
const withRedis = TEST_REDIS_URL ? describe : describe.skip;
withRedis('with Redis counters', () => forEachEngine(suite, { ...TIGHT, REDIS_URL: TEST_REDIS_URL ?? '' }));
