/**
 * The contract between the command language and the adapters (Slack, Teams, console). An adapter turns
 * what a person typed into a `CommandInvocation`, runs it through the router, and renders the reply.
 */
import type { ChartUseCases } from '../src/usecases/charts.ts';
import type { TimeSource } from '../src/time-source.ts';
import type { Reply } from '../src/messages/message.ts';
import type { CommandInvocation } from '../src/ports/inbound.ts';
import type { Role } from '../src/ports/store.ts';
import type { AdminUseCases } from '../src/usecases/admin.ts';
import type { HolidayFile, HolidayUseCases } from '../src/usecases/holidays.ts';
import type { IncidentUseCases } from '../src/usecases/incidents.ts';
import type { IntegrationUseCases } from '../src/usecases/integrations.ts';
import type { OncallUseCases } from '../src/usecases/oncall.ts';
import type { QueryUseCases } from '../src/usecases/queries.ts';
import type { RolePolicy } from '../src/usecases/roles.ts';

export type { CommandInvocation };

export type CommandOutcome = {
  reply: Reply;
  /** Keys of the outbox rows the command's change queued (its incident card, notices). */
  followUps: readonly string[];
  /** True when the command changed stored state (false for queries, help and every error). */
  changed: boolean;
  /**
   * The command's name from the registry (`ack`, `calendar add`), or null when the line named none; with
   * `status`, how it ended, for metrics. A router may leave both out.
   */
  command?: string | null;
  status?: CommandStatus;
};

/**
 * How a command ended: it ran, it was refused (a usage error, a role, a rule), the database could not be
 * reached, or it failed unexpectedly.
 */
export type CommandStatus = 'ok' | 'refused' | 'unavailable' | 'error';

/** Minimal structured logger (pino satisfies it). */
export interface CommandLogger {
  error(obj: object, msg?: string): void;
  info?(obj: object, msg?: string): void;
}

export type CommandDeps = {
  time: TimeSource;
  incidents: IncidentUseCases;
  admin: AdminUseCases;
  /** Holidays by hand, from iCalendar files and from country sets, with their sources. */
  holidays: HolidayUseCases;
  queries: QueryUseCases;
  /** The figures behind charts (`report --chart`); absent where the front end draws none (some tests). */
  charts?: ChartUseCases;
  roles: RolePolicy;
  /** The configuration as documents (`export`); absent where the front end has none (some tests). */
  configuration?: { export(format: 'pacta' | 'openslo'): Promise<{ text: string; documents: number }> };
  /** On-call rotas and escalation policies. */
  oncall: OncallUseCases;
  /** Monitoring integrations; absent where the front end has none (some tests). */
  integrations?: IntegrationUseCases;
  /** `PACTA_PUBLIC_URL`: the address people and senders reach Pacta at, for webhook URLs. */
  publicUrl?: string | null;
  /** Signed links (adapters/http/signed-links.ts): the token of a dashboard link; absent where nothing serves the dashboard. */
  links?: { dashboard(expiresAt: Date, timezone: string): Promise<string> };
  /** Deployment zone (PACTA_TIMEZONE): times typed without a zone, and shown when the actor's is unknown. */
  timezone: string;
  log: CommandLogger;
  /**
   * Files on the machine Pacta runs on, for `calendar import`. Only the console provides it (a person
   * at that machine); Slack and Teams do not, so nobody in a chat can make Pacta read its disk.
   */
  files?: LocalFiles;
};

/** Reads a file named by a person at the console. Throws UserError when it cannot (missing, too big). */
export interface LocalFiles {
  read(path: string): Promise<HolidayFile>;
}

/** Runs one command line. Never throws: every failure becomes a reply. */
export interface CommandRouter {
  run(invocation: CommandInvocation): Promise<CommandOutcome>;
}

export type { Role };
