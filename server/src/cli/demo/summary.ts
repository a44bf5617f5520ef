import { isAdmin } from '../../access/viewer.js';
import type { DemoEvent, Level } from './events.js';
import type { DemoUser } from './people.js';

/** What `seed-demo` made, and which accounts are worth signing in with. */
export interface SeedDemoSummary {
  users: number;
  admin: string | null;
  imgMembers: number;
  events: number;
  eventsByReadPerm: Record<Level, number>;
  members: number;
  photos: number;
  /** Whether the photos have image files (`--images`). */
  images: boolean;
  peopleTags: number;
  likes: number;
  comments: number;
  seconds: number;
  /** Up to two accounts to try, and why each is interesting. */
  signIn: { username: string; why: string }[];
}

export type SeedTotals = Pick<
  SeedDemoSummary,
  'photos' | 'images' | 'peopleTags' | 'likes' | 'comments' | 'seconds'
>;

export function summarize(users: DemoUser[], events: DemoEvent[], totals: SeedTotals): SeedDemoSummary {
  const byReadPerm: Record<Level, number> = { PUB: 0, IMG: 0, PRV: 0 };
  const memberships = new Map<string, { events: number; private: number }>();
  for (const event of events) {
    byReadPerm[event.readPerm] += 1;
    for (const { userId } of event.members) {
      const entry = memberships.get(userId) ?? { events: 0, private: 0 };
      entry.events += 1;
      if (event.readPerm === 'PRV') entry.private += 1;
      memberships.set(userId, entry);
    }
  }
  // The best-connected account of a role: a member of a private event first, then of the most events.
  const rank = (u: DemoUser) => {
    const m = memberships.get(u.id);
    return m ? (m.private > 0 ? 1_000_000 : 0) + m.events : -1;
  };
  const best = (role: DemoUser['role']) =>
    users
      .filter((u) => u.role === role)
      .reduce<DemoUser | undefined>((a, u) => (!a || rank(u) > rank(a) ? u : a), undefined);
  const signIn: SeedDemoSummary['signIn'] = [];
  for (const [user, kind] of [
    [best('public'), 'an ordinary account'],
    [best('img'), 'an img (club) member, who also sees IMG photos'],
  ] as const) {
    if (!user) continue;
    const m = memberships.get(user.id) ?? { events: 0, private: 0 };
    signIn.push({
      username: user.username,
      why: `${kind}; member of ${m.events} event(s), ${m.private} private`,
    });
  }
  return {
    users: users.length,
    admin: users.find(isAdmin)?.username ?? null,
    imgMembers: users.filter((u) => u.role === 'img').length,
    events: events.length,
    eventsByReadPerm: byReadPerm,
    members: events.reduce((n, e) => n + e.members.length, 0),
    ...totals,
    signIn,
  };
}

/** The lines printed at the end: what was made, the shared password, and whom to sign in as. */
export function describeSeed(s: SeedDemoSummary, password: string): string[] {
  const lines = [
    `Seeded in ${s.seconds.toFixed(1)} s: ${s.users} users (${s.admin ? '1 admin, ' : ''}${s.imgMembers} img members), ` +
      `${s.events} events (${s.eventsByReadPerm.PUB} PUB, ${s.eventsByReadPerm.IMG} IMG, ${s.eventsByReadPerm.PRV} PRV; ` +
      `${s.members} memberships), ${s.photos} photos (${s.images ? 'with images' : 'rows only: their images will not load; add --images for pictures'}), ` +
      `${s.peopleTags} people tags, ${s.likes} likes, ${s.comments} comments.`,
    `Every demo account's password is "${password}". Sign in as:`,
    ...s.signIn.map((u) => `  ${u.username}  (${u.why})`),
  ];
  if (s.admin) {
    lines.push(
      `WARNING: "${s.admin}" is a site ADMINISTRATOR and its password is also "${password}".`,
      'Anyone who knows this password administers this database: keep it to demos, never expose it.',
    );
  }
  return lines;
}
