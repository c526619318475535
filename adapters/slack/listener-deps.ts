/**
 * What the Slack listeners (slash command, buttons, reactions) need from Pacta and from each other.
 */
import type { Logger } from 'pino';
import type { App } from '../app.ts';
import type { AckDeadline } from './command-listener.ts';
import type { SlackChatPort } from './slack-chat-port.ts';
import type { SlackUserDirectory } from './user-directory.ts';

/** The parts of the composition root the Slack adapter uses (tests may wrap `handle`, e.g. to slow it down). */
export type SlackHost = Pick<App, 'config' | 'handle' | 'reactions' | 'cards' | 'store'>;

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
