import { escapeLike } from '../../db/search-text.js';

/**
 * What the search box's text becomes before it reaches SQL. Nothing typed ever becomes query
 * syntax: full-text terms are rebuilt from letters and digits only, LIKE patterns are escaped, and
 * everything travels as a bound parameter.
 */
export interface SearchTerms {
  /** The text, trimmed and lower-cased, with runs of spaces made one. */
  text: string;
  /**
   * A `to_tsquery('simple', …)` text where every word matches by its beginning and all words must
   * match ("spr gal" → `'spr':* & 'gal':*`), or null when the text has no letters or digits. A
   * single letter matches only the most telling words (weight A: an event's title, a photo's
   * tags): "s" would otherwise match nearly every description and caption.
   */
  prefixQuery: string | null;
  /** `text` escaped for LIKE, to wrap in `%`. */
  likeText: string;
  /**
   * Whether trigram matching applies: it needs three characters to say anything, and below that
   * every string looks alike (and pg_trgm's index cannot narrow the search).
   */
  fuzzy: boolean;
}

/** At most this many words count; a pasted paragraph is not a search. */
const MAX_WORDS = 8;
const FUZZY_MIN_LENGTH = 3;

export function searchTerms(raw: string): SearchTerms {
  const text = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  const words = (text.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
  return {
    text,
    prefixQuery:
      words.length > 0 ? words.map((word) => `'${word}':*${text.length === 1 ? 'A' : ''}`).join(' & ') : null,
    likeText: escapeLike(text),
    fuzzy: text.length >= FUZZY_MIN_LENGTH,
  };
}
