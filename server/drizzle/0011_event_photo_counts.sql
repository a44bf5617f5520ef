CREATE TABLE "event_photo_counts" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"photos" integer DEFAULT 0 NOT NULL,
	"completed_public" integer DEFAULT 0 NOT NULL,
	"completed_img" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "event_photo_counts" ADD CONSTRAINT "event_photo_counts_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The counts follow every photo written, in the same transaction: an insert adds it, a delete
-- takes it away, and a change of event, status or read level takes it away as it was and adds it
-- as it is. A hand-written trigger rather than application code, so no write path (uploads,
-- processing, edits, deletes, seed-demo's bulk loads) can forget it.
CREATE FUNCTION "pixeli_count_event_photos"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE "event_photo_counts" SET
      "photos" = "photos" - 1,
      "completed_public" = "completed_public" - (OLD."status" = 'CO' AND OLD."read_perm" = 'PUB')::int,
      "completed_img" = "completed_img" - (OLD."status" = 'CO' AND OLD."read_perm" = 'IMG')::int
    WHERE "event_id" = OLD."event_id";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "event_photo_counts" AS c ("event_id", "photos", "completed_public", "completed_img")
    VALUES (
      NEW."event_id",
      1,
      (NEW."status" = 'CO' AND NEW."read_perm" = 'PUB')::int,
      (NEW."status" = 'CO' AND NEW."read_perm" = 'IMG')::int
    )
    ON CONFLICT ("event_id") DO UPDATE SET
      "photos" = c."photos" + 1,
      "completed_public" = c."completed_public" + excluded."completed_public",
      "completed_img" = c."completed_img" + excluded."completed_img";
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "photos_count_per_event"
  AFTER INSERT OR DELETE OR UPDATE OF "event_id", "status", "read_perm" ON "photos"
  FOR EACH ROW EXECUTE FUNCTION "pixeli_count_event_photos"();
--> statement-breakpoint
-- Photos already there.
INSERT INTO "event_photo_counts" ("event_id", "photos", "completed_public", "completed_img")
SELECT "event_id", count(*),
       count(*) FILTER (WHERE "status" = 'CO' AND "read_perm" = 'PUB'),
       count(*) FILTER (WHERE "status" = 'CO' AND "read_perm" = 'IMG')
FROM "photos" GROUP BY "event_id";
