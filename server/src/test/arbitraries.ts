import { ErrorReply, ValidationErrorReply } from '@pixeli/contract';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { z } from 'zod';
import { encodeCursor } from '../http/pagination.js';

/**
 * fast-check building blocks for robustness properties over JSON routes: values that have broken
 * servers before, bodies shaped like a route's own (each field valid, wrong or absent), raw text
 * that is not JSON, query strings and paging cursors, and the invariant every answer must meet.
 * The same approach as http/robustness.test.ts, shared so more routes can be hammered alike.
 */

// --- values -----------------------------------------------------------------------------------

/** Strings that have broken servers before: NUL (PostgreSQL text refuses it), lone surrogates, ... */
export const trickyString = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '%',
  '_',
  '\\',
  'a\\',
  "' or 1=1 --",
  '{a,b}',
  '"',
  '\u202e',
  '😀'.repeat(50),
  'null',
  '0',
  '__proto__',
  '\r\n',
);

/** Anything a string can be, up to just past the largest `max()` in the event contract (5000). */
export const anyString = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 6, arbitrary: trickyString },
  { weight: 2, arbitrary: fc.string({ minLength: 110, maxLength: 260 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1990, maxLength: 2010 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5000), 'x'.repeat(5001)) },
  // Past BODY_LIMIT_BYTES (64 KiB): the 413 path must answer in the same shape.
  { weight: 1, arbitrary: fc.constant('x'.repeat(70_000)) },
);

/** A JSON value of the wrong type for every string field (null is left out: some fields allow it). */
export const nonString = fc.oneof(
  fc.boolean(),
  fc.integer(),
  // Finite only: JSON.stringify sends NaN and ±Infinity as `null`, which a nullable field rightly
  // accepts, so a "broken" body would sometimes be a valid one (the flaky PATCH /api/auth/me/ run).
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** A JSON value of the wrong type for every number field (null is left out: some fields allow it). */
export const nonNumber = fc.oneof(
  fc.boolean(),
  fc.string({ maxLength: 10 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** An integer field's certainly refused values: the wrong type, a fraction, or outside `min..max`. */
export const notIntegerIn = (min: number, max: number) =>
  fc.oneof(
    nonNumber,
    fc.integer({ max: min - 1 }),
    fc.integer({ min: max + 1 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
    fc.constantFrom(min - 1, max + 1, min + 0.5, 1e308),
  );

export const junk = fc.oneof(fc.constant(null), nonString, anyString);

export const many = (n: number, c = 'x') => c.repeat(n);

/** `encodeURIComponent` throws on a lone surrogate; those are sent as raw bad escapes instead. */
export const enc = (s: string) => encodeURIComponent(s.replace(/\p{Cs}/gu, '\ufffd'));

/**
 * ISO 8601 date-times at and past every edge: valid instants, offsets that push a valid wall clock
 * out of the years PostgreSQL stores (1 to 9999), impossible calendar days and malformed text.
 */
export const dateTimeText = fc.oneof(
  fc
    .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-05-01T10:00:00Z',
    '2026-05-01T10:00:00+14:00',
    '2026-05-01T10:00:00.123456789-12:00',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '0001-01-01T00:00:00+14:00',
    '9999-12-31T23:59:59.999Z',
    '9999-12-31T23:59:59-14:00',
    '9999-12-31T10:00:00-23:59',
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T23:59:60Z',
    '2026-05-01T10:00:00',
    '2026-05-01',
    '+275760-09-13T00:00:00Z',
    'now',
  ),
);

// --- bodies -----------------------------------------------------------------------------------

/** How one field of a route's body can be: plausibly accepted, or certainly refused. */
export interface Field {
  valid: fc.Arbitrary<unknown>;
  invalid: fc.Arbitrary<unknown>;
}
export type Fields = Record<string, Field>;

/** Certainly refused: the wrong type, or one of the given values (which lean on the known edges). */
export const refused = (...values: unknown[]) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: nonString },
    { weight: 3, arbitrary: fc.constantFrom(...values) },
  );

/** Keys no body may set; the database fingerprint would show if one ever got through. */
export const strayKeys = (...names: string[]) =>
  fc.dictionary(
    fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'id', ...names)),
    junk,
    { maxKeys: 2 },
  );

/** An object with the route's real field names, each valid, wrong or absent, plus stray keys. */
export function shaped(fields: Fields, stray = strayKeys()): fc.Arbitrary<Record<string, unknown>> {
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
    .tuple(stray, fc.record(values, { requiredKeys: [] }))
    .map(([extra, body]) => ({ ...extra, ...body }));
}

/**
 * Like `shaped`, but one field is always certainly invalid, so the body can never be accepted: for
 * targets where an accepted body would rightly change the database.
 */
export function broken(fields: Fields, stray = strayKeys()): fc.Arbitrary<Record<string, unknown>> {
  const breakOne = fc.oneof(
    ...Object.entries(fields).map(([key, f]) => fc.tuple(fc.constant(key), f.invalid)),
  );
  return fc.tuple(shaped(fields, stray), breakOne).map(([body, [key, value]]) => ({ ...body, [key]: value }));
}

/** A request body as sent: already serialized, so strings, `null` and raw text all travel as given. */
export interface Req {
  payload?: string;
  contentType?: string;
}

export const json = (value: unknown): Req => ({
  payload: JSON.stringify(value),
  contentType: 'application/json',
});

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

/**
 * Text that is not a JSON document, or one Fastify refuses (a `__proto__` key), or the route's own
 * body behind a byte order mark (which Fastify strips: `\ufeff{}` is `{}`, so never a bare one).
 */
const rawText = (body: fc.Arbitrary<unknown>) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }).filter((s) => !parses(s)),
    body.map((v) => JSON.stringify(v).slice(0, -1)),
    body.map((v) => `\ufeff${JSON.stringify(v)}`),
    fc.constantFrom(
      "{'title': 'x'}",
      '{"a":1,}',
      '{"a":1}{"b":2}',
      'NaN',
      'undefined',
      '[',
      '{',
      '"',
      '\u0000',
      '\ufeff{',
      '{"__proto__":{"role":"admin"}}',
      '{"constructor":{"prototype":{"role":"admin"}}}',
      '{"a":"\\ud800"',
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
export function requests(body: fc.Arbitrary<unknown>, jsonAllowed: (v: unknown) => boolean = () => true) {
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

export const refusedBy = (schema: z.ZodType) => (v: unknown) => !schema.safeParse(v).success;

// --- query strings and paths ------------------------------------------------------------------

/** Numbers at and past every limit, junk, and the right words in the wrong case. */
export const queryValue = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(
    '',
    ' 5 ',
    '0',
    '-1',
    '1e400',
    '0x10',
    'NaN',
    'Infinity',
    '50.5',
    '200',
    '201',
    '9007199254740993',
  ),
  fc.constantFrom('true', 'false', 'TRUE', '1', 'PUB', 'prv', 'CO', 'FA', 'all', 'any'),
  anyString.filter((s) => s.length < 1000),
);

/** Pairs in any order and number (repeats make arrays), stray names, and escapes that do not decode. */
export function queryString(values: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
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
  return fc.array(pair, { maxLength: 6 }).map((pairs) => pairs.join('&'));
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Cursors: garbage, base64url of any JSON, and well-formed pairs whose parts PostgreSQL may refuse,
 * including the exact `YYYY-MM-DDTHH:MM:SS.ffffffZ` shape with impossible parts (2024-02-30, hour 99,
 * year 0000) that a shape check alone lets through.
 */
export const cursor = fc.oneof(
  anyString.filter((s) => s.length < 1000),
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  fc
    .tuple(
      fc.oneof(
        fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
        fc
          .tuple(
            fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 1, 2024, 9999)),
            fc.integer({ min: 0, max: 13 }),
            fc.integer({ min: 0, max: 32 }),
            fc.integer({ min: 0, max: 99 }),
            fc.integer({ min: 0, max: 99 }),
            fc.integer({ min: 0, max: 99 }),
            fc.integer({ min: 0, max: 999_999 }),
          )
          .map(
            ([y, mo, d, h, mi, s, us]) =>
              `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(us, 6)}Z`,
          ),
        fc.constantFrom('0000-01-01', '2024-02-30', '1', 'now'),
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

/**
 * A path segment: real ids where given, any UUID, and strings that are not ids at all. Never `.` or
 * `..`: URL parsing resolves those, so `/api/events/<id>/members/../` is a request to the event.
 */
export const pathSegment = (...real: string[]) =>
  fc.oneof(
    { weight: 2, arbitrary: real.length > 0 ? fc.constantFrom(...real) : fc.uuid() },
    { weight: 2, arbitrary: fc.uuid() },
    {
      weight: 3,
      arbitrary: fc.oneof(
        fc.constantFrom('%00', '%ED%A0%80', '%zz', '...', 'null', many(201, 'a'), '0'),
        anyString.map(enc).filter((s) => s.length > 0 && s.length < 300 && s !== '.' && s !== '..'),
      ),
    },
  );

// --- the invariant ----------------------------------------------------------------------------

/** No 5xx, and a refusal is JSON as `{"detail", "code"}` or as a non-empty `{"field": [...]}`. */
export function expectWellFormed(res: LightMyRequestResponse) {
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

/**
 * Runs the property: every answer well-formed, and `fingerprint` the same after every request as
 * before the first. `examples` run first, every time, so inputs that once failed stay covered.
 */
export async function hammer<T>(
  fingerprint: () => Promise<string>,
  inputs: fc.Arbitrary<T>,
  numRuns: number,
  send: (input: T) => Promise<LightMyRequestResponse>,
  examples: T[] = [],
) {
  const before = await fingerprint();
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      expectWellFormed(await send(input));
      expect(await fingerprint()).toBe(before);
    }),
    { numRuns, examples: examples.map((e): [T] => [e]) },
  );
}
