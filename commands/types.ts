/**
 * The contract between the command language and the adapters (Slack, Teams, console). An adapter turns
 * what a person typed into a `CommandInvocation`, runs it through the router, and renders the reply.
 */
import type { Clock } from '../src/clock.ts';
import type { ChannelRef } from '../src/domain/channel.ts';
import type { Actor } from '../src/domain/incident.ts';
import type { Reply } from '../src/messages/message.ts';
import type { Role, Store } from '../src/ports/store.ts';
import type { AdminUseCases } from '../src/usecases/admin.ts';
import type { IncidentState, IncidentUseCases } from '../src/usecases/incidents.ts';
import type { QueryUseCases } from '../src/usecases/queries.ts';
import type { RolePolicy } from '../src/usecases/roles.ts';

export type CommandInvocation = {
  /** What was typed, without the platform's command word or bot mention (a leading `/sla` is tolerated). */
  text: string;
  actor: Actor;
  /** Where it was typed. */
  channel: ChannelRef;
  /** The actor's IANA zone when the platform tells us (Slack users.info `tz`); else the deployment's. */
  timezone?: string;
};

/** What the adapter should do besides showing the reply. */
export type CommandEffect =
  /** A new incident: post its card in the invoking channel. */
  | { kind: 'incident-opened'; state: IncidentState }
  /** An incident changed: refresh its cards everywhere. */
  | { kind: 'incident-changed'; state: IncidentState };

export type CommandOutcome = {
  reply: Reply;
  effects: CommandEffect[];
  /** True when the command changed stored state (false for queries, help and every error). */
  changed: boolean;
};

/** Minimal structured logger (pino satisfies it). */
export interface CommandLogger {
  error(obj: object, msg?: string): void;
  info?(obj: object, msg?: string): void;
}

export type CommandDeps = {
  store: Store;
  clock: Clock;
  incidents: IncidentUseCases;
  admin: AdminUseCases;
  queries: QueryUseCases;
  roles: RolePolicy;
  /** Deployment zone (PACTA_TIMEZONE): times typed without a zone, and shown when the actor's is unknown. */
  timezone: string;
  log: CommandLogger;
};

/** Runs one command line. Never throws: every failure becomes a reply. */
export interface CommandRouter {
  run(invocation: CommandInvocation): Promise<CommandOutcome>;
}

export type { Role };
