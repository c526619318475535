/**
 * Persistence ports, shaped by what the use cases need (not "run this SQL"). One implementation lives in
 * `db/` (drizzle, on PGlite or PostgreSQL); use cases see only these interfaces.
 */
import type { NamedCalendar, MaintenanceWindow, Service, SlaPolicy } from '../domain/service.ts';
import type { Actor, Incident, IncidentEvent, Priority } from '../domain/incident.ts';
import type { ClockKind } from '../sla/clock.ts';
import type { ChannelRef } from '../domain/channel.ts';
import type { ClockSummary, StoredClock } from '../sla/types.ts';
import type { ReactionAction } from './inbound.ts';
import type { AlertSourceKind } from './alerts.ts';
import type { EscalationRepository, RotaRepository } from './oncall.ts';
import type { Person } from '../domain/oncall.ts';

export interface ServiceRepository {
  get(key: string): Promise<Service | null>;
  /** Active services, ordered by key. */
  list(): Promise<Service[]>;
  /** The listed (not archived) services among `keys`. */
  some(keys: readonly string[]): Promise<Service[]>;
  /** Insert, or revive an archived one; returns false if an active service has that key. */
  add(service: Service): Promise<boolean>;
  update(service: Service): Promise<void>;
  archive(key: string): Promise<void>;
}

export interface CalendarRepository {
  get(name: string): Promise<NamedCalendar | null>;
  list(): Promise<NamedCalendar[]>;
  /** Insert or replace. */
  save(calendar: NamedCalendar): Promise<void>;
  /** Names of services and policies that use this calendar. */
  usedBy(name: string): Promise<string[]>;
}

export interface PolicyRepository {
  get(serviceKey: string, priority: Priority): Promise<SlaPolicy | null>;
  list(serviceKey: string): Promise<SlaPolicy[]>;
  save(policy: SlaPolicy): Promise<void>;
}

export type IncidentFilter = {
  serviceKeys?: string[];
  /** Only incidents not yet resolved. */
  openOnly?: boolean;
  limit?: number;
};

export interface IncidentRepository {
  /** Next human number, gapless: call inside the transaction that inserts the incident. */
  allocateNumber(): Promise<number>;
  insert(incident: Incident): Promise<void>;
  /** With `forUpdate`, locks the row until the transaction ends (serialises changes to one incident). */
  get(number: number, opts?: { forUpdate?: boolean }): Promise<Incident | null>;
  update(incident: Incident): Promise<void>;
  appendEvent(number: number, event: IncidentEvent): Promise<void>;
  /** Timeline in order. */
  events(number: number): Promise<IncidentEvent[]>;
  /** Several incidents and their timelines at once (the sweep reads a batch of due clocks' incidents). */
  getManyWithEvents(numbers: number[]): Promise<Map<number, { incident: Incident; events: IncidentEvent[] }>>;
  /** Newest first. */
  list(filter: IncidentFilter): Promise<Incident[]>;
  /** Keeps the incident's clock summary current; called with every change of its clocks. */
  setClockSummary(number: number, summary: ClockSummary): Promise<void>;
}

/** An incident's impact over time, for availability: `[start, end)`, end null while ongoing. */
export type ImpactSpan = { incidentNumber: number; serviceKey: string; impact: Incident['impact']; start: Date; end: Date | null };

/** Reads over many incidents at once, for status views, reports and availability (read-only). */
export interface IncidentReportRepository {
  /** Open incidents per service key (services without any are absent). */
  countOpenByService(): Promise<Map<string, number>>;
  /** Open incidents per priority (priorities without any are absent). */
  countOpenByPriority(): Promise<Map<Priority, number>>;
  /** Incidents opened in `[from, to)` or resolved in it, for reports. */
  inPeriod(serviceKeys: string[] | null, from: Date, to: Date): Promise<Incident[]>;
  /** Impact spans overlapping `[from, to)`; a reopened incident has one span per time it was unresolved. */
  impactSpans(serviceKeys: string[] | null, from: Date, to: Date): Promise<ImpactSpan[]>;
}

/**
 * Where the status version stamp stands (docs/architecture.md, "Status at scale"). `epoch` changes when
 * the stamp's table was emptied and started again; versions only grow within one epoch.
 */
export type StatusStamp = { epoch: string | null; version: number };

/** An open incident's clock summary, as `status` needs it. */
export type OpenDue = { serviceKey: string; number: number; dueAt: Date | null; dueClock: ClockKind | null; breachAt: Date | null };

/** What lets each replica keep `status` up to date by reading only what changed. */
export interface StatusRepository {
  /**
   * The current stamp, and the services whose status inputs changed in commits after `since`; `all`
   * when `since` is null, from another epoch, or ahead of the database (a restore).
   */
  changes(since: StatusStamp | null): Promise<{ stamp: StatusStamp; changed: string[] | 'all' }>;
  /** Open incidents of some services (all with null), with their clock summaries. */
  openDue(serviceKeys: readonly string[] | null): Promise<OpenDue[]>;
}

export interface ClockRepository {
  /** Insert or replace the clocks of one incident; clocks of that incident not listed are removed. */
  replace(incidentNumber: number, clocks: StoredClock[]): Promise<void>;
  forIncidents(numbers: number[]): Promise<StoredClock[]>;
  /** Updates one clock row (after the sweep fired its alerts). */
  save(clock: StoredClock): Promise<void>;
  /**
   * Clocks whose `nextCheckAt <= now`, oldest first, locked for this transaction and skipped by other
   * replicas' sweeps (`FOR UPDATE SKIP LOCKED`).
   */
  claimDue(now: Date, limit: number): Promise<StoredClock[]>;
  /** Clocks whose (projected) breach instant falls in `[from, to)`, for reports. */
  breachesIn(serviceKeys: string[] | null, from: Date, to: Date): Promise<Array<StoredClock & { serviceKey: string }>>;
}

export interface MaintenanceRepository {
  add(window: Omit<MaintenanceWindow, 'id'>): Promise<MaintenanceWindow>;
  /** Windows overlapping `[from, to)`. */
  overlapping(serviceKeys: string[] | null, from: Date, to: Date): Promise<MaintenanceWindow[]>;
}

export type Subscription = {
  id: number;
  channel: ChannelRef;
  services: string[];
  allServices: boolean;
  digestSpec: string | null;
  digestCron: string | null;
  timezone: string;
  createdBy: Actor;
  /** When it was last set: digests are due only for schedule instants after this. */
  createdAt: Date;
};

export interface SubscriptionRepository {
  /** One subscription per channel: insert or replace. */
  /** Insert or replace; `at` becomes its `createdAt` (a change restarts the digest schedule). */
  upsert(subscription: Omit<Subscription, 'id' | 'createdAt'>, at: Date): Promise<Subscription>;
  get(id: number): Promise<Subscription | null>;
  remove(channel: ChannelRef): Promise<boolean>;
  forChannel(channel: ChannelRef): Promise<Subscription | null>;
  list(): Promise<Subscription[]>;
  /** Subscriptions that receive notifications about this service. */
  forService(serviceKey: string): Promise<Subscription[]>;
}

/** A notification to deliver; the dispatcher renders it at delivery time from current state. */
export type OutboxEntry = {
  /** Unique idempotency key, e.g. `breach:INC-42:resolve:slack:C1`. */
  key: string;
  channel: ChannelRef;
  incidentNumber: number | null;
  payload: NotificationPayload;
  notBefore: Date;
  /**
   * Waits for the channel's pacing slot (default). False for what follows one person's action at once —
   * an incident card, its refresh, a note in its thread — which must not queue behind a storm of alerts.
   */
  paced?: boolean;
};

/** Who did what, for a note in an incident card's thread (e.g. acknowledged by reaction). */
export type ThreadNote = { action: ReactionAction; actor: Actor; reaction: string };

export type NotificationPayload =
  /** Post the incident card (in the channel it was opened from). */
  | { type: 'card.post'; incident: number }
  /** Refresh the incident's card in this channel from its current state. */
  | { type: 'card.update'; incident: number }
  /** A note in the thread of the card in this channel, or of the reacted message when there is no card here. */
  | { type: 'thread.note'; incident: number; note: ThreadNote; reacted: { messageId: string; kind: MessageKind } }
  | { type: 'incident.opened'; incident: number }
  | { type: 'clock.warning'; incident: number; clock: ClockKind; threshold: number }
  | { type: 'clock.breached'; incident: number; clock: ClockKind }
  | { type: 'burn.alert'; service: string; severity: 'page' | 'ticket'; episode: number }
  | { type: 'burn.recovered'; service: string; episode: number }
  | { type: 'digest'; subscription: number; period: string; late: boolean }
  /** Monitoring opened more incidents than its storm limit: new alerts of the service now join `incident`. */
  | { type: 'alert.storm'; integration: string; service: string; incident: number; limit: number; windowSeconds: number }
  /**
   * An escalation level fired (docs/semantics.md §7): in the card's thread (or a target channel), naming
   * whom it pages. `levels`: how many the policy has; `emptyRotas`: rotas that had nobody on call.
   */
  | {
      type: 'escalation.page';
      incident: number;
      level: number;
      round: number;
      levels: number;
      paged: Person[];
      groups: Array<{ id: string; handle?: string }>;
      emptyRotas: string[];
    }
  /** The same level, as a direct message to one person it pages. */
  | { type: 'escalation.direct'; incident: number; level: number; round: number }
  /** Someone snoozed the incident's escalation until `until` (ISO): said in the card's thread. */
  | { type: 'escalation.snoozed'; incident: number; actor: Actor; until: string };

/** An outbox row claimed for delivery; `claimedUntil` (the claim's lease) names the claim, so only it is handed back. */
export type ClaimedNotification = OutboxEntry & { id: number; attempts: number; claimedUntil?: Date };

export type OutboxProblem = { key: string; channel: ChannelRef; attempts: number; lastError: string | null; at: Date };

export interface DigestRunRepository {
  /** Records the digest of one subscription and period; false if it was already recorded (sent or queued). */
  claim(subscriptionId: number, periodKey: string, scheduledAt: Date, late: boolean, now: Date): Promise<boolean>;
}

export interface OutboxRepository {
  /** Adds the entry unless one with the same key exists; returns whether it was added. */
  enqueue(entry: OutboxEntry, now: Date): Promise<boolean>;
  /** Adds many at once, skipping keys that exist; returns how many were added. */
  enqueueMany(entries: OutboxEntry[], now: Date): Promise<number>;
  /**
   * Claims due notifications for delivery: up to `perChannel` (default 1) for each of at most `limit`
   * channels whose slot is free. Claiming takes the channel's slot for `leaseMs`: while a post to a
   * channel is in flight no replica starts another, and marking the rows (sent, retry, failed) sets when
   * the channel is free again. Rows stay claimed for `leaseMs`; a row whose lease ran out without being
   * marked (its replica died) is claimed again, and so is its channel. Oldest first. With `platforms`,
   * only rows for channels of those platforms (the ones this process can post to) are claimed.
   */
  claim(now: Date, limit: number, leaseMs: number, perChannel?: number, platforms?: readonly ChannelRef['platform'][]): Promise<ClaimedNotification[]>;
  /** Marks a row sent, and frees its channel from `channelFreeAt` (the post's end plus the pacing gap). */
  markSent(id: number, messageId: string, at: Date, channelFreeAt: Date): Promise<void>;
  /** Back to pending until `nextAttemptAt`; its channel is free from `channelFreeAt` (later after a rate limit). */
  markRetry(id: number, nextAttemptAt: Date, error: string, channelFreeAt: Date): Promise<void>;
  markFailed(id: number, error: string, at: Date, channelFreeAt?: Date): Promise<void>;
  /**
   * Hands back claims whose rows were not posted (a replica stopping, or one that could not record an
   * attempt while the database was away): each row still held by that very claim (status `sending`, the
   * same `claimedUntil`) is pending again at once with the attempt uncounted, and a channel slot still
   * held by the claim is freed at `now`. A claim that lapsed and was taken by another replica is left
   * alone. One statement; returns how many rows were handed back.
   */
  release(claims: ReadonlyArray<{ id: number; claimedUntil: Date }>, now: Date): Promise<number>;
  /** Notifications given up on, newest first (for `subscriptions` and `/readyz`). */
  failures(channel: ChannelRef | null, limit: number): Promise<OutboxProblem[]>;
  /** Counts by status, for `/readyz` detail. */
  counts(): Promise<Record<'pending' | 'sending' | 'sent' | 'failed', number>>;
  /** What is still to deliver or given up on (never the sent rows), and when the earliest pending row fell due: for metrics, by index. */
  backlog(): Promise<OutboxBacklog>;
}

/** Rows not sent, by status, and the earliest `next_attempt_at` of a pending row (null when none is pending). */
export type OutboxBacklog = { pending: number; sending: number; failed: number; earliestPendingAt: Date | null };

export type Role = 'admin' | 'responder' | 'viewer';

export interface RoleRepository {
  get(platform: string, userId: string): Promise<Role | null>;
  set(platform: string, userId: string, role: Role, by: Actor, at: Date): Promise<void>;
  remove(platform: string, userId: string): Promise<boolean>;
  list(): Promise<Array<{ platform: string; userId: string; role: Role }>>;
}

export type MessageKind = 'card' | 'alert' | 'notice' | 'digest';

/** A message Pacta posted that is about an incident (its card, an alert), for updates and reactions. */
export type StoredMessageRef = { channel: ChannelRef; messageId: string; incidentNumber: number | null; kind: MessageKind };

export interface MessageRefRepository {
  record(ref: StoredMessageRef): Promise<void>;
  /** What a reacted-to or clicked message is about; null for messages Pacta does not know. */
  find(channel: ChannelRef, messageId: string): Promise<StoredMessageRef | null>;
  forIncident(incidentNumber: number, kind?: MessageKind): Promise<StoredMessageRef[]>;
}

/** Inbound events already acted on (Slack event ids, Teams activity ids): retries act once. */
export interface ProcessedEventRepository {
  /** Records the key; false if it was already recorded (then the caller must not act again). */
  markProcessed(key: string, at: Date): Promise<boolean>;
}

/**
 * What a platform needs to post into a conversation later without being spoken to (Teams conversation
 * references). Opaque JSON to the core; keyed by the platform's own key.
 */
export interface ConversationRefRepository {
  save(key: string, platform: string, reference: unknown, at: Date): Promise<void>;
  get(key: string): Promise<unknown | null>;
}

/** Settings Pacta keeps for itself, shared by every replica (e.g. the key that signs dashboard links). */
export interface SettingRepository {
  /** The value stored under `name`; stores `value` first when there is none. The first writer wins across replicas. */
  getOrCreate(name: string, value: string): Promise<string>;
}

/** Rendered chart images that chat platforms fetch by a signed URL (Teams card images). */
export interface ChartImageRepository {
  /** Stores the PNG under `id` (the hash of what it shows); storing it again only extends its expiry. */
  put(id: string, png: Uint8Array, at: Date, expiresAt: Date): Promise<void>;
  /** The PNG, unless it has expired or was never stored. */
  get(id: string, now: Date): Promise<Uint8Array | null>;
  /** Deletes expired images; returns how many. */
  prune(now: Date): Promise<number>;
}

export type BurnEpisode = { id: number; serviceKey: string; severity: 'page' | 'ticket'; startedAt: Date };

export interface BurnEpisodeRepository {
  /** Services with an open episode (no lock: a cheap first look). */
  openServices(): Promise<string[]>;
  /** The open episode of a service, locked for this transaction. */
  open(serviceKey: string): Promise<BurnEpisode | null>;
  /** Opens an episode unless one is open (another replica won); returns it or null. */
  start(serviceKey: string, severity: 'page' | 'ticket', at: Date): Promise<BurnEpisode | null>;
  escalate(id: number, severity: 'page'): Promise<void>;
  end(id: number, at: Date): Promise<void>;
}

/** A way in for one monitoring source (docs/semantics.md §6). */
export type Integration = {
  name: string;
  kind: AlertSourceKind;
  /** SHA-256 of the secret, hex. */
  secretHash: string;
  /** After a rotation: the old secret's hash, valid until `previousUntil`. */
  previousHash: string | null;
  previousUntil: Date | null;
  /** Grafana's HMAC signing key, kept because verifying a signature needs it; null: header auth only. */
  hmacKey: string | null;
  defaultService: string | null;
  routeLabel: string;
  perAlert: boolean;
  /** Severity label value → `P2` or `P2/degraded`, over the defaults. */
  severityMap: Record<string, string>;
  reopenWindowSeconds: number;
  stormLimit: number;
  stormWindowSeconds: number;
  ratePerMinute: number;
  createdBy: Actor;
  createdAt: Date;
};

export interface IntegrationRepository {
  get(name: string): Promise<Integration | null>;
  /** Locks the row for this transaction (the storm guard counts new incidents under it). */
  lock(name: string): Promise<void>;
  list(): Promise<Integration[]>;
  /** False if one with that name exists. */
  add(integration: Integration): Promise<boolean>;
  update(integration: Integration): Promise<void>;
  remove(name: string): Promise<boolean>;
}

/** What Pacta knows of one alert of a key. */
export type KnownAlert = {
  fingerprint: string;
  firing: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  sourceUrl: string | null;
  /** Whether the incident's timeline already noted it firing since `startsAt`. */
  noted: boolean;
};

/** One alert key of an integration (group key, fingerprint or generic dedup key) and the incident it drives. */
export type AlertKeyState = {
  integration: string;
  key: string;
  serviceKey: string | null;
  incidentNumber: number | null;
  firing: boolean;
  /** Firing inside a maintenance window: its incident opens when the window ends. */
  suppressed: boolean;
  alerts: KnownAlert[];
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  sourceUrl: string | null;
  priority: Priority | null;
  impact: Incident['impact'] | null;
  title: string | null;
  autoResolvedAt: Date | null;
  lastDeliveryAt: Date | null;
  /** Content digest of the last delivery applied to this key. */
  lastDigest: string | null;
};

export type DeliveryOutcome = 'opened' | 'attached' | 'resolved' | 'reopened' | 'noted' | 'suppressed' | 'duplicate' | 'unrouted' | 'stale' | 'storm' | 'unchanged';

/** One delivery (for one key) and what it did. */
export type AlertDeliveryRecord = {
  id?: number;
  integration: string;
  receivedAt: Date;
  key: string;
  status: 'firing' | 'resolved';
  digest: string;
  outcome: DeliveryOutcome;
  /** False for duplicates: one applied delivery per digest. */
  applied: boolean;
  serviceKey: string | null;
  incidentNumber: number | null;
  alertCount: number;
  summary: string | null;
  body: string | null;
};

export type DeliveryFilter = { integration?: string; serviceKey?: string; unrouted?: boolean; limit: number };

export interface AlertRepository {
  /** The key's state, its row created if new and locked for this transaction (serialises deliveries per key). */
  lockKey(integration: string, key: string): Promise<AlertKeyState>;
  saveKey(state: AlertKeyState): Promise<void>;
  /** The key driving an incident (the latest one, if several were joined to it). */
  forIncident(incidentNumber: number): Promise<AlertKeyState | null>;
  /** Keys held back by maintenance, locked for this transaction and skipped by other replicas. */
  claimSuppressed(limit: number): Promise<AlertKeyState[]>;
  /** Whether a delivery with this digest was applied to the integration. */
  applied(integration: string, digest: string): Promise<boolean>;
  record(delivery: AlertDeliveryRecord): Promise<void>;
  /**
   * Records `delivery` as a duplicate, in one statement and without locking, only if it is one: an
   * applied delivery of the integration already has its digest (`match: 'applied'`), or the key's last
   * content has it (`'last'`, for generic events). Returns the key's service and incident as recorded, or
   * null (nothing written) when it is not known to be a duplicate.
   */
  recordIfDuplicate(
    delivery: Omit<AlertDeliveryRecord, 'outcome' | 'applied' | 'serviceKey' | 'incidentNumber'>,
    contentDigest: string,
    match: 'applied' | 'last',
  ): Promise<{ serviceKey: string | null; incidentNumber: number | null } | null>;
  /** Newest first. */
  deliveries(filter: DeliveryFilter): Promise<AlertDeliveryRecord[]>;
  /** Incidents the integration opened since `since` (the storm guard). */
  openedSince(integration: string, since: Date): Promise<number>;
  /** Deletes deliveries received before `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

/** Everything a use case may touch inside one transaction. */
export interface Repositories {
  services: ServiceRepository;
  calendars: CalendarRepository;
  policies: PolicyRepository;
  incidents: IncidentRepository;
  /** Reporting reads over incidents. */
  reports: IncidentReportRepository;
  clocks: ClockRepository;
  maintenance: MaintenanceRepository;
  subscriptions: SubscriptionRepository;
  outbox: OutboxRepository;
  roles: RoleRepository;
  messages: MessageRefRepository;
  processed: ProcessedEventRepository;
  conversations: ConversationRefRepository;
  digests: DigestRunRepository;
  burns: BurnEpisodeRepository;
  status: StatusRepository;
  integrations: IntegrationRepository;
  alerts: AlertRepository;
  rotas: RotaRepository;
  escalations: EscalationRepository;
  settings: SettingRepository;
  charts: ChartImageRepository;
}

export interface Store {
  /** Runs `fn` in one transaction: its rows and outbox entries commit together or not at all. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Reads outside a transaction. */
  readonly read: Repositories;
  /** Transactions this process has committed so far (a cheap "has anything changed here?" for readers). */
  readonly commits: number;
}
