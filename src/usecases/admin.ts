/**
 * Configuration use cases: calendars, services, SLA policies, maintenance windows, subscriptions and
 * roles. Each validates fully before writing, so bad input never half-writes.
 */
import { CALENDAR_24X7_NAME, type Calendar } from '../calendar/types.ts';
import { validateCalendar } from '../calendar/validate.ts';
import type { TimeSource } from '../time-source.ts';
import type { ChannelRef } from '../domain/channel.ts';
import type { Actor, Priority } from '../domain/incident.ts';
import { DEFAULT_DEGRADED_WEIGHT, DEFAULT_WARNING_THRESHOLDS, type CreditTier, type MaintenanceWindow, type NamedCalendar, type Service, type SlaPolicy } from '../domain/service.ts';
import { BadArgumentError, ConflictError, NotFoundError } from '../errors.ts';
import { formatDuration } from '../format/duration.ts';
import type { OutboxProblem, Repositories, Role, Store, Subscription } from '../ports/store.ts';
import { checkCredits } from '../slo/credits.ts';
import { parseSloWindow } from '../slo/window.ts';
import { floorToSecond } from '../time.ts';

export type ServiceInput = {
  key: string;
  name?: string;
  /** Percent, e.g. 99.9; null clears the objective. */
  availabilityPercent?: number | null;
  window?: string;
  calendar?: string | null;
  degradedWeight?: number;
  /** Where monitoring posts this service's incident cards; null clears it (docs/semantics.md §6). */
  channel?: ChannelRef | null;
  /** Service credit tiers in percent (docs/semantics.md §8), checked and sorted here; null clears them. */
  credits?: CreditTier[] | null;
  /** Shown on the public status page (docs/dashboard.md); absent: as it was (false for a new service). */
  public?: boolean;
};

export type PolicyInput = {
  serviceKey: string;
  priority: Priority;
  ackSeconds?: number | null;
  resolveSeconds?: number | null;
  calendar?: string | null;
  warnings?: number[];
};

const DEFAULT_WINDOW = '30d';

export class AdminUseCases {
  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
  ) {}

  async addCalendar(name: string, calendar: Calendar): Promise<NamedCalendar> {
    if (name === CALENDAR_24X7_NAME) throw new BadArgumentError('`24x7` is built in and cannot be redefined.');
    if (!/^[a-z0-9][a-z0-9_-]{0,39}$/i.test(name)) throw new BadArgumentError(`"${name}" is not a calendar name: use letters, digits, - or _, e.g. \`business\`.`);
    validateCalendar(calendar);
    const named: NamedCalendar = { name, timezone: calendar.timezone, weekly: calendar.weekly, holidays: [...new Set(calendar.holidays ?? [])].sort() };
    return this.store.transaction(async (tx) => {
      const existing = await tx.calendars.get(name);
      // Redefining hours keeps the holidays already declared.
      if (existing && !calendar.holidays?.length) named.holidays = existing.holidays ?? [];
      await tx.calendars.save(named);
      return named;
    });
  }

  async addHolidays(name: string, dates: string[]): Promise<NamedCalendar> {
    if (dates.length === 0) throw new BadArgumentError('Name at least one date, e.g. `calendar holiday business 2026-12-25`.');
    return this.store.transaction(async (tx) => {
      const c = await tx.calendars.get(name);
      if (!c) throw new NotFoundError(`There is no calendar named "${name}". \`calendar list\` shows the calendars.`);
      const next: NamedCalendar = { ...c, holidays: [...new Set([...(c.holidays ?? []), ...dates])].sort() };
      validateCalendar(next);
      await tx.calendars.save(next);
      return next;
    });
  }

  async addService(input: ServiceInput): Promise<Service> {
    return this.store.transaction(async (tx) => {
      const service = await buildService(tx, input, null);
      if (!(await tx.services.add(service))) throw new ConflictError(`A service "${input.key}" already exists; \`service set ${input.key} …\` changes it.`);
      return service;
    });
  }

  async setService(input: ServiceInput): Promise<Service> {
    return this.store.transaction(async (tx) => {
      const existing = await tx.services.get(input.key);
      if (!existing) throw new NotFoundError(`There is no service "${input.key}". \`service list\` shows the services.`);
      const service = await buildService(tx, input, existing);
      await tx.services.update(service);
      return service;
    });
  }

  async removeService(key: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await tx.services.get(key))) throw new NotFoundError(`There is no service "${key}".`);
      const open = (await tx.incidents.list({ serviceKeys: [key], openOnly: true, limit: 1 })).length;
      if (open) throw new ConflictError(`"${key}" has open incidents; resolve them before removing the service.`);
      await tx.services.archive(key);
    });
  }

  async setPolicy(input: PolicyInput): Promise<SlaPolicy> {
    const check = (s: number | null | undefined, what: string) => {
      if (s !== undefined && s !== null && (!Number.isInteger(s) || s <= 0)) throw new BadArgumentError(`The ${what} target must be a positive duration, e.g. ${what}=15m.`);
    };
    check(input.ackSeconds, 'ack');
    check(input.resolveSeconds, 'resolve');
    const warnings = input.warnings ? [...new Set(input.warnings)].sort((a, b) => a - b) : undefined;
    if (warnings?.some((w) => !Number.isInteger(w) || w <= 0 || w >= 100)) throw new BadArgumentError('Warning thresholds are whole percents between 1 and 99, e.g. warn=75,90.');
    return this.store.transaction(async (tx) => {
      if (!(await tx.services.get(input.serviceKey))) throw new NotFoundError(`There is no service "${input.serviceKey}". \`service list\` shows the services.`);
      if (input.calendar) await requireCalendar(tx, input.calendar);
      const existing = await tx.policies.get(input.serviceKey, input.priority);
      const policy: SlaPolicy = {
        serviceKey: input.serviceKey,
        priority: input.priority,
        ackTargetSeconds: input.ackSeconds !== undefined ? input.ackSeconds : (existing?.ackTargetSeconds ?? null),
        resolveTargetSeconds: input.resolveSeconds !== undefined ? input.resolveSeconds : (existing?.resolveTargetSeconds ?? null),
        calendar: input.calendar !== undefined ? (input.calendar === CALENDAR_24X7_NAME ? CALENDAR_24X7_NAME : input.calendar) : (existing?.calendar ?? null),
        warningThresholds: warnings ?? existing?.warningThresholds ?? [...DEFAULT_WARNING_THRESHOLDS],
      };
      if (policy.ackTargetSeconds === null && policy.resolveTargetSeconds === null) {
        throw new BadArgumentError('A policy needs an ack or a resolve target, e.g. `policy set payments P1 ack=15m resolve=4h`.');
      }
      checkTargetOrder(policy, input);
      await tx.policies.save(policy);
      return policy;
    });
  }

  async addMaintenance(serviceKey: string, start: Date, durationMs: number, reason: string | null, actor: Actor): Promise<MaintenanceWindow> {
    if (!(durationMs > 0)) throw new BadArgumentError('A maintenance window needs a positive duration, e.g. 2h.');
    const s = floorToSecond(start);
    return this.store.transaction(async (tx) => {
      if (!(await tx.services.get(serviceKey))) throw new NotFoundError(`There is no service "${serviceKey}".`);
      return tx.maintenance.add({ serviceKey, start: s, end: new Date(s.getTime() + durationMs), reason: reason?.trim() || null, createdBy: `${actor.platform}:${actor.id}` });
    });
  }

  async subscribe(input: Omit<Subscription, 'id' | 'createdAt'>): Promise<Subscription> {
    return this.store.transaction(async (tx) => {
      for (const key of input.services) {
        if (!(await tx.services.get(key))) throw new NotFoundError(`There is no service "${key}". \`service list\` shows the services.`);
      }
      return tx.subscriptions.upsert(input, floorToSecond(this.time.now()));
    });
  }

  async unsubscribe(channel: ChannelRef): Promise<boolean> {
    return this.store.transaction((tx) => tx.subscriptions.remove(channel));
  }

  async grantRole(platform: string, userId: string, role: Role, by: Actor): Promise<void> {
    await this.store.transaction((tx) => tx.roles.set(platform, userId, role, by, floorToSecond(this.time.now())));
  }

  async revokeRole(platform: string, userId: string): Promise<boolean> {
    return this.store.transaction((tx) => tx.roles.remove(platform, userId));
  }

  // What the configuration commands show: plain reads, outside any transaction.

  /** Active services, ordered by key. */
  services(): Promise<Service[]> {
    return this.store.read.services.list();
  }

  /** An active service; null when there is none with that key. */
  service(key: string): Promise<Service | null> {
    return this.store.read.services.get(key);
  }

  /** The calendars stored by name (not the built-in 24x7). */
  calendars(): Promise<NamedCalendar[]> {
    return this.store.read.calendars.list();
  }

  /** A stored calendar and what uses it (`service <key>`, `policy <key> <priority>`); null when there is none. */
  async calendar(name: string): Promise<{ calendar: NamedCalendar; usedBy: string[] } | null> {
    const r = this.store.read;
    const calendar = await r.calendars.get(name);
    return calendar ? { calendar, usedBy: await r.calendars.usedBy(name) } : null;
  }

  /** A service's SLA policies, one per priority set. */
  policies(serviceKey: string): Promise<SlaPolicy[]> {
    return this.store.read.policies.list(serviceKey);
  }

  /** Roles granted in chat. */
  roles(): Promise<Array<{ platform: string; userId: string; role: Role }>> {
    return this.store.read.roles.list();
  }

  /** The channel's subscription; null when it has none. */
  subscription(channel: ChannelRef): Promise<Subscription | null> {
    return this.store.read.subscriptions.forChannel(channel);
  }

  /** Every channel's subscription. */
  subscriptions(): Promise<Subscription[]> {
    return this.store.read.subscriptions.list();
  }

  /** Notifications given up on, newest first: to one channel, or to any with `null`. */
  failures(channel: ChannelRef | null, limit: number): Promise<OutboxProblem[]> {
    return this.store.read.outbox.failures(channel, limit);
  }
}

/**
 * An incident is acknowledged before it is resolved, so an acknowledge target longer than the resolve
 * target could only be met by incidents that breach their resolve target first (docs/semantics.md §2).
 * Equal targets are allowed. A target the change leaves as it was is said to be the current one.
 */
function checkTargetOrder(policy: SlaPolicy, input: PolicyInput): void {
  const ack = policy.ackTargetSeconds;
  const resolve = policy.resolveTargetSeconds;
  if (ack === null || resolve === null || ack <= resolve) return;
  const d = (s: number) => formatDuration(s * 1000, { style: 'compact' });
  const current = (given: number | null | undefined) => (given === undefined ? 'current ' : '');
  throw new BadArgumentError(
    `The ${current(input.ackSeconds)}acknowledge target (${d(ack)}) is longer than the ${current(input.resolveSeconds)}resolve target (${d(resolve)}), ` +
      'but an incident is acknowledged before it is resolved. Give a shorter ack or a longer resolve, ' +
      `e.g. \`policy set ${policy.serviceKey} ${policy.priority} ack=15m resolve=4h\`.`,
  );
}

async function requireCalendar(tx: Repositories, name: string): Promise<void> {
  if (name !== CALENDAR_24X7_NAME && !(await tx.calendars.get(name))) {
    throw new NotFoundError(`There is no calendar named "${name}". Add it first: \`calendar add ${name} --tz Europe/Berlin --hours "mon-fri 09:00-17:00"\`.`);
  }
}

async function buildService(tx: Repositories, input: ServiceInput, existing: Service | null): Promise<Service> {
  if (input.name !== undefined && !input.name.trim()) throw new BadArgumentError('A service name cannot be empty.');
  if (input.calendar) await requireCalendar(tx, input.calendar);
  const weight = input.degradedWeight ?? existing?.degradedWeight ?? DEFAULT_DEGRADED_WEIGHT;
  if (!(weight >= 0 && weight <= 1)) throw new BadArgumentError('The degraded weight is a number from 0 to 1, e.g. 0.5.');
  let objective = existing?.objective ?? null;
  if (input.availabilityPercent === null) objective = null;
  else if (input.availabilityPercent !== undefined || input.window !== undefined) {
    const percent = input.availabilityPercent ?? (objective ? objective.target * 100 : undefined);
    if (percent === undefined) throw new BadArgumentError('A window needs an availability target too, e.g. `--availability 99.9 --window 30d`.');
    if (!(percent > 0 && percent < 100)) throw new BadArgumentError(`An availability target is a percent above 0 and below 100, e.g. 99.9 (got ${percent}).`);
    const window = input.window ?? objective?.window ?? DEFAULT_WINDOW;
    parseSloWindow(window);
    // Percent to fraction without float noise: 99.9 → 0.999, not 0.9990000000000001.
    objective = { target: Number((percent / 100).toPrecision(12)), window };
  }
  return {
    key: input.key,
    name: input.name?.trim() ?? existing?.name ?? input.key,
    calendar: input.calendar === CALENDAR_24X7_NAME ? null : input.calendar !== undefined ? input.calendar : (existing?.calendar ?? null),
    objective,
    degradedWeight: weight,
    channel: input.channel !== undefined ? input.channel : (existing?.channel ?? null),
    credits: input.credits === undefined ? (existing?.credits ?? null) : input.credits === null ? null : checkCredits(input.credits),
    // Only when set, so a service that is not public is what it always was.
    ...((input.public ?? existing?.public) ? { public: true } : {}),
  };
}
