DROP INDEX "events_search_idx";--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "search_document" "tsvector" GENERATED ALWAYS AS (pixeli_event_document("title", "location", "description")) STORED;--> statement-breakpoint
CREATE INDEX "events_search_document_idx" ON "events" USING gin ("search_document");