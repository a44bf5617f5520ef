import { and, desc, eq, notInArray, or, type SQL, sql } from 'drizzle-orm';
import { memberRoleSql, readableEventsSql } from '../../access/events.js';
import { readablePhotosSql } from '../../access/photos.js';
import type { EventWithRole } from '../../access/subjects.js';
import type { AccessViewer } from '../../access/viewer.js';
import { uuidRows } from '../../db/arrays.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { eventColumns } from '../../db/columns.js';
import { events, photos, photoTags, users } from '../../db/schema.js';
import { eventTitleText, personText, unaccented } from '../../db/search-text.js';
import type { SearchTerms } from './terms.js';

/**
 * The unified search's queries. Every match is served by an index of migrations 0005 and 0006:
 * trigrams over people's usernames and names and over event titles, and full-text documents of
 * events and of photos (their tags and caption, `photos.search_document`) searched by word prefix. Visibility comes from `access/`.
 */

// --- people -------------------------------------------------------------------------------------

/**
 * Where the text stands in a person's username or name. One or two characters match only at the
 * start of the username or of a name word ("s" lists Sara, not everyone with an s); from three on,
 * anywhere.
 */
function personContains(t: SearchTerms): SQL {
  const starts = or(
    sql`${personText} like ${unaccented(`${t.likeText}%`)}`,
    sql`${personText} like ${unaccented(`% ${t.likeText}%`)}`,
  )!;
  return t.fuzzy ? sql`${personText} like ${unaccented(`%${t.likeText}%`)}` : starts;
}

/** Best first: the exact username, a username that starts so, a name word that does, then the rest. */
const personRank = (t: SearchTerms): SQL[] => [
  sql`case
        when lower(${users.username}) = ${t.text} then 0
        when ${personText} like ${unaccented(`${t.likeText}%`)} then 1
        when ${personText} like ${unaccented(`% ${t.likeText}%`)} then 2
        else 3
      end`,
  sql`lower(${users.username})`,
];

/**
 * People whose username or name holds the text; when they are fewer than `limit`, the rest are
 * filled by trigram similarity, so a typo ("lopz") still finds Lopez. Similarity costs a few
 * microseconds a person, so it is only paid when the plain matches leave room.
 */
export async function searchPeople(db: DbOrTx, t: SearchTerms, limit: number) {
  const found = await db
    .select()
    .from(users)
    .where(and(eq(users.isActive, true), personContains(t)))
    .orderBy(...personRank(t))
    .limit(limit);
  if (!t.fuzzy || found.length >= limit) return found;
  // `<%`: some stretch of the text is a close trigram match, answered by `users_search_trgm_idx`
  // in under a millisecond. At a few thousand people PostgreSQL would rather read them all and
  // compute each similarity (~3 µs apiece, 6-7 ms in all): its planner does not know the function
  // is that dear. `set local` confines the hint to this one statement's transaction.
  const similar = await db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    return tx
      .select()
      .from(users)
      .where(
        and(
          eq(users.isActive, true),
          sql`${unaccented(t.text)} <% ${personText}`,
          found.length > 0
            ? notInArray(
                users.id,
                found.map((u) => u.id),
              )
            : undefined,
        ),
      )
      .orderBy(sql`word_similarity(${unaccented(t.text)}, ${personText}) desc`, sql`lower(${users.username})`)
      .limit(limit - found.length);
  });
  return [...found, ...similar];
}

// --- events -------------------------------------------------------------------------------------

/** Title, location and description as weighted words (`events.search_document`, indexed). */
const eventDocument = sql`${events.searchDocument}`;
const prefixQuery = (t: SearchTerms) => sql`to_tsquery('simple', pixeli_unaccent(${t.prefixQuery}))`;

/** Null when nothing typed can match (only punctuation, too short for trigrams). */
function eventMatches(t: SearchTerms): SQL | null {
  const ways: SQL[] = [];
  if (t.prefixQuery) ways.push(sql`${eventDocument} @@ ${prefixQuery(t)}`);
  if (t.fuzzy) ways.push(sql`${unaccented(t.text)} <% ${eventTitleText}`);
  return ways.length > 0 ? or(...ways)! : null;
}

function eventRank(t: SearchTerms): SQL[] {
  const score = [
    t.prefixQuery ? sql`ts_rank(${eventDocument}, ${prefixQuery(t)})` : sql`0`,
    t.fuzzy ? sql`word_similarity(${unaccented(t.text)}, ${eventTitleText})` : sql`0`,
  ];
  return [
    sql`(${sql.join(score, sql` + `)}) desc`,
    desc(sql`coalesce(${events.startsAt}, ${events.createdAt})`),
    desc(events.id),
  ];
}

export async function searchEvents(
  db: DbOrTx,
  v: AccessViewer,
  t: SearchTerms,
  limit: number,
): Promise<EventWithRole[]> {
  const matches = eventMatches(t);
  if (!matches) return [];
  const rows = await db
    .select({ event: eventColumns, memberRole: memberRoleSql(v) })
    .from(events)
    .where(and(readableEventsSql(v), matches))
    .orderBy(...eventRank(t))
    .limit(limit);
  return rows.map((r) => ({ ...r.event, memberRole: r.memberRole }));
}

// --- photos -------------------------------------------------------------------------------------

/** The few best people and events a photo may be found through. */
export const VIA_LIMIT = 10;
const SINGLE_LETTER_VIA_LIMIT = 3;
/** Newest visible photos taken from each way of matching, before they are ranked together. */
const CANDIDATES_PER_WAY = 60;

/** How much each way a photo matches counts; a photo found several ways adds them up. */
const WEIGHT = { taggedPerson: 4, ownWords: 3, photographer: 2, event: 1 } as const;

/** The best people and events of the same search, which photos may be found through. */
export interface FoundThrough {
  peopleIds: string[];
  eventIds: string[];
}

/**
 * Ids of the best photos the viewer may see, best first. A photo matches by its own words (tags,
 * caption), by a person tagged in it, by its photographer, or by its event (the people and events
 * this same search found, `through`); each way contributes its newest visible matches (so no way
 * can flood the others), and photos found more ways rank higher, newer first among equals. One
 * statement.
 *
 * The ways through a person or an event walk that one person's or event's photos newest first (a
 * lateral subquery each, on `photos_photographer_taken_idx`, `photos_event_timestamp_idx` and
 * `photo_tags_user_idx`), so a prolific photographer costs no more than a rare one; an
 * `in (…ids)` over all photos made PostgreSQL walk the whole timeline instead.
 */
export async function rankedPhotoIds(
  db: DbOrTx,
  v: AccessViewer,
  t: SearchTerms,
  through: FoundThrough,
  limit: number,
): Promise<string[]> {
  const readable = readablePhotosSql(v);
  const photosWithEvents = sql`${photos} join ${events} on ${events.id} = ${photos.eventId}`;
  const newestVisible = (from: SQL, where: SQL) => sql`
      select ${photos.id} as id, ${photos.timestamp} as taken
      from ${from}
      where ${where} and ${readable}
      order by ${photos.timestamp} desc
      limit ${CANDIDATES_PER_WAY}`;
  /** The newest visible photos of each given person or event, then the newest of those. */
  const eachOf = (weight: number, ids: string[], from: SQL, where: SQL) => sql`(
      select found.id, found.taken, ${weight}::int as weight
      from ${uuidRows(ids)} as via(id) cross join lateral (${newestVisible(from, where)}) as found
      order by found.taken desc
      limit ${CANDIDATES_PER_WAY}
    )`;

  const ways: SQL[] = [];
  if (t.prefixQuery) {
    ways.push(
      sql`(select own.id, own.taken, ${WEIGHT.ownWords}::int as weight from (${newestVisible(
        photosWithEvents,
        sql`${photos.searchDocument} @@ ${prefixQuery(t)}`,
      )}) as own)`,
    );
  }
  // One letter matches nearly everyone: only the very best few people and events lead to photos.
  const via = t.text.length < 2 ? SINGLE_LETTER_VIA_LIMIT : VIA_LIMIT;
  const people = through.peopleIds.slice(0, via);
  if (people.length > 0) {
    ways.push(
      eachOf(
        WEIGHT.taggedPerson,
        people,
        sql`${photoTags} join ${photosWithEvents} on ${photos.id} = ${photoTags.photoId}`,
        sql`${photoTags.userId} = via.id`,
      ),
      eachOf(WEIGHT.photographer, people, photosWithEvents, sql`${photos.photographerId} = via.id`),
    );
  }
  const eventIds = through.eventIds.slice(0, via);
  if (eventIds.length > 0) {
    ways.push(eachOf(WEIGHT.event, eventIds, photosWithEvents, sql`${photos.eventId} = via.id`));
  }
  if (ways.length === 0) return [];

  const rows = await queryRows<{ id: string }>(
    db,
    sql`with candidates as (${sql.join(ways, sql` union all `)})
    select id from candidates
    group by id
    order by sum(weight) desc, max(taken) desc, id desc
    limit ${limit}`,
  );
  return rows.map((r) => r.id);
}
