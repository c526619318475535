/**
 * Pacta in Microsoft Teams: the CloudAdapter, the bot, and the Teams chat port, wired to Pacta's door.
 * The composition root mounts the returned route at `/api/messages` and registers the chat port, so
 * incident cards opened or changed anywhere (console, Slack, the scheduler) reach Teams conversations.
 */
import type { Logger } from 'pino';
import type { TimeSource } from '../../src/time-source.ts';
import type { ConversationRefRepository } from '../../src/ports/store.ts';
import type { TeamsConfig } from '../config.ts';
import type { RouteHandler } from '../http/server.ts';
import { activityRoute } from './activity-route.ts';
import { createCloudAdapter, type AuthenticationSettings, type PactaCloudAdapter } from './cloud-adapter.ts';
import { ConversationReferences } from './conversations.ts';
import { PactaTeamsBot, type TeamsHost } from './pacta-bot.ts';
import { TeamsChatPort } from './teams-chat-port.ts';

/** The path the Azure Bot's messaging endpoint points at. */
export const TEAMS_PATH = '/api/messages';

export type TeamsSettings = TeamsConfig;

export type TeamsOptions = {
  /** Tests only: token validation against a key server on loopback instead of Azure's. */
  authentication?: AuthenticationSettings;
};

export type TeamsAdapter = {
  /** The `/api/messages` handler. */
  route: RouteHandler;
  chat: TeamsChatPort;
  adapter: PactaCloudAdapter;
  bot: PactaTeamsBot;
};

/** What the Teams adapter gets: the door and its reaction names, its config slice, where conversation references live. */
export type TeamsStart = {
  host: TeamsHost;
  settings: TeamsSettings;
  conversations: ConversationRefRepository;
  time: TimeSource;
  log: Logger;
};

/** Builds the Teams adapter; the caller mounts `route` at {@link TEAMS_PATH} and registers `chat` as the `teams` chat port. */
export function startTeams(start: TeamsStart, options: TeamsOptions = {}): TeamsAdapter {
  const { settings: teams } = start;
  const log = start.log.child({ adapter: 'teams' });
  if (teams.appId) log.info({ appId: teams.appId, appType: teams.appType }, `Teams: ${TEAMS_PATH} accepts Bot Framework requests for app ${teams.appId}`);
  else {
    log.warn(
      `Teams: ${TEAMS_PATH} runs in anonymous mode (no MICROSOFT_APP_ID): requests are not authenticated, so only local tools on this machine ` +
        '(Microsoft 365 Agents Playground, Bot Framework Emulator) are accepted. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD for Teams.',
    );
  }
  const adapter = createCloudAdapter(teams, options.authentication);
  const references = new ConversationReferences(start.conversations, start.time);
  const chat = new TeamsChatPort(adapter, teams.appId ?? '', references, start.host.charts ?? null);
  const bot = new PactaTeamsBot({ host: start.host, references, chat, log });
  return { route: activityRoute({ adapter, bot, anonymous: !teams.appId, log }), chat, adapter, bot };
}
