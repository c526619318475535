ALTER TABLE "calendars" ADD COLUMN "holiday_sources" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "credits" jsonb;