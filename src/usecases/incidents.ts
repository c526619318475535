/**
 * Incident lifecycle (docs/semantics.md §2). Each action is one transaction: lock the incident, check the
 * transition, append the event, recompute both clocks from the whole timeline, store them, and queue
 * any notifications — all committed together or not at all.
 */
import { DateTime } from 'luxon';
import type { TimeSource } from '../time-source.ts';
import type { ChannelRef } from '../domain/channel.ts';
import { formatIncidentRef } from '../domain/incident-id.ts';
import {
  effectiveEvents,
  type Actor,
  type Impact,
  type Incident,
  type IncidentEvent,
  type Priority,
} from '../domain/incident.ts';
import { DEFAULT_WARNING_THRESHOLDS, type Service } from '../domain/service.ts';
import { BadArgumentError, ConflictError, NotFoundError } from '../errors.ts';
import { zoneAbbreviation } from '../messages/time-text.ts';
import type { IncidentState } from '../model/incident-state.ts';
import type { Repositories, Store } from '../ports/store.ts';
import { CLOCK_KINDS, evaluateClock, type ClockEvaluation, type ClockKind } from '../sla/clock.ts';
import { sameClock, toStoredClock } from '../sla/stored.ts';
import type { ClockSummary, IncidentClock, StoredClock } from '../sla/types.ts';
import { MAX_ROLLING_DAYS, earliestImpactStart, parseSloWindow } from '../slo/window.ts';
import { floorToSecond } from '../time.ts';
import { calendarCache } from './calendars.ts';
import { queueFollowUps, type ReactionVia } from './follow-ups.ts';
import { armEscalation, escalationStatus } from './escalation.ts';
import { sourceOf } from './monitoring-source.ts';

export type OpenIncidentInput = {
  serviceKey: string;
  priority: Priority;
  title: string;
  impact?: Impact;
  /**
   * When the impact began, if before now (`--since`, a monitoring alert's start). Bounded
   * (docs/semantics.md §3): not in the future, and not more than the service's window before now.
   */
  impactStart?: Date;
  actor: Actor;
  channel?: ChannelRef | null;
};

/**
 * Options of a change. `dedupeKey` makes a retried inbound event (Slack `event_id`, Teams activity id)
 * act once: the key is recorded in the same transaction as the change, and a second delivery throws
 * `DuplicateEventError` without changing anything.
 */
export type ChangeOptions = {
  dedupeKey?: string;
  /** The change was made by reacting to a message: its thread hears who did what. */
  via?: Omit<ReactionVia, 'delivery'>;
};

/** A retried inbound event that was already acted on. */
export class DuplicateEventError extends Error {
  override readonly name = 'DuplicateEventError';
}

/** How long after acknowledging or resolving the same person can take it back (docs/semantics.md §4). */
export const UNDO_WINDOW_MS = 60_000;

const MAX_TITLE = 200;

/** The longest snooze: a day. Longer is not a snooze but a decision to stop paging, which is acknowledging. */
export const MAX_SNOOZE_SECONDS = 86_400;

export class IncidentUseCases {
  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
    /**
     * Deployment zone: the calendar windows (`month`) of services without a calendar are cut in it, as in
     * QueryUseCases; it only decides the length of the month that bounds an impact start.
     */
    private readonly timezone: string = 'UTC',
  ) {}

  async open(input: OpenIncidentInput): Promise<IncidentState> {
    const title = input.title.trim().replace(/\s+/g, ' ');
    if (!title) throw new BadArgumentError('An incident needs a title, e.g. `open payments P1 Card payments failing`.');
    if (title.length > MAX_TITLE) throw new BadArgumentError(`The title is ${title.length} characters; keep it under ${MAX_TITLE}.`);
    const now = this.now();
    const impactStart = input.impactStart ? floorToSecond(input.impactStart) : now;
    if (impactStart > now) throw new BadArgumentError('`--since` must be in the past: the impact cannot start later than now.');
    return this.store.transaction(async (tx) => {
      const service = await tx.services.get(input.serviceKey);
      if (!service) throw new NotFoundError(`There is no service "${input.serviceKey}". \`service list\` shows the services.`);
      const zone = service.calendar ? (await calendarCache(tx.calendars)(service.calendar)).timezone : this.timezone;
      checkImpactStart(service, impactStart, now, zone);
      const number = await tx.incidents.allocateNumber();
      const incident: Incident = {
        number,
        serviceKey: service.key,
        priority: input.priority,
        title,
        impact: input.impact ?? 'outage',
        impactStart,
        status: 'open',
        openedAt: now,
        openedBy: input.actor,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        resolvedBy: null,
        channel: input.channel ?? null,
      };
      await tx.incidents.insert(incident);
      const opened: IncidentEvent = { kind: 'opened', at: now, actor: input.actor, text: title, data: { priority: input.priority, impact: incident.impact } };
      await tx.incidents.appendEvent(number, opened);
      const clocks = await recomputeClocks(tx, incident, [opened], now, 'policy');
      await armEscalation(tx, incident, [opened], clocks.map((c) => c.stored), now);
      const followUps = await queueFollowUps(tx, incident, { kind: 'opened' }, now);
      return { incident, events: [opened], clocks, now, followUps };
    });
  }

  acknowledge(number: number, actor: Actor, opts: ChangeOptions = {}): Promise<IncidentState> {
    return this.change(number, opts, (inc, now) => {
      if (inc.status === 'resolved') throw new ConflictError(`${ref(inc)} is resolved; \`reopen ${ref(inc)}\` first if it is back.`);
      if (inc.acknowledgedAt) throw new ConflictError(`${ref(inc)} was already acknowledged by ${who(inc.acknowledgedBy)}.`);
      inc.acknowledgedAt = now;
      inc.acknowledgedBy = actor;
      if (inc.status === 'open') inc.status = 'acknowledged';
      return { kind: 'acknowledged', at: now, actor };
    });
  }

  pause(number: number, actor: Actor, reason: string | null, opts: ChangeOptions = {}): Promise<IncidentState> {
    return this.change(number, opts, (inc, now) => {
      if (inc.status === 'paused') throw new ConflictError(`${ref(inc)} is already paused.`);
      if (inc.status === 'resolved') throw new ConflictError(`${ref(inc)} is resolved; only open incidents can be paused.`);
      inc.status = 'paused';
      return { kind: 'paused', at: now, actor, text: clean(reason) };
    });
  }

  resume(number: number, actor: Actor, opts: ChangeOptions = {}): Promise<IncidentState> {
    return this.change(number, opts, (inc, now) => {
      if (inc.status !== 'paused') throw new ConflictError(`${ref(inc)} is ${inc.status}, not paused; only a paused incident can be resumed.`);
      inc.status = inc.acknowledgedAt ? 'acknowledged' : 'open';
      return { kind: 'resumed', at: now, actor };
    });
  }

  resolve(number: number, actor: Actor, note: string | null, opts: ChangeOptions = {}): Promise<IncidentState> {
    return this.change(number, opts, (inc, now) => {
      if (inc.status === 'resolved') throw new ConflictError(`${ref(inc)} was already resolved by ${who(inc.resolvedBy)}.`);
      // Remembered so that an undo can put the incident back exactly as it was.
      const previous = inc.status;
      inc.status = 'resolved';
      inc.resolvedAt = now;
      inc.resolvedBy = actor;
      return { kind: 'resolved', at: now, actor, text: clean(note), data: { previous } };
    });
  }

  /**
   * Takes back an acknowledgement or a resolution made by the same person less than a minute ago, as if
   * it had not happened (the clocks count on through it). Used when a reaction is removed.
   */
  undo(number: number, actor: Actor, what: 'acknowledged' | 'resolved', opts: ChangeOptions = {}): Promise<IncidentState> {
    return this.change(number, opts, (inc, now, events) => {
      const last = [...effectiveEvents(events)].reverse().find((e) => e.kind === what);
      const inEffect = what === 'acknowledged' ? inc.acknowledgedAt !== null : inc.status === 'resolved';
      if (!last || !inEffect) throw new ConflictError(`${ref(inc)} is not ${what}; there is nothing to take back.`);
      if (last.actor.platform !== actor.platform || last.actor.id !== actor.id) throw new ConflictError(`Only ${who(last.actor)} can take back what they did.`);
      if (now.getTime() - last.at.getTime() > UNDO_WINDOW_MS) throw new ConflictError(`It is more than a minute since ${ref(inc)} was ${what}; use \`${what === 'resolved' ? 'reopen' : 'note'} ${ref(inc)}\` instead.`);
      if (what === 'acknowledged') {
        inc.acknowledgedAt = null;
        inc.acknowledgedBy = null;
        if (inc.status === 'acknowledged') inc.status = 'open';
      } else {
        const previous = last.data?.previous;
        inc.status = previous === 'paused' || previous === 'acknowledged' || previous === 'open' ? previous : inc.acknowledgedAt ? 'acknowledged' : 'open';
        inc.resolvedAt = null;
        inc.resolvedBy = null;
      }
      return { kind: 'undone', at: now, actor, data: { of: what } };
    });
  }

  reopen(number: number, actor: Actor, reason: string | null = null, opts: ChangeOptions = {}): Promise<IncidentState> {
    return this.change(number, opts, (inc, now) => {
      if (inc.status !== 'resolved') throw new ConflictError(`${ref(inc)} is ${inc.status}; only a resolved incident can be reopened.`);
      inc.status = inc.acknowledgedAt ? 'acknowledged' : 'open';
      inc.resolvedAt = null;
      inc.resolvedBy = null;
      return { kind: 'reopened', at: now, actor, text: clean(reason) };
    });
  }

  changePriority(number: number, actor: Actor, priority: Priority, opts: ChangeOptions = {}): Promise<IncidentState> {
    return this.change(
      number,
      opts,
      (inc, now) => {
        if (inc.status === 'resolved') throw new ConflictError(`${ref(inc)} is resolved; reopen it to change its priority.`);
        if (inc.priority === priority) throw new ConflictError(`${ref(inc)} is already ${priority}.`);
        const from = inc.priority;
        inc.priority = priority;
        return { kind: 'priority_changed', at: now, actor, data: { from, to: priority } };
      },
      'policy',
    );
  }

  changeImpact(number: number, actor: Actor, impact: Impact, opts: ChangeOptions = {}): Promise<IncidentState> {
    return this.change(number, opts, (inc, now) => {
      if (inc.impact === impact) throw new ConflictError(`${ref(inc)} already has impact ${impact}.`);
      const from = inc.impact;
      inc.impact = impact;
      return { kind: 'impact_changed', at: now, actor, data: { from, to: impact } };
    });
  }

  /**
   * Holds the incident's escalation for `seconds` (docs/semantics.md §7); the SLA clocks go on. A new
   * snooze replaces the one running. The card's thread hears who snoozed it and until when.
   */
  snooze(number: number, actor: Actor, seconds: number, opts: ChangeOptions = {}): Promise<IncidentState> {
    if (!Number.isInteger(seconds) || seconds < 60 || seconds > MAX_SNOOZE_SECONDS) {
      throw new BadArgumentError('Snooze for between 1 minute and 24 hours, e.g. `snooze INC-42 1h`.');
    }
    return this.change(number, opts, (inc, now) => {
      if (inc.status === 'resolved') throw new ConflictError(`${ref(inc)} is resolved; nothing escalates.`);
      if (inc.acknowledgedAt) throw new ConflictError(`${ref(inc)} was acknowledged by ${who(inc.acknowledgedBy)}; nothing escalates.`);
      return { kind: 'snoozed', at: now, actor, data: { until: new Date(now.getTime() + seconds * 1000).toISOString() } };
    });
  }

  addNote(number: number, actor: Actor, text: string, opts: ChangeOptions = {}): Promise<IncidentState> {
    const body = clean(text);
    if (!body) throw new BadArgumentError('A note needs some text, e.g. `note INC-42 rollback started`.');
    return this.change(number, opts, (_inc, now) => ({ kind: 'note', at: now, actor, text: body }));
  }

  /**
   * Whether the incident's title may be shown on the public status page of its service
   * (docs/dashboard.md). Not a timeline event: the SLA clocks and the cards are untouched. Returns the
   * incident as it now is; setting the flag it already has changes nothing.
   */
  async setPublic(number: number, value: boolean): Promise<{ incident: Incident; changed: boolean }> {
    return this.store.transaction(async (tx) => {
      const incident = await tx.incidents.get(number, { forUpdate: true });
      if (!incident) throw notFound(number);
      if ((incident.public ?? false) === value) return { incident, changed: false };
      const next = { ...incident, public: value };
      await tx.incidents.update(next);
      return { incident: next, changed: true };
    });
  }

  /** The incident, its timeline and live clocks, without changing anything. */
  async get(number: number): Promise<IncidentState> {
    const now = this.now();
    const r = this.store.read;
    const incident = await r.incidents.get(number);
    if (!incident) throw notFound(number);
    const events = await r.incidents.events(number);
    const stored = await r.clocks.forIncidents([number]);
    const calendar = calendarCache(r.calendars);
    const clocks: IncidentClock[] = [];
    for (const row of stored) {
      const cal = await calendar(row.calendar);
      clocks.push({ stored: row, evaluation: evaluateClock(row.kind, events, cal, row.targetSeconds * 1000, now) });
    }
    const key = await r.alerts.forIncident(number);
    const integration = key ? await r.integrations.get(key.integration) : null;
    const source = key && integration ? sourceOf(key, integration.kind) : null;
    const escalation = await escalationStatus(r, incident, events, stored, now);
    return { incident, events, clocks: sortClocks(clocks), now, ...(source ? { source } : {}), ...(escalation ? { escalation } : {}) };
  }

  private now(): Date {
    return floorToSecond(this.time.now());
  }

  private change(
    number: number,
    opts: ChangeOptions,
    apply: (incident: Incident, now: Date, events: IncidentEvent[]) => IncidentEvent,
    targets: 'stored' | 'policy' = 'stored',
  ): Promise<IncidentState> {
    const now = this.now();
    return this.store.transaction(async (tx) => {
      if (opts.dedupeKey && !(await tx.processed.markProcessed(opts.dedupeKey, now))) throw new DuplicateEventError(opts.dedupeKey);
      const incident = await tx.incidents.get(number, { forUpdate: true });
      if (!incident) throw notFound(number);
      const prior = await tx.incidents.events(number);
      const event = apply(incident, now, prior);
      await tx.incidents.update(incident);
      await tx.incidents.appendEvent(number, event);
      const events = [...prior, event];
      const clocks = await recomputeClocks(tx, incident, events, now, targets);
      await armEscalation(tx, incident, events, clocks.map((c) => c.stored), now);
      const via = opts.via ? { ...opts.via, delivery: opts.dedupeKey ?? `${event.kind}:${events.length}` } : undefined;
      const snoozed = event.kind === 'snoozed' && event.data?.until ? { actor: event.actor, until: event.data.until } : undefined;
      const followUps = await queueFollowUps(tx, incident, { kind: 'changed', version: events.length, via, snoozed }, now);
      return { incident, events, clocks, now, followUps };
    });
  }
}

/**
 * Refuses an impact start more than the service's window before now (docs/semantics.md §3), so that a typo
 * such as `--since 1970-01-01` cannot wipe out a budget; see `earliestImpactStart` for the bound of
 * calendar windows and of services without an objective. Every way of opening an incident passes here.
 *
 * docs/semantics.md §3 also bounds it by the service's creation. The store does not yet give a service's
 * creation instant (`Service` has none), so only the window bound applies; within it, downtime before a
 * service existed can only be typed on purpose.
 * @throws BadArgumentError naming the earliest start allowed, in the service's zone.
 */
export function checkImpactStart(service: Service, impactStart: Date, now: Date, timezone: string): void {
  const earliest = impactStartFloor(service, now, timezone);
  if (impactStart >= earliest) return;
  const why = service.objective
    ? `${service.key} measures availability over ${windowWords(service.objective.window)}, so an impact can start no earlier than one window before now`
    : `an impact can start at most ${MAX_ROLLING_DAYS} days before now`;
  throw new BadArgumentError(
    `The impact start ${instantText(impactStart, timezone)} is too far back: ${why}, ${instantText(earliest, timezone)}. Check the date given with \`--since\`.`,
  );
}

/** The earliest impact start allowed at `now` (see {@link checkImpactStart}); monitoring clamps to it. */
export function impactStartFloor(service: Service, now: Date, timezone: string): Date {
  return earliestImpactStart(service.objective ? parseSloWindow(service.objective.window) : null, now, timezone);
}

function windowWords(window: string): string {
  const days = /^(\d+)d$/.exec(window);
  if (!days) return `a calendar ${window}`;
  return days[1] === '1' ? 'the last day' : `the last ${days[1]} days`;
}

/** `Sat 24 Oct 2026 10:00 CEST`: with the year, since the start refused may be decades off. */
function instantText(t: Date, zone: string): string {
  return `${DateTime.fromJSDate(t, { zone }).setLocale('en-GB').toFormat('ccc d LLL yyyy HH:mm')} ${zoneAbbreviation(t, zone)}`;
}

/**
 * Recomputes and stores an incident's clocks from its whole timeline. With `policy`, targets and calendar
 * come from the SLA policy for its service and current priority (on open, and retroactively on a priority
 * change); otherwise the clocks keep the targets they were started with. Warnings and breach alerts that
 * already fired stay fired; the ones not yet fired are re-armed at their new instants.
 */
export async function recomputeClocks(
  tx: Repositories,
  incident: Incident,
  events: IncidentEvent[],
  now: Date,
  targets: 'stored' | 'policy',
): Promise<IncidentClock[]> {
  const previous = await tx.clocks.forIncidents([incident.number]);
  const calendar = calendarCache(tx.calendars);
  const specs: Array<{ kind: ClockKind; targetSeconds: number; calendar: string; thresholds: number[] }> = [];
  if (targets === 'policy') {
    const policy = await tx.policies.get(incident.serviceKey, incident.priority);
    const service = await tx.services.get(incident.serviceKey);
    const calendarName = policy?.calendar ?? service?.calendar ?? '24x7';
    const thresholds = policy?.warningThresholds ?? [...DEFAULT_WARNING_THRESHOLDS];
    for (const kind of CLOCK_KINDS) {
      const target = kind === 'ack' ? policy?.ackTargetSeconds : policy?.resolveTargetSeconds;
      if (target) specs.push({ kind, targetSeconds: target, calendar: calendarName, thresholds });
    }
  } else {
    for (const p of previous) specs.push({ kind: p.kind, targetSeconds: p.targetSeconds, calendar: p.calendar, thresholds: p.warningThresholds });
  }
  const clocks: IncidentClock[] = [];
  for (const spec of specs) {
    const cal = await calendar(spec.calendar);
    const evaluation = evaluateClock(spec.kind, events, cal, spec.targetSeconds * 1000, now);
    const prev = previous.find((p) => p.kind === spec.kind) ?? null;
    const row = toStoredClock(incident.number, spec.calendar, cal, evaluation, now, prev, spec.thresholds);
    clocks.push({ stored: row, evaluation });
  }
  // A change that leaves every clock as it was (a note, say) writes nothing: the stored rows still say
  // where each clock stands, and the summary is made of the same fields.
  const unchanged = previous.length === clocks.length && clocks.every((c) => sameClock(previous.find((p) => p.kind === c.stored.kind) ?? null, c.stored));
  if (!unchanged) {
    await tx.clocks.replace(
      incident.number,
      clocks.map((c) => c.stored),
    );
    await tx.incidents.setClockSummary(incident.number, clockSummary(clocks.map((c) => c.stored)));
  }
  return sortClocks(clocks);
}

/** The incident's clocks in brief, for `status` at scale: earliest due among unmet clocks, earliest breach. */
export function clockSummary(clocks: StoredClock[]): ClockSummary {
  let due: StoredClock | null = null;
  let breachAt: Date | null = null;
  for (const c of clocks) {
    // On a tie the acknowledge clock is the one named.
    if (c.state !== 'met' && c.dueAt && (!due || c.dueAt < due.dueAt! || (c.dueAt.getTime() === due.dueAt!.getTime() && c.kind === 'ack'))) due = c;
    if (c.breachedAt && (!breachAt || c.breachedAt < breachAt)) breachAt = c.breachedAt;
  }
  return { dueAt: due?.dueAt ?? null, dueClock: due?.kind ?? null, breachAt };
}

function sortClocks(clocks: IncidentClock[]): IncidentClock[] {
  return clocks.sort((a, b) => CLOCK_KINDS.indexOf(a.stored.kind) - CLOCK_KINDS.indexOf(b.stored.kind));
}

function ref(i: Incident): string {
  return formatIncidentRef(i.number);
}

function who(a: Actor | null): string {
  return a ? (a.name ?? a.id) : 'someone';
}

/** Notes, reasons and resolve notes: trimmed, and bounded so one message cannot fill a card. */
const MAX_TEXT = 2000;

function clean(s: string | null | undefined): string | null {
  const t = (s ?? '').trim();
  if (t.length > MAX_TEXT) throw new BadArgumentError(`That text is ${t.length} characters; keep it under ${MAX_TEXT}.`);
  return t ? t : null;
}

function notFound(number: number): NotFoundError {
  return new NotFoundError(`There is no incident ${formatIncidentRef(number)}. \`incidents\` lists the open ones.`);
}
