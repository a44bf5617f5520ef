DROP INDEX "photos_search_idx";--> statement-breakpoint
ALTER TABLE "photos" ADD COLUMN "search_document" "tsvector" GENERATED ALWAYS AS (pixeli_photo_document("caption", "user_tags", "auto_tags")) STORED;--> statement-breakpoint
CREATE INDEX "photos_taken_idx" ON "photos" USING btree ("timestamp","id");--> statement-breakpoint
CREATE INDEX "photos_photographer_taken_idx" ON "photos" USING btree ("photographer_id","timestamp");--> statement-breakpoint
CREATE INDEX "photos_search_document_idx" ON "photos" USING gin ("search_document");