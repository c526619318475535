/**
 * The one drizzle schema for Pacta, on PGlite and PostgreSQL alike. Every instant is `timestamptz`;
 * every duration is whole seconds. SQL here must stay valid on PostgreSQL 15.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** An actor as stored: `{ platform, id, name? }`. */
export type StoredActor = { platform: string; id: string; name?: string };

export const calendars = pgTable('calendars', {
  name: text('name').primaryKey(),
  timezone: text('timezone').notNull(),
  /** `{ mon: [["09:00","17:00"]], … }` */
  weekly: jsonb('weekly').$type<Record<string, Array<[string, string]>>>().notNull(),
  /** Local dates `YYYY-MM-DD`, sorted. */
  holidays: text('holidays').array().notNull().default(sql`'{}'::text[]`),
  /**
   * Where each holiday came from, by date: `manual`, `ics:<file name>` or `country:<CC>[-<region>]`
   * (`calendar show` lists them); dates missing here were declared by hand.
   */
  holidaySources: jsonb('holiday_sources').$type<Record<string, string>>().notNull().default({}),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const services = pgTable('services', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  /** Calendar name (null: the built-in 24x7). Not a foreign key: `24x7` is built in, not a row. */
  calendar: text('calendar'),
  availabilityTarget: doublePrecision('availability_target'),
  availabilityWindow: text('availability_window'),
  degradedWeight: doublePrecision('degraded_weight').notNull().default(0.5),
  createdAt: ts('created_at').notNull().defaultNow(),
  /** Soft delete: history and reports keep the service; a later `service add` revives it. */
  archivedAt: ts('archived_at'),
  /** Where monitoring posts the cards of incidents it opens (`platform:id`); null: the first subscribed channel. */
  incidentChannel: text('incident_channel'),
  /**
   * Service credits (docs/semantics.md §8): tiers `{ below, credit }` in percent, e.g. availability
   * below 99.9 % earns a 10 % credit; null: the service has none.
   */
  credits: jsonb('credits').$type<Array<{ below: number; credit: number }>>(),
  /** Shown on the public status page (`service set <key> --public`): status and availability only. */
  public: boolean('public').notNull().default(false),
});

export const slaPolicies = pgTable(
  'sla_policies',
  {
    serviceKey: text('service_key').notNull().references(() => services.key),
    priority: text('priority').notNull(),
    ackTargetSeconds: integer('ack_target_seconds'),
    resolveTargetSeconds: integer('resolve_target_seconds'),
    /** Calendar name, `24x7`, or null for the service's calendar (validated by the use case). */
    calendar: text('calendar'),
    warningThresholds: integer('warning_thresholds').array().notNull().default(sql`'{75,90}'::integer[]`),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.serviceKey, t.priority] })],
);

/** Gapless human numbers (INC-1, INC-2, …): a row lock on the counter, taken inside the opening transaction. */
export const counters = pgTable('counters', {
  name: text('name').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});

export const incidents = pgTable(
  'incidents',
  {
    number: integer('number').primaryKey(),
    serviceKey: text('service_key').notNull().references(() => services.key),
    priority: text('priority').notNull(),
    title: text('title').notNull(),
    impact: text('impact').notNull(),
    impactStart: ts('impact_start').notNull(),
    status: text('status').notNull(),
    openedAt: ts('opened_at').notNull(),
    openedBy: jsonb('opened_by').$type<StoredActor>().notNull(),
    acknowledgedAt: ts('acknowledged_at'),
    acknowledgedBy: jsonb('acknowledged_by').$type<StoredActor>(),
    resolvedAt: ts('resolved_at'),
    resolvedBy: jsonb('resolved_by').$type<StoredActor>(),
    /**
     * Set once its impact is not one plain span (reopened, impact changed, an undo): availability then
     * reads its timeline; every other incident's downtime is just `[impact_start, resolved_at)`.
     */
    complexImpact: boolean('complex_impact').notNull().default(false),
    /**
     * Its clocks in brief, kept with them in the same transaction, so `status` over a thousand services
     * reads open incidents only: the earliest due among unmet clocks (and which clock), and the earliest
     * breach instant (passed: breached; still ahead: when it will be if nothing changes).
     */
    slaDueAt: ts('sla_due_at'),
    slaDueClock: text('sla_due_clock'),
    slaBreachAt: ts('sla_breach_at'),
    /** Channel the incident was opened from (`platform:id`), for notices to the other subscribers. */
    originChannel: text('origin_channel'),
    /** Its title may be shown on the public status page of a public service (`incident INC-7 --public`). */
    public: boolean('public').notNull().default(false),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('incidents_open_by_service').on(t.serviceKey, t.number).where(sql`${t.status} <> 'resolved'`),
    index('incidents_by_service_opened').on(t.serviceKey, t.openedAt),
    index('incidents_by_service_resolved').on(t.serviceKey, t.resolvedAt),
    // Availability: incidents whose impact may overlap a window, newest first.
    index('incidents_impact').on(t.impactStart),
    // `resolved_at is null or resolved_at > window start`: one index serves both arms (a BitmapOr).
    index('incidents_resolved').on(t.resolvedAt),
  ],
);

export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentNumber: integer('incident_number').notNull().references(() => incidents.number),
    at: ts('at').notNull(),
    kind: text('kind').notNull(),
    actor: jsonb('actor').$type<StoredActor>().notNull(),
    text: text('text'),
    data: jsonb('data').$type<Record<string, string>>(),
  },
  (t) => [index('incident_events_by_incident').on(t.incidentNumber, t.id)],
);

export const slaClocks = pgTable(
  'sla_clocks',
  {
    incidentNumber: integer('incident_number').notNull().references(() => incidents.number),
    /** `ack` | `resolve` */
    kind: text('kind').notNull(),
    targetSeconds: integer('target_seconds').notNull(),
    /** Calendar name the clock counts on (`24x7` built in). */
    calendar: text('calendar').notNull(),
    /** `running` | `paused` | `met` | `breached` — as of the last event. */
    state: text('state').notNull(),
    /** Business seconds counted as of the last event. */
    elapsedSeconds: integer('elapsed_seconds').notNull(),
    /** Set while the clock counts: it has counted `elapsed_seconds` up to this instant and counts on from it. */
    runningSince: ts('running_since'),
    dueAt: ts('due_at'),
    /** When the clock is breached or, still running, will be if nothing changes; null if met or paused. */
    breachedAt: ts('breached_at'),
    warningThresholds: integer('warning_thresholds').array().notNull(),
    warningsFired: integer('warnings_fired').array().notNull().default(sql`'{}'::integer[]`),
    breachAlertedAt: ts('breach_alerted_at'),
    /** Next instant the sweep must look at this clock (a warning or the breach); null when nothing is pending. */
    nextCheckAt: ts('next_check_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.incidentNumber, t.kind] }),
    index('sla_clocks_due').on(t.nextCheckAt).where(sql`${t.nextCheckAt} is not null`),
    index('sla_clocks_breach').on(t.breachedAt),
  ],
);

export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: serial('id').primaryKey(),
    serviceKey: text('service_key').notNull().references(() => services.key),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    reason: text('reason'),
    createdBy: jsonb('created_by').$type<StoredActor>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('maintenance_by_service').on(t.serviceKey, t.endsAt)],
);

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    /** Service keys; empty with `all_services` means every service, including ones added later. */
    services: text('services').array().notNull().default(sql`'{}'::text[]`),
    allServices: boolean('all_services').notNull().default(false),
    /** As typed (`daily@09:00`) and as a 5-field cron expression; null: no digest. */
    digestSpec: text('digest_spec'),
    digestCron: text('digest_cron'),
    timezone: text('timezone').notNull(),
    createdBy: jsonb('created_by').$type<StoredActor>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('subscriptions_channel').on(t.platform, t.channelId)],
);

export const messageRefs = pgTable(
  'message_refs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    messageId: text('message_id').notNull(),
    incidentNumber: integer('incident_number').references(() => incidents.number),
    /** `card` | `alert` | `digest` | `notice` */
    kind: text('kind').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('message_refs_message').on(t.platform, t.channelId, t.messageId),
    index('message_refs_by_incident').on(t.incidentNumber),
  ],
);

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Idempotency key, e.g. `breach:INC-42:resolve`: a second insert with the same key is a no-op. */
    key: text('key').notNull(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    incidentNumber: integer('incident_number'),
    payload: jsonb('payload').$type<unknown>().notNull(),
    /** `pending` | `sending` | `sent` | `failed` */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    claimedUntil: ts('claimed_until'),
    lastError: text('last_error'),
    /** Platform message id once delivered. */
    messageId: text('message_id'),
    /**
     * Whether the row waits for its channel's pacing slot. Incident cards, their refreshes and thread
     * notes follow one person's action and go at once; alerts, notices and digests are paced.
     */
    paced: boolean('paced').notNull().default(true),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('outbox_key').on(t.key),
    index('outbox_due').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('outbox_by_status').on(t.status, t.platform, t.channelId),
  ],
);

/**
 * Per-channel pacing of deliveries (about one post a second, longer after a rate limit). A replica owns a
 * channel's next slot by moving `next_post_at` forward in the claiming transaction; the row lock makes a
 * second replica wait and then see the slot taken.
 */
export const outboxChannels = pgTable(
  'outbox_channels',
  {
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    nextPostAt: ts('next_post_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.channelId] })],
);

/** Burn-rate alert episodes: at most one open per service; an alert when it opens, a note when it ends. */
export const burnEpisodes = pgTable(
  'burn_episodes',
  {
    id: serial('id').primaryKey(),
    serviceKey: text('service_key').notNull().references(() => services.key),
    /** The worst severity seen in the episode: `ticket` or `page`. */
    severity: text('severity').notNull(),
    startedAt: ts('started_at').notNull(),
    endedAt: ts('ended_at'),
  },
  (t) => [uniqueIndex('burn_episodes_open').on(t.serviceKey).where(sql`${t.endedAt} is null`)],
);

/** Inbound events already acted on (Slack event ids, Teams activity ids), so retries act once. */
export const processedEvents = pgTable(
  'processed_events',
  {
    key: text('key').primaryKey(),
    processedAt: ts('processed_at').notNull(),
  },
  (t) => [index('processed_events_age').on(t.processedAt)],
);

export const userRoles = pgTable(
  'user_roles',
  {
    platform: text('platform').notNull(),
    userId: text('user_id').notNull(),
    /** `admin` | `responder` | `viewer` */
    role: text('role').notNull(),
    grantedBy: jsonb('granted_by').$type<StoredActor>().notNull(),
    grantedAt: ts('granted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.userId] })],
);

export const digestRuns = pgTable(
  'digest_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subscriptionId: integer('subscription_id').notNull().references(() => subscriptions.id, { onDelete: 'cascade' }),
    /** The scheduled instant this digest is for, ISO (one digest per subscription and period). */
    periodKey: text('period_key').notNull(),
    scheduledAt: ts('scheduled_at').notNull(),
    late: boolean('late').notNull().default(false),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('digest_runs_period').on(t.subscriptionId, t.periodKey)],
);

/** Teams conversation references (and later any platform's) so Pacta can post without being spoken to. */
export const conversationRefs = pgTable('conversation_refs', {
  key: text('key').primaryKey(),
  platform: text('platform').notNull(),
  reference: jsonb('reference').$type<unknown>().notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * The status version stamp (docs/architecture.md, "Status at scale"): every committed change that can move
 * a service's status — its incidents, maintenance, the service itself or its calendar — gives that
 * service the next version, so each replica re-reads only the services that changed since it last
 * looked. Kept by deferred triggers (migration 0002), at commit time, so no writer can forget it. The one
 * head row is updated under its row lock, which makes version order commit order: a reader that has seen
 * version v has seen every version below it. `epoch` changes when the table is emptied (a restore, a
 * test reset), telling readers to start over.
 */
export const statusHead = pgTable('status_head', {
  id: integer('id').primaryKey().default(1),
  epoch: text('epoch').notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
});

export const statusVersions = pgTable(
  'status_versions',
  {
    serviceKey: text('service_key').primaryKey(),
    version: bigint('version', { mode: 'number' }).notNull(),
  },
  (t) => [index('status_versions_version').on(t.version)],
);

/**
 * A way in for one monitoring source (docs/semantics.md §6): `POST /webhooks/<name>`. Only SHA-256 hashes
 * of secrets are kept; after `integration rotate` the previous hash stays valid until `previousUntil`.
 * `hmacKey` is kept only for Grafana integrations that sign their requests: verifying an HMAC needs the key.
 */
export const integrations = pgTable('integrations', {
  name: text('name').primaryKey(),
  kind: text('kind').notNull(),
  secretHash: text('secret_hash').notNull(),
  previousHash: text('previous_hash'),
  previousUntil: ts('previous_until'),
  hmacKey: text('hmac_key'),
  /** Service of alerts whose route label names none. */
  defaultService: text('default_service'),
  /** Label naming the service (default `service`). */
  routeLabel: text('route_label').notNull().default('service'),
  /** One incident per alert (fingerprint) instead of per group. */
  perAlert: boolean('per_alert').notNull().default(false),
  /** Severity label value → `P1` or `P1/outage`; overrides the defaults entry by entry. */
  severityMap: jsonb('severity_map').$type<Record<string, string>>().notNull().default({}),
  reopenWindowSeconds: integer('reopen_window_seconds').notNull().default(1800),
  stormLimit: integer('storm_limit').notNull().default(20),
  stormWindowSeconds: integer('storm_window_seconds').notNull().default(600),
  /** Requests per minute this integration may send to one replica. */
  ratePerMinute: integer('rate_per_minute').notNull().default(6000),
  createdBy: jsonb('created_by').$type<StoredActor>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** What Pacta knows of one alert of a key: enough to order deliveries and to show the card. */
export type StoredAlert = {
  fingerprint: string;
  firing: boolean;
  startsAt: string | null;
  endsAt: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  sourceUrl: string | null;
  /** Whether a timeline note said it fires (once per alert and start). */
  noted: boolean;
};

/**
 * One alert key of an integration (a group key, a fingerprint, a generic dedup key) and the incident it
 * drives. Its row lock serialises deliveries for the key across replicas.
 */
export const alertKeys = pgTable(
  'alert_keys',
  {
    integration: text('integration').notNull(),
    key: text('key').notNull(),
    serviceKey: text('service_key'),
    incidentNumber: integer('incident_number'),
    firing: boolean('firing').notNull().default(false),
    /** Firing inside a maintenance window: its incident opens when the window ends (the monitoring sweep). */
    suppressed: boolean('suppressed').notNull().default(false),
    alerts: jsonb('alerts').$type<StoredAlert[]>().notNull().default([]),
    groupLabels: jsonb('group_labels').$type<Record<string, string>>().notNull().default({}),
    commonLabels: jsonb('common_labels').$type<Record<string, string>>().notNull().default({}),
    commonAnnotations: jsonb('common_annotations').$type<Record<string, string>>().notNull().default({}),
    sourceUrl: text('source_url'),
    priority: text('priority'),
    impact: text('impact'),
    title: text('title'),
    /** When Pacta last resolved its incident by itself (the reopen window counts from here). */
    autoResolvedAt: ts('auto_resolved_at'),
    lastDeliveryAt: ts('last_delivery_at'),
    lastDigest: text('last_digest'),
  },
  (t) => [
    primaryKey({ columns: [t.integration, t.key] }),
    index('alert_keys_incident').on(t.incidentNumber),
    index('alert_keys_suppressed').on(t.serviceKey).where(sql`${t.suppressed}`),
  ],
);

/**
 * Every delivery and what it did, for `alerts` ("why did this open an incident?"). `digest` is the
 * content (key, status, each alert's fingerprint, start and end); one applied delivery per digest.
 */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    integration: text('integration').notNull(),
    receivedAt: ts('received_at').notNull(),
    key: text('key').notNull(),
    status: text('status').notNull(),
    digest: text('digest').notNull(),
    /** opened, attached, resolved, reopened, noted, suppressed, duplicate, unrouted, stale, storm. */
    outcome: text('outcome').notNull(),
    applied: boolean('applied').notNull(),
    serviceKey: text('service_key'),
    incidentNumber: integer('incident_number'),
    alertCount: integer('alert_count').notNull(),
    summary: text('summary'),
    /** The request body, cut at 64 KiB. */
    body: text('body'),
  },
  (t) => [
    uniqueIndex('alert_deliveries_digest').on(t.integration, t.digest).where(sql`${t.applied}`),
    index('alert_deliveries_recent').on(t.integration, t.id),
    index('alert_deliveries_by_service').on(t.serviceKey, t.id),
    index('alert_deliveries_age').on(t.receivedAt),
    index('alert_deliveries_opened').on(t.integration, t.receivedAt).where(sql`${t.outcome} = 'opened'`),
  ],
);

/** A person as stored in rotas, overrides and escalation targets: `{ platform, id }`. */
export type StoredPerson = { platform: string; id: string };

/**
 * An on-call rota (docs/semantics.md §7). `handoff` is `{ every: 'day' | 'week' | 'days', at, weekday?,
 * days? }` in the rota's zone; `anchor` the hand-off at which the first member went on call.
 */
export const rotas = pgTable('rotas', {
  name: text('name').primaryKey(),
  zone: text('zone').notNull(),
  handoff: jsonb('handoff').$type<Record<string, string | number>>().notNull(),
  members: jsonb('members').$type<StoredPerson[]>().notNull(),
  anchor: ts('anchor').notNull(),
  createdBy: jsonb('created_by').$type<StoredActor>().notNull(),
  createdAt: ts('created_at').notNull(),
});

/** Someone on call instead of the rota's member for a while; the latest created wins an overlap. */
export const rotaOverrides = pgTable(
  'rota_overrides',
  {
    id: serial('id').primaryKey(),
    rota: text('rota')
      .notNull()
      .references(() => rotas.name, { onDelete: 'cascade' }),
    person: jsonb('person').$type<StoredPerson>().notNull(),
    from: ts('from_at').notNull(),
    until: ts('until_at').notNull(),
    createdBy: jsonb('created_by').$type<StoredActor>().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('rota_overrides_rota').on(t.rota, t.until)],
);

/**
 * A service's escalation policy, for one priority or for all (`priority` '*'). `levels` as the domain's
 * EscalationLevel[] (targets by rota name, person, Slack user group or channel key).
 */
export const escalationPolicies = pgTable(
  'escalation_policies',
  {
    serviceKey: text('service_key')
      .notNull()
      .references(() => services.key, { onDelete: 'cascade' }),
    priority: text('priority').notNull(),
    levels: jsonb('levels').$type<unknown[]>().notNull(),
    repeatTimes: integer('repeat_times'),
    repeatEverySeconds: integer('repeat_every_seconds'),
    updatedBy: jsonb('updated_by').$type<StoredActor>().notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.serviceKey, t.priority] })],
);

/** A level of an escalation as it fired: who it paged (rotas resolved to the person on call then). */
export type StoredFiredStep = { level: number; round: number; at: string; tauMs: number; paged: StoredPerson[]; emptyRotas: string[] };

/**
 * One incident's escalation: the steps fired so far and when the sweep must look next. Due rows are found
 * by the partial index on `due_at` and claimed with SKIP LOCKED, like due clocks.
 */
export const incidentEscalations = pgTable(
  'incident_escalations',
  {
    incidentNumber: integer('incident_number')
      .primaryKey()
      .references(() => incidents.number),
    fired: jsonb('fired').$type<StoredFiredStep[]>().notNull().default([]),
    dueAt: ts('due_at'),
  },
  (t) => [index('incident_escalations_due').on(t.dueAt).where(sql`${t.dueAt} is not null`)],
);

/**
 * Settings Pacta keeps for itself, shared by every replica: e.g. the key that signs dashboard links and
 * chart URLs (created once, at random, by whichever replica needs it first).
 */
export const settings = pgTable('settings', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Rendered chart images (PNG, base64) that a platform fetches by a signed URL (Teams cards show an image by
 * its URL). Keyed by the hash of what they show, so the same chart is stored once; kept until `expires_at`.
 */
export const chartImages = pgTable(
  'chart_images',
  {
    id: text('id').primaryKey(),
    png: text('png').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('chart_images_expiry').on(t.expiresAt)],
);
