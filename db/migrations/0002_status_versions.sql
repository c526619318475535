CREATE TABLE "status_head" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"epoch" text NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_versions" (
	"service_key" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "status_versions_version" ON "status_versions" USING btree ("version");--> statement-breakpoint
INSERT INTO "status_head" ("id", "epoch", "version") VALUES (1, gen_random_uuid()::text, 0);
--> statement-breakpoint
-- Gives one service this transaction's status version. Runs from deferred triggers, i.e. at commit: the
-- head row is bumped once per transaction, on its first touch, and its lock held only from there to the
-- end of the commit, so version order is commit order. The version is remembered in a transaction-local
-- setting, and a service already at it is not written again: a bulk write touching thousands of rows
-- costs one head update and one index probe per row.
CREATE FUNCTION pacta_status_touch(key text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v bigint := nullif(current_setting('pacta.status_version', true), '')::bigint;
BEGIN
  IF v IS NULL THEN
    INSERT INTO status_head AS h (id, epoch, version) VALUES (1, gen_random_uuid()::text, 1)
      ON CONFLICT (id) DO UPDATE SET version = h.version + 1
      RETURNING h.version INTO v;
    PERFORM set_config('pacta.status_version', v::text, true);
  END IF;
  INSERT INTO status_versions AS s (service_key, version) VALUES (key, v)
    ON CONFLICT (service_key) DO UPDATE SET version = excluded.version WHERE s.version <> excluded.version;
END $$;
--> statement-breakpoint
-- Rows that carry a service key: incidents, maintenance windows, services.
CREATE FUNCTION pacta_status_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  column_name text := TG_ARGV[0];
  old_key text;
  new_key text;
BEGIN
  IF TG_OP <> 'INSERT' THEN old_key := to_jsonb(OLD) ->> column_name; END IF;
  IF TG_OP <> 'DELETE' THEN new_key := to_jsonb(NEW) ->> column_name; END IF;
  IF old_key IS NOT NULL THEN PERFORM pacta_status_touch(old_key); END IF;
  IF new_key IS NOT NULL AND new_key IS DISTINCT FROM old_key THEN PERFORM pacta_status_touch(new_key); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A calendar's zone cuts its services' calendar windows: a change touches every service on it.
CREATE FUNCTION pacta_status_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key text;
BEGIN
  FOR key IN SELECT s.key FROM services s WHERE s.calendar IN (OLD.name, NEW.name) LOOP
    PERFORM pacta_status_touch(key);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "status_incidents" AFTER INSERT OR UPDATE OR DELETE ON "incidents"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pacta_status_row('service_key');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "status_maintenance" AFTER INSERT OR UPDATE OR DELETE ON "maintenance_windows"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pacta_status_row('service_key');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "status_services" AFTER INSERT OR UPDATE OR DELETE ON "services"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pacta_status_row('key');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "status_calendars" AFTER UPDATE OR DELETE ON "calendars"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pacta_status_calendar();
