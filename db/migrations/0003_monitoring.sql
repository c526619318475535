CREATE TABLE "alert_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"integration" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"key" text NOT NULL,
	"status" text NOT NULL,
	"digest" text NOT NULL,
	"outcome" text NOT NULL,
	"applied" boolean NOT NULL,
	"service_key" text,
	"incident_number" integer,
	"alert_count" integer NOT NULL,
	"summary" text,
	"body" text
);
--> statement-breakpoint
CREATE TABLE "alert_keys" (
	"integration" text NOT NULL,
	"key" text NOT NULL,
	"service_key" text,
	"incident_number" integer,
	"firing" boolean DEFAULT false NOT NULL,
	"suppressed" boolean DEFAULT false NOT NULL,
	"alerts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"group_labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"common_labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"common_annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source_url" text,
	"priority" text,
	"impact" text,
	"title" text,
	"auto_resolved_at" timestamp with time zone,
	"last_delivery_at" timestamp with time zone,
	"last_digest" text,
	CONSTRAINT "alert_keys_integration_key_pk" PRIMARY KEY("integration","key")
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"name" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"secret_hash" text NOT NULL,
	"previous_hash" text,
	"previous_until" timestamp with time zone,
	"hmac_key" text,
	"default_service" text,
	"route_label" text DEFAULT 'service' NOT NULL,
	"per_alert" boolean DEFAULT false NOT NULL,
	"severity_map" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"reopen_window_seconds" integer DEFAULT 1800 NOT NULL,
	"storm_limit" integer DEFAULT 20 NOT NULL,
	"storm_window_seconds" integer DEFAULT 600 NOT NULL,
	"rate_per_minute" integer DEFAULT 6000 NOT NULL,
	"created_by" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "incident_channel" text;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_deliveries_digest" ON "alert_deliveries" USING btree ("integration","digest") WHERE "alert_deliveries"."applied";--> statement-breakpoint
CREATE INDEX "alert_deliveries_recent" ON "alert_deliveries" USING btree ("integration","id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_by_service" ON "alert_deliveries" USING btree ("service_key","id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_age" ON "alert_deliveries" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "alert_deliveries_opened" ON "alert_deliveries" USING btree ("integration","received_at") WHERE "alert_deliveries"."outcome" = 'opened';--> statement-breakpoint
CREATE INDEX "alert_keys_incident" ON "alert_keys" USING btree ("incident_number");--> statement-breakpoint
CREATE INDEX "alert_keys_suppressed" ON "alert_keys" USING btree ("service_key") WHERE "alert_keys"."suppressed";