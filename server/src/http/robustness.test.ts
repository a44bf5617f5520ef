import { AdminUserPatchBody, ProfileUpdateBody, SignupBody } from '@pixeli/contract';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { beforeEach, describe, it } from 'vitest';
import {
  anyString,
  broken,
  cursor,
  enc,
  type Field,
  type Fields,
  hammer as hammerWith,
  json,
  many,
  nonString,
  queryString,
  queryValue,
  type Req,
  refused,
  refusedBy,
  requests,
  shaped,
  strayKeys,
} from '../test/arbitraries.js';
import {
  call,
  databaseFingerprint,
  forEachEngine,
  type Harness,
  setRole,
  signUpVerified,
  type TestUser,
} from '../test/harness.js';
import { encodeCursor } from './pagination.js';

/**
 * Property-based robustness of every JSON route: hundreds of malformed requests each. Whatever
 * arrives, the answer is never a 5xx, every refusal is JSON in one of the two documented error
 * shapes, and the database does not change.
 */

/** The one account every test starts with, so lookups by a real username or email find a row. */
const SEED = { username: 'robin', email: 'robin@example.com', password: 'a long enough passphrase' };

const email = (includeSeed: boolean): Field => ({
  valid: fc.oneof(
    fc.emailAddress(),
    fc.constantFrom(
      ...(includeSeed ? [SEED.email, SEED.email.toUpperCase(), ` ${SEED.email} `] : ['a@b.co']),
    ),
  ),
  invalid: refused('', 'not-an-email', 'a@', '@b.co', 'a\u0000@b.co', `${many(250)}@b.co`),
});
const otp: Field = {
  valid: fc.oneof(fc.stringMatching(/^\d{6}$/), fc.constant(' 123456 ')),
  invalid: refused('', '12345', '1234567', 'abcdef', '١٢٣٤٥٦', '12 3456'),
};
const newPassword: Field = {
  valid: fc.string({ minLength: 8, maxLength: 40 }),
  invalid: fc.oneof(refused(many(257)), fc.string({ maxLength: 7 })),
};
// The seed's real password is never generated, so a "valid" change or login is always refused.
const somePassword: Field = {
  valid: fc.string({ minLength: 1, maxLength: 40 }).filter((p) => p !== SEED.password),
  invalid: refused('', many(257)),
};
const refreshToken: Field = {
  valid: fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), fc.stringMatching(/^[\w-]{43}$/)),
  invalid: refused('', many(513)),
};
const name: Field = {
  valid: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !s.includes('\u0000')),
  invalid: fc.oneof(fc.constant(null), nonString, fc.constantFrom('', '   ', many(181), 'a\u0000')),
};
const nullableText = (max: number): Field => ({
  valid: fc.option(fc.string({ maxLength: Math.min(max, 60) }), { nil: null }),
  invalid: fc.oneof(nonString, fc.constantFrom(many(max + 1), 'a\u0000b')),
});

const FIELDS = {
  signup: {
    username: {
      valid: fc.stringMatching(/^[a-z0-9_.@+-]{1,20}$/),
      invalid: refused('', '   ', 'has space', 'semi;colon', 'nul\u0000', many(151)),
    },
    email: email(true),
    password: newPassword,
    name,
  },
  verify: { email: email(true), otp },
  // A reset for the seed's address would rightly store a code: only unknown addresses here.
  resetEmail: { email: email(false) },
  resendEmail: { email: email(true) },
  login: {
    username: {
      valid: fc.oneof(fc.constantFrom(SEED.username, SEED.email, 'ROBIN'), fc.string({ minLength: 1 })),
      invalid: refused('', '   ', many(255), 'a\u0000'),
    },
    password: somePassword,
  },
  refresh: { refresh: refreshToken },
  passwordChange: { current_password: somePassword, new_password: newPassword },
  resetConfirm: { email: email(true), otp, new_password: newPassword },
  profile: {
    name,
    profile_pic: {
      valid: fc.option(fc.webUrl(), { nil: null }),
      invalid: fc.oneof(
        nonString,
        fc.constantFrom(
          'not a url',
          'ftp://example.com/a.png',
          'javascript:alert(1)',
          `https://example.com/${many(500)}`,
          'http://a.co/\u0000',
        ),
      ),
    },
    bio: nullableText(2000),
    batch: nullableText(32),
    department: nullableText(120),
  },
  adminPatch: {
    role: {
      valid: fc.constantFrom('admin', 'img', 'public'),
      invalid: refused('', 'ADMIN', 'root', ' admin'),
    },
    is_active: { valid: fc.boolean(), invalid: fc.constantFrom(null, 'true', 'false', 0, 1, [], {}) },
  },
} satisfies Record<string, Fields>;

/** Account columns no body may set, on top of the shared stray keys. */
const stray = strayKeys('role', 'is_active', 'password_hash', 'email_verified_at');

/** The shared query values, plus the role filter's real words (and one in the wrong case). */
const roleValue = fc.oneof(queryValue, fc.constantFrom('admin', 'img', 'public', 'Admin'));

/** Runs the shared property with the whole database as the fingerprint. */
const hammer = <T>(
  h: Harness,
  inputs: fc.Arbitrary<T>,
  numRuns: number,
  send: (input: T) => Promise<LightMyRequestResponse>,
  examples: T[] = [],
) => hammerWith(() => databaseFingerprint(h), inputs, numRuns, send, examples);

const sendBody = (h: Harness, method: 'POST' | 'PUT' | 'PATCH', url: string, req: Req, token?: string) =>
  call(h, method, url, {
    body: req.payload,
    token,
    headers: req.contentType ? { 'content-type': req.contentType } : {},
  });

// --- the routes -------------------------------------------------------------------------------

interface BodyRoute {
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  requests: fc.Arbitrary<Req>;
  runs: number;
  /** Sent with the seed's access token. */
  auth?: boolean;
  examples?: Req[];
}

/**
 * Run counts are sized for a 2-core machine: where a valid-shaped body reaches argon2 (~60 ms; login
 * and password change), there are fewer runs.
 */
const BODY_ROUTES: BodyRoute[] = [
  // Always broken in one field: an accepted signup would rightly add a user.
  {
    method: 'POST',
    path: 'auth/signup/',
    requests: requests(broken(FIELDS.signup, stray), refusedBy(SignupBody)),
    runs: 200,
    examples: [json({ username: 'nul', email: 'nul@example.com', password: SEED.password, name: 'a\u0000' })],
  },
  { method: 'POST', path: 'auth/verify-email/', requests: requests(shaped(FIELDS.verify, stray)), runs: 200 },
  {
    method: 'POST',
    path: 'auth/resend-email-otp/',
    requests: requests(shaped(FIELDS.resendEmail, stray)),
    runs: 150,
  },
  {
    method: 'POST',
    path: 'auth/login/',
    requests: requests(shaped(FIELDS.login, stray)),
    runs: 120,
    examples: [json({ username: 'a\u0000b', password: 'x' })],
  },
  {
    method: 'POST',
    path: 'auth/token/refresh/',
    requests: requests(shaped(FIELDS.refresh, stray)),
    runs: 150,
  },
  { method: 'POST', path: 'auth/logout/', requests: requests(shaped(FIELDS.refresh, stray)), runs: 150 },
  {
    method: 'POST',
    path: 'auth/password/change/',
    requests: requests(shaped(FIELDS.passwordChange, stray)),
    runs: 100,
    auth: true,
  },
  {
    method: 'POST',
    path: 'auth/password/reset/',
    requests: requests(shaped(FIELDS.resetEmail, stray)),
    runs: 150,
  },
  {
    method: 'POST',
    path: 'auth/password/reset/confirm/',
    requests: requests(shaped(FIELDS.resetConfirm, stray)),
    runs: 150,
  },
  // Always broken in one field: an accepted profile update would rightly change the row.
  ...(['PUT', 'PATCH'] as const).map((method) => ({
    method,
    path: 'auth/me/',
    requests: requests(broken(FIELDS.profile, stray), refusedBy(ProfileUpdateBody)),
    runs: 150,
    auth: true,
    examples: [
      json({ name: 'a\u0000' }),
      json({ bio: '\u0000' }),
      json({ profile_pic: 'http://a.co/\u0000' }),
    ],
  })),
];

type Target = 'self' | 'other' | { raw: string };

const adminPatches = fc.oneof(
  // Themselves (409) or nobody (404 or a refused id): any body, even a valid one, changes nothing.
  fc.record({
    target: fc.oneof(
      fc.constant<Target>('self'),
      fc.uuid().map((raw): Target => ({ raw })),
      anyString.filter((s) => s.length < 300).map((s): Target => ({ raw: enc(s) })),
    ),
    req: requests(shaped(FIELDS.adminPatch, stray)),
  }),
  // A real other account: only bodies that cannot be accepted, as an accepted one would rightly apply.
  fc.record({
    target: fc.constant<Target>('other'),
    req: requests(broken(FIELDS.adminPatch, stray), refusedBy(AdminUserPatchBody)),
  }),
);

forEachEngine((h) => {
  let robin: TestUser;
  beforeEach(async () => {
    robin = await signUpVerified(h, SEED);
  });

  describe('JSON bodies', () => {
    it.each(BODY_ROUTES.map((route) => [`${route.method} /api/${route.path}`, route] as const))(
      '%s: no 5xx, error shapes only, database unchanged',
      async (_name, { method, path, requests: inputs, runs, auth, examples }) => {
        const send = (req: Req) => sendBody(h, method, `/api/${path}`, req, auth ? robin.access : undefined);
        await hammer(h, inputs, runs, send, examples);
      },
      60_000,
    );

    it('PATCH /api/admin/users/<id>/: no 5xx, error shapes only, database unchanged', async () => {
      // The role is read per request, so the seed's token carries admin rights from here on.
      await setRole(h, robin.id, 'admin');
      const other = await signUpVerified(h);
      const urlOf = (target: Target) =>
        target === 'self' ? robin.id : target === 'other' ? other.id : target.raw;
      const examples = ['%zz', many(201, 'a')].map((raw) => ({
        target: { raw },
        req: json({ role: 'img' }),
      }));
      await hammer(
        h,
        adminPatches,
        200,
        ({ target, req }) => sendBody(h, 'PATCH', `/api/admin/users/${urlOf(target)}/`, req, robin.access),
        examples,
      );
    }, 60_000);
  });

  describe('query strings and path parameters', () => {
    it('GET /api/auth/search/: no 5xx, error shapes only, database unchanged', async () => {
      const queries = queryString({ q: queryValue, l: queryValue });
      const search = (qs: string) => call(h, 'GET', `/api/auth/search/?${qs}`, { token: robin.access });
      await hammer(h, queries, 200, search, ['q=%00', 'q=a%00b&l=5']);
    }, 60_000);

    it('GET /api/admin/users/: no 5xx, error shapes only, database unchanged', async () => {
      await setRole(h, robin.id, 'admin');
      const queries = queryString({ limit: queryValue, cursor, role: roleValue, is_active: queryValue });
      const list = (qs: string) => call(h, 'GET', `/api/admin/users/?${qs}`, { token: robin.access });
      const uuid = '00000000-0000-4000-8000-000000000000';
      const examples = [
        ['2020-01-01T00:00:00.000Z', many(36, '-')],
        ['+275760-09-13T00:00:00.000Z', uuid],
        ['0000-01-01T00:00:00.000Z', uuid],
      ].map((key) => `cursor=${encodeCursor(key)}`);
      await hammer(h, queries, 200, list, examples);
    }, 60_000);

    it('GET /api/users/<username>/: no 5xx, error shapes only, database unchanged', async () => {
      const names = fc.oneof(
        fc.constantFrom(SEED.username, 'ROBIN', '%00', '%ED%A0%80', '%zz', '..'),
        anyString.filter((s) => s.length < 300).map(enc),
      );
      const profile = (username: string) =>
        call(h, 'GET', `/api/users/${username}/`, { token: robin.access });
      await hammer(h, names, 150, profile, ['%00', '%zz', many(201, 'a')]);
    }, 60_000);
  });
});
