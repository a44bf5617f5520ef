-- An event's photos in order, with the columns the access filter reads after the key, so counting
-- the photos a viewer may see in an event (or finding its first visible one) is an index-only scan.
DROP INDEX "photos_event_timestamp_idx";--> statement-breakpoint
CREATE INDEX "photos_event_timestamp_idx" ON "photos" USING btree ("event_id","timestamp","id","status","read_perm","photographer_id");