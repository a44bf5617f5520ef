import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { type DbOrTx, queryRows } from '../db/client.js';
import { hashPassword } from '../features/accounts/passwords.js';
import { CliError } from './create-admin.js';
import { insertRows } from './demo/bulk-insert.js';
import { type DemoEvent, makeDemoEvents } from './demo/events.js';
import {
  createImageWriter,
  type DemoImage,
  type ImageWriter,
  imageFor,
  makeDemoImages,
} from './demo/images.js';
import { makeDemoUsers } from './demo/people.js';
import { type DemoPhoto, type DemoPhotoBundle, demoPhotosOf } from './demo/photos.js';
import { SeededRandom } from './demo/random.js';
import { type SeedDemoSummary, summarize } from './demo/summary.js';
import {
  commentColumns,
  eventColumns,
  likeColumns,
  memberColumns,
  memberRows,
  photoColumns,
  photoTagColumns,
  userColumns,
} from './demo/tables.js';

/**
 * `pixeli seed-demo`: fills a database with realistic fake people, events, photos, people tags,
 * likes and comments, for demos and benchmarks, fast enough for 200,000 photos. Photos are rows
 * only unless `--images` also stores a picture's variants for each (demo/images.ts), which a
 * screen needs to show them. Every account shares one published password, so a database that already has accounts is
 * refused unless `--append` says otherwise.
 */

/** Published on purpose: every demo account is fake. */
export const DEMO_PASSWORD = 'pixeli-demo';
export const DEFAULT_SEED = 'pixeli';

export interface SeedDemoOptions {
  users: number;
  events: number;
  photos: number;
  seed: string;
  append: boolean;
  /** Also store image files for every photo, so the web app shows pictures, not broken images. */
  images: boolean;
}

/** Users span this long before now; events happen over the same years. */
const SPAN_DAYS = 3 * 365;
const PHOTOS_PER_BATCH = 5000;
/** Distinct pictures behind `--images` photos: six colourings in each of the four demo shapes. */
const DEMO_IMAGES = 24;

export function parseSeedDemoArgs(args: string[]): SeedDemoOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        users: { type: 'string', default: '200' },
        events: { type: 'string', default: '30' },
        photos: { type: 'string', default: '3000' },
        seed: { type: 'string', default: DEFAULT_SEED },
        append: { type: 'boolean', default: false },
        images: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new CliError(`seed-demo: ${(error as Error).message}`, 2);
  }
  const count = (name: string, min: number, max: number) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new CliError(`seed-demo: --${name} must be a whole number from ${min} to ${max}.`, 2);
    }
    return n;
  };
  return {
    users: count('users', 2, 1_000_000),
    events: count('events', 1, 100_000),
    photos: count('photos', 0, 10_000_000),
    seed: String(values.seed),
    append: values.append === true,
    images: values.images === true,
  };
}

export async function seedDemo(
  ctx: AppContext,
  options: SeedDemoOptions,
  say: (line: string) => void = () => {},
): Promise<SeedDemoSummary> {
  const started = performance.now();
  const db = ctx.database.db;
  const existing = await queryRows<{ username: string; email: string }>(
    db,
    sql`select lower(username) as username, email from users`,
  );
  if (existing.length > 0 && !options.append) {
    throw new CliError(
      `seed-demo: this database already holds ${existing.length} account(s), so it is refused: every demo ` +
        `account signs in with the published password "${DEMO_PASSWORD}". Point DATABASE_URL or ` +
        'DATA_DIR at an empty database, or add --append to add demo data anyway (never on a real site).',
      2,
    );
  }
  const taken = new Set(existing.flatMap((u) => [u.username, u.email]));
  // Appending with the same seed must not make the same ids and names again.
  const rng = new SeededRandom(options.append ? `${options.seed}:${existing.length}` : options.seed);
  const now = ctx.clock.now();

  const users = makeDemoUsers(rng, options.users, {
    withAdmin: !options.append,
    now,
    spanDays: SPAN_DAYS,
    taken,
  });
  const events = makeDemoEvents(rng, options.events, users, {
    now,
    spanDays: SPAN_DAYS,
    photos: options.photos,
  });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // Their own random stream, so the rows are the same with or without images.
  const images = options.images
    ? await makeDemoImages(new SeededRandom(`${options.seed}:images`), DEMO_IMAGES)
    : undefined;
  const pictures = images && { images, writer: await createImageWriter(ctx.storage, images) };
  if (images) say(`seed-demo: ${images.length} pictures made (${seconds(started)} s)`);
  say(
    `seed-demo: ${users.length} users, ${events.length} events, ${options.photos} photos (seed "${options.seed}")`,
  );

  const counts = { peopleTags: 0, likes: 0, comments: 0 };
  await db.transaction(async (tx) => {
    await insertRows(tx, 'users', userColumns(passwordHash), users);
    await insertRows(tx, 'events', eventColumns, events);
    await insertRows(tx, 'event_members', memberColumns, memberRows(events));
    say(`seed-demo: users and events written (${seconds(started)} s)`);
    await writePhotos(tx, rng, events, { now, total: options.photos, counts, say, started, pictures });
  });
  // Leave the tables as autovacuum would after a bulk load: statistics for the planner, the
  // visibility map set (index-only scans) and the GIN indexes' pending lists merged. A fresh GIN
  // index fed 200,000 rows in one go keeps ~29,000 of them in its unsorted pending list, which
  // every full-text search then reads in full (a two-word photo search took 5 ms instead of
  // 0.1), and autovacuum may be off or slow to come by.
  await db.execute(sql`vacuum (analyze) users, events, event_members, photos, photo_tags, likes, comments`);
  return summarize(users, events, {
    ...counts,
    photos: options.photos,
    images: options.images,
    seconds: Number(seconds(started)),
  });
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** Photos and what hangs on them, a batch at a time, with a progress line every tenth. */
async function writePhotos(
  tx: DbOrTx,
  rng: SeededRandom,
  events: DemoEvent[],
  run: {
    now: Date;
    total: number;
    counts: Record<'peopleTags' | 'likes' | 'comments', number>;
    say: (line: string) => void;
    started: number;
    pictures?: { images: DemoImage[]; writer: ImageWriter };
  },
) {
  let batch: DemoPhotoBundle[] = [];
  // With --images: the picture of each photo in the batch.
  const pictureOf = new Map<string, DemoImage>();
  const withPicture = (photo: DemoPhoto) => ({ photo, image: pictureOf.get(photo.id)! });
  let written = 0;
  let reportedTenths = 0;
  const flush = async () => {
    await insertRows(
      tx,
      'photos',
      photoColumns,
      batch.map((b) => b.photo),
    );
    const tags = batch.flatMap((b) => b.tags);
    const likes = batch.flatMap((b) => b.likes);
    const comments = batch.flatMap((b) => b.comments);
    await insertRows(tx, 'photo_tags', photoTagColumns, tags);
    await insertRows(tx, 'likes', likeColumns, likes);
    await insertRows(tx, 'comments', commentColumns, comments);
    run.counts.peopleTags += tags.length;
    run.counts.likes += likes.length;
    run.counts.comments += comments.length;
    if (run.pictures) await run.pictures.writer.write(batch.map((b) => withPicture(b.photo)));
    pictureOf.clear();
    written += batch.length;
    batch = [];
    const tenths = Math.floor((written * 10) / run.total);
    if (tenths > reportedTenths) {
      reportedTenths = tenths;
      const percent = Math.round((100 * written) / run.total);
      run.say(`seed-demo: photos ${written}/${run.total} (${percent}%), ${seconds(run.started)} s`);
    }
  };
  for (const event of events) {
    for (const bundle of demoPhotosOf(rng, event, run.now)) {
      if (run.pictures) {
        const image = imageFor(run.pictures.images, bundle.photo);
        bundle.photo.thumbhash = image.thumbhash;
        pictureOf.set(bundle.photo.id, image);
      }
      batch.push(bundle);
      if (batch.length >= PHOTOS_PER_BATCH) await flush();
    }
  }
  if (batch.length > 0) await flush();
}
