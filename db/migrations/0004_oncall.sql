CREATE TABLE "escalation_policies" (
	"service_key" text NOT NULL,
	"priority" text NOT NULL,
	"levels" jsonb NOT NULL,
	"repeat_times" integer,
	"repeat_every_seconds" integer,
	"updated_by" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "escalation_policies_service_key_priority_pk" PRIMARY KEY("service_key","priority")
);
--> statement-breakpoint
CREATE TABLE "incident_escalations" (
	"incident_number" integer PRIMARY KEY NOT NULL,
	"fired" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"due_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rota_overrides" (
	"id" serial PRIMARY KEY NOT NULL,
	"rota" text NOT NULL,
	"person" jsonb NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"until_at" timestamp with time zone NOT NULL,
	"created_by" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rotas" (
	"name" text PRIMARY KEY NOT NULL,
	"zone" text NOT NULL,
	"handoff" jsonb NOT NULL,
	"members" jsonb NOT NULL,
	"anchor" timestamp with time zone NOT NULL,
	"created_by" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "escalation_policies" ADD CONSTRAINT "escalation_policies_service_key_services_key_fk" FOREIGN KEY ("service_key") REFERENCES "public"."services"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_escalations" ADD CONSTRAINT "incident_escalations_incident_number_incidents_number_fk" FOREIGN KEY ("incident_number") REFERENCES "public"."incidents"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_overrides" ADD CONSTRAINT "rota_overrides_rota_rotas_name_fk" FOREIGN KEY ("rota") REFERENCES "public"."rotas"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_escalations_due" ON "incident_escalations" USING btree ("due_at") WHERE "incident_escalations"."due_at" is not null;--> statement-breakpoint
CREATE INDEX "rota_overrides_rota" ON "rota_overrides" USING btree ("rota","until_at");