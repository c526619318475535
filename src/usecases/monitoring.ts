/**
 * Monitoring: alerts in, incidents out (docs/semantics.md §6). A webhook delivery is one more source of
 * changes to incidents: it goes through the same incident use cases as a command, inside one transaction
 * that also records the delivery and what it did, so a delivery is either wholly applied and answered
 * 2xx, or not applied at all (and answered 503, so the sender retries).
 *
 * A delivery is split into *keys*: its alert group (`groupKey`), each alert (`fingerprint`) when the
 * integration is per-alert, or a generic event's `dedup_key`. Each key drives at most one unresolved
 * incident. Keys are applied in a fixed order under their row locks, so two replicas given the same
 * notification (Alertmanager HA pairs send everything twice) serialise on the key: the second sees the
 * first's digest and changes nothing.
 */
import type { ChannelRef } from '../domain/channel.ts';
import { formatIncidentRef } from '../domain/incident-id.ts';
import { IMPACTS, PRIORITIES, type Actor, type Impact, type Incident, type Priority } from '../domain/incident.ts';
import type { Service } from '../domain/service.ts';
import type { AlertDelivery, AlertEvent, AlertStatus } from '../ports/alerts.ts';
import type { Hasher } from '../ports/hashing.ts';
import type { AlertKeyState, DeliveryOutcome, Integration, KnownAlert, OutboxEntry, Repositories, Store } from '../ports/store.ts';
import type { TimeSource } from '../time-source.ts';
import { floorToSecond } from '../time.ts';
import { boundStore } from './bound-store.ts';
import { calendarCache } from './calendars.ts';
import { IncidentUseCases, impactStartFloor } from './incidents.ts';

/** Severity label values and what they mean by default (docs/semantics.md §6). */
export const DEFAULT_SEVERITY_MAP: Readonly<Record<string, { priority: Priority; impact: Impact }>> = {
  critical: { priority: 'P1', impact: 'outage' },
  error: { priority: 'P2', impact: 'degraded' },
  major: { priority: 'P2', impact: 'degraded' },
  high: { priority: 'P2', impact: 'degraded' },
  warning: { priority: 'P3', impact: 'none' },
  info: { priority: 'P4', impact: 'none' },
};

/** An alert without a severity label, or with one the map does not name, counts as a warning. */
const FALLBACK = DEFAULT_SEVERITY_MAP.warning!;

/** The impact a priority implies when a map entry names only the priority. */
const IMPACT_OF: Record<Priority, Impact> = { P1: 'outage', P2: 'degraded', P3: 'none', P4: 'none' };

/** Resolved alerts remembered per key (to recognise late deliveries), beyond those firing. */
const RESOLVED_KEPT = 50;
const TITLE_MAX = 200;
/** Deliveries older than this are deleted by the monitoring sweep. */
export const DELIVERY_RETENTION_MS = 30 * 86_400_000;

/** One key of a delivery, as the rules see it. */
type Unit = {
  key: string;
  status: AlertStatus;
  alerts: AlertEvent[];
  truncated: number;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  title: string | null;
};

export type KeyOutcome = { key: string; outcome: DeliveryOutcome; incident: number | null; service: string | null };

export type IngestResult = {
  outcomes: KeyOutcome[];
  /** Outbox keys to deliver at once (cards and their refreshes). */
  followUps: string[];
};

/** The actor monitoring acts as: the integration, named. */
export function integrationActor(name: string): Actor {
  return { platform: 'system', id: `integration:${name}`, name };
}

/** Parses `P2` or `P2/degraded` (a `--severity` map value). Null if it is neither. */
export function parseSeverityTarget(text: string): { priority: Priority; impact: Impact } | null {
  const m = /^(p[1-4])(?:\/(outage|degraded|none))?$/i.exec(text.trim());
  if (!m) return null;
  const priority = m[1]!.toUpperCase() as Priority;
  return { priority, impact: (m[2]?.toLowerCase() as Impact | undefined) ?? IMPACT_OF[priority] };
}

/** What one alert's labels say about how bad it is: the severity map, then `priority`/`impact` labels. */
export function severityOf(labels: Record<string, string>, map: Record<string, string>): { priority: Priority; impact: Impact } {
  const sev = (labels.severity ?? '').trim().toLowerCase();
  const mapped = (sev && Object.hasOwn(map, sev) ? parseSeverityTarget(map[sev]!) : null) ?? (sev && Object.hasOwn(DEFAULT_SEVERITY_MAP, sev) ? DEFAULT_SEVERITY_MAP[sev]! : FALLBACK);
  let { priority, impact } = mapped;
  const p = (labels.priority ?? '').trim().toUpperCase();
  if ((PRIORITIES as readonly string[]).includes(p)) {
    priority = p as Priority;
    if (labels.impact === undefined) impact = IMPACT_OF[priority];
  }
  const i = (labels.impact ?? '').trim().toLowerCase();
  if ((IMPACTS as readonly string[]).includes(i)) impact = i as Impact;
  return { priority, impact };
}

const worsePriority = (a: Priority, b: Priority): boolean => PRIORITIES.indexOf(a) < PRIORITIES.indexOf(b);
const worseImpact = (a: Impact, b: Impact): boolean => IMPACTS.indexOf(a) < IMPACTS.indexOf(b);

/** The delivery's keys: the group, each alert (per-alert), or the generic event. */
export function unitsOf(integration: Integration, d: AlertDelivery): Unit[] {
  // Grafana's group keys are unique only within one organization.
  const group = d.orgId !== null ? `${d.orgId}/${d.groupKey}` : d.groupKey;
  if (!integration.perAlert || d.kind === 'generic') {
    return [{ key: group, status: d.status, alerts: d.alerts, truncated: d.truncated, groupLabels: d.groupLabels, commonLabels: d.commonLabels, commonAnnotations: d.commonAnnotations, title: d.kind === 'generic' ? d.title : null }];
  }
  const byKey = new Map<string, AlertEvent>();
  for (const a of d.alerts) byKey.set(d.orgId !== null ? `${d.orgId}/${a.fingerprint}` : a.fingerprint, a);
  return [...byKey]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, a]) => ({ key, status: a.status, alerts: [a], truncated: 0, groupLabels: {}, commonLabels: a.labels, commonAnnotations: a.annotations, title: null }));
}

/** What makes two deliveries for a key the same: its status and each alert's fingerprint, start and end. */
function digestOf(hasher: Hasher, u: Unit, kind: Integration['kind']): string {
  // A generic event has no times: what it says (severity, summary, details) is its content.
  const alerts = u.alerts
    .map((a) => `${a.fingerprint}|${a.status}|${a.startsAt?.toISOString() ?? ''}|${a.endsAt?.toISOString() ?? ''}${kind === 'generic' ? `|${JSON.stringify([a.labels, a.annotations])}` : ''}`)
    .sort();
  return hasher.sha256Hex(JSON.stringify([u.key, u.status, u.truncated, alerts]));
}

/** `HighLatency instance=db1 job=api`: the alert's name and the labels that tell the alerts apart. */
function titleOf(u: Unit, firing: KnownAlert[]): string {
  const summary = u.commonAnnotations.summary ?? firing.find((a) => a.annotations.summary)?.annotations.summary ?? u.title;
  if (summary && summary.trim()) return cut(summary.trim().replace(/\s+/g, ' '), TITLE_MAX);
  const first = firing[0] ?? u.alerts[0];
  const name = u.commonLabels.alertname ?? first?.labels.alertname ?? 'Alert';
  const apart = Object.keys(u.groupLabels).length > 0 ? u.groupLabels : distinguishing(first?.labels ?? {}, u.commonLabels);
  const parts = Object.entries(apart)
    .filter(([k]) => k !== 'alertname')
    .map(([k, v]) => `${k}=${v}`);
  return cut([name, ...parts].join(' '), TITLE_MAX);
}

function distinguishing(labels: Record<string, string>, common: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (common[k] !== v || k === 'instance' || k === 'job') out[k] = v;
  return out;
}

function cut(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/**
 * Folds a delivery's alerts into what the key knew. An alert is stale — an older delivery overtaken by a
 * newer one — when the key knows it with a later start, or knows it resolved with the same start.
 * Returns the merged alerts and whether every firing alert of the delivery was stale.
 */
function merge(known: KnownAlert[], u: Unit, kind: Integration['kind'], groupWide: boolean): { alerts: KnownAlert[]; allStale: boolean } {
  const byFp = new Map(known.map((a) => [a.fingerprint, a]));
  let firingIn = 0;
  let staleIn = 0;
  const present = new Set<string>();
  for (const a of u.alerts) {
    present.add(a.fingerprint);
    const k = byFp.get(a.fingerprint);
    const firing = a.status === 'firing';
    if (firing) firingIn++;
    const sameStart = k !== undefined && (k.startsAt?.getTime() ?? null) === (a.startsAt?.getTime() ?? null);
    const older = k !== undefined && k.startsAt !== null && a.startsAt !== null && a.startsAt < k.startsAt;
    // Generic events carry no start: each delivery is news.
    if (kind !== 'generic' && (older || (sameStart && firing && !k!.firing))) {
      if (firing) staleIn++;
      continue;
    }
    byFp.set(a.fingerprint, {
      fingerprint: a.fingerprint,
      firing,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      labels: a.labels,
      annotations: a.annotations,
      sourceUrl: a.sourceUrl,
      noted: sameStart && firing ? k!.noted : false,
    });
  }
  // A complete group notification lists every alert the group still has: one left out was resolved and
  // flushed by the sender.
  if (groupWide && u.truncated === 0) for (const [fp, a] of byFp) if (!present.has(fp) && a.firing) byFp.set(fp, { ...a, firing: false });
  const all = [...byFp.values()];
  const firing = all.filter((a) => a.firing);
  const resolved = all.filter((a) => !a.firing).slice(-RESOLVED_KEPT);
  return { alerts: [...firing, ...resolved], allStale: firingIn > 0 && staleIn === firingIn };
}

/** The largest alert count stored (a PostgreSQL integer); a sender claiming more truncated alerts is taken at this. */
const MAX_ALERT_COUNT = 2_147_483_647;

export class MonitoringUseCases {
  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
    private readonly hasher: Hasher,
    /** Deployment zone, as for IncidentUseCases. */
    private readonly timezone: string = 'UTC',
  ) {}

  /**
   * Applies one delivery: every key in one transaction with the record of what it did.
   * @param body the request body as received, kept (cut) with the delivery for `alerts`.
   */
  async ingest(integration: Integration, delivery: AlertDelivery, body: string | null): Promise<IngestResult> {
    const units = unitsOf(integration, delivery);
    const received = new Date(this.time.now().getTime());
    const cut = body !== null ? body.slice(0, 65_536) : null;
    // Most traffic repeats what is known (HA pairs, repeat notifications): a lone key already applied is
    // recorded as a duplicate in one statement, with no transaction and no lock. Anything else — or a
    // duplicate that raced with its twin and was not yet committed — takes the full path below, which
    // decides the same way under the key's lock.
    if (units.length === 1) {
      const u = units[0]!;
      const digest = digestOf(this.hasher, u, delivery.kind);
      const known = await this.store.read.alerts.recordIfDuplicate(
        {
          integration: integration.name,
          receivedAt: received,
          key: u.key,
          status: u.status,
          digest: delivery.kind === 'generic' ? `${digest}@${received.getTime()}.${this.hasher.newSecret().slice(0, 8)}` : digest,
          alertCount: Math.min(MAX_ALERT_COUNT, u.alerts.length + u.truncated),
          summary: 'already applied',
          body: cut,
        },
        digest,
        delivery.kind === 'generic' ? 'last' : 'applied',
      );
      if (known) return { outcomes: [{ key: u.key, outcome: 'duplicate', incident: known.incidentNumber, service: known.serviceKey }], followUps: [] };
    }
    return this.store.transaction(async (tx) => {
      const incidents = new IncidentUseCases(boundStore(tx, this.store), this.time, this.timezone);
      const outcomes: KeyOutcome[] = [];
      const followUps: string[] = [];
      let first = true;
      for (const u of units) {
        const r = await this.applyKey(tx, incidents, integration, delivery.kind, u, received, followUps);
        outcomes.push(r.outcome);
        await tx.alerts.record({
          integration: integration.name,
          receivedAt: received,
          key: u.key,
          status: u.status,
          digest: r.digest,
          outcome: r.outcome.outcome,
          applied: r.outcome.outcome !== 'duplicate',
          serviceKey: r.outcome.service,
          incidentNumber: r.outcome.incident,
          alertCount: Math.min(MAX_ALERT_COUNT, u.alerts.length + u.truncated),
          summary: r.summary,
          body: first ? cut : null,
        });
        first = false;
      }
      return { outcomes, followUps };
    });
  }

  /**
   * Opens the incidents of keys held back by maintenance whose window has ended while they still fire
   * (docs/semantics.md §6). Claimed with SKIP LOCKED, so replicas share the work. Returns how many opened.
   */
  async releaseSuppressed(limit = 100): Promise<{ opened: number; followUps: string[] }> {
    const now = new Date(this.time.now().getTime());
    return this.store.transaction(async (tx) => {
      const incidents = new IncidentUseCases(boundStore(tx, this.store), this.time, this.timezone);
      const followUps: string[] = [];
      let opened = 0;
      for (const st of await tx.alerts.claimSuppressed(limit)) {
        const integration = await tx.integrations.get(st.integration);
        const service = st.serviceKey ? await tx.services.get(st.serviceKey) : null;
        if (!integration || !service || !st.firing) {
          await tx.alerts.saveKey({ ...st, suppressed: false });
          continue;
        }
        if (await inMaintenance(tx, service.key, now)) continue;
        const firing = st.alerts.filter((a) => a.firing);
        const sev = worst(firing, integration.severityMap);
        const number = await this.openFor(tx, incidents, integration, service, st, firing, sev, now, followUps, 'The maintenance window ended with these alerts still firing.');
        st.suppressed = false;
        await tx.alerts.saveKey(st);
        await tx.alerts.record({
          integration: integration.name,
          receivedAt: now,
          key: st.key,
          status: 'firing',
          digest: `release:${st.key}:${now.toISOString()}`,
          outcome: number === null ? 'storm' : 'opened',
          applied: false,
          serviceKey: service.key,
          incidentNumber: st.incidentNumber,
          alertCount: firing.length,
          summary: 'maintenance ended while firing',
          body: null,
        });
        if (number !== null) opened++;
      }
      return { opened, followUps };
    });
  }

  /** Deletes deliveries past the retention (30 days). */
  async prune(): Promise<number> {
    return this.store.transaction((tx) => tx.alerts.prune(new Date(this.time.now().getTime() - DELIVERY_RETENTION_MS)));
  }

  private async applyKey(
    tx: Repositories,
    incidents: IncidentUseCases,
    integration: Integration,
    kind: Integration['kind'],
    u: Unit,
    now: Date,
    followUps: string[],
  ): Promise<{ outcome: KeyOutcome; digest: string; summary: string | null }> {
    const st = await tx.alerts.lockKey(integration.name, u.key);
    const digest = digestOf(this.hasher, u, kind);
    // Generic events may say the same again after a change (fire, resolve, fire): only the last counts,
    // so their stored digest is made unique per delivery (even two in one millisecond).
    const recorded = kind === 'generic' ? `${digest}@${now.getTime()}.${this.hasher.newSecret().slice(0, 8)}` : digest;
    const result = (outcome: DeliveryOutcome, summary: string | null = null) => ({
      outcome: { key: u.key, outcome, incident: st.incidentNumber, service: st.serviceKey },
      digest: recorded,
      summary,
    });
    // HA pairs deliver every notification twice. Generic events have no start times, so for them only the
    // last delivery's content counts (the same event after a resolve is news).
    const duplicate = kind === 'generic' ? st.lastDigest === digest : await tx.alerts.applied(integration.name, digest);
    if (duplicate) return result('duplicate', 'already applied');

    const merged = merge(st.alerts, u, kind, !integration.perAlert && kind !== 'generic');
    st.alerts = merged.alerts;
    st.lastDigest = digest;
    st.lastDeliveryAt = now;
    if (Object.keys(u.groupLabels).length) st.groupLabels = u.groupLabels;
    if (Object.keys(u.commonLabels).length) st.commonLabels = u.commonLabels;
    if (Object.keys(u.commonAnnotations).length) st.commonAnnotations = u.commonAnnotations;
    const firing = st.alerts.filter((a) => a.firing);
    st.firing = firing.length > 0;
    st.sourceUrl = firing.find((a) => a.sourceUrl)?.sourceUrl ?? u.alerts.find((a) => a.sourceUrl)?.sourceUrl ?? st.sourceUrl;
    st.title = titleOf(u, firing);

    const service = await this.route(tx, integration, u, st);
    st.serviceKey = service?.key ?? null;
    const save = async () => tx.alerts.saveKey(st);
    if (!service) {
      await save();
      return result('unrouted', `no service: label ${integration.routeLabel} is ${JSON.stringify(u.commonLabels[integration.routeLabel] ?? u.alerts[0]?.labels[integration.routeLabel] ?? null)}`);
    }
    const actor = integrationActor(integration.name);
    const current = st.incidentNumber !== null ? await tx.incidents.get(st.incidentNumber, { forUpdate: true }) : null;
    const collect = (f: readonly string[] | undefined) => followUps.push(...(f ?? []));

    if (!st.firing) {
      st.suppressed = false;
      if (merged.allStale) {
        await save();
        return result('stale', 'an older notification arrived after a newer one');
      }
      if (!current || current.status === 'resolved') {
        await save();
        return result('unchanged', current ? 'incident already resolved' : 'nothing was firing');
      }
      const events = await tx.incidents.events(current.number);
      const since = st.autoResolvedAt;
      const human = since ? events.find((e) => e.kind === 'reopened' && e.actor.id !== actor.id && e.at >= since) : undefined;
      if (human) {
        collect((await incidents.addNote(current.number, actor, `All alerts resolved in ${integration.name}; not resolving: ${human.actor.name ?? human.actor.id} reopened it.`)).followUps);
        await save();
        return result('noted', 'reopened by a person since the automatic resolve');
      }
      collect((await incidents.resolve(current.number, actor, `All alerts resolved (${integration.name}).`)).followUps);
      st.autoResolvedAt = floorToSecond(now);
      await save();
      return result('resolved');
    }

    const sev = worst(firing, integration.severityMap);
    st.priority = sev.priority;
    st.impact = sev.impact;
    if (current && current.status !== 'resolved') {
      const changed = await this.attach(incidents, current, st, firing, sev, actor, collect);
      await save();
      return result(changed ? 'attached' : 'unchanged');
    }
    if (current && current.status === 'resolved' && st.autoResolvedAt && current.resolvedBy?.id === actor.id && now.getTime() - st.autoResolvedAt.getTime() <= integration.reopenWindowSeconds * 1000) {
      const reopened = await incidents.reopen(current.number, actor, `Alerts firing again within ${Math.round(integration.reopenWindowSeconds / 60)} min of the automatic resolve (flapping).`);
      collect(reopened.followUps);
      await this.attach(incidents, reopened.incident, st, firing, sev, actor, collect);
      await save();
      return result('reopened');
    }
    if (await inMaintenance(tx, service.key, now)) {
      st.suppressed = true;
      await save();
      return result('suppressed', 'inside a maintenance window');
    }
    const number = await this.openFor(tx, incidents, integration, service, st, firing, sev, now, followUps, null);
    await save();
    if (number === null) return result('storm', 'storm limit reached; joined the newest open incident');
    return result('opened');
  }

  /** Notes alerts not yet on the timeline and raises priority and impact to the worst firing. */
  private async attach(
    incidents: IncidentUseCases,
    incident: Incident,
    st: AlertKeyState,
    firing: KnownAlert[],
    sev: { priority: Priority; impact: Impact },
    actor: Actor,
    collect: (f: readonly string[] | undefined) => void,
  ): Promise<boolean> {
    let changed = false;
    const fresh = firing.filter((a) => !a.noted);
    if (fresh.length) {
      const names = fresh.slice(0, 10).map((a) => alertLine(a, st.commonLabels));
      const more = fresh.length > 10 ? ` and ${fresh.length - 10} more` : '';
      collect((await incidents.addNote(incident.number, actor, `Firing (${st.integration}): ${names.join('; ')}${more}`)).followUps);
      for (const a of fresh) a.noted = true;
      changed = true;
    }
    // A worse severity raises the priority (retroactively, like a person's change); a milder one never lowers it.
    if (worsePriority(sev.priority, incident.priority)) {
      collect((await incidents.changePriority(incident.number, actor, sev.priority)).followUps);
      changed = true;
    }
    if (worseImpact(sev.impact, incident.impact)) {
      collect((await incidents.changeImpact(incident.number, actor, sev.impact)).followUps);
      changed = true;
    }
    return changed;
  }

  /**
   * Opens the key's incident, unless the integration has opened its storm limit of incidents within the
   * storm window: then the key joins the service's newest open incident as a note, and the channel is
   * told once per window. Returns the number opened, or null when it joined.
   */
  private async openFor(
    tx: Repositories,
    incidents: IncidentUseCases,
    integration: Integration,
    service: Service,
    st: AlertKeyState,
    firing: KnownAlert[],
    sev: { priority: Priority; impact: Impact },
    now: Date,
    followUps: string[],
    note: string | null,
  ): Promise<number | null> {
    const actor = integrationActor(integration.name);
    // Counting under the integration's row lock keeps the limit exact across replicas; only deliveries
    // that would open an incident take it.
    await tx.integrations.lock(integration.name);
    const windowMs = integration.stormWindowSeconds * 1000;
    const recent = await tx.alerts.openedSince(integration.name, new Date(now.getTime() - windowMs));
    if (recent >= integration.stormLimit) {
      const [newest] = await tx.incidents.list({ serviceKeys: [service.key], openOnly: true, limit: 1 });
      if (newest) {
        const lines = firing.slice(0, 5).map((a) => alertLine(a, st.commonLabels));
        const joined = await incidents.addNote(newest.number, actor, `Storm: ${st.title ?? st.key} (${integration.name}) joined this incident${lines.length ? `: ${lines.join('; ')}` : ''}.`);
        followUps.push(...(joined.followUps ?? []));
        for (const a of firing) a.noted = true;
        st.incidentNumber = newest.number;
        st.autoResolvedAt = null;
        const channel = newest.channel ?? (await incidentChannel(tx, service));
        if (channel) await tx.outbox.enqueue(stormNotice(integration, service.key, newest.number, channel, now), now);
        return null;
      }
    }
    const zone = service.calendar ? (await calendarCache(tx.calendars)(service.calendar)).timezone : this.timezone;
    const starts = firing.map((a) => a.startsAt).filter((d): d is Date => d !== null && d <= now);
    const earliest = starts.length ? new Date(Math.min(...starts.map((d) => d.getTime()))) : now;
    const floor = impactStartFloor(service, floorToSecond(now), zone);
    const impactStart = earliest < floor ? floor : earliest;
    const state = await incidents.open({
      serviceKey: service.key,
      priority: sev.priority,
      impact: sev.impact,
      title: st.title ?? st.key,
      impactStart,
      actor,
      channel: await incidentChannel(tx, service),
    });
    followUps.push(...(state.followUps ?? []));
    if (note) followUps.push(...((await incidents.addNote(state.incident.number, actor, note)).followUps ?? []));
    for (const a of firing) a.noted = true;
    st.incidentNumber = state.incident.number;
    st.autoResolvedAt = null;
    st.suppressed = false;
    return state.incident.number;
  }

  /** The service of a key: the incident's, else the route label's, else the integration's default. */
  private async route(tx: Repositories, integration: Integration, u: Unit, st: AlertKeyState): Promise<Service | null> {
    const label = integration.routeLabel;
    const named = u.groupLabels[label] ?? u.commonLabels[label] ?? u.alerts.find((a) => a.labels[label])?.labels[label];
    for (const key of [st.serviceKey, named, integration.defaultService]) {
      if (!key) continue;
      const s = await tx.services.get(key);
      if (s) return s;
    }
    return null;
  }
}

/** The worst severity among the firing alerts. */
function worst(firing: KnownAlert[], map: Record<string, string>): { priority: Priority; impact: Impact } {
  let out: { priority: Priority; impact: Impact } | null = null;
  for (const a of firing) {
    const s = severityOf(a.labels, map);
    if (!out) out = { ...s };
    else {
      if (worsePriority(s.priority, out.priority)) out.priority = s.priority;
      if (worseImpact(s.impact, out.impact)) out.impact = s.impact;
    }
  }
  return out ?? { ...FALLBACK };
}

function alertLine(a: KnownAlert, common: Record<string, string>): string {
  const own = Object.entries(a.labels)
    .filter(([k, v]) => common[k] !== v && k !== 'alertname')
    .map(([k, v]) => `${k}=${v}`)
    .slice(0, 4);
  return cut([a.labels.alertname ?? a.fingerprint, ...own].join(' '), 160);
}

async function inMaintenance(tx: Repositories, serviceKey: string, now: Date): Promise<boolean> {
  return (await tx.maintenance.overlapping([serviceKey], now, new Date(now.getTime() + 1))).length > 0;
}

/**
 * Where monitoring posts a service's incident cards: the channel set with `service set <key> --channel`,
 * else the service's first subscribed channel, else none (the incident still opens; `incidents` shows it).
 */
export async function incidentChannel(tx: Repositories, service: Service): Promise<ChannelRef | null> {
  if (service.channel) return service.channel;
  const subs = await tx.subscriptions.forService(service.key);
  const first = [...subs].sort((a, b) => a.id - b.id)[0];
  return first?.channel ?? null;
}

function stormNotice(integration: Integration, service: string, incident: number, channel: ChannelRef, now: Date): OutboxEntry {
  const bucket = Math.floor(now.getTime() / (integration.stormWindowSeconds * 1000));
  return {
    key: `storm:${integration.name}:${service}:${bucket}:${channel.platform}:${channel.id}`,
    channel,
    incidentNumber: incident,
    payload: { type: 'alert.storm', integration: integration.name, service, incident, limit: integration.stormLimit, windowSeconds: integration.stormWindowSeconds },
    notBefore: now,
  };
}

/** `INC-7`, for delivery lists. */
export function incidentRef(n: number | null): string {
  return n === null ? '—' : formatIncidentRef(n);
}
