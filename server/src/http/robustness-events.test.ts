import { randomUUID } from 'node:crypto';
import {
  EventCreateBody,
  EventUpdateBody,
  InviteCreateBody,
  MemberPatchBody,
  PhotoPatchBody,
} from '@pixeli/contract';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.js';
import { eventMembers, photoTags } from '../db/schema.js';
import {
  anyString,
  broken,
  cursor,
  dateTimeText,
  enc,
  type Fields,
  hammer,
  json,
  many,
  nonString,
  notIntegerIn,
  pathSegment,
  queryString,
  queryValue,
  type Req,
  refused,
  refusedBy,
  requests,
  shaped,
  strayKeys,
} from '../test/arbitraries.js';
import { addPhoto as addPhotoRow } from '../test/fixtures.js';
import {
  call,
  forEachEngine,
  type Harness,
  setRole,
  signUpVerified,
  type TestUser,
} from '../test/harness.js';
import { encodeCursor } from './pagination.js';

/**
 * Property-based robustness of the event and photo JSON routes, as http/robustness.test.ts does for
 * the account routes: whatever arrives, the answer is never a 5xx, every refusal is JSON in one of
 * the two documented error shapes, and the database (every table, row by row) does not change.
 * Where a valid body would rightly change something (an event of mine, my photo), the bodies are
 * always broken in one field; elsewhere (someone else's event, a private one, no such id) any body
 * goes, because the refusal must come before any write.
 */

const ROBIN = { username: 'robin', email: 'robin@example.com' };
const OLIVE = { username: 'olive', email: 'olive@example.com' };

/** Every row of every table, so a refused request that wrote anything at all shows. */
function fingerprintOf(h: Harness) {
  let tables: string[] | undefined;
  return async () => {
    const db = h.ctx.database.db;
    tables ??= (
      await queryRows<{ tablename: string }>(
        db,
        sql`select tablename from pg_tables where schemaname = 'public' order by tablename`,
      )
    ).map((r) => r.tablename);
    const parts = tables.map(
      (t) =>
        `'${t}=' || (select count(*) || ':' || coalesce(md5(string_agg(md5(x::text), ',' order by md5(x::text))), '') from "${t}" x)`,
    );
    const [row] = await queryRows<{ s: string }>(
      db,
      sql.raw(`select concat_ws(' ', ${parts.join(', ')}) as s`),
    );
    return row!.s;
  };
}

// --- fields -----------------------------------------------------------------------------------

const text = (max: number) =>
  fc.string({ maxLength: Math.min(max, 60) }).filter((s) => !s.includes('\u0000'));
const level = {
  valid: fc.constantFrom('PUB', 'IMG', 'PRV'),
  invalid: refused('', 'pub', 'SECRET', ' PUB', 'PUBLIC'),
};
/** Refused values for a nullable field: `null` itself is accepted there, so never sent as "invalid". */
const refusedNotNull = (...values: unknown[]) =>
  fc.oneof({ weight: 2, arbitrary: nonString }, { weight: 3, arbitrary: fc.constantFrom(...values) });
/** Valid ISO 8601 outside the years 1000 to 9999, and text that is not an ISO 8601 date and time (no offset is UTC). */
const badDateTimes = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '0999-12-31T23:59:59Z',
  '1000-01-01T00:00:00+14:00',
  '9999-12-31T23:59:59-14:00',
  '2024-02-30T00:00:00Z',
  '2026-05-01T10:00:00+0530',
  '2026-05-01T24:00:01',
  '2026-05-01',
  'now',
  '',
];
const role = {
  valid: fc.constantFrom('viewer', 'contributor'),
  invalid: refused('', 'admin', 'VIEWER', 'coordinator'),
};

const eventFields = (photoIds: string[]): Fields => ({
  title: {
    valid: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !s.includes('\u0000')),
    invalid: refused('', '   ', many(121), 'a\u0000'),
  },
  description: { valid: text(5000), invalid: refused(many(5001), 'a\u0000') },
  read_perm: level,
  write_perm: level,
  starts_at: { valid: fc.option(dateTimeText, { nil: null }), invalid: refusedNotNull(...badDateTimes) },
  ends_at: { valid: fc.option(dateTimeText, { nil: null }), invalid: refusedNotNull(...badDateTimes) },
  location: { valid: text(200), invalid: refused(many(201), 'a\u0000') },
  original_access: {
    valid: fc.constantFrom('staff', 'members', 'readers'),
    invalid: refused('', 'STAFF', 'everyone'),
  },
  allow_download: { valid: fc.boolean(), invalid: fc.constantFrom(null, 'true', 'false', 0, 1, [], {}) },
  watermark_text: { valid: fc.option(text(60), { nil: null }), invalid: refusedNotNull(many(61), 'a\u0000') },
  cover_photo: {
    valid: fc.option(fc.oneof(fc.uuid(), fc.constantFrom(...photoIds)), { nil: null }),
    invalid: refusedNotNull('', 'not-a-uuid', many(36, '-'), `${randomUUID()}x`),
  },
});

const memberFields: Fields = {
  // Never olive: adding the only other real person to my event would rightly change it.
  username: {
    valid: fc.oneof(
      fc.constantFrom(ROBIN.username, 'ROBIN', ` ${ROBIN.username} `, 'nobody-here'),
      fc
        .string({ minLength: 1, maxLength: 20 })
        .filter((s) => s.trim() !== '' && s.trim().toLowerCase() !== 'olive'),
    ),
    invalid: refused('', '   ', many(151), 'a\u0000'),
  },
  role,
};

const inviteFields: Fields = {
  role,
  // Numbers: `refused` would send any integer as the wrong type, and most of those are accepted.
  expires_in_hours: {
    valid: fc.integer({ min: 1, max: 24 * 90 }),
    invalid: fc.oneof(fc.constant(null), notIntegerIn(1, 24 * 90)),
  },
  max_uses: {
    valid: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
    invalid: notIntegerIn(1, 10_000),
  },
};

const photoFields = (eventIds: string[]): Fields => ({
  event: {
    valid: fc.oneof(fc.uuid(), fc.constantFrom(...eventIds)),
    invalid: refused('', 'not-a-uuid', many(36, '-')),
  },
  read_perm: level,
  share_perm: { valid: fc.constantFrom('AN', 'OR', 'DI'), invalid: refused('', 'an', 'XX') },
  timestamp: { valid: dateTimeText, invalid: refused(...badDateTimes) },
  user_tags: {
    valid: fc.array(
      fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '' && !s.includes('\u0000')),
      { maxLength: 5 },
    ),
    invalid: fc.constantFrom(
      null,
      'tag',
      [''],
      ['  '],
      [many(51)],
      Array(31).fill('t'),
      [1],
      [null],
      ['a\u0000'],
    ),
  },
  caption: { valid: text(2000), invalid: refused(many(2001), 'a\u0000') },
});

const stray = strayKeys('coordinator_id', 'photographer_id', 'status', 'views', 'uses', 'event_id');

// --- the world every test starts from ---------------------------------------------------------

interface World {
  robin: TestUser;
  olive: TestUser;
  /** Robin's PUB event, with olive as a viewer, robin's photo, a live and a revoked invite link. */
  mine: string;
  /** Olive's PUB event (write PRV) and PRV event, each with one of olive's photos. */
  theirs: string;
  hidden: string;
  myPhoto: string;
  theirPhoto: string;
  hiddenPhoto: string;
  liveToken: string;
  revokedToken: string;
}

const addPhoto = (h: Harness, eventId: string, by: TestUser) =>
  addPhotoRow(h, eventId, by, { userTags: ['stage'] });

async function buildWorld(h: Harness): Promise<World> {
  const robin = await signUpVerified(h, ROBIN);
  const olive = await signUpVerified(h, OLIVE);
  const create = async (who: TestUser, body: Record<string, unknown>) =>
    (await call(h, 'POST', '/api/events/', { token: who.access, body })).json().id as string;
  const mine = await create(robin, { title: 'Spring Fest', starts_at: '2026-05-01T10:00:00Z' });
  const theirs = await create(olive, { title: 'Open day', write_perm: 'PRV' });
  const hidden = await create(olive, { title: 'Secret', read_perm: 'PRV' });
  const db = h.ctx.database.db;
  await db.insert(eventMembers).values({ eventId: mine, userId: olive.id, role: 'viewer' });
  const myPhoto = await addPhoto(h, mine, robin);
  await db.insert(photoTags).values({ photoId: myPhoto, userId: olive.id, taggedById: robin.id });
  const invite = (body: Record<string, unknown>) =>
    call(h, 'POST', `/api/events/${mine}/invites/`, { token: robin.access, body }).then((r) => r.json());
  const live = await invite({ role: 'contributor' });
  const revoked = await invite({});
  await call(h, 'DELETE', `/api/events/${mine}/invites/${revoked.id}/`, { token: robin.access });
  return {
    robin,
    olive,
    mine,
    theirs,
    hidden,
    myPhoto,
    theirPhoto: await addPhoto(h, theirs, olive),
    hiddenPhoto: await addPhoto(h, hidden, olive),
    liveToken: live.token,
    revokedToken: revoked.token,
  };
}

type Method = 'POST' | 'PUT' | 'PATCH';
interface Sent {
  url: string;
  req: Req;
}

const sendBody = (h: Harness, method: Method, { url, req }: Sent, token: string) =>
  call(h, method, url, {
    body: req.payload,
    token,
    headers: req.contentType ? { 'content-type': req.contentType } : {},
  });

/** My own target with bodies that can never be accepted, or another target with any body at all. */
const targets = (
  mineUrl: string,
  own: fc.Arbitrary<Req>,
  others: fc.Arbitrary<string>,
  any: fc.Arbitrary<Req>,
) => fc.oneof(fc.record({ url: fc.constant(mineUrl), req: own }), fc.record({ url: others, req: any }));

const RUNS = 100;
const TIMEOUT = 60_000;

/** Whether a value holds U+0000 anywhere: such a body is refused at the edge whatever the contract says. */
const holdsNul = (value: unknown): boolean =>
  typeof value === 'string'
    ? value.includes('\u0000')
    : Array.isArray(value)
      ? value.some(holdsNul)
      : value !== null && typeof value === 'object' && Object.values(value).some(holdsNul);

describe('the generators', () => {
  // A "broken" body the server accepted would be a write the properties below blame on the server.
  const id = randomUUID();
  it.each([
    ['event create', eventFields([id]), EventCreateBody],
    ['event update', eventFields([id]), EventUpdateBody],
    ['member role', { role }, MemberPatchBody],
    ['invite', inviteFields, InviteCreateBody],
    ['photo patch', photoFields([id]), PhotoPatchBody],
  ] as const)('a broken %s body is never one the contract accepts', (_name, fields, schema) => {
    fc.assert(
      fc.property(broken(fields, stray), (body) => holdsNul(body) || !schema.safeParse(body).success),
      { numRuns: 2000 },
    );
  });
});

forEachEngine((h) => {
  const fingerprint = fingerprintOf(h);
  let w: World;
  beforeEach(async () => {
    w = await buildWorld(h);
  });

  describe('event bodies', () => {
    it(
      'POST /api/events/: no 5xx, error shapes only, database unchanged',
      async () => {
        const inputs = requests(broken(eventFields([w.myPhoto]), stray), refusedBy(EventCreateBody));
        const examples = [
          json({ title: 'x', starts_at: '0000-01-01T00:00:00Z' }),
          json({ title: 'x', ends_at: '9999-12-31T23:59:59-14:00' }),
          json({ title: 'x', starts_at: '0001-01-01T00:00:00+14:00' }),
        ];
        await hammer(
          fingerprint,
          inputs,
          RUNS,
          (req) => sendBody(h, 'POST', { url: '/api/events/', req }, w.robin.access),
          examples,
        );
      },
      TIMEOUT,
    );

    it.each(['PUT', 'PATCH'] as const)(
      '%s /api/events/<id>/: no 5xx, error shapes only, database unchanged',
      async (method) => {
        const fields = eventFields([w.myPhoto, w.theirPhoto]);
        const inputs = targets(
          `/api/events/${w.mine}/`,
          requests(broken(fields, stray), refusedBy(EventUpdateBody)),
          pathSegment(w.theirs, w.hidden).map((id) => `/api/events/${id}/`),
          requests(shaped(fields, stray)),
        );
        const examples = [
          { url: `/api/events/${w.mine}/`, req: json({ starts_at: '0000-01-01T00:00:00Z' }) },
          { url: `/api/events/${w.mine}/`, req: json({ ends_at: '9999-12-31T23:59:59-14:00' }) },
          { url: `/api/events/${w.theirs}/`, req: json({ title: 'mine now' }) },
        ];
        await hammer(
          fingerprint,
          inputs,
          RUNS,
          (sent) => sendBody(h, method, sent, w.robin.access),
          examples,
        );
      },
      TIMEOUT,
    );

    it(
      'POST /api/events/<id>/members/: no 5xx, error shapes only, database unchanged',
      async () => {
        // On my event no real person but me (the coordinator, refused) can be named: any body goes.
        const anyMember = requests(shaped(memberFields, stray));
        const withOlive = requests(
          shaped({
            ...memberFields,
            username: { valid: fc.constantFrom(OLIVE.username), invalid: fc.constant('') },
          }),
        );
        const inputs = fc.oneof(
          targets(
            `/api/events/${w.mine}/members/`,
            anyMember,
            pathSegment(w.theirs, w.hidden).map((id) => `/api/events/${id}/members/`),
            fc.oneof(anyMember, withOlive),
          ),
        );
        const examples = [
          { url: `/api/events/${w.theirs}/members/`, req: json({ username: OLIVE.username }) },
        ];
        await hammer(
          fingerprint,
          inputs,
          RUNS,
          (sent) => sendBody(h, 'POST', sent, w.robin.access),
          examples,
        );
      },
      TIMEOUT,
    );

    it(
      'PATCH /api/events/<id>/members/<user_id>/: no 5xx, error shapes only, database unchanged',
      async () => {
        const any = requests(shaped({ role }, stray));
        const inputs = fc.oneof(
          // Olive's real membership of my event: never a body that could change her role.
          fc.record({
            url: fc.constant(`/api/events/${w.mine}/members/${w.olive.id}/`),
            req: requests(broken({ role }, stray), refusedBy(MemberPatchBody)),
          }),
          fc.record({
            url: fc
              .tuple(pathSegment(w.mine, w.theirs, w.hidden), pathSegment(w.robin.id))
              .map(([e, u]) => `/api/events/${e}/members/${u}/`),
            req: any,
          }),
          fc.record({
            url: pathSegment(w.theirs, w.hidden).map((e) => `/api/events/${e}/members/${w.olive.id}/`),
            req: any,
          }),
        );
        await hammer(fingerprint, inputs, RUNS, (sent) => sendBody(h, 'PATCH', sent, w.robin.access));
      },
      TIMEOUT,
    );

    it(
      'POST /api/events/<id>/invites/: no 5xx, error shapes only, database unchanged',
      async () => {
        const inputs = targets(
          `/api/events/${w.mine}/invites/`,
          requests(broken(inviteFields, stray), refusedBy(InviteCreateBody)),
          pathSegment(w.theirs, w.hidden).map((id) => `/api/events/${id}/invites/`),
          requests(shaped(inviteFields, stray)),
        );
        const examples = [{ url: `/api/events/${w.theirs}/invites/`, req: json({}) }];
        await hammer(
          fingerprint,
          inputs,
          RUNS,
          (sent) => sendBody(h, 'POST', sent, w.robin.access),
          examples,
        );
      },
      TIMEOUT,
    );
  });

  describe('photo bodies', () => {
    it.each(['PATCH', 'PUT'] as const)(
      '%s /api/photos/<id>/: no 5xx, error shapes only, database unchanged',
      async (method) => {
        const fields = photoFields([w.mine, w.theirs, w.hidden]);
        const inputs = targets(
          `/api/photos/${w.myPhoto}/`,
          requests(broken(fields, stray), refusedBy(PhotoPatchBody)),
          pathSegment(w.theirPhoto, w.hiddenPhoto).map((id) => `/api/photos/${id}/`),
          requests(shaped(fields, stray)),
        );
        const examples = [
          { url: `/api/photos/${w.myPhoto}/`, req: json({ timestamp: '0000-01-01T00:00:00Z' }) },
          { url: `/api/photos/${w.myPhoto}/`, req: json({ timestamp: '9999-12-31T23:59:59-14:00' }) },
          { url: `/api/photos/${w.theirPhoto}/`, req: json({ caption: 'mine now' }) },
        ];
        await hammer(
          fingerprint,
          inputs,
          RUNS,
          (sent) => sendBody(h, method, sent, w.robin.access),
          examples,
        );
      },
      TIMEOUT,
    );
  });

  describe('query strings', () => {
    it(
      'GET /api/photos/search/: no 5xx, error shapes only, database unchanged',
      async () => {
        const dates = fc.oneof(
          dateTimeText,
          fc.constantFrom('0000-01-01', '0001-01-01', '9999-12-31', '2024-02-29', '2024-02-30', '2024-1-1'),
          queryValue,
        );
        const queries = queryString({
          event_name: fc.oneof(fc.constantFrom('spring', '%', '_', '\\', 'a\\'), queryValue),
          date_from: dates,
          date_to: dates,
          photographer_id: fc.oneof(fc.uuid(), fc.constantFrom(w.robin.id, w.olive.id), queryValue),
          photographer_name: queryValue,
          tags: fc.oneof(fc.constantFrom('stage', '{a,b}', '"', 'NULL'), queryValue),
          tags_mode: fc.oneof(fc.constantFrom('any', 'all'), queryValue),
          read_perm: fc.oneof(fc.constantFrom('PUB', 'IMG', 'PRV'), queryValue),
          status: fc.oneof(fc.constantFrom('PE', 'PR', 'CO', 'FA'), queryValue),
          limit: queryValue,
          cursor: cursor,
        });
        const search = (qs: string) => call(h, 'GET', `/api/photos/search/?${qs}`, { token: w.robin.access });
        const examples = [
          'date_to=9999-12-31',
          'date_from=0000-01-01',
          'date_from=0000-01-01T00:00:00Z',
          'date_to=9999-12-31T23:00:00-14:00',
          `cursor=${encodeCursor(['2024-02-30T00:00:00.000000Z', randomUUID()])}`,
          'event_name=a%5C&photographer_name=%25',
        ];
        await hammer(fingerprint, queries, RUNS, search, examples);
      },
      TIMEOUT,
    );

    const LISTS: [string, (w: World) => string][] = [
      ['/api/events/', () => '/api/events/'],
      ['/api/events/<id>/photos/', (w) => `/api/events/${w.mine}/photos/`],
      ['/api/photos/', () => '/api/photos/'],
      ['/api/photos/feed/', () => '/api/photos/feed/'],
      ['/api/photos/photos-tagged-in/', () => '/api/photos/photos-tagged-in/'],
    ];
    it.each(LISTS)(
      'GET %s with any limit and cursor: no 5xx, error shapes only, database unchanged',
      async (_name, urlOf) => {
        const url = urlOf(w);
        const queries = queryString({ limit: queryValue, cursor });
        const list = (qs: string) => call(h, 'GET', `${url}?${qs}`, { token: w.robin.access });
        const examples = [
          '0000-01-01T00:00:00.000000Z',
          '2024-02-30T00:00:00.000000Z',
          '2024-13-45T99:99:99.000000Z',
        ].map((at) => `cursor=${encodeCursor([at, randomUUID()])}`);
        await hammer(fingerprint, queries, RUNS, list, examples);
      },
      TIMEOUT,
    );
  });

  describe('path parameters', () => {
    it(
      'GET of events, members, invites and photos by any id: no 5xx, error shapes only, database unchanged',
      async () => {
        // Not someone else's real photo by id: reading it rightly counts a view.
        const inputs = fc.oneof(
          fc
            .tuple(
              fc.constantFrom('', 'photos/', 'members/', 'invites/'),
              pathSegment(w.mine, w.theirs, w.hidden),
            )
            .map(([sub, id]) => `/api/events/${id}/${sub}`),
          pathSegment(w.myPhoto).map((id) => `/api/photos/${id}/`),
        );
        await hammer(fingerprint, inputs, RUNS, (url) => call(h, 'GET', url, { token: w.robin.access }), [
          `/api/events/${w.hidden}/`,
          '/api/events/%00/',
          `/api/photos/${many(201, 'a')}/`,
        ]);
      },
      TIMEOUT,
    );

    it(
      'DELETE and download by ids that name nothing of mine: no 5xx, error shapes only, database unchanged',
      async () => {
        const nothing = pathSegment();
        const inputs = fc.oneof(
          nothing.map((id) => `DELETE /api/events/${id}/`),
          nothing.map((id) => `DELETE /api/photos/${id}/`),
          fc.constantFrom(w.theirPhoto, w.hiddenPhoto).map((id) => `DELETE /api/photos/${id}/`),
          fc.constantFrom(w.theirs, w.hidden).map((id) => `DELETE /api/events/${id}/?cascade=true`),
          fc
            .tuple(pathSegment(w.mine, w.theirs, w.hidden), fc.constantFrom('members', 'invites'), nothing)
            .map(([e, sub, id]) => `DELETE /api/events/${e}/${sub}/${id}/`),
          fc
            .tuple(nothing, fc.constantFrom('', 'variant=original', 'variant=x', 'variant=%00'))
            .map(([id, q]) => `GET /api/photos/${id}/download/?${q}`),
          fc.constantFrom(
            `DELETE /api/events/${w.mine}/?cascade=${enc('yes')}`,
            `DELETE /api/events/${w.mine}/`,
          ),
        );
        await hammer(fingerprint, inputs, RUNS, (line) => {
          const [method, url] = line.split(' ') as ['DELETE' | 'GET', string];
          return call(h, method, url, { token: w.robin.access });
        });
      },
      TIMEOUT,
    );

    it(
      'GET /api/invites/<token>/ and POST .../accept/ with any token: no 5xx, error shapes only, database unchanged',
      async () => {
        // The live token is for robin's own event: accepting it as its coordinator changes nothing.
        const tokens = fc.oneof(
          fc.constantFrom(
            w.liveToken,
            w.revokedToken,
            w.liveToken.slice(0, 15),
            `${w.liveToken}x`,
            w.liveToken.toUpperCase(),
            many(16, 'a'),
            many(100, 'a'),
            many(101, 'a'),
            '%00',
            '%zz',
            '%ED%A0%80',
          ),
          fc.stringMatching(/^[\w-]{32}$/),
          anyString.filter((s) => s.length > 0 && s.length < 300).map(enc),
        );
        const inputs = fc.tuple(fc.boolean(), tokens, fc.boolean());
        await hammer(fingerprint, inputs, RUNS, ([accept, token, signedIn]) =>
          accept
            ? call(h, 'POST', `/api/invites/${token}/accept/`, {
                token: signedIn ? w.robin.access : undefined,
              })
            : call(h, 'GET', `/api/invites/${token}/`),
        );
      },
      TIMEOUT,
    );
  });

  describe('edges that were 500s', () => {
    it('ISO 8601 moments outside the years 1000 to 9999 are a 400 wherever a date goes in', async () => {
      const token = w.robin.access;
      // Year 0 and year 10000 failed in PostgreSQL; year 1 was stored and read back as 2001.
      const outside = [
        '0000-01-01T00:00:00Z',
        '0001-01-01T00:00:00Z',
        '1000-01-01T00:00:00+01:00',
        '9999-12-31T23:59:59-14:00',
      ];
      for (const at of outside) {
        const sent = [
          await call(h, 'POST', '/api/events/', { token, body: { title: 'x', starts_at: at } }),
          await call(h, 'PATCH', `/api/events/${w.mine}/`, { token, body: { ends_at: at } }),
          await call(h, 'PATCH', `/api/photos/${w.myPhoto}/`, { token, body: { timestamp: at } }),
          await call(h, 'GET', `/api/photos/search/?date_from=${enc(at)}`, { token }),
        ];
        for (const res of sent) {
          expect(res.statusCode, `${at}: ${res.body}`).toBe(400);
          expect(Object.keys(res.json()).length).toBe(1);
        }
      }
      expect((await call(h, 'GET', '/api/photos/search/?date_from=0000-01-01', { token })).statusCode).toBe(
        400,
      );
      // The last day PostgreSQL can store is a fine upper bound: everything is before its end.
      const last = await call(h, 'GET', '/api/photos/search/?date_to=9999-12-31', { token });
      expect(last.statusCode).toBe(200);
      expect(last.json().results.map((p: { id: string }) => p.id)).toContain(w.myPhoto);
      // The edges themselves are stored and read back.
      const edge = await call(h, 'PATCH', `/api/photos/${w.myPhoto}/`, {
        token,
        body: { timestamp: '1000-01-01T00:00:00Z' },
      });
      expect(edge.json().timestamp).toBe('1000-01-01T00:00:00.000Z');
      const late = await call(h, 'PATCH', `/api/events/${w.mine}/`, {
        token,
        body: { starts_at: '9999-12-30T00:00:00Z', ends_at: '9999-12-31T23:59:59.999Z' },
      });
      expect(late.json()).toMatchObject({
        starts_at: '9999-12-30T00:00:00.000Z',
        ends_at: '9999-12-31T23:59:59.999Z',
      });
    });

    it('a cursor of the right shape naming no real moment is a 400 on every list, admin users too', async () => {
      await setRole(h, w.robin.id, 'admin');
      const lists = [
        '/api/events/',
        `/api/events/${w.mine}/photos/`,
        '/api/photos/',
        '/api/photos/feed/',
        '/api/photos/photos-tagged-in/',
        '/api/photos/search/',
        '/api/admin/users/',
      ];
      for (const at of [
        '0000-01-01T00:00:00.000000Z',
        '2024-02-30T00:00:00.000000Z',
        '2023-02-29T12:00:00.000000Z',
        '2024-01-01T24:00:00.000000Z',
        '2024-13-45T99:99:99.000000Z',
      ]) {
        const c = encodeCursor([at, randomUUID()]);
        for (const url of lists) {
          const res = await call(h, 'GET', `${url}?cursor=${c}`, { token: w.robin.access });
          expect(res.statusCode, `${url} ${at}: ${res.body}`).toBe(400);
          expect(res.json()).toEqual({ cursor: ['Invalid cursor.'] });
        }
      }
      // Real moments at the edges, years below 100 included, still page.
      for (const at of [
        '0001-01-01T00:00:00.000000Z',
        '0099-12-31T23:59:59.999999Z',
        '2024-02-29T00:00:00.000000Z',
        '9999-12-31T23:59:59.999999Z',
      ]) {
        const res = await call(h, 'GET', `/api/photos/feed/?cursor=${encodeCursor([at, randomUUID()])}`, {
          token: w.robin.access,
        });
        expect(res.statusCode, `${at}: ${res.body}`).toBe(200);
      }
    });
  });
});
