/**
 * Configuration (DESIGN §3): environment variables, read once at start-up and validated together, so a
 * bad deployment stops with one message that lists every problem instead of failing one fix at a time.
 * `loadConfig` is pure (it reads only the object it is given); `readEnvFile` is the one side effect.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isIanaZoneName } from '../src/calendar/zone-name.ts';
import { z } from 'zod';
import type { Role } from '../src/ports/store.ts';

/** Chat platforms that have adapters (the console needs no configuration). */
export type Platform = 'slack' | 'teams';

/** Reaction names per platform; an empty list turns the feature off on that platform. */
export type ReactionConfig = Readonly<Record<Platform, readonly string[]>>;

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type TeamsAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export type Config = {
  /** PostgreSQL URL; null means embedded PGlite in `dataDir`. */
  databaseUrl: string | null;
  /**
   * PostgreSQL connections (ignored on PGlite). `poolSize` (`PACTA_DB_POOL_SIZE`, default 10): connections
   * per process, and so statements and transactions at once; one that finds them all busy waits at most
   * {@link DB_PERSON_WAIT_MS} (a person waits) or {@link DB_ACQUIRE_TIMEOUT_MS} and is then answered as if
   * the database were down.
   * `statementTimeoutMs` (`PACTA_DB_STATEMENT_TIMEOUT_MS`, default 5,000; 0 for none): PostgreSQL's
   * `statement_timeout` on every connection, so a statement stuck behind a lock or an overloaded server
   * gives its connection back and its caller hears "cannot reach its database right now" in seconds, not
   * after Slack's 3 s. Connection attempts give up after 5 s and a transaction left idle is ended after
   * 15 s (db/client.ts).
   */
  database: { poolSize: number; statementTimeoutMs: number };
  /** Absolute path of the PGlite data directory. */
  dataDir: string;
  port: number;
  /** Interface the HTTP server binds to (`PACTA_HOST`, default all interfaces). */
  host: string;
  slack: {
    signingSecret: string | null;
    botToken: string | null;
    appToken: string | null;
    /** Base URL of the Slack Web API, with a trailing slash (Bolt's `slackApiUrl`). */
    apiUrl: string;
    botId: string | null;
    botUserId: string | null;
    /** How Slack reaches Pacta, or null when Slack is not configured. */
    mode: 'http' | 'socket' | null;
  };
  teams: {
    appId: string | null;
    appPassword: string | null;
    tenantId: string | null;
    appType: TeamsAppType;
  };
  /** Configured admins as `platform:userId` (`slack:U123`, `teams:29:1abc`). */
  admins: ReadonlySet<string>;
  defaultRole: Role;
  /** Canonical IANA zone of the deployment. */
  timezone: string;
  reactions: { ack: ReactionConfig; resolve: ReactionConfig };
  logLevel: LogLevel;
  /**
   * How long a replica's claim on a notification holds before another may deliver it
   * (`PACTA_DELIVERY_LEASE_SECONDS`, default 120): after a crash mid-delivery, the wait before redelivery.
   */
  deliveryLeaseMs: number;
  /** `PACTA_PUBLIC_URL`: where people and monitoring reach this Pacta (webhook URLs), without a trailing slash. */
  publicUrl: string | null;
  /** Prometheus metrics at `/metrics` (docs/metrics.md). */
  metrics: {
    /** `PACTA_METRICS_PORT`: serve `/metrics` on this port of `host` instead of the main port; null: on the main port. */
    port: number | null;
    /** `PACTA_METRICS_TOKEN`: a scrape must send `Authorization: Bearer <token>`; null: no token asked. */
    token: string | null;
  };
};

/** The Slack adapter's slice of the configuration. */
export type SlackConfig = Config['slack'];

/** The Teams adapter's slice of the configuration. */
export type TeamsConfig = Config['teams'];

/** Every problem found in the environment, reported at once. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(
      `Pacta cannot start: ${problems.length === 1 ? 'one configuration problem' : `${problems.length} configuration problems`}:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSet these in the environment or in a .env file (.env.example documents every variable).',
    );
  }
}

export const DEFAULT_PORT = 3978;
/** `PACTA_DB_STATEMENT_TIMEOUT_MS` unless set: seconds are plenty for any statement Pacta runs. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5000;
/**
 * The longest a statement or transaction waits for a free pooled PostgreSQL connection: 2 s when a person
 * waits on it (a command, a button, a reaction: Slack allows 3 s), 10 s for the rest (webhook senders,
 * the scheduler), which may meet a burst queued on one lock.
 */
export const DB_PERSON_WAIT_MS = 2000;
export const DB_ACQUIRE_TIMEOUT_MS = 10_000;
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
/** docs/semantics.md §4: `eyes` in Slack, `like` in Teams. */
export const DEFAULT_ACK_REACTIONS: ReactionConfig = { slack: ['eyes'], teams: ['like'] };
/**
 * `white_check_mark` in Slack. Teams has no check-mark reaction (only like, heart, laugh, surprised, sad,
 * angry) and none of those reads as "resolved", so resolving by reaction is off in Teams unless configured.
 */
export const DEFAULT_RESOLVE_REACTIONS: ReactionConfig = { slack: ['white_check_mark'], teams: [] };

const PLATFORMS: readonly Platform[] = ['slack', 'teams'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const ROLES = ['admin', 'responder', 'viewer'] as const;
const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;

/** Blank values count as unset: `.env` templates are full of `NAME=`. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v), schema.optional());

const custom = <T>(parse: (raw: string) => T | string) =>
  z.string().transform((raw, ctx): T => {
    const out = parse(raw);
    if (typeof out === 'string') {
      ctx.addIssue({ code: 'custom', message: out });
      return z.NEVER;
    }
    return out;
  });

const oneOf = <T extends string>(values: readonly T[]) =>
  custom<{ v: T }>((raw) => {
    const hit = values.find((v) => v.toLowerCase() === raw.toLowerCase());
    return hit ? { v: hit } : `"${raw}" is not one of ${values.join(', ')}.`;
  }).transform((x) => x.v);

const token = (prefix: string, what: string) =>
  z.string().refine((v) => v.startsWith(prefix), { message: `must be a ${what} starting with "${prefix}".` });

const EnvSchema = z.object({
  DATABASE_URL: optional(
    custom((raw) => {
      try {
        const u = new URL(raw);
        if (u.protocol === 'postgres:' || u.protocol === 'postgresql:') return { url: raw };
      } catch {
        // Reported below.
      }
      return 'must be a PostgreSQL URL such as postgres://pacta:secret@db.example.com:5432/pacta.';
    }).transform((x) => x.url),
  ),
  PACTA_DATA_DIR: optional(z.string()),
  PACTA_DB_POOL_SIZE: optional(
    custom((raw) => (/^\d{1,3}$/.test(raw) && Number(raw) >= 1 ? { n: Number(raw) } : `"${raw}" is not a number of connections from 1 to 999.`)).transform((x) => x.n),
  ),
  PACTA_DB_STATEMENT_TIMEOUT_MS: optional(
    custom((raw) =>
      /^\d{1,8}$/.test(raw) && (Number(raw) === 0 || Number(raw) >= 100) ? { ms: Number(raw) } : `"${raw}" is not a number of milliseconds (0 for none, or 100 and above).`,
    ).transform((x) => x.ms),
  ),
  PORT: optional(
    custom((raw) => (/^\d{1,5}$/.test(raw) && Number(raw) <= 65535 ? { port: Number(raw) } : `"${raw}" is not a port number (0 to 65535).`)).transform(
      (x) => x.port,
    ),
  ),
  PACTA_HOST: optional(z.string()),
  PACTA_METRICS_PORT: optional(
    custom((raw) => (/^\d{1,5}$/.test(raw) && Number(raw) <= 65535 ? { port: Number(raw) } : `"${raw}" is not a port number (0 to 65535).`)).transform((x) => x.port),
  ),
  PACTA_METRICS_TOKEN: optional(
    custom((raw) =>
      /^[\x21-\x7e]{16,}$/.test(raw) ? { token: raw } : 'must be at least 16 characters without spaces (printable ASCII, as an HTTP header carries it), e.g. from `openssl rand -hex 32`.',
    ).transform((x) => x.token),
  ),
  PACTA_PUBLIC_URL: optional(
    custom((raw) => {
      try {
        const u = new URL(raw);
        if (u.protocol === 'https:' || u.protocol === 'http:') return { url: raw.replace(/\/+$/, '') };
      } catch {
        // Reported below.
      }
      return 'must be the http(s) address people reach Pacta at, e.g. https://pacta.example.com.';
    }).transform((x) => x.url),
  ),
  PACTA_DELIVERY_LEASE_SECONDS: optional(
    custom((raw) => (/^\d{1,4}$/.test(raw) && Number(raw) >= 5 ? { s: Number(raw) } : `"${raw}" is not a number of seconds from 5 to 9999.`)).transform((x) => x.s),
  ),
  SLACK_SIGNING_SECRET: optional(z.string()),
  SLACK_BOT_TOKEN: optional(token('xoxb-', 'bot token')),
  SLACK_APP_TOKEN: optional(token('xapp-', 'app-level token (Socket Mode)')),
  SLACK_API_URL: optional(
    custom((raw) => {
      try {
        const u = new URL(raw);
        if (u.protocol === 'http:' || u.protocol === 'https:') return { url: u.toString().replace(/\/?$/, '/') };
      } catch {
        // Reported below.
      }
      return `"${raw}" is not an http(s) URL (the default is ${DEFAULT_SLACK_API_URL}).`;
    }).transform((x) => x.url),
  ),
  SLACK_BOT_ID: optional(z.string()),
  SLACK_BOT_USER_ID: optional(z.string()),
  MICROSOFT_APP_ID: optional(z.string()),
  MICROSOFT_APP_PASSWORD: optional(z.string()),
  MICROSOFT_APP_TENANT_ID: optional(z.string()),
  MICROSOFT_APP_TYPE: optional(oneOf(APP_TYPES)),
  PACTA_ADMINS: optional(custom(parseAdmins)),
  PACTA_DEFAULT_ROLE: optional(oneOf(ROLES)),
  PACTA_TIMEZONE: optional(
    custom((raw) =>
      isIanaZoneName(raw)
        ? // Intl knows the canonical spelling (`europe/berlin` → `Europe/Berlin`); Luxon only validates.
          { zone: new Intl.DateTimeFormat('en-US', { timeZone: raw }).resolvedOptions().timeZone }
        : `"${raw}" is not an IANA time zone such as Europe/Berlin, America/New_York or UTC.`,
    ).transform((x) => x.zone),
  ),
  PACTA_ACK_REACTIONS: optional(custom((raw) => parseReactions(raw, DEFAULT_ACK_REACTIONS))),
  PACTA_RESOLVE_REACTIONS: optional(custom((raw) => parseReactions(raw, DEFAULT_RESOLVE_REACTIONS))),
  LOG_LEVEL: optional(oneOf(LOG_LEVELS)),
});

/**
 * Validates `env` and returns the configuration, or throws a {@link ConfigError} listing every problem.
 * Pure: reads nothing but `env` (relative data directories resolve against the working directory).
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message}`);
  // Checks between variables read `env` themselves, so they run (and report) whatever else is wrong.
  problems.push(...crossChecks(env), ...reactionOverlap(env));
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  const ack = e.PACTA_ACK_REACTIONS ?? DEFAULT_ACK_REACTIONS;
  const resolveR = e.PACTA_RESOLVE_REACTIONS ?? DEFAULT_RESOLVE_REACTIONS;
  const botToken = e.SLACK_BOT_TOKEN ?? null;
  return {
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: resolve(e.PACTA_DATA_DIR ?? './data'),
    database: { poolSize: e.PACTA_DB_POOL_SIZE ?? 10, statementTimeoutMs: e.PACTA_DB_STATEMENT_TIMEOUT_MS ?? DEFAULT_STATEMENT_TIMEOUT_MS },
    port: e.PORT ?? DEFAULT_PORT,
    host: e.PACTA_HOST ?? '0.0.0.0',
    slack: {
      signingSecret: e.SLACK_SIGNING_SECRET ?? null,
      botToken,
      appToken: e.SLACK_APP_TOKEN ?? null,
      apiUrl: e.SLACK_API_URL ?? DEFAULT_SLACK_API_URL,
      botId: e.SLACK_BOT_ID ?? null,
      botUserId: e.SLACK_BOT_USER_ID ?? null,
      // An app token is the explicit request for Socket Mode; a signing secret alone means HTTP events.
      mode: !botToken ? null : e.SLACK_APP_TOKEN ? 'socket' : e.SLACK_SIGNING_SECRET ? 'http' : null,
    },
    teams: {
      appId: e.MICROSOFT_APP_ID ?? null,
      appPassword: e.MICROSOFT_APP_PASSWORD ?? null,
      tenantId: e.MICROSOFT_APP_TENANT_ID ?? null,
      appType: e.MICROSOFT_APP_TYPE ?? 'MultiTenant',
    },
    admins: new Set(e.PACTA_ADMINS ?? []),
    defaultRole: e.PACTA_DEFAULT_ROLE ?? 'responder',
    timezone: e.PACTA_TIMEZONE ?? 'UTC',
    reactions: { ack, resolve: resolveR },
    logLevel: e.LOG_LEVEL ?? 'info',
    deliveryLeaseMs: (e.PACTA_DELIVERY_LEASE_SECONDS ?? 120) * 1000,
    publicUrl: e.PACTA_PUBLIC_URL ?? null,
    metrics: { port: e.PACTA_METRICS_PORT ?? null, token: e.PACTA_METRICS_TOKEN ?? null },
  };
}

/** Half-configured platforms: almost always a typo or a forgotten secret, so refuse rather than guess. */
function crossChecks(env: NodeJS.ProcessEnv): string[] {
  const has = (name: string) => (env[name] ?? '').trim() !== '';
  const problems: string[] = [];
  if ((has('SLACK_SIGNING_SECRET') || has('SLACK_APP_TOKEN')) && !has('SLACK_BOT_TOKEN')) {
    problems.push(`SLACK_BOT_TOKEN: is required when ${has('SLACK_APP_TOKEN') ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET'} is set (the bot token from OAuth & Permissions, xoxb-…).`);
  }
  if (has('SLACK_BOT_TOKEN') && !has('SLACK_SIGNING_SECRET') && !has('SLACK_APP_TOKEN')) {
    problems.push('SLACK_SIGNING_SECRET: is required with SLACK_BOT_TOKEN for HTTP events (or set SLACK_APP_TOKEN for Socket Mode).');
  }
  const type = (env.MICROSOFT_APP_TYPE ?? '').trim().toLowerCase() || 'multitenant';
  if (has('MICROSOFT_APP_ID') && type !== 'userassignedmsi' && !has('MICROSOFT_APP_PASSWORD')) {
    problems.push('MICROSOFT_APP_PASSWORD: is required with MICROSOFT_APP_ID (the client secret of the Azure Bot registration).');
  }
  if (!has('MICROSOFT_APP_ID') && (has('MICROSOFT_APP_PASSWORD') || has('MICROSOFT_APP_TENANT_ID'))) {
    problems.push('MICROSOFT_APP_ID: is required when MICROSOFT_APP_PASSWORD or MICROSOFT_APP_TENANT_ID is set.');
  }
  const metricsPort = (env.PACTA_METRICS_PORT ?? '').trim();
  if (metricsPort !== '' && metricsPort !== '0' && Number(metricsPort) === Number((env.PORT ?? '').trim() || DEFAULT_PORT)) {
    problems.push(`PACTA_METRICS_PORT: ${metricsPort} is also the main port (PORT); leave PACTA_METRICS_PORT unset to serve /metrics there, or pick another port.`);
  }
  if (has('MICROSOFT_APP_ID') && (type === 'singletenant' || type === 'userassignedmsi') && !has('MICROSOFT_APP_TENANT_ID')) {
    problems.push(`MICROSOFT_APP_TENANT_ID: is required when MICROSOFT_APP_TYPE is ${env.MICROSOFT_APP_TYPE?.trim()}.`);
  }
  return problems;
}

/**
 * A reaction that would both acknowledge and resolve. Read from the raw lists (their valid names, when
 * another entry is bad), so it is reported beside every other problem, not after they are fixed.
 */
function reactionOverlap(env: NodeJS.ProcessEnv): string[] {
  const list = (name: string, defaults: ReactionConfig) => {
    const raw = (env[name] ?? '').trim();
    return raw ? readReactions(raw, defaults).config : defaults;
  };
  const ack = list('PACTA_ACK_REACTIONS', DEFAULT_ACK_REACTIONS);
  const resolveR = list('PACTA_RESOLVE_REACTIONS', DEFAULT_RESOLVE_REACTIONS);
  const problems: string[] = [];
  for (const p of PLATFORMS) {
    const both = ack[p].filter((r) => resolveR[p].includes(r));
    if (both.length) problems.push(`PACTA_RESOLVE_REACTIONS: "${both.join(', ')}" is also an acknowledge reaction on ${p}; one reaction cannot do both.`);
  }
  return problems;
}

/** `slack:U123,teams:29:1abc` → ['slack:U123', 'teams:29:1abc']. Teams ids contain colons: split at the first. */
export function parseAdmins(raw: string): string[] | string {
  const out: string[] = [];
  const bad: string[] = [];
  for (const entry of raw.split(/[,\s]+/).filter(Boolean)) {
    const i = entry.indexOf(':');
    const platform = entry.slice(0, i).toLowerCase();
    const id = entry.slice(i + 1);
    if (i <= 0 || !id || !(PLATFORMS as readonly string[]).includes(platform)) bad.push(entry);
    else out.push(`${platform}:${id}`);
  }
  if (bad.length) return `${bad.map((b) => `"${b}"`).join(', ')}: each admin is platform:userId, e.g. slack:U0123ABC or teams:29:1abc… (comma-separated).`;
  return [...new Set(out)];
}

const REACTION_NAME = /^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/;

/**
 * A reaction list: `slack:eyes,teams:like`, or names without a platform (`eyes,raised_hands`), which apply
 * to every platform. A platform the list never names keeps its default; `teams:none` turns one off and
 * `none` turns all off. Slack's `:eyes:` spelling is accepted.
 */
export function parseReactions(raw: string, defaults: ReactionConfig): ReactionConfig | string {
  const { config, bad } = readReactions(raw, defaults);
  if (bad.length) return `${bad.map((b) => `"${b}"`).join(', ')} ${bad.length > 1 ? 'are not reaction names' : 'is not a reaction name'}: use e.g. slack:eyes,teams:like (or none).`;
  return config;
}

/** {@link parseReactions}' reading: the list its valid entries make, and the entries that are not names. */
function readReactions(raw: string, defaults: ReactionConfig): { config: ReactionConfig; bad: string[] } {
  const named: Partial<Record<Platform, string[]>> = {};
  const bad: string[] = [];
  const add = (p: Platform, name: string | null) => {
    const list = (named[p] ??= []);
    if (name !== null && !list.includes(name)) list.push(name);
  };
  for (const entry of raw.split(/[,\s]+/).filter(Boolean)) {
    const m = /^(slack|teams):(?!:)(.+)$/i.exec(entry);
    const platforms = m ? [m[1]!.toLowerCase() as Platform] : PLATFORMS;
    const name = (m ? m[2]! : entry).replace(/^:(.+):$/, '$1').toLowerCase();
    if (name === 'none') {
      for (const p of platforms) named[p] = [];
      continue;
    }
    if (!REACTION_NAME.test(name)) {
      bad.push(entry);
      continue;
    }
    for (const p of platforms) add(p, name);
  }
  return { config: { slack: named.slack ?? defaults.slack, teams: named.teams ?? defaults.teams }, bad };
}

/** What runs and what is off, for the server's first log lines. */
export type AdapterSummary = { enabled: string[]; disabled: string[] };

/** Which adapters are enabled by `config`, and what to set to enable the others. */
export function describeAdapters(config: Config): AdapterSummary {
  const enabled: string[] = [];
  const disabled: string[] = [];
  const s = config.slack;
  if (s.mode === 'socket') enabled.push('Slack: Socket Mode (SLACK_APP_TOKEN); no public URL needed.');
  else if (s.mode === 'http') enabled.push('Slack: HTTP events, commands and interactivity at /slack/events.');
  else disabled.push('Slack: off. Set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP events at /slack/events) or with SLACK_APP_TOKEN (Socket Mode).');
  const t = config.teams;
  if (t.appId) enabled.push(`Teams: Bot Framework endpoint at /api/messages for app ${t.appId} (${t.appType}).`);
  else {
    enabled.push('Teams: /api/messages in anonymous mode (Bot Framework Emulator and local tools only).');
    disabled.push('Teams from Azure Bot Service: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (and MICROSOFT_APP_TENANT_ID for single-tenant bots).');
  }
  if (config.databaseUrl) enabled.push('Database: PostgreSQL (DATABASE_URL); replicas may share it.');
  else {
    enabled.push(`Database: embedded PGlite in ${config.dataDir} (one process at a time).`);
    disabled.push('Shared database for several replicas: set DATABASE_URL to a PostgreSQL URL.');
  }
  return { enabled, disabled };
}

/**
 * Reads `path` (default `.env` in the working directory) into `process.env` if it exists. Variables
 * already set in the environment win, so a deployment can override the file.
 */
export function readEnvFile(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}
