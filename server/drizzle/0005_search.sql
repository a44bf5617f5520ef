-- Unified search (GET /api/search/). Trigram indexes come from pg_trgm, a trusted extension that
-- PostgreSQL ships in contrib and PGlite loads from @electric-sql/pglite/contrib/pg_trgm.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- The words of an event and of a photo, for full-text prefix search ("spr" finds "Spring Gala").
-- 'simple' keeps every word as written (lower-cased), without stemming: names, tags and titles in
-- any language match by their prefix. Declared IMMUTABLE so they can be indexed: array_to_string is
-- only STABLE in general, but on text[] its result never changes. Index and queries call the same
-- function, so the planner matches them.
CREATE FUNCTION pixeli_event_document(title text, location text, description text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(to_tsvector('simple'::regconfig, title), 'A')
            || setweight(to_tsvector('simple'::regconfig, location), 'B')
            || setweight(to_tsvector('simple'::regconfig, description), 'C') $$;--> statement-breakpoint
CREATE FUNCTION pixeli_photo_document(caption text, user_tags text[], auto_tags text[]) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(to_tsvector('simple'::regconfig, array_to_string(user_tags || auto_tags, ' ')), 'A')
            || setweight(to_tsvector('simple'::regconfig, caption), 'B') $$;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "members_can_tag" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "events_search_idx" ON "events" USING gin (pixeli_event_document("title", "location", "description"));--> statement-breakpoint
CREATE INDEX "events_title_trgm_idx" ON "events" USING gin (lower("title") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "photos_search_idx" ON "photos" USING gin (pixeli_photo_document("caption", "user_tags", "auto_tags"));--> statement-breakpoint
CREATE INDEX "users_search_trgm_idx" ON "users" USING gin ((lower("username") || ' ' || lower("name")) gin_trgm_ops);
