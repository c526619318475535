import { nodeHasher } from '../../adapters/webhooks/auth.ts';
/**
 * Test wiring for the command router: real use cases on a test database, a manual time source, a recording
 * logger, and helpers to read replies as text and to fingerprint the database.
 */
import { sql } from 'drizzle-orm';
import { createRouter } from '../../commands/router.ts';
import type { CommandDeps, CommandInvocation, CommandOutcome, CommandRouter, Role } from '../../commands/types.ts';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { Actor } from '../../src/domain/incident.ts';
import type { Block, Message } from '../../src/messages/message.ts';
import { plain } from '../../src/messages/views/plain.ts';
import { AdminUseCases } from '../../src/usecases/admin.ts';
import { HolidayUseCases } from '../../src/usecases/holidays.ts';
import { countryHolidays } from '../../adapters/calendar/countries.ts';
import { icsHolidayParser } from '../../adapters/calendar/ics.ts';
import { OncallUseCases } from '../../src/usecases/oncall.ts';
import { IntegrationUseCases } from '../../src/usecases/integrations.ts';
import { IncidentUseCases } from '../../src/usecases/incidents.ts';
import { QueryUseCases } from '../../src/usecases/queries.ts';
import { ChartUseCases } from '../../src/usecases/charts.ts';
import { RolePolicy } from '../../src/usecases/roles.ts';
import { ManualTime } from '../fakes/manual-time.ts';
import type { TestDatabase } from '../helpers/databases.ts';

export const CONSOLE: Actor = { platform: 'console', id: 'local', name: 'you' };
/** Admin through configuration (PACTA_ADMINS). */
export const ADMIN: Actor = { platform: 'slack', id: 'U0ADMIN', name: 'ada' };
/** Everyone else gets the default role: responder. */
export const RESPONDER: Actor = { platform: 'slack', id: 'U0BOB', name: 'bob' };
/** Granted `viewer` by `setup` (through the store, not a command). */
export const VIEWER: Actor = { platform: 'slack', id: 'U0VIC', name: 'vic' };
export const CHANNEL: ChannelRef = { platform: 'slack', id: 'C0OPS' };
export const ZONE = 'Europe/Berlin';

export type LoggedError = { obj: Record<string, unknown>; msg: string | undefined };

export type Harness = {
  router: CommandRouter;
  deps: CommandDeps;
  time: ManualTime;
  errors: LoggedError[];
  /** Runs `text` as `actor` (default the configured admin) in CHANNEL. */
  run(text: string, actor?: Actor, extra?: Partial<CommandInvocation>): Promise<CommandOutcome>;
  /** Runs and returns the reply as plain text. */
  say(text: string, actor?: Actor): Promise<string>;
};

/** Wires the router over `db` at `at` (Monday 23 Nov 2026, 10:00 Berlin by default). */
export async function setup(db: TestDatabase, at = '2026-11-23T09:00:00Z', defaultRole: Role = 'responder'): Promise<Harness> {
  const time = new ManualTime(at);
  const store = db.store;
  const errors: LoggedError[] = [];
  const deps: CommandDeps = {
    time,
    incidents: new IncidentUseCases(store, time),
    admin: new AdminUseCases(store, time),
    holidays: new HolidayUseCases(store, time, { ics: icsHolidayParser, countries: countryHolidays }),
    queries: new QueryUseCases(store, time, ZONE),
    charts: new ChartUseCases(store, time, ZONE),
    roles: new RolePolicy(store, new Set([`${ADMIN.platform}:${ADMIN.id}`]), defaultRole),
    oncall: new OncallUseCases(store, time),
    integrations: new IntegrationUseCases(store, time, nodeHasher),
    publicUrl: 'https://pacta.example.com',
    timezone: ZONE,
    log: { error: (obj, msg) => errors.push({ obj: obj as Record<string, unknown>, msg }) },
  };
  await store.read.roles.set(VIEWER.platform, VIEWER.id, 'viewer', ADMIN, time.now());
  const router = createRouter(deps);
  const run = (text: string, actor: Actor = ADMIN, extra: Partial<CommandInvocation> = {}) => router.run({ text, actor, channel: CHANNEL, ...extra });
  return { router, deps, time, errors, run, say: async (text, actor) => messageText((await run(text, actor)).reply.message) };
}

/** Every block of a message as plain text, one line per block (list items one per line). */
export function messageText(m: Message): string {
  return m.blocks.map(blockText).join('\n');
}

function blockText(b: Block): string {
  switch (b.type) {
    case 'header':
      return b.text;
    case 'text':
    case 'context':
      return plain(b.text);
    case 'fields':
      return b.fields.map((f) => `${f.label}: ${plain(f.value)}`).join('\n');
    case 'progress':
      return `${b.label}: ${plain(b.caption)}`;
    case 'actions':
      return `[${b.buttons.map((x) => x.label).join('] [')}]`;
    case 'links':
      return b.links.map((l) => `${l.label}: ${l.url}`).join('\n');
    case 'list':
      return b.items.map((i) => `• ${plain(i)}`).join('\n');
    case 'divider':
      return '---';
    case 'code':
      return b.text;
    case 'image':
      return `[chart: ${b.alt}]`;
  }
}

/** The docs/semantics.md §4 set-up lines, before any incident. */
export const SETUP_LINES = [
  'calendar add business --tz Europe/Berlin --hours "mon-fri 09:00-17:00"',
  'calendar holiday business 2026-12-25 2026-12-26',
  'service add payments "Payments API" --availability 99.9 --window 30d --calendar business',
  'policy set payments P1 ack=15m resolve=4h',
];

/** Runs lines as the admin, failing loudly if one does not change state. */
export async function runAll(h: Harness, lines: readonly string[]): Promise<void> {
  for (const line of lines) {
    const o = await h.run(line);
    if (!o.changed) throw new Error(`"${line}" changed nothing: ${o.reply.message.fallback}`);
  }
}

/**
 * A fingerprint of every table: row count and an md5 of the rows. Cheap on the small tables tests use,
 * and it sees updates in place (a `service set`) that counts and max ids would miss.
 */
export async function fingerprint(db: TestDatabase): Promise<string> {
  const tables = await tableNames(db);
  const parts = tables.map((t) => `select '${t}' as t, count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${t}" x`);
  const result = await db.handle.db.execute(sql.raw(parts.join(' union all ')));
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ t: string; n: number; h: string }>;
  return rows.map((r) => `${r.t}:${r.n}:${r.h}`).join(',');
}

const names = new WeakMap<TestDatabase, string[]>();

async function tableNames(db: TestDatabase): Promise<string[]> {
  let list = names.get(db);
  if (!list) {
    const result = await db.handle.db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ tablename: string }>;
    list = rows.map((r) => r.tablename);
    names.set(db, list);
  }
  return list;
}

/**
 * Runs `line`, expecting a refusal: nothing changed in the database, `changed` false, no effects, and
 * the reply matches every pattern. Returns the reply text.
 */
export async function expectRefused(h: Harness, db: TestDatabase, line: string, patterns: RegExp[], actor: Actor = ADMIN): Promise<string> {
  const before = await fingerprint(db);
  const o = await h.run(line, actor);
  const text = messageText(o.reply.message);
  const problems: string[] = [];
  if (o.changed) problems.push('changed was true');
  if (o.followUps.length) problems.push('notifications were queued');
  if (o.reply.visibility !== 'ephemeral') problems.push('reply was not ephemeral');
  for (const p of patterns) if (!p.test(text)) problems.push(`reply does not match ${p}`);
  if ((await fingerprint(db)) !== before) problems.push('the database changed');
  if (h.errors.length) problems.push(`an error was logged: ${String(h.errors[0]?.obj.err)}`);
  if (problems.length) throw new Error(`"${line}": ${problems.join('; ')}\nreply:\n${text}`);
  return text;
}

/**
 * Installs a row-level trigger on every table that counts written rows in `fuzz_audit.writes`, and
 * returns a reader for the count. One tiny query per check instead of hashing every table, so a fuzz
 * run can check after every command. The counter lives in its own schema, so `reset()` (which truncates
 * the public tables) leaves it alone, and it is transactional: a rolled-back write leaves no trace.
 */
export async function installWriteCounter(db: TestDatabase): Promise<() => Promise<number>> {
  const exec = (q: string) => db.handle.db.execute(sql.raw(q));
  await exec('create schema if not exists fuzz_audit');
  await exec('create table if not exists fuzz_audit.writes (n bigint not null)');
  await exec('delete from fuzz_audit.writes');
  await exec('insert into fuzz_audit.writes values (0)');
  await exec('create or replace function fuzz_audit.bump() returns trigger language plpgsql as $$ begin update fuzz_audit.writes set n = n + 1; return null; end $$');
  for (const t of await tableNames(db)) {
    await exec(`drop trigger if exists fuzz_audit_bump on "${t}"`);
    await exec(`create trigger fuzz_audit_bump after insert or update or delete on "${t}" for each row execute function fuzz_audit.bump()`);
  }
  return async () => {
    const result = await db.handle.db.execute(sql`select n from fuzz_audit.writes`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ n: string | number }>;
    return Number(rows[0]?.n);
  };
}
