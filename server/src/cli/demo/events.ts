import type { AccessLevel, MemberRole, OriginalAccess } from '@pixeli/contract';
import type { DemoUser } from './people.js';
import type { SeededRandom } from './random.js';
import {
  ANNUAL_EVENTS,
  CLUB_ACTIVITIES,
  CLUBS,
  DESCRIPTION_CLOSERS,
  DESCRIPTION_OPENERS,
  LOCATIONS,
} from './vocabulary.js';

/** Demo events: titles such as "Spring Gala 2024", mostly public, with members where they matter. */

export type Level = AccessLevel;
const LEVELS: Level[] = ['PUB', 'IMG', 'PRV'];

export interface DemoEvent {
  id: string;
  title: string;
  description: string;
  coordinatorId: string;
  readPerm: Level;
  writePerm: Level;
  startsAt: Date;
  endsAt: Date;
  location: string;
  originalAccess: OriginalAccess;
  allowDownload: boolean;
  watermarkText: string | null;
  createdAt: Date;
  members: { userId: string; role: MemberRole }[];
  /** What its photos are tagged with, beside the general tags. */
  tags: readonly string[];
  /** Who takes its photos: the coordinator first, then the contributors. */
  photographers: string[];
  /** Who may see its PUB photos, and its IMG photos (so likes come only from people who can). */
  readers: readonly string[];
  clubReaders: readonly string[];
  /** Average likes per photo. */
  popularity: number;
  photoCount: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

interface Audience {
  everyone: readonly string[];
  /** img members and admins. */
  club: readonly string[];
}

/**
 * `count` events over the `spanDays` before `now` (a few upcoming ones), sharing `photos` photos
 * unevenly: a few big events hold most of them, as on a real site.
 */
export function makeDemoEvents(
  rng: SeededRandom,
  count: number,
  users: DemoUser[],
  options: { now: Date; spanDays: number; photos: number },
): DemoEvent[] {
  const audience: Audience = {
    everyone: users.map((u) => u.id),
    club: users.filter((u) => u.role !== 'public').map((u) => u.id),
  };
  const roles = new Map(users.map((u) => [u.id, u.role]));
  const titles = new Set<string>();
  const upcoming = Math.floor(count * 0.02);
  const events: DemoEvent[] = [];
  for (let i = 0; i < count; i++) {
    const startsAt =
      i < upcoming
        ? new Date(options.now.getTime() + rng.int(3, 60) * DAY_MS + rng.int(9, 19) * HOUR_MS)
        : new Date(options.now.getTime() - (1 + rng.next() * (options.spanDays - 31)) * DAY_MS);
    // Even a small demo has one past event of each level, so every access rule has something to show.
    const readPerm = count - i <= LEVELS.length ? LEVELS[count - i - 1] : undefined;
    events.push(makeEvent(rng, startsAt, options.now, readPerm, { users, audience, roles, titles }));
  }
  events.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  sharePhotos(rng, events, options.photos, options.now);
  return events;
}

interface EventSetting {
  users: DemoUser[];
  audience: Audience;
  roles: Map<string, DemoUser['role']>;
  /** Titles already used. */
  titles: Set<string>;
}

function makeEvent(
  rng: SeededRandom,
  startsAt: Date,
  now: Date,
  level: Level | undefined,
  setting: EventSetting,
): DemoEvent {
  const { users, audience, roles, titles } = setting;
  const kind = eventKind(rng, startsAt.getUTCFullYear(), titles);
  const endsAt = new Date(startsAt.getTime() + rng.int(kind.hours[0], kind.hours[1]) * HOUR_MS);
  // Announced a few days or weeks ahead, and never in the future.
  const announced = startsAt.getTime() - rng.int(2, 40) * DAY_MS;
  const createdAt = new Date(Math.min(announced, now.getTime() - HOUR_MS));
  // People who had an account when the event was created: the coordinator and members come from them.
  const known = users.slice(0, Math.max(3, countBefore(users, createdAt)));
  const regulars = known.filter((u) => u.role !== 'admin');
  const coordinator = rng.pick(regulars.length > 0 ? regulars : known);
  const drawn = rng.weighted<Level>([
    ['PUB', 70],
    ['IMG', 15],
    ['PRV', 15],
  ]);
  const readPerm = level ?? drawn;
  const writePerm: Level =
    readPerm === 'PRV'
      ? 'PRV'
      : rng.weighted<Level>([
          [readPerm, 40],
          ['PRV', 60],
        ]);
  const members = pickMembers(
    rng,
    known,
    coordinator.id,
    readPerm === 'PRV' ? rng.int(5, 40) : rng.int(0, 5),
  );
  const contributors = members.filter((m) => m.role === 'contributor').map((m) => m.userId);
  const staffAndMembers = [coordinator.id, ...members.map((m) => m.userId)];
  const location = rng.pick(LOCATIONS);
  return {
    id: rng.uuid(),
    title: kind.title,
    description: `${rng.pick(DESCRIPTION_OPENERS)} at the ${location}. ${rng.pick(DESCRIPTION_CLOSERS)}`,
    coordinatorId: coordinator.id,
    readPerm,
    writePerm,
    startsAt,
    endsAt,
    location,
    originalAccess: rng.weighted([
      ['staff', 60],
      ['members', 25],
      ['readers', 15],
    ] as const),
    allowDownload: rng.chance(0.85),
    watermarkText: rng.chance(0.3) ? kind.title : null,
    createdAt,
    members,
    tags: kind.tags,
    photographers: [coordinator.id, ...contributors],
    readers:
      readPerm === 'PUB'
        ? audience.everyone
        : readPerm === 'IMG'
          ? [...new Set([...audience.club, ...staffAndMembers])]
          : staffAndMembers,
    clubReaders:
      readPerm === 'PRV'
        ? staffAndMembers.filter((id) => id === coordinator.id || roles.get(id) !== 'public')
        : [...new Set([...audience.club, coordinator.id])],
    popularity: Math.exp(rng.normal() * 0.6) * 1.5,
    photoCount: 0,
  };
}

/** A title not used yet: an annual event with its year, or a club's activity. */
function eventKind(rng: SeededRandom, year: number, titles: Set<string>) {
  for (let attempt = 0; ; attempt++) {
    let kind: { title: string; hours: readonly number[]; tags: readonly string[] };
    if (rng.chance(0.4)) {
      const annual = rng.pick(ANNUAL_EVENTS);
      kind = { title: `${annual.title} ${year}`, hours: annual.hours, tags: annual.tags };
    } else {
      const club = rng.pick(CLUBS);
      const activity = rng.pick(CLUB_ACTIVITIES);
      const title = `${club.name} ${activity.name}`;
      kind = {
        title: titles.has(title) ? `${title} ${year}` : title,
        hours: activity.hours,
        tags: [...new Set([...club.tags, ...activity.tags])],
      };
    }
    if (attempt >= 5 && titles.has(kind.title)) kind.title = `${kind.title} (${attempt})`;
    if (!titles.has(kind.title)) {
      titles.add(kind.title);
      return kind as { title: string; hours: [number, number]; tags: readonly string[] };
    }
  }
}

/** Members beside the coordinator: a few contributors (its photographers), the rest viewers. */
function pickMembers(rng: SeededRandom, known: DemoUser[], coordinatorId: string, viewers: number) {
  const others = known.filter((u) => u.id !== coordinatorId);
  const chosen = rng.distinct(others, rng.int(1, 4) + viewers);
  return chosen.map((u, i) => ({
    userId: u.id,
    role: (i < chosen.length - viewers || i === 0 ? 'contributor' : 'viewer') as MemberRole,
  }));
}

/** How many of the users (sorted by creation) existed at `when`. */
function countBefore(users: DemoUser[], when: Date): number {
  let low = 0;
  let high = users.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (users[mid]!.createdAt < when) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Spreads the photos over past events with log-normal weights; upcoming events get none. */
function sharePhotos(rng: SeededRandom, events: DemoEvent[], photos: number, now: Date) {
  const past = events.filter((e) => e.startsAt < now);
  const weights = past.map(() => Math.exp(rng.normal() * 1.1));
  const total = weights.reduce((a, b) => a + b, 0);
  let given = 0;
  const shares = past.map((event, i) => {
    const exact = (photos * weights[i]!) / total;
    event.photoCount = Math.floor(exact);
    given += event.photoCount;
    return { event, rest: exact - event.photoCount };
  });
  shares.sort((a, b) => b.rest - a.rest);
  for (let i = 0; given < photos; i = (i + 1) % shares.length, given++) shares[i]!.event.photoCount += 1;
}
