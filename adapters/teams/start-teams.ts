/**
 * Pacta in Microsoft Teams: the CloudAdapter, the bot, and the Teams chat port, wired to an {@link App}.
 * `start.ts` mounts the returned route at `/api/messages`; the chat port is registered on the app, so
 * incident cards opened or changed anywhere (console, Slack, the scheduler) reach Teams conversations.
 */
import type { App } from '../app.ts';
import type { RouteHandler } from '../http/server.ts';
import { activityRoute } from './activity-route.ts';
import { createCloudAdapter, type AuthenticationSettings, type PactaCloudAdapter } from './cloud-adapter.ts';
import { ConversationReferences } from './conversations.ts';
import { PactaTeamsBot } from './pacta-bot.ts';
import { TeamsChatPort } from './teams-chat-port.ts';

/** The path the Azure Bot's messaging endpoint points at. */
export const TEAMS_PATH = '/api/messages';

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

export function startTeams(app: App, options: TeamsOptions = {}): TeamsAdapter {
  const { teams } = app.config;
  const log = app.log.child({ adapter: 'teams' });
  if (teams.appId) log.info({ appId: teams.appId, appType: teams.appType }, `Teams: ${TEAMS_PATH} accepts Bot Framework requests for app ${teams.appId}`);
  else {
    log.warn(
      `Teams: ${TEAMS_PATH} runs in anonymous mode (no MICROSOFT_APP_ID): requests are not authenticated, so only local tools on this machine ` +
        '(Microsoft 365 Agents Playground, Bot Framework Emulator) are accepted. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD for Teams.',
    );
  }
  const adapter = createCloudAdapter(teams, options.authentication);
  const references = new ConversationReferences(app.store.read.conversations, app.clock);
  const chat = new TeamsChatPort(adapter, teams.appId ?? '', references);
  app.chat.register('teams', chat);
  const bot = new PactaTeamsBot({ app, references, chat, log });
  return { route: activityRoute({ adapter, bot, anonymous: !teams.appId, log }), chat, adapter, bot };
}
