import {
  AdminUserPatchBody,
  ErrorReply,
  ProfileUpdateBody,
  SignupBody,
  ValidationErrorReply,
} from '@pixeli/contract';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
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

// --- values -----------------------------------------------------------------------------------

/** Strings that have broken servers before: NUL (PostgreSQL text refuses it), lone surrogates, ... */
const trickyString = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '%',
  '_',
  '\\',
  "' or 1=1 --",
  '\u202e',
  '😀'.repeat(50),
  'null',
  '0',
  '__proto__',
  '\r\n',
);

/** Anything a string can be, up to just past the largest `max()` in the contract (bio: 2000). */
const anyString = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 6, arbitrary: trickyString },
  { weight: 2, arbitrary: fc.string({ minLength: 140, maxLength: 600 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1990, maxLength: 2010 }) },
  // Past BODY_LIMIT_BYTES (64 KiB): the 413 path must answer in the same shape.
  { weight: 1, arbitrary: fc.constant('x'.repeat(70_000)) },
);

/** A JSON value of the wrong type for every string field (null is left out: some fields allow it). */
const nonString = fc.oneof(
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

const junk = fc.oneof(fc.constant(null), nonString, anyString);

// --- bodies -----------------------------------------------------------------------------------

/** How one field of a route's body can be: plausibly accepted, or certainly refused. */
interface Field {
  valid: fc.Arbitrary<unknown>;
  invalid: fc.Arbitrary<unknown>;
}
type Fields = Record<string, Field>;

/** Certainly refused: the wrong type, or one of the given strings (which lean on the known edges). */
const refused = (...values: unknown[]) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: nonString },
    { weight: 3, arbitrary: fc.constantFrom(...values) },
  );
const many = (n: number, c = 'x') => c.repeat(n);

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

/** Keys no body may set; the database fingerprint would show if one ever got through. */
const strayKeys = fc.dictionary(
  fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.constantFrom(
      '__proto__',
      'constructor',
      'id',
      'role',
      'is_active',
      'password_hash',
      'email_verified_at',
    ),
  ),
  junk,
  { maxKeys: 2 },
);

/** An object with the route's real field names, each valid, wrong or absent, plus stray keys. */
function shaped(fields: Fields): fc.Arbitrary<Record<string, unknown>> {
  const values = Object.fromEntries(
    Object.entries(fields).map(([key, f]) => [
      key,
      fc.oneof(
        { weight: 2, arbitrary: f.valid },
        { weight: 2, arbitrary: f.invalid },
        { weight: 1, arbitrary: junk },
      ),
    ]),
  );
  return fc
    .tuple(strayKeys, fc.record(values, { requiredKeys: [] }))
    .map(([stray, body]) => ({ ...stray, ...body }));
}

/**
 * Like `shaped`, but one field is always certainly invalid, so the body can never be accepted: for
 * routes where an accepted body would rightly change the database (signup, profile, admin patch).
 */
function broken(fields: Fields): fc.Arbitrary<Record<string, unknown>> {
  const breakOne = fc.oneof(
    ...Object.entries(fields).map(([key, f]) => fc.tuple(fc.constant(key), f.invalid)),
  );
  return fc.tuple(shaped(fields), breakOne).map(([body, [key, value]]) => ({ ...body, [key]: value }));
}

/** A request body as sent: already serialized, so strings, `null` and raw text all travel as given. */
interface Req {
  payload?: string;
  contentType?: string;
}

const json = (value: unknown): Req => ({ payload: JSON.stringify(value), contentType: 'application/json' });

const contentType = fc.oneof(
  { weight: 16, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; x=y',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'application/jsonx',
    ),
  },
);

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Text that is not a JSON document (or one Fastify refuses, like a `__proto__` key). */
const rawText = (body: fc.Arbitrary<unknown>) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }).filter((s) => !parses(s)),
    body.map((v) => JSON.stringify(v).slice(0, -1)),
    fc.constantFrom(
      "{'email': 'a@b.co'}",
      '{"a":1,}',
      '{"a":1}{"b":2}',
      'NaN',
      'undefined',
      '[',
      '{',
      '"',
      '\u0000',
      '\ufeff{}',
      '{"__proto__":{"role":"admin"}}',
      '{"constructor":{"prototype":{"role":"admin"}}}',
      '{"a":"\\ud800"}',
      `{"a":${many(400, '[')}`,
    ),
  );

const empty = fc.constantFrom<Req>(
  {},
  { contentType: 'application/json' },
  { payload: '', contentType: 'application/json' },
  { payload: ' \n', contentType: 'application/json' },
);

/**
 * The four kinds of body: the route's fields gone wrong, any JSON value at all, text that is not
 * JSON, and nothing. `jsonAllowed` filters the arbitrary JSON values where an accepted one would
 * rightly change the database.
 */
function requests(body: fc.Arbitrary<unknown>, jsonAllowed: (v: unknown) => boolean = () => true) {
  const send = ([payload, type]: [string, string]): Req => ({ payload, contentType: type });
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          body.map((v) => JSON.stringify(v)),
          contentType,
        )
        .map(send),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc
            .jsonValue({ maxDepth: 3 })
            .filter(jsonAllowed)
            .map((v) => JSON.stringify(v)),
          contentType,
        )
        .map(send),
    },
    { weight: 2, arbitrary: fc.tuple(rawText(body), contentType).map(send) },
    { weight: 1, arbitrary: empty },
  );
}

const refusedBy = (schema: z.ZodType) => (v: unknown) => !schema.safeParse(v).success;

// --- query strings ----------------------------------------------------------------------------

/** Numbers at and past every limit, junk, and the right words in the wrong case. */
const queryValue = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('', ' 5 ', '0', '-1', '1e400', '0x10', 'NaN', 'Infinity', '50.5', '9007199254740993'),
  fc.constantFrom('true', 'false', 'TRUE', '1', 'admin', 'img', 'public', 'Admin'),
  anyString.filter((s) => s.length < 1000),
);

/** `encodeURIComponent` throws on a lone surrogate; those are sent below as raw bad escapes instead. */
const enc = (s: string) => encodeURIComponent(s.replace(/\p{Cs}/gu, '\ufffd'));

/** Pairs in any order and number (repeats make arrays), stray names, and escapes that do not decode. */
function queryString(values: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const names = Object.keys(values);
  const pair = fc.oneof(
    { weight: 6, arbitrary: fc.oneof(...names.map((n) => values[n]!.map((v) => `${n}=${enc(v)}`))) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.string({ maxLength: 8 }), queryValue).map(([k, v]) => `${enc(k)}=${enc(v)}`),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('%', '%zz', '%00', '%ED%A0%80', '%E0%A4%A', '+', '=', '&', ...names)
        .chain((raw) =>
          fc.constantFrom(raw, `${names[0]}=${raw}`, `${names[0]}[]=${raw}`, `${names[0]}[a]=1`),
        ),
    },
  );
  return fc.array(pair, { maxLength: 5 }).map((pairs) => pairs.join('&'));
}

/** Cursors: garbage, base64url of any JSON, and well-formed pairs whose parts PostgreSQL may refuse. */
const cursor = fc.oneof(
  anyString.filter((s) => s.length < 1000),
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  fc
    .tuple(
      fc.oneof(
        fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
        fc.constantFrom(
          '0000-01-01',
          '275760-09-13',
          '-000001-01-01T00:00:00.000Z',
          '2024-02-30',
          '1',
          'now',
        ),
        fc.string({ maxLength: 30 }),
      ),
      fc.oneof(
        fc.uuid(),
        fc.stringMatching(/^[0-9a-f-]{36}$/),
        fc.constantFrom(many(36, '-'), '00000000-0000-0000-0000-000000000000'),
        fc.string({ maxLength: 40 }),
      ),
    )
    .map((key) => encodeCursor(key)),
);

// --- the invariant ----------------------------------------------------------------------------

/** No 5xx, and a refusal is JSON as `{"detail", "code"}` or as a non-empty `{"field": [...]}`. */
function expectWellFormed(res: LightMyRequestResponse) {
  const said = `${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, said).toBeLessThan(500);
  if (res.statusCode < 400) return;
  expect(res.headers['content-type'], said).toMatch(/^application\/json/);
  const body = res.json();
  const known =
    ErrorReply.strict().safeParse(body).success ||
    (ValidationErrorReply.safeParse(body).success && Object.keys(body).length > 0);
  expect(known, said).toBe(true);
}

/** Runs the property; the fingerprint is taken once and must hold after every single request. */
async function hammer<T>(
  h: Harness,
  inputs: fc.Arbitrary<T>,
  numRuns: number,
  send: (input: T) => Promise<LightMyRequestResponse>,
  examples: T[] = [],
) {
  const before = await databaseFingerprint(h);
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      expectWellFormed(await send(input));
      expect(await databaseFingerprint(h)).toBe(before);
    }),
    // Examples run first, every time: inputs that once caused a 5xx stay covered whatever the seed.
    { numRuns, examples: examples.map((e): [T] => [e]) },
  );
}

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
    requests: requests(broken(FIELDS.signup), refusedBy(SignupBody)),
    runs: 200,
    examples: [json({ username: 'nul', email: 'nul@example.com', password: SEED.password, name: 'a\u0000' })],
  },
  { method: 'POST', path: 'auth/verify-email/', requests: requests(shaped(FIELDS.verify)), runs: 200 },
  {
    method: 'POST',
    path: 'auth/resend-email-otp/',
    requests: requests(shaped(FIELDS.resendEmail)),
    runs: 150,
  },
  {
    method: 'POST',
    path: 'auth/login/',
    requests: requests(shaped(FIELDS.login)),
    runs: 120,
    examples: [json({ username: 'a\u0000b', password: 'x' })],
  },
  { method: 'POST', path: 'auth/token/refresh/', requests: requests(shaped(FIELDS.refresh)), runs: 150 },
  { method: 'POST', path: 'auth/logout/', requests: requests(shaped(FIELDS.refresh)), runs: 150 },
  {
    method: 'POST',
    path: 'auth/password/change/',
    requests: requests(shaped(FIELDS.passwordChange)),
    runs: 100,
    auth: true,
  },
  { method: 'POST', path: 'auth/password/reset/', requests: requests(shaped(FIELDS.resetEmail)), runs: 150 },
  {
    method: 'POST',
    path: 'auth/password/reset/confirm/',
    requests: requests(shaped(FIELDS.resetConfirm)),
    runs: 150,
  },
  // Always broken in one field: an accepted profile update would rightly change the row.
  ...(['PUT', 'PATCH'] as const).map((method) => ({
    method,
    path: 'auth/me/',
    requests: requests(broken(FIELDS.profile), refusedBy(ProfileUpdateBody)),
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
    req: requests(shaped(FIELDS.adminPatch)),
  }),
  // A real other account: only bodies that cannot be accepted, as an accepted one would rightly apply.
  fc.record({
    target: fc.constant<Target>('other'),
    req: requests(broken(FIELDS.adminPatch), refusedBy(AdminUserPatchBody)),
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
      const queries = queryString({ limit: queryValue, cursor, role: queryValue, is_active: queryValue });
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
