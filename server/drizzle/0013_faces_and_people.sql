CREATE TYPE "public"."analysis_state" AS ENUM('pending', 'done', 'failed', 'off');--> statement-breakpoint
CREATE TABLE "faces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"photo_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"box_x" real NOT NULL,
	"box_y" real NOT NULL,
	"box_width" real NOT NULL,
	"box_height" real NOT NULL,
	"score" real NOT NULL,
	"quality" real NOT NULL,
	"embedding" "bytea" NOT NULL,
	"person_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"user_id" uuid,
	"centroid" "bytea" NOT NULL,
	"face_count" integer DEFAULT 0 NOT NULL,
	"cover_face_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "faces_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "photos" ADD COLUMN "auto_tag_scores" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- Photos stored before analysis existed are 'off' (`pixeli analyse` takes them on), so a server
-- upgraded with a big library does not queue all of it at its next start; new photos wait as 'pending'.
ALTER TABLE "photos" ADD COLUMN "analysis_state" "analysis_state" DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE "photos" ALTER COLUMN "analysis_state" SET DEFAULT 'pending';--> statement-breakpoint
ALTER TABLE "photos" ADD COLUMN "analysis_error" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "face_matching" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "faces" ADD CONSTRAINT "faces_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "faces" ADD CONSTRAINT "faces_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_cover_face_id_faces_id_fk" FOREIGN KEY ("cover_face_id") REFERENCES "public"."faces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "faces_photo_idx" ON "faces" USING btree ("photo_id");--> statement-breakpoint
CREATE INDEX "faces_person_idx" ON "faces" USING btree ("person_id","photo_id");--> statement-breakpoint
CREATE INDEX "faces_event_idx" ON "faces" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "people_event_idx" ON "people" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "people_event_user_key" ON "people" USING btree ("event_id","user_id") WHERE "people"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "people_user_idx" ON "people" USING btree ("user_id");--> statement-breakpoint
-- A person's face count follows their faces in the same statement, whoever writes them (the
-- clustering, a photo's deletion, an event's cascade): a face added, removed or moved to another
-- person. A person left with no face goes, and one who lost their cover face gets their best
-- remaining one. Written as a trigger, as the photo and like counts are (0011, 0012), so no delete
-- path can forget it.
CREATE FUNCTION "pixeli_count_person_faces"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."person_id" IS NOT NULL THEN
    UPDATE "people" SET
      "face_count" = "face_count" - 1,
      "cover_face_id" = CASE
        WHEN "cover_face_id" IS NULL OR "cover_face_id" = OLD."id" THEN (
          SELECT f."id" FROM "faces" f
          WHERE f."person_id" = OLD."person_id" AND f."id" <> OLD."id"
          ORDER BY f."quality" DESC, f."id" LIMIT 1)
        ELSE "cover_face_id" END,
      "updated_at" = now()
    WHERE "id" = OLD."person_id";
    DELETE FROM "people" WHERE "id" = OLD."person_id" AND "face_count" <= 0;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."person_id" IS NOT NULL THEN
    UPDATE "people" SET "face_count" = "face_count" + 1, "updated_at" = now() WHERE "id" = NEW."person_id";
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "faces_count_per_person"
  AFTER INSERT OR DELETE OR UPDATE OF "person_id" ON "faces"
  FOR EACH ROW EXECUTE FUNCTION "pixeli_count_person_faces"();
--> statement-breakpoint
-- Consent, kept by the database whatever changes the setting: an event that turns face features
-- off loses its people and faces at once (people first, so the faces no longer count for anyone).
CREATE FUNCTION "pixeli_event_faces_off"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "people" WHERE "event_id" = NEW."id";
  DELETE FROM "faces" WHERE "event_id" = NEW."id";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "events_faces_off"
  AFTER UPDATE OF "faces_enabled" ON "events"
  FOR EACH ROW WHEN (OLD."faces_enabled" AND NOT NEW."faces_enabled")
  EXECUTE FUNCTION "pixeli_event_faces_off"();
--> statement-breakpoint
-- A person who opts out of face matching is unlinked from every person of every event.
CREATE FUNCTION "pixeli_user_face_matching_off"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "people" SET "user_id" = NULL, "updated_at" = now() WHERE "user_id" = NEW."id";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "users_face_matching_off"
  AFTER UPDATE OF "face_matching" ON "users"
  FOR EACH ROW WHEN (OLD."face_matching" AND NOT NEW."face_matching")
  EXECUTE FUNCTION "pixeli_user_face_matching_off"();
--> statement-breakpoint
-- A photo moved to another event leaves its faces behind: they were clustered with the old event's
-- people, and the new event may have face features off.
CREATE FUNCTION "pixeli_photo_moved_faces"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "faces" WHERE "photo_id" = NEW."id";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "photos_moved_faces"
  AFTER UPDATE OF "event_id" ON "photos"
  FOR EACH ROW WHEN (OLD."event_id" IS DISTINCT FROM NEW."event_id")
  EXECUTE FUNCTION "pixeli_photo_moved_faces"();
