import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.js';
import { call, countRows, forEachEngine, type Harness } from '../test/harness.js';
import { useS3Harness } from '../test/s3rver.js';
import { CliError } from './create-admin.js';
import { makeDemoEvents } from './demo/events.js';
import { makeDemoUsers } from './demo/people.js';
import { SeededRandom } from './demo/random.js';
import { DEMO_PASSWORD, parseSeedDemoArgs, type SeedDemoOptions, seedDemo } from './seed-demo.js';

const SMALL: SeedDemoOptions = {
  users: 20,
  events: 5,
  photos: 300,
  seed: 'test',
  append: false,
  images: false,
};
const WITH_IMAGES: SeedDemoOptions = { ...SMALL, photos: 40, images: true };

const one = async <T>(h: Harness, query: ReturnType<typeof sql>) =>
  (await queryRows<T>(h.ctx.database.db, query))[0] as T;

async function signIn(h: Harness, username: string): Promise<string> {
  const res = await call(h, 'POST', '/api/auth/login/', { body: { username, password: DEMO_PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().access;
}

/** Every photo id of the viewer's home feed, following the `Link: rel="next"` pages. */
async function feedIds(h: Harness, token: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let url: string | undefined = '/api/photos/feed/?limit=200';
  while (url) {
    const res = await call(h, 'GET', url, { token });
    expect(res.statusCode).toBe(200);
    for (const photo of res.json() as { id: string }[]) ids.add(photo.id);
    const next = /<([^>]+)>;\s*rel="next"/.exec(String(res.headers.link ?? ''))?.[1];
    url = next
      ? new URL(next, 'http://localhost').pathname + new URL(next, 'http://localhost').search
      : undefined;
  }
  return ids;
}

/**
 * Opens every seeded photo as the administrator and fetches its thumbnail and preview where the API
 * says they are (the app's /media route on disk, the bucket on S3): real images of the photo's
 * shape, whose ThumbHash is the one the API hands out with it.
 */
async function expectSeededImagesServed(h: Harness) {
  const token = await signIn(h, 'demo.admin');
  const photos = await queryRows<{ id: string; width: number; height: number; thumbhash: string | null }>(
    h.ctx.database.db,
    sql`select id, width, height, thumbhash from photos order by id`,
  );
  expect(photos).toHaveLength(WITH_IMAGES.photos);
  const fetched = async (url: string) => {
    if (h.ctx.storage.kind === 'disk') {
      const { pathname, search } = new URL(url, 'http://localhost');
      const res = await h.app.inject({ method: 'GET', url: pathname + search });
      expect(res.statusCode).toBe(200);
      return res.rawPayload;
    }
    const res = await fetch(url);
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const thumbhashes = new Set<string>();
  for (const photo of photos.slice(0, 8)) {
    const res = await call(h, 'GET', `/api/photos/${photo.id}/`, { token });
    expect(res.statusCode).toBe(200);
    const read = res.json() as { thumbnail_url: string; preview_url: string; thumbhash: string };
    expect(read.thumbhash).toBe(photo.thumbhash);
    thumbhashes.add(read.thumbhash);
    const thumb = await sharp(await fetched(read.thumbnail_url)).metadata();
    const preview = await sharp(await fetched(read.preview_url)).metadata();
    expect([thumb.format, Math.max(thumb.width!, thumb.height!)]).toEqual(['webp', 400]);
    expect([preview.format, Math.max(preview.width!, preview.height!)]).toEqual(['jpeg', 1600]);
    // The picture has the photo's shape (to the pixel rounding of a 400 px thumbnail).
    expect(thumb.width! / thumb.height!).toBeCloseTo(photo.width / photo.height, 1);
  }
  expect(photos.every((p) => p.thumbhash)).toBe(true);
  expect(thumbhashes.size).toBeGreaterThan(1);
}

async function tableCounts(h: Harness) {
  const tables = ['users', 'events', 'event_members', 'photos', 'photo_tags', 'likes', 'comments'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await countRows(h, t)])));
}

forEachEngine((h) => {
  it('fills an empty database with the counts asked for, every account active and verified', async () => {
    const summary = await seedDemo(h.ctx, SMALL);
    const counts = await tableCounts(h);
    expect(counts).toMatchObject({ users: 20, events: 5, photos: 300 });
    expect(counts).toMatchObject({
      photo_tags: summary.peopleTags,
      likes: summary.likes,
      comments: summary.comments,
      event_members: summary.members,
    });
    expect(summary.likes).toBeGreaterThan(0);
    expect(summary.comments).toBeGreaterThan(0);
    expect(
      await one<{ admins: number; inactive: number; other_domain: number }>(
        h,
        sql`select count(*) filter (where role = 'admin')::int as admins,
                   count(*) filter (where not is_active or email_verified_at is null)::int as inactive,
                   count(*) filter (where email not like '%@demo.pixeli.test')::int as other_domain
            from users`,
      ),
    ).toEqual({ admins: 1, inactive: 0, other_domain: 0 });
    // Each photo was taken during its event, uploaded afterwards, and is processed.
    expect(
      await one<{ n: number }>(
        h,
        sql`select count(*)::int as n from photos p join events e on e.id = p.event_id
            where p.timestamp < e.starts_at or p.timestamp > e.ends_at or p.created_at < p.timestamp
               or p.status <> 'CO' or cardinality(p.user_tags) > 4`,
      ),
    ).toEqual({ n: 0 });
    // Each photo's like count is its likes, as liking through the API keeps it.
    expect(
      await one<{ n: number }>(
        h,
        sql`select count(*)::int as n from photos p
            where p.like_count <> (select count(*) from likes l where l.photo_id = p.id)`,
      ),
    ).toEqual({ n: 0 });
    expect(
      await one<{ levels: string[] }>(
        h,
        sql`select array_agg(distinct read_perm::text order by read_perm::text) as levels from events`,
      ),
    ).toEqual({ levels: ['IMG', 'PRV', 'PUB'] });
  });

  it('lets a demo account sign in with the demo password, and the access rules hold on the data', async () => {
    const summary = await seedDemo(h.ctx, SMALL);
    await signIn(h, summary.signIn[0]!.username);

    // A private event with a PUB photo: its member sees the photo in the feed, a stranger does not.
    const target = await one<{ event_id: string; photo_id: string; member: string }>(
      h,
      sql`select e.id as event_id, p.id as photo_id, u.username as member
          from events e
          join photos p on p.event_id = e.id and p.read_perm = 'PUB'
          join event_members m on m.event_id = e.id
          join users u on u.id = m.user_id and u.role = 'public'
          where e.read_perm = 'PRV'
          order by p.id, u.username limit 1`,
    );
    const stranger = await one<{ username: string }>(
      h,
      sql`select u.username from users u
          where u.role <> 'admin'
            and u.id is distinct from (select coordinator_id from events where id = ${target.event_id})
            and not exists (select 1 from event_members m where m.event_id = ${target.event_id} and m.user_id = u.id)
            and not exists (select 1 from photos p where p.event_id = ${target.event_id} and p.photographer_id = u.id)
            and not exists (select 1 from photo_tags t join photos p on p.id = t.photo_id
                            where p.event_id = ${target.event_id} and t.user_id = u.id)
          order by u.username limit 1`,
    );
    const privatePhotos = (
      await queryRows<{ id: string }>(
        h.ctx.database.db,
        sql`select id from photos where event_id = ${target.event_id}`,
      )
    ).map((r) => r.id);

    const memberFeed = await feedIds(h, await signIn(h, target.member));
    expect(memberFeed.has(target.photo_id)).toBe(true);
    const strangerFeed = await feedIds(h, await signIn(h, stranger.username));
    expect(strangerFeed.size).toBeGreaterThan(0);
    expect(privatePhotos.filter((id) => strangerFeed.has(id))).toEqual([]);
  });

  it('with --images, stores a picture for every photo, which the media route serves', async () => {
    const summary = await seedDemo(h.ctx, WITH_IMAGES);
    expect(summary.photos).toBe(WITH_IMAGES.photos);
    await expectSeededImagesServed(h);
  });

  it('refuses a database that has accounts, changing nothing, unless told --append', async () => {
    await seedDemo(h.ctx, SMALL);
    const before = await tableCounts(h);
    const refused = await seedDemo(h.ctx, SMALL).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CliError);
    expect((refused as CliError).exitCode).toBe(2);
    expect((refused as CliError).message).toMatch(/already holds 20 account\(s\)[\s\S]*--append/);
    expect(await tableCounts(h)).toEqual(before);

    // Appending the same seed adds new people (no second admin) and keeps every name unique.
    await seedDemo(h.ctx, { ...SMALL, users: 5, events: 1, photos: 10, append: true });
    expect(await tableCounts(h)).toMatchObject({ users: 25, events: 6, photos: 310 });
    expect(
      await one<{ n: number }>(h, sql`select count(*)::int as n from users where role = 'admin'`),
    ).toEqual({
      n: 1,
    });
  });
});

describe('seed-demo --images on S3 storage', () => {
  const h = useS3Harness('pixeli-seed-demo');

  it("puts every photo's files in the bucket, served by its signed URLs", async () => {
    expect(h.ctx.storage.kind).toBe('s3');
    await seedDemo(h.ctx, WITH_IMAGES);
    await expectSeededImagesServed(h);
  });
});

describe('seed-demo without a database', () => {
  it('makes the same people and events from the same seed, and others from another', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const make = (seed: string) => {
      const rng = new SeededRandom(seed);
      const users = makeDemoUsers(rng, 50, { withAdmin: true, now, spanDays: 1095, taken: new Set() });
      const events = makeDemoEvents(rng, 10, users, { now, spanDays: 1095, photos: 1000 });
      return {
        users: users.map((u) => [u.id, u.username, u.role]),
        events: events.map((e) => [e.title, e.photoCount]),
      };
    };
    expect(make('a')).toEqual(make('a'));
    expect(make('a')).not.toEqual(make('b'));
    const { users, events } = make('a');
    expect(new Set(users.map((u) => u[1])).size).toBe(50);
    expect(users[0]).toEqual([expect.any(String), 'demo.admin', 'admin']);
    for (const [, username] of users.slice(1)) expect(username).toMatch(/^[a-z]+\.[a-z]+\d*$/);
    expect(events.reduce((n, [, count]) => n + Number(count), 0)).toBe(1000);
  });

  it('refuses bad numbers with exit code 2', () => {
    for (const args of [
      ['--photos', 'many'],
      ['--users', '1'],
      ['--events', '-3'],
      ['--colour', 'red'],
    ]) {
      const error = (() => {
        try {
          parseSeedDemoArgs(args);
        } catch (e) {
          return e;
        }
      })();
      expect(error, args.join(' ')).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
    }
    expect(parseSeedDemoArgs(['--users', '2000', '--events', '400', '--photos', '200000'])).toEqual({
      users: 2000,
      events: 400,
      photos: 200000,
      seed: 'pixeli',
      append: false,
      images: false,
    });
    expect(parseSeedDemoArgs(['--images']).images).toBe(true);
  });
});
