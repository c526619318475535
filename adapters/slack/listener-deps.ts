/**
 * What the Slack listeners (slash command, buttons, reactions) need from Pacta and from each other.
 */
import type { ChartImages } from '../../src/ports/charts.ts';
import type { Logger } from 'pino';
import type { Inbound } from '../../src/ports/inbound.ts';
import type { AckDeadline } from './command-listener.ts';
import type { SlackChatPort } from './slack-chat-port.ts';
import type { SlackUserDirectory } from './user-directory.ts';

/**
 * What the Slack adapter gets from Pacta: the one door, and its own slice of the configuration (the
 * reaction names that mean something in Slack). Tests may wrap the door, e.g. to slow a command down.
 */
export type SlackHost = {
  inbound: Inbound;
  reactions: { ack: readonly string[]; resolve: readonly string[] };
  /** Draws charts, so messages and replies carry them as images; absent: charts show as their alt text. */
  charts?: ChartImages;
};

export type ListenerDeps = {
  app: SlackHost;
  port: SlackChatPort;
  users: SlackUserDirectory;
  log: Logger;
  /** How long a slash command may take to be answered in its ack before the reply goes to response_url (for logs). */
  ackBudgetMs: number;
  /** When that budget is spent (`ackAfter(ackBudgetMs)` unless a test injects one). */
  ackDeadline: AckDeadline;
};
