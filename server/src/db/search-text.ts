import { type SQL, sql } from 'drizzle-orm';
import { events, users } from './schema.js';

/**
 * The texts that people and event titles are matched on, lower-cased and without accents
 * (`pixeli_unaccent`, migration 0008): stored columns kept by PostgreSQL, each with its trigram
 * index (`users_search_trgm_idx`, `events_title_trgm_idx`).
 */
export const personText = sql`${users.searchText}`;
export const eventTitleText = sql`${events.searchTitle}`;

/** `text` matched literally inside a LIKE pattern: its `%`, `_` and `\` lose their meaning. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** What a person typed, lower-cased and without accents, as the texts above are ("Fête" → "fete"). */
export const unaccented = (value: string): SQL => sql`pixeli_unaccent(lower(${value}))`;
