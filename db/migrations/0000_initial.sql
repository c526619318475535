CREATE TABLE "burn_episodes" (
	"id" serial PRIMARY KEY NOT NULL,
	"service_key" text NOT NULL,
	"severity" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "calendars" (
	"name" text PRIMARY KEY NOT NULL,
	"timezone" text NOT NULL,
	"weekly" jsonb NOT NULL,
	"holidays" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_refs" (
	"key" text PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"reference" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "counters" (
	"name" text PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "digest_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subscription_id" integer NOT NULL,
	"period_key" text NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_number" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor" jsonb NOT NULL,
	"text" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"number" integer PRIMARY KEY NOT NULL,
	"service_key" text NOT NULL,
	"priority" text NOT NULL,
	"title" text NOT NULL,
	"impact" text NOT NULL,
	"impact_start" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_by" jsonb NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" jsonb,
	"resolved_at" timestamp with time zone,
	"resolved_by" jsonb,
	"complex_impact" boolean DEFAULT false NOT NULL,
	"sla_due_at" timestamp with time zone,
	"sla_due_clock" text,
	"sla_breach_at" timestamp with time zone,
	"origin_channel" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" serial PRIMARY KEY NOT NULL,
	"service_key" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text,
	"created_by" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_refs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"message_id" text NOT NULL,
	"incident_number" integer,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"incident_number" integer,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"message_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox_channels" (
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"next_post_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outbox_channels_platform_channel_id_pk" PRIMARY KEY("platform","channel_id")
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"key" text PRIMARY KEY NOT NULL,
	"processed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "services" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"calendar" text,
	"availability_target" double precision,
	"availability_window" text,
	"degraded_weight" double precision DEFAULT 0.5 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sla_clocks" (
	"incident_number" integer NOT NULL,
	"kind" text NOT NULL,
	"target_seconds" integer NOT NULL,
	"calendar" text NOT NULL,
	"state" text NOT NULL,
	"elapsed_seconds" integer NOT NULL,
	"running_since" timestamp with time zone,
	"due_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"warning_thresholds" integer[] NOT NULL,
	"warnings_fired" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"breach_alerted_at" timestamp with time zone,
	"next_check_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sla_clocks_incident_number_kind_pk" PRIMARY KEY("incident_number","kind")
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"service_key" text NOT NULL,
	"priority" text NOT NULL,
	"ack_target_seconds" integer,
	"resolve_target_seconds" integer,
	"calendar" text,
	"warning_thresholds" integer[] DEFAULT '{75,90}'::integer[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_policies_service_key_priority_pk" PRIMARY KEY("service_key","priority")
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"services" text[] DEFAULT '{}'::text[] NOT NULL,
	"all_services" boolean DEFAULT false NOT NULL,
	"digest_spec" text,
	"digest_cron" text,
	"timezone" text NOT NULL,
	"created_by" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_roles" (
	"platform" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"granted_by" jsonb NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "user_roles_platform_user_id_pk" PRIMARY KEY("platform","user_id")
);
--> statement-breakpoint
ALTER TABLE "burn_episodes" ADD CONSTRAINT "burn_episodes_service_key_services_key_fk" FOREIGN KEY ("service_key") REFERENCES "public"."services"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_runs" ADD CONSTRAINT "digest_runs_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_number_incidents_number_fk" FOREIGN KEY ("incident_number") REFERENCES "public"."incidents"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_service_key_services_key_fk" FOREIGN KEY ("service_key") REFERENCES "public"."services"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_service_key_services_key_fk" FOREIGN KEY ("service_key") REFERENCES "public"."services"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_refs" ADD CONSTRAINT "message_refs_incident_number_incidents_number_fk" FOREIGN KEY ("incident_number") REFERENCES "public"."incidents"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD CONSTRAINT "sla_clocks_incident_number_incidents_number_fk" FOREIGN KEY ("incident_number") REFERENCES "public"."incidents"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_service_key_services_key_fk" FOREIGN KEY ("service_key") REFERENCES "public"."services"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "burn_episodes_open" ON "burn_episodes" USING btree ("service_key") WHERE "burn_episodes"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "digest_runs_period" ON "digest_runs" USING btree ("subscription_id","period_key");--> statement-breakpoint
CREATE INDEX "incident_events_by_incident" ON "incident_events" USING btree ("incident_number","id");--> statement-breakpoint
CREATE INDEX "incidents_open_by_service" ON "incidents" USING btree ("service_key","number") WHERE "incidents"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "incidents_by_service_opened" ON "incidents" USING btree ("service_key","opened_at");--> statement-breakpoint
CREATE INDEX "incidents_by_service_resolved" ON "incidents" USING btree ("service_key","resolved_at");--> statement-breakpoint
CREATE INDEX "incidents_impact" ON "incidents" USING btree ("impact_start");--> statement-breakpoint
CREATE INDEX "incidents_resolved" ON "incidents" USING btree ("resolved_at");--> statement-breakpoint
CREATE INDEX "maintenance_by_service" ON "maintenance_windows" USING btree ("service_key","ends_at");--> statement-breakpoint
CREATE UNIQUE INDEX "message_refs_message" ON "message_refs" USING btree ("platform","channel_id","message_id");--> statement-breakpoint
CREATE INDEX "message_refs_by_incident" ON "message_refs" USING btree ("incident_number");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_key" ON "outbox" USING btree ("key");--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_by_status" ON "outbox" USING btree ("status","platform","channel_id");--> statement-breakpoint
CREATE INDEX "processed_events_age" ON "processed_events" USING btree ("processed_at");--> statement-breakpoint
CREATE INDEX "sla_clocks_due" ON "sla_clocks" USING btree ("next_check_at") WHERE "sla_clocks"."next_check_at" is not null;--> statement-breakpoint
CREATE INDEX "sla_clocks_breach" ON "sla_clocks" USING btree ("breached_at");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_channel" ON "subscriptions" USING btree ("platform","channel_id");