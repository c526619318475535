/**
 * Configuration as code (docs/semantics.md §8): what a set of documents would change compared with the
 * stored configuration (export.ts) (`plan`: added, changed field by field, removed with `--prune`), and
 * applying a plan in one transaction through the same use cases the chat commands use, so a file is
 * checked exactly as typing the commands would be. Incidents are never touched.
 */
import { CALENDAR_24X7_NAME, parseWeeklyHours, validateCalendar } from '../../src/calendar/index.ts';
import { parseChannelKey } from '../../src/domain/channel.ts';
import type { Actor } from '../../src/domain/incident.ts';
import { BadArgumentError, UserError } from '../../src/errors.ts';
import type { Hasher } from '../../src/ports/hashing.ts';
import type { Repositories, Store } from '../../src/ports/store.ts';
import type { TimeSource } from '../../src/time-source.ts';
import { AdminUseCases } from '../../src/usecases/admin.ts';
import { boundStore } from '../../src/usecases/bound-store.ts';
import { IntegrationUseCases } from '../../src/usecases/integrations.ts';
import { OncallUseCases } from '../../src/usecases/oncall.ts';
import { handoffAtOrBefore } from '../../src/oncall/rota.ts';
import { formatDigestSchedule, parseDigestSchedule, toCron } from '../parse/digest-schedule.ts';
import { parseDuration } from '../parse/duration.ts';
import { parseCredits } from '../parse/credits.ts';
import { parseEscalation, parsePerson } from '../parse/escalation.ts';
import { formatHandoff, parseHandoff } from '../parse/handoff.ts';
import { identity, KINDS, type ConfigDocument, type Kind } from './documents.ts';
import { exportDocuments, normalize } from './export.ts';
import type { Located } from './load.ts';

export type FieldChange = { field: string; from: unknown; to: unknown };
export type Change =
  | { op: 'add'; doc: ConfigDocument; where?: string }
  | { op: 'change'; doc: ConfigDocument; before: ConfigDocument; fields: FieldChange[]; where?: string }
  | { op: 'remove'; doc: ConfigDocument };

/** Field-by-field differences of two specs (nested objects by dotted path; arrays whole). */
function diffSpec(before: unknown, after: unknown, path = ''): FieldChange[] {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffSpec(before[k], after[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field: path, from: before, to: after }];
}

/** What export leaves out of a document however it stands: instructions, not state. */
function comparable(d: ConfigDocument): unknown {
  if (d.kind !== 'Integration') return d.spec;
  const { secretFromEnv: _env, ...spec } = d.spec;
  return spec;
}

/**
 * What applying `desired` to `current` changes. References (a service's calendar, a policy's service,
 * an escalation's rotas) must name an object in the files or already stored, or the plan is refused
 * with where the reference is.
 */
export function plan(current: ConfigDocument[], given: Located[], prune: boolean): Change[] {
  const key = (d: ConfigDocument) => `${d.kind} ${identity(d)}`;
  const problems: string[] = [];
  const desired: Located[] = [];
  for (const l of given) {
    try {
      desired.push({ ...l, doc: normalize(l.doc) });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      problems.push(`${l.where}: ${l.doc.kind} ${identity(l.doc)}: ${err.message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const have = new Map(current.map((d) => [key(d), d]));
  const want = new Map(desired.map((l) => [key(l.doc), l]));
  const names = (kind: Kind) => new Set([...current, ...desired.map((l) => l.doc)].filter((d) => d.kind === kind).map(identity));
  const calendars = names('Calendar');
  calendars.add(CALENDAR_24X7_NAME);
  const services = names('Service');
  const rotas = names('Rota');
  const errors: string[] = [];
  for (const { doc: d, where, locate } of desired) {
    const need = (ok: boolean, what: string, field: Array<string | number>) => {
      if (!ok) errors.push(`${locate ? locate(['spec', ...field]) : where}: ${what} does not exist (not in these files, not stored).`);
    };
    if (d.kind === 'Service' && d.spec.calendar) need(calendars.has(d.spec.calendar), `calendar "${d.spec.calendar}"`, ['calendar']);
    if (d.kind === 'Policy') {
      need(services.has(d.spec.service), `service "${d.spec.service}"`, ['service']);
      if (d.spec.calendar) need(calendars.has(d.spec.calendar), `calendar "${d.spec.calendar}"`, ['calendar']);
    }
    if (d.kind === 'Escalation') {
      need(services.has(d.spec.service), `service "${d.spec.service}"`, ['service']);
      for (const m of d.spec.policy.matchAll(/\boncall\s+([a-z0-9][a-z0-9_-]*)/gi)) need(rotas.has(m[1]!.toLowerCase()), `rota "${m[1]}"`, ['policy']);
    }
    if (d.kind === 'Integration' && d.spec.service) need(services.has(d.spec.service), `service "${d.spec.service}"`, ['service']);
    if (d.kind === 'Subscription' && Array.isArray(d.spec.services)) d.spec.services.forEach((s, i) => need(services.has(s), `service "${s}"`, ['services', i]));
  }
  if (errors.length) throw new ConfigError(errors);
  const changes: Change[] = [];
  for (const l of desired) {
    const before = have.get(key(l.doc));
    if (!before) changes.push({ op: 'add', doc: l.doc, where: l.where });
    else {
      const fields = diffSpec(comparable(before), comparable(l.doc));
      if (fields.length) changes.push({ op: 'change', doc: l.doc, before, fields, where: l.where });
    }
  }
  if (prune) for (const d of current) if (!want.has(key(d))) changes.push({ op: 'remove', doc: d });
  return changes;
}

/** Problems that stop an apply before anything is written; each names where. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export type ApplyResult = { changes: Change[]; secrets: Array<{ integration: string; secret: string }> };

export type ApplyDeps = { store: Store; time: TimeSource; hasher: Hasher; actor: Actor; env: Readonly<Record<string, string | undefined>> };

const ORDER: Kind[] = [...KINDS];

/**
 * Plans and applies `desired` in one transaction; with `dryRun`, plans only. A second apply of the same
 * files finds no changes and writes nothing.
 */
export async function applyDocuments(deps: ApplyDeps, desired: Located[], opts: { prune: boolean; dryRun: boolean }): Promise<ApplyResult> {
  const current = await exportDocuments(deps.store.read);
  const changes = plan(current, desired, opts.prune);
  if (opts.dryRun || changes.length === 0) return { changes, secrets: [] };
  const secrets: ApplyResult['secrets'] = [];
  await deps.store.transaction(async (tx) => {
    const store = boundStore(tx, deps.store);
    const ctx: WriteContext = { tx, admin: new AdminUseCases(store, deps.time), oncall: new OncallUseCases(store, deps.time), integrations: new IntegrationUseCases(store, deps.time, deps.hasher), deps, secrets };
    // Writes in dependency order (calendars before the services on them, rotas before escalations);
    // removals after, in reverse.
    const writes = changes.filter((c) => c.op !== 'remove').sort((a, b) => ORDER.indexOf(a.doc.kind) - ORDER.indexOf(b.doc.kind));
    for (const c of writes) await write(ctx, c);
    const removals = changes.filter((c) => c.op === 'remove').sort((a, b) => ORDER.indexOf(b.doc.kind) - ORDER.indexOf(a.doc.kind));
    for (const c of removals) await remove(ctx, c.doc);
  });
  return { changes, secrets };
}

type WriteContext = { tx: Repositories; admin: AdminUseCases; oncall: OncallUseCases; integrations: IntegrationUseCases; deps: ApplyDeps; secrets: ApplyResult['secrets'] };

function at(c: Change, err: unknown): never {
  const where = c.op === 'remove' ? '' : `${c.where ?? ''}: `;
  throw new ConfigError([`${where}${c.doc.kind} ${identity(c.doc)}: ${err instanceof Error ? err.message : String(err)}`]);
}

function channelOf(text: string) {
  const c = parseChannelKey(text);
  if (!c) throw new BadArgumentError(`"${text}" is not a channel: write slack:C123, teams:<conversation id> or console:<name>.`);
  return c;
}

async function write(ctx: WriteContext, c: Extract<Change, { op: 'add' | 'change' }>): Promise<void> {
  const { tx, admin, oncall, integrations, deps } = ctx;
  const d = c.doc;
  try {
    switch (d.kind) {
      case 'Calendar': {
        const named = { name: d.metadata.name, timezone: d.spec.timezone, weekly: parseWeeklyHours(d.spec.hours), holidays: [...new Set(d.spec.holidays ?? [])].sort() };
        validateCalendar(named);
        if (c.op === 'add') await admin.addCalendar(named.name, named);
        // Replace, holidays too: the file is the whole calendar.
        await tx.calendars.save({ ...((await tx.calendars.get(named.name)) ?? {}), ...named });
        return;
      }
      case 'Service': {
        const input = {
          key: d.metadata.name,
          name: d.spec.displayName,
          availabilityPercent: d.spec.availability?.target ?? null,
          ...(d.spec.availability ? { window: d.spec.availability.window } : {}),
          calendar: d.spec.calendar ?? null,
          degradedWeight: d.spec.degradedWeight ?? 0.5,
          channel: d.spec.channel ? channelOf(d.spec.channel) : null,
          credits: d.spec.credits ? parseCredits(d.spec.credits) : null,
          public: d.spec.public ?? false,
        };
        if (c.op === 'add' && !(await tx.services.get(input.key))) await admin.addService(input);
        else await admin.setService(input);
        return;
      }
      case 'Policy': {
        await admin.setPolicy({
          serviceKey: d.spec.service,
          priority: d.spec.priority,
          ackSeconds: d.spec.acknowledge ? parseDuration(d.spec.acknowledge) / 1000 : null,
          resolveSeconds: d.spec.resolve ? parseDuration(d.spec.resolve) / 1000 : null,
          calendar: d.spec.calendar ?? null,
          ...(d.spec.warnings ? { warnings: d.spec.warnings } : {}),
        });
        return;
      }
      case 'Rota': {
        const handoff = parseHandoff(d.spec.handoff);
        const members = d.spec.members.map((m) => parsePerson(m, 'console'));
        const existing = await tx.rotas.get(d.metadata.name);
        if (!existing) await oncall.addRota({ name: d.metadata.name, zone: d.spec.zone, handoff, members }, deps.actor);
        else {
          const same = existing.zone === d.spec.zone && formatHandoff(existing.handoff) === formatHandoff(handoff);
          // A new hand-off or zone starts the rotation afresh from now; new members alone keep it.
          const anchor = same ? existing.anchor : handoffAtOrBefore(handoff, d.spec.zone, deps.time.now());
          await tx.rotas.update({ name: existing.name, zone: d.spec.zone, handoff, members, anchor });
        }
        return;
      }
      case 'Escalation': {
        const ladder = parseEscalation(d.spec.policy, { platform: 'slack', channel: { platform: 'console', id: 'apply' } });
        await oncall.setPolicy({ serviceKey: d.spec.service, priority: d.spec.priority ?? null, ...ladder }, deps.actor);
        return;
      }
      case 'Integration': {
        const fields = {
          kind: d.spec.type,
          defaultService: d.spec.service ?? null,
          routeLabel: d.spec.routeLabel ?? 'service',
          perAlert: d.spec.perAlert ?? false,
          severityMap: d.spec.severity ?? {},
          reopenWindowSeconds: d.spec.reopenWindow ? parseDuration(d.spec.reopenWindow) / 1000 : 1800,
        };
        const fromEnv = d.spec.secretFromEnv ? deps.env[d.spec.secretFromEnv] : undefined;
        if (d.spec.secretFromEnv && !fromEnv) throw new BadArgumentError(`the environment variable ${d.spec.secretFromEnv} named by secretFromEnv is not set.`);
        const existing = await tx.integrations.get(d.metadata.name);
        if (!existing) {
          const issued = await integrations.add({ name: d.metadata.name, ...fields }, deps.actor);
          if (fromEnv) await tx.integrations.update({ ...issued.integration, secretHash: deps.hasher.sha256Hex(fromEnv) });
          else ctx.secrets.push({ integration: issued.integration.name, secret: issued.secret });
        } else {
          if (existing.kind !== fields.kind) throw new BadArgumentError(`an integration cannot change its type (${existing.kind} → ${fields.kind}); remove it and add it again.`);
          await tx.integrations.update({ ...existing, ...fields, ...(fromEnv ? { secretHash: deps.hasher.sha256Hex(fromEnv) } : {}) });
        }
        return;
      }
      case 'Subscription': {
        const schedule = d.spec.digest ? parseDigestSchedule(d.spec.digest) : null;
        await admin.subscribe({
          channel: channelOf(d.spec.channel),
          services: d.spec.services === 'all' ? [] : d.spec.services,
          allServices: d.spec.services === 'all',
          digestSpec: schedule ? formatDigestSchedule(schedule) : null,
          digestCron: schedule ? toCron(schedule) : null,
          timezone: d.spec.timezone,
          createdBy: deps.actor,
        });
        return;
      }
      case 'Role': {
        const user = parsePerson(d.spec.user, 'console');
        await admin.grantRole(user.platform, user.id, d.spec.role, deps.actor);
        return;
      }
    }
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    at(c, err);
  }
}

async function remove(ctx: WriteContext, d: ConfigDocument): Promise<void> {
  const { tx, admin, oncall, integrations } = ctx;
  try {
    switch (d.kind) {
      case 'Service':
        return await admin.removeService(d.metadata.name);
      case 'Rota':
        return await oncall.removeRota(d.metadata.name);
      case 'Escalation':
        return await oncall.removePolicy(d.spec.service, d.spec.priority ?? null);
      case 'Integration':
        return await integrations.remove(d.metadata.name);
      case 'Subscription':
        await admin.unsubscribe(channelOf(d.spec.channel));
        return;
      case 'Role': {
        const user = parsePerson(d.spec.user, 'console');
        await tx.roles.remove(user.platform, user.id);
        return;
      }
      case 'Calendar':
      case 'Policy':
        // Kept: incidents' clocks and past reports name them; a calendar or policy cannot be removed.
        return;
    }
  } catch (err) {
    at({ op: 'remove', doc: d }, err);
  }
}

/** The plan in words: `+ Service payments`, `~ Policy payments/P1: resolve 4h → 8h`, `- Rota old`. */
export function describeChanges(changes: Change[]): string[] {
  if (changes.length === 0) return ['no changes'];
  const v = (x: unknown) => (x === undefined ? '(none)' : JSON.stringify(x));
  return changes.flatMap((c) => {
    const id = `${c.doc.kind} ${identity(c.doc)}`;
    if (c.op === 'add') return [`+ ${id}`];
    if (c.op === 'remove') return [`- ${id}${c.doc.kind === 'Calendar' || c.doc.kind === 'Policy' ? ' (kept: calendars and SLA policies are never removed)' : ''}`];
    return [`~ ${id}`, ...c.fields.map((f) => `    ${f.field}: ${v(f.from)} → ${v(f.to)}`)];
  });
}
