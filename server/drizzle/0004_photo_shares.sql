CREATE TYPE "public"."share_variant" AS ENUM('W', 'O');--> statement-breakpoint
CREATE TABLE "photo_shares" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"photo_id" uuid NOT NULL,
	"created_by_id" uuid NOT NULL,
	"variant" "share_variant" DEFAULT 'W' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"password_hash" text,
	"opens" integer DEFAULT 0 NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "photo_shares" ADD CONSTRAINT "photo_shares_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photo_shares" ADD CONSTRAINT "photo_shares_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "photo_shares_token_key" ON "photo_shares" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "photo_shares_creator_idx" ON "photo_shares" USING btree ("created_by_id","created_at");