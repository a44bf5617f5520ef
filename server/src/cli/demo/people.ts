import type { SiteRole } from '@pixeli/contract';
import type { SeededRandom } from './random.js';
import { BIOS, DEPARTMENTS, FIRST_NAMES, LAST_NAMES } from './vocabulary.js';

/** Demo accounts: first and last names from lists, usernames like `maria.lopez42`. */

export const DEMO_EMAIL_DOMAIN = 'demo.pixeli.test';
export const DEMO_ADMIN_USERNAME = 'demo.admin';

export type DemoRole = SiteRole;

export interface DemoUser {
  id: string;
  username: string;
  email: string;
  name: string;
  role: DemoRole;
  bio: string | null;
  batch: string | null;
  department: string | null;
  createdAt: Date;
}

const DAY_MS = 86_400_000;
/** Share of accounts that are img (club) members. */
const IMG_SHARE = 0.08;

/** Lower-case ASCII: "Lucía" -> "lucia", so usernames are easy to type. */
const plain = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/**
 * `count` accounts created over the `spanDays` before `now`, oldest first. With `withAdmin`, the
 * first is the administrator. `taken` holds the lower-cased usernames and emails already used
 * (the database's, with --append) and receives the new ones.
 */
export function makeDemoUsers(
  rng: SeededRandom,
  count: number,
  options: { withAdmin: boolean; now: Date; spanDays: number; taken: Set<string> },
): DemoUser[] {
  const start = options.now.getTime() - options.spanDays * DAY_MS;
  // Sign-ups keep coming; the last month is left for the events to happen in.
  const createdAt = Array.from(
    { length: count },
    () => start + rng.next() * (options.spanDays - 30) * DAY_MS,
  );
  createdAt.sort((a, b) => a - b);
  const users: DemoUser[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(Math.floor(createdAt[i]!));
    if (i === 0 && options.withAdmin) {
      users.push(demoAdmin(rng, at));
      continue;
    }
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const username = freeUsername(rng, `${plain(first)}.${plain(last)}`, options.taken);
    const year = at.getUTCFullYear();
    users.push({
      id: rng.uuid(),
      username,
      email: `${username}@${DEMO_EMAIL_DOMAIN}`,
      name: `${first} ${last}`,
      role: rng.chance(IMG_SHARE) ? 'img' : 'public',
      bio: rng.chance(0.3) ? rng.pick(BIOS) : null,
      batch: rng.chance(0.7) ? String(year + rng.int(0, 4)) : null,
      department: rng.chance(0.7) ? rng.pick(DEPARTMENTS) : null,
      createdAt: at,
    });
  }
  return users;
}

function demoAdmin(rng: SeededRandom, createdAt: Date): DemoUser {
  return {
    id: rng.uuid(),
    username: DEMO_ADMIN_USERNAME,
    email: `${DEMO_ADMIN_USERNAME}@${DEMO_EMAIL_DOMAIN}`,
    name: 'Demo Admin',
    role: 'admin',
    bio: 'Runs this demo site.',
    batch: null,
    department: null,
    createdAt,
  };
}

/** `maria.lopez`, or with a number when taken (and often anyway, as people do). */
function freeUsername(rng: SeededRandom, base: string, taken: Set<string>): string {
  let candidate = rng.chance(0.35) ? base : `${base}${rng.int(1, 99)}`;
  while (taken.has(candidate) || taken.has(`${candidate}@${DEMO_EMAIL_DOMAIN}`)) {
    candidate = `${base}${rng.int(1, 9999)}`;
  }
  taken.add(candidate);
  taken.add(`${candidate}@${DEMO_EMAIL_DOMAIN}`);
  return candidate;
}
