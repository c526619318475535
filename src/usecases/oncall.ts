/**
 * On-call rotas and escalation policies, as people manage them (docs/semantics.md §7): add a rota, put
 * someone on call instead for a while, ask who is on call and who is next, lay out the weeks ahead; set
 * a service's escalation policy and see whom it would page when.
 */
import type { Actor, Priority } from '../domain/incident.ts';
import type { EscalationPolicy, Handoff, OnCallNow, Person, RotaOverride, Shift } from '../domain/oncall.ts';
import { isIanaZoneName } from '../calendar/zone-name.ts';
import { BadArgumentError, ConflictError, NotFoundError } from '../errors.ts';
import { planEscalation, stepOrder, type FiredStep } from '../oncall/escalation-plan.ts';
import { handoffAtOrBefore, samePerson, schedule, whoIsOnCall } from '../oncall/rota.ts';
import type { StoredRota } from '../ports/oncall.ts';
import type { Store } from '../ports/store.ts';
import type { TimeSource } from '../time-source.ts';
import { ackClockOf, armEscalation, resolveTargets, rotaNames, type Paged } from './escalation.ts';
import { calendarCache } from './calendars.ts';

const ROTA_NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const MAX_ROTA_MEMBERS = 100;
/** Overrides kept per rota that have not ended: more is a schedule, not overrides. */
export const MAX_OVERRIDES = 1000;
export const MAX_OVERRIDE_DAYS = 90;
export const MAX_SHOW_WEEKS = 26;
/** Open incidents of a service re-armed at once when its policy changes. */
const REARM_LIMIT = 1000;

export type RotaInput = { name: string; zone: string; handoff: Handoff; members: Person[] };
export type OnCall = { rota: StoredRota; now: OnCallNow };
/** One step of `escalation test`: when it would fire for an incident opened now, and whom it would page. */
export type PlannedPage = { level: number; round: number; at: Date; paged: Paged };

export class OncallUseCases {
  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
  ) {}

  private now(): Date {
    return new Date(Math.floor(this.time.now().getTime() / 1000) * 1000);
  }

  async addRota(input: RotaInput, actor: Actor): Promise<StoredRota> {
    const name = input.name.toLowerCase();
    if (!ROTA_NAME.test(name)) throw new BadArgumentError(`"${input.name}" is not a rota name: use letters, digits, - or _, e.g. \`primary\`.`);
    if (!isIanaZoneName(input.zone)) throw new BadArgumentError(`"${input.zone}" is not a time zone: use an IANA name such as Europe/Berlin.`);
    if (input.members.length > MAX_ROTA_MEMBERS) throw new BadArgumentError(`A rota takes at most ${MAX_ROTA_MEMBERS} members.`);
    const now = this.now();
    const rota = { name, zone: input.zone, handoff: input.handoff, members: input.members, anchor: handoffAtOrBefore(input.handoff, input.zone, now), createdBy: actor, createdAt: now };
    return this.store.transaction(async (tx) => {
      if (!(await tx.rotas.add(rota))) throw new ConflictError(`There is already a rota "${name}". \`oncall remove ${name}\` first to replace it.`);
      return { ...rota, overrides: [] };
    });
  }

  async removeRota(name: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      const naming = (await tx.escalations.all()).filter((p) => rotaNames(p).includes(name));
      if (naming.length) {
        const where = naming.map((p) => `${p.serviceKey}${p.priority ? ` ${p.priority}` : ''}`).join(', ');
        throw new ConflictError(`The escalation of ${where} pages rota ${name}: change that first (\`escalation set\`).`);
      }
      if (!(await tx.rotas.remove(name))) throw notFound(name);
    });
  }

  async override(name: string, person: Person, from: Date, until: Date, actor: Actor): Promise<RotaOverride> {
    const now = this.now();
    if (until <= from) throw new BadArgumentError('An override must end after it starts.');
    if (until <= now) throw new BadArgumentError('That override would already be over: give an end in the future.');
    if (until.getTime() - from.getTime() > MAX_OVERRIDE_DAYS * 86_400_000) throw new BadArgumentError(`An override lasts at most ${MAX_OVERRIDE_DAYS} days; change the rota for longer.`);
    return this.store.transaction(async (tx) => {
      const rota = await tx.rotas.get(name, now);
      if (!rota) throw notFound(name);
      if (rota.overrides.length >= MAX_OVERRIDES) throw new ConflictError(`Rota ${name} has ${MAX_OVERRIDES} overrides to come; remove some first.`);
      return tx.rotas.addOverride(name, { person, from: from < now ? now : from, until, createdAt: now }, actor);
    });
  }

  async removeOverride(name: string, id: number): Promise<void> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.rotas.removeOverride(name, id))) throw new NotFoundError(`Rota ${name} has no override #${id}. \`oncall show ${name}\` lists them.`);
    });
  }

  /** Who is on call now in `name`, or in every rota. */
  async who(name?: string): Promise<OnCall[]> {
    const now = this.now();
    if (name) {
      const rota = await this.store.read.rotas.get(name, now);
      if (!rota) throw notFound(name);
      return [{ rota, now: whoIsOnCall(rota, now) }];
    }
    return (await this.store.read.rotas.list()).map((rota) => ({ rota, now: whoIsOnCall(rota, now) }));
  }

  async show(name: string, weeks: number): Promise<{ rota: StoredRota; shifts: Shift[]; from: Date; until: Date }> {
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_SHOW_WEEKS) throw new BadArgumentError(`Show between 1 and ${MAX_SHOW_WEEKS} weeks, e.g. \`--weeks 4\`.`);
    const now = this.now();
    const rota = await this.store.read.rotas.get(name, now);
    if (!rota) throw notFound(name);
    const until = new Date(now.getTime() + weeks * 7 * 86_400_000);
    return { rota, shifts: schedule(rota, now, until), from: now, until };
  }

  list(): Promise<StoredRota[]> {
    return this.store.read.rotas.list();
  }

  /**
   * Sets a service's escalation policy (for one priority, or all) and re-arms its open incidents, so
   * they follow the new ladder from the levels they have not fired yet.
   */
  async setPolicy(policy: EscalationPolicy, actor: Actor): Promise<EscalationPolicy> {
    if (policy.levels.length === 0) throw new BadArgumentError('An escalation needs at least one level, e.g. `after 5m: oncall primary`.');
    const now = this.now();
    return this.store.transaction(async (tx) => {
      if (!(await tx.services.get(policy.serviceKey))) throw new NotFoundError(`There is no service "${policy.serviceKey}". \`service list\` shows the services.`);
      const names = rotaNames(policy);
      const found = await tx.rotas.getMany(names);
      const missing = names.filter((n) => !found.has(n));
      if (missing.length) throw new NotFoundError(`There is no rota ${missing.map((m) => `"${m}"`).join(', ')}. \`oncall add\` creates one; \`oncall list\` shows them.`);
      await tx.escalations.setPolicy(policy, actor, now);
      const open = await tx.incidents.list({ serviceKeys: [policy.serviceKey], openOnly: true, limit: REARM_LIMIT });
      const withEvents = await tx.incidents.getManyWithEvents(open.map((i) => i.number));
      const clocks = await tx.clocks.forIncidents(open.map((i) => i.number));
      for (const { incident, events } of withEvents.values()) {
        await armEscalation(tx, incident, events, clocks.filter((c) => c.incidentNumber === incident.number), now);
      }
      return policy;
    });
  }

  async removePolicy(serviceKey: string, priority: Priority | null): Promise<void> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.escalations.removePolicy(serviceKey, priority))) {
        throw new NotFoundError(`${serviceKey} has no escalation${priority ? ` for ${priority}` : ' for all priorities'}. \`escalation show ${serviceKey}\` shows its policies.`);
      }
    });
  }

  policies(serviceKey: string): Promise<EscalationPolicy[]> {
    return this.store.read.escalations.policies(serviceKey);
  }

  /**
   * `escalation test`: the pages an incident of the service at `priority`, opened now and never
   * acknowledged, would send — when, and to whom (rotas as they will stand then).
   */
  async test(serviceKey: string, priority: Priority): Promise<{ policy: EscalationPolicy | null; pages: PlannedPage[]; ackTargetSeconds: number | null }> {
    const r = this.store.read;
    const now = this.now();
    const policy = await r.escalations.policyFor(serviceKey, priority);
    if (!(await r.services.get(serviceKey))) throw new NotFoundError(`There is no service "${serviceKey}". \`service list\` shows the services.`);
    const sla = await r.policies.get(serviceKey, priority);
    if (!policy) return { policy: null, pages: [], ackTargetSeconds: sla?.ackTargetSeconds ?? null };
    const service = await r.services.get(serviceKey);
    const calendarName = sla?.calendar ?? service?.calendar ?? null;
    const ack = sla?.ackTargetSeconds ? await ackClockOf([{ kind: 'ack', targetSeconds: sla.ackTargetSeconds, calendar: calendarName ?? '24x7' }], calendarCache(r.calendars)) : null;
    const events = [{ kind: 'opened' as const, at: now, actor: { platform: 'system' as const, id: 'escalation-test' }, text: null, data: null }];
    const rotas = await r.rotas.getMany(rotaNames(policy), now);
    const fired: FiredStep[] = [];
    const pages: PlannedPage[] = [];
    let t = now;
    for (let guard = 0; guard <= stepOrder(policy).length; guard++) {
      const plan = planEscalation({ policy, events, ack, fired, now: t });
      for (const s of plan.fire) {
        fired.push({ level: s.level, round: s.round, at: t, tauMs: s.tauMs });
        pages.push({ level: s.level, round: s.round, at: t, paged: resolveTargets(policy, s.level, rotas, t) });
      }
      if (!plan.dueAt || plan.dueAt <= t) break;
      t = plan.dueAt;
    }
    return { policy, pages, ackTargetSeconds: sla?.ackTargetSeconds ?? null };
  }
}

function notFound(name: string): NotFoundError {
  return new NotFoundError(`There is no rota "${name}". \`oncall list\` shows the rotas.`);
}

export { samePerson };
