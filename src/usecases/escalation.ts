/**
 * Escalation (docs/semantics.md §7): every change of an incident re-arms its escalation in the same
 * transaction (`armEscalation`, called by the incident use cases alone), and the escalation sweep fires
 * the levels that are due — each an outbox row with a key per incident, level, round and channel, so a
 * page goes out exactly once across replicas and restarts. Due escalations are found by an index on
 * their next instant and claimed with SKIP LOCKED, like due clocks: no scan of open incidents.
 */
import type { Calendar } from '../calendar/index.ts';
import { channelKey, directChannel, type ChannelRef } from '../domain/channel.ts';
import type { Incident, IncidentEvent } from '../domain/incident.ts';
import type { EscalationPolicy, Person } from '../domain/oncall.ts';
import { planEscalation, type AckClock } from '../oncall/escalation-plan.ts';
import { samePerson, whoIsOnCall } from '../oncall/rota.ts';
import type { FiredEscalation, IncidentEscalation, StoredRota } from '../ports/oncall.ts';
import type { OutboxEntry, Repositories, Store, Subscription } from '../ports/store.ts';
import type { ClockKind } from '../sla/clock.ts';
import type { StoredClock } from '../sla/types.ts';
import type { EscalationStatus } from '../model/incident-state.ts';
import type { TimeSource } from '../time-source.ts';
import { recipients } from './audience.ts';
import { calendarCache } from './calendars.ts';
import { outboxKeys } from './outbox-keys.ts';

type ClockLike = { kind: ClockKind; targetSeconds: number; calendar: string };

/** The acknowledge clock the `at N%` levels follow, from the incident's stored clocks. */
export async function ackClockOf(clocks: readonly ClockLike[], calendar: (name: string | null) => Promise<Calendar>): Promise<AckClock> {
  const ack = clocks.find((c) => c.kind === 'ack');
  return ack ? { calendar: await calendar(ack.calendar), targetMs: ack.targetSeconds * 1000 } : null;
}

/**
 * Re-arms the incident's escalation after a change: when to look next (now, if a level is due). Levels
 * are fired by the sweep only, so a page has one way out. Without a policy there is nothing to do; a row
 * left from a removed policy is cleared by the sweep.
 */
export async function armEscalation(tx: Repositories, incident: Incident, events: readonly IncidentEvent[], clocks: readonly ClockLike[], now: Date): Promise<void> {
  const policy = await tx.escalations.policyFor(incident.serviceKey, incident.priority);
  if (!policy) return;
  const existing = await tx.escalations.lock(incident.number);
  const row = existing ?? { incidentNumber: incident.number, fired: [], dueAt: null };
  const ack = await ackClockOf(clocks, calendarCache(tx.calendars));
  const plan = planEscalation({ policy, events, ack, fired: row.fired, now });
  const dueAt = plan.fire.length ? now : plan.dueAt;
  if (row.dueAt?.getTime() === dueAt?.getTime() && (existing || dueAt === null)) return;
  await tx.escalations.save({ ...row, dueAt });
}

/** Whom a level pages at `at`: people (rotas resolved to who is on call), user groups, channels. */
export type Paged = { people: Person[]; groups: Array<{ id: string; handle?: string }>; channels: ChannelRef[]; emptyRotas: string[] };

export function resolveTargets(policy: EscalationPolicy, level: number, rotas: ReadonlyMap<string, StoredRota>, at: Date): Paged {
  const out: Paged = { people: [], groups: [], channels: [], emptyRotas: [] };
  const addPerson = (p: Person) => {
    if (!out.people.some((q) => samePerson(p, q))) out.people.push(p);
  };
  for (const t of policy.levels[level]?.targets ?? []) {
    if (t.kind === 'person') addPerson(t.person);
    else if (t.kind === 'group') out.groups.push(t.handle ? { id: t.id, handle: t.handle } : { id: t.id });
    else if (t.kind === 'channel') {
      if (!out.channels.some((c) => channelKey(c) === channelKey(t.channel))) out.channels.push(t.channel);
    } else {
      const rota = rotas.get(t.rota);
      const person = rota ? whoIsOnCall(rota, at).current?.person : undefined;
      if (person) addPerson(person);
      else out.emptyRotas.push(t.rota);
    }
  }
  return out;
}

export function rotaNames(policy: EscalationPolicy): string[] {
  return [...new Set(policy.levels.flatMap((l) => l.targets.flatMap((t) => (t.kind === 'rota' ? [t.rota] : []))))];
}

/**
 * Whom the incident's escalation pages now and next, for its card; null when its service has no policy.
 * The next level's people are who will be on call when it fires.
 */
export async function escalationStatus(r: Repositories, incident: Incident, events: readonly IncidentEvent[], clocks: readonly ClockLike[], now: Date): Promise<EscalationStatus | null> {
  const policy = await r.escalations.policyFor(incident.serviceKey, incident.priority);
  if (!policy) return null;
  const row = await r.escalations.get(incident.number);
  const fired = row?.fired ?? [];
  const plan = planEscalation({ policy, events, ack: await ackClockOf(clocks, calendarCache(r.calendars)), fired, now });
  const last = fired[fired.length - 1];
  const nextStep = plan.fire[0] ?? plan.next;
  let next: EscalationStatus['next'] = null;
  if (nextStep) {
    const when = plan.fire.length ? now : plan.dueAt;
    const rotas = await r.rotas.getMany(rotaNames(policy), now);
    const paged = resolveTargets(policy, nextStep.level, rotas, when ?? now);
    next = { level: nextStep.level, round: nextStep.round, at: when, people: paged.people, groups: paged.groups, emptyRotas: paged.emptyRotas };
  }
  const snoozedUntil = plan.phase === 'snoozed' ? plan.dueAt : null;
  return {
    paging: last ? { level: last.level, round: last.round, at: last.at, people: last.paged, emptyRotas: last.emptyRotas } : null,
    next: plan.phase === 'snoozed' && next ? { ...next, at: snoozedUntil } : next,
    levels: policy.levels.length,
    snoozedUntil,
  };
}

export type EscalationSweepResult = { claimed: number; fired: number };

export class EscalationSweep {
  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
  ) {}

  /** One batch; call again while `claimed === limit`. */
  async run(limit = 100): Promise<EscalationSweepResult> {
    const now = new Date(Math.floor(this.time.now().getTime() / 1000) * 1000);
    return this.store.transaction(async (tx) => {
      const due = await tx.escalations.claimDue(now, limit);
      const result: EscalationSweepResult = { claimed: due.length, fired: 0 };
      if (due.length === 0) return result;
      const numbers = due.map((d) => d.incidentNumber);
      const [incidents, clocks] = await Promise.all([tx.incidents.getManyWithEvents(numbers), tx.clocks.forIncidents(numbers)]);
      const calendar = calendarCache(tx.calendars);
      const outbox: OutboxEntry[] = [];
      const rotaCache = new Map<string, StoredRota>();
      const policyCache = new Map<string, Promise<EscalationPolicy | null>>();
      const policyOf = (serviceKey: string, priority: Incident['priority']) => {
        const k = `${serviceKey}\u0000${priority}`;
        let p = policyCache.get(k);
        if (!p) policyCache.set(k, (p = tx.escalations.policyFor(serviceKey, priority)));
        return p;
      };
      const saves: IncidentEscalation[] = [];
      let subscriptions: Subscription[] | undefined;
      for (const row of due) {
        const found = incidents.get(row.incidentNumber);
        const policy = found ? await policyOf(found.incident.serviceKey, found.incident.priority) : null;
        if (!found || !policy) {
          saves.push({ ...row, dueAt: null });
          continue;
        }
        const { incident, events } = found;
        const ack = await ackClockOf(
          clocks.filter((c: StoredClock) => c.incidentNumber === incident.number),
          calendar,
        );
        const plan = planEscalation({ policy, events, ack, fired: row.fired, now });
        const fired: FiredEscalation[] = [...row.fired];
        if (plan.fire.length) {
          const missing = rotaNames(policy).filter((r) => !rotaCache.has(r));
          for (const [name, rota] of await tx.rotas.getMany(missing, now)) rotaCache.set(name, rota);
        }
        for (const step of plan.fire) {
          const paged = resolveTargets(policy, step.level, rotaCache, now);
          fired.push({ level: step.level, round: step.round, at: now, tauMs: step.tauMs, paged: paged.people, emptyRotas: paged.emptyRotas });
          // An incident with no card anywhere (opened from the CLI, say) is paged in its service's channels.
          const fallback = incident.channel ? [] : recipients('alert', { serviceKey: incident.serviceKey }, (subscriptions ??= await tx.subscriptions.list()));
          const direct = await reachable(tx, paged.people);
          outbox.push(...pageEntries(incident, policy, step, paged, direct, fallback, now));
          result.fired++;
        }
        saves.push({ incidentNumber: row.incidentNumber, fired, dueAt: plan.dueAt });
      }
      await tx.escalations.saveMany(saves);
      await tx.outbox.enqueueMany(outbox, now);
      return result;
    });
  }
}

/**
 * The people a direct message can reach. Teams can only post in a 1:1 chat the person has with Pacta,
 * known by its stored conversation reference under the direct channel's key; without one the mention in
 * the channel is their page. Slack opens the DM itself, and the console prints it.
 */
async function reachable(tx: Repositories, people: readonly Person[]): Promise<Person[]> {
  const out: Person[] = [];
  for (const p of people) if (p.platform !== 'teams' || (await tx.conversations.get(channelKey(directChannel(p)))) !== null) out.push(p);
  return out;
}

/** The outbox rows of one fired level: the card's thread, each target channel, each person directly. */
function pageEntries(
  incident: Incident,
  policy: EscalationPolicy,
  step: { level: number; round: number },
  paged: Paged,
  direct: readonly Person[],
  fallback: readonly ChannelRef[],
  now: Date,
): OutboxEntry[] {
  const n = incident.number;
  const payload = {
    type: 'escalation.page' as const,
    incident: n,
    level: step.level,
    round: step.round,
    levels: policy.levels.length,
    paged: paged.people,
    groups: paged.groups,
    emptyRotas: paged.emptyRotas,
  };
  const channels = new Map<string, ChannelRef>();
  for (const c of recipients('card', { serviceKey: incident.serviceKey, origin: incident.channel }, [])) channels.set(channelKey(c), c);
  for (const c of paged.channels) channels.set(channelKey(c), c);
  if (channels.size === 0) for (const c of fallback) channels.set(channelKey(c), c);
  const out: OutboxEntry[] = [...channels.values()].map((channel) => ({
    key: outboxKeys.escalation(n, step.level, step.round, channel),
    channel,
    incidentNumber: n,
    payload,
    notBefore: now,
    paced: false,
  }));
  for (const person of direct) {
    out.push({
      key: outboxKeys.escalationDirect(n, step.level, step.round, person),
      channel: directChannel(person),
      incidentNumber: n,
      payload: { type: 'escalation.direct', incident: n, level: step.level, round: step.round },
      notBefore: now,
      paced: false,
    });
  }
  return out;
}
