ALTER TABLE "photos" ADD COLUMN "like_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The like count follows the likes table by itself, in the statement that inserts or deletes likes:
-- a like or unlike, a bulk insert (seed-demo), the cascade of a deleted account. One trigger per
-- statement, not per row, so a bulk insert moves each photo's count once.
CREATE FUNCTION pixeli_count_likes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "photos" SET "like_count" = "photos"."like_count" + "added"."n"
    FROM (SELECT "photo_id", count(*)::integer AS "n" FROM "inserted_likes" GROUP BY "photo_id") AS "added"
    WHERE "photos"."id" = "added"."photo_id";
  ELSE
    UPDATE "photos" SET "like_count" = "photos"."like_count" - "removed"."n"
    FROM (SELECT "photo_id", count(*)::integer AS "n" FROM "deleted_likes" GROUP BY "photo_id") AS "removed"
    WHERE "photos"."id" = "removed"."photo_id";
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "likes_counted_in" AFTER INSERT ON "likes"
  REFERENCING NEW TABLE AS "inserted_likes" FOR EACH STATEMENT EXECUTE FUNCTION pixeli_count_likes();--> statement-breakpoint
CREATE TRIGGER "likes_counted_out" AFTER DELETE ON "likes"
  REFERENCING OLD TABLE AS "deleted_likes" FOR EACH STATEMENT EXECUTE FUNCTION pixeli_count_likes();--> statement-breakpoint
-- The likes already given, counted once.
UPDATE "photos" SET "like_count" = "counted"."n"
FROM (SELECT "photo_id", count(*)::integer AS "n" FROM "likes" GROUP BY "photo_id") AS "counted"
WHERE "photos"."id" = "counted"."photo_id";
