-- Search without accents: "fete" finds "Fête", "jose muller" finds "José Müller", "lodz" finds
-- "Łódź", on both engines. unaccent is a trusted contrib extension of PostgreSQL, and PGlite loads it
-- from @electric-sql/pglite/contrib/unaccent.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary could change), so it cannot be indexed as it is. This
-- wrapper names the dictionary explicitly, qualified by the schema the extension went to (so neither
-- a restore nor a caller's search_path can point it elsewhere), and is declared IMMUTABLE: the
-- rules file ships with PostgreSQL and does not change under a running database.
DO $do$
DECLARE
  home text;
BEGIN
  SELECT n.nspname INTO home
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'unaccent';
  EXECUTE format(
    'CREATE FUNCTION pixeli_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT '
      'AS $f$ SELECT %1$I.unaccent(%2$L::regdictionary, $1) $f$',
    home, home || '.unaccent');
END
$do$;--> statement-breakpoint
-- The documents' words without accents. Stored generated columns are not recomputed when the function
-- they call changes, so each is dropped and added again (with its index).
CREATE OR REPLACE FUNCTION pixeli_event_document(title text, location text, description text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(to_tsvector('simple'::regconfig, pixeli_unaccent(title)), 'A')
            || setweight(to_tsvector('simple'::regconfig, pixeli_unaccent(location)), 'B')
            || setweight(to_tsvector('simple'::regconfig, pixeli_unaccent(description)), 'C') $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION pixeli_photo_document(caption text, user_tags text[], auto_tags text[]) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(to_tsvector('simple'::regconfig, pixeli_unaccent(array_to_string(user_tags || auto_tags, ' '))), 'A')
            || setweight(to_tsvector('simple'::regconfig, pixeli_unaccent(caption)), 'B') $$;--> statement-breakpoint
DROP INDEX "events_search_document_idx";--> statement-breakpoint
ALTER TABLE "events" DROP COLUMN "search_document";--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "search_document" "tsvector" GENERATED ALWAYS AS (pixeli_event_document("title", "location", "description")) STORED;--> statement-breakpoint
CREATE INDEX "events_search_document_idx" ON "events" USING gin ("search_document");--> statement-breakpoint
DROP INDEX "photos_search_document_idx";--> statement-breakpoint
ALTER TABLE "photos" DROP COLUMN "search_document";--> statement-breakpoint
ALTER TABLE "photos" ADD COLUMN "search_document" "tsvector" GENERATED ALWAYS AS (pixeli_photo_document("caption", "user_tags", "auto_tags")) STORED;--> statement-breakpoint
CREATE INDEX "photos_search_document_idx" ON "photos" USING gin ("search_document");--> statement-breakpoint
-- Names and titles lower-cased and without accents, stored, for trigram and substring matching.
DROP INDEX "events_title_trgm_idx";--> statement-breakpoint
DROP INDEX "users_search_trgm_idx";--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "search_title" text GENERATED ALWAYS AS (pixeli_unaccent(lower("title"))) STORED;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "search_text" text GENERATED ALWAYS AS (pixeli_unaccent(lower("username") || ' ' || lower("name"))) STORED;--> statement-breakpoint
CREATE INDEX "events_title_trgm_idx" ON "events" USING gin ("search_title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users_search_trgm_idx" ON "users" USING gin ("search_text" gin_trgm_ops);
