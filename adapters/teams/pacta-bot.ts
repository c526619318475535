/**
 * Pacta's Teams bot: what it does with each kind of activity.
 * - every activity: its conversation reference is stored, so Pacta can post there later;
 * - message: the command language (mention Pacta in channels and group chats; anything in a 1:1 chat);
 * - conversationUpdate adding Pacta (an install): a welcome card;
 * - messageReaction: acknowledge or resolve by reaction;
 * - adaptiveCard/action invoke: an incident card's button.
 * A redelivered activity (same id) acts once: it is recorded in the processed-events table first.
 */
import { TeamsActivityHandler, type Activity, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { UNAVAILABLE_TEXT, UnavailableError } from '../../src/errors.ts';
import { textMessage } from '../../src/messages/message.ts';
import type { Inbound } from '../../src/ports/inbound.ts';
import { actorOf, timezoneOf } from './actors.ts';
import { messageActivity, replyActivity } from './card-activity.ts';
import { runCardAction } from './card-actions.ts';
import { commandText, mentionsBot } from './command-text.ts';
import { channelOf, scopeOf, type ConversationReferences } from './conversations.ts';
import { handleMessageReactions } from './message-reactions.ts';
import type { TeamsChatPort } from './teams-chat-port.ts';
import { welcomeMessage } from './welcome.ts';
import { locateCharts, type TeamsCharts } from './chart-images.ts';

/** What the Teams bot gets from Pacta: the one door, and the reaction names that mean something in Teams. */
export type TeamsHost = {
  inbound: Inbound;
  reactions: { ack: readonly string[]; resolve: readonly string[] };
  /** Draws charts and gives them addresses for cards; absent: charts show as their alt text. */
  charts?: TeamsCharts;
};

export type PactaBotDeps = { host: TeamsHost; references: ConversationReferences; chat: TeamsChatPort; log: Logger };

export class PactaTeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: PactaBotDeps) {
    super();
    this.onMembersAdded(async (context, next) => {
      await this.welcome(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    try {
      await this.deps.references.remember(context.activity);
    } catch (err) {
      // The reference is stored again with the next activity; the turn itself says what it can.
      if (!(err instanceof UnavailableError)) throw err;
      this.deps.log.warn({ reason: err.message, conversation: context.activity.conversation?.id }, 'Teams: conversation reference not stored: the database is unavailable');
    }
    await super.run(context);
  }

  protected override async onMessageActivity(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const scope = scopeOf(activity.conversation);
    // Where several people talk, only messages that mention Pacta are for it.
    if (scope !== 'personal' && !mentionsBot(activity)) return;
    // A submit from some other card carries a value and no text: nothing to run.
    if (!activity.text && activity.value !== undefined) return;
    let first: boolean;
    try {
      first = await this.firstDelivery(activity);
    } catch (err) {
      if (!(err instanceof UnavailableError)) throw err;
      this.deps.log.warn({ reason: err.message, conversation: activity.conversation?.id }, 'Teams: message not run: the database is unavailable');
      await context.sendActivity(replyActivity({ visibility: 'ephemeral', message: textMessage(UNAVAILABLE_TEXT) }, scope));
      return;
    }
    if (!first) return;
    const timezone = timezoneOf(activity);
    const answer = await this.deps.host.inbound.command({
      text: await commandText(context),
      actor: actorOf(activity.from),
      channel: channelOf(activity),
      ...(timezone ? { timezone } : {}),
    });
    const message = await locateCharts(answer.reply.message, this.deps.host.charts ?? null);
    await context.sendActivity(replyActivity({ ...answer.reply, message }, scope));
  }

  protected override async onMessageReactionActivity(context: TurnContext): Promise<void> {
    // Redeliveries are recognised per reaction by the reaction use case, in its own transaction.
    await handleMessageReactions(this.deps, context);
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    return runCardAction(this.deps, context, value);
  }

  /** The welcome card, when the conversation update says Pacta itself was added. */
  private async welcome(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (!activity.membersAdded?.some((m) => m.id === activity.recipient?.id)) return;
    if (!(await this.firstDelivery(activity))) return;
    const message = welcomeMessage(scopeOf(activity.conversation), this.deps.host.reactions.ack);
    await this.deps.chat.send(channelOf(activity), messageActivity(message));
    this.deps.log.info({ conversation: channelOf(activity).id, scope: scopeOf(activity.conversation) }, 'Teams: installed; welcome card posted');
  }

  /**
   * Records the activity as processed; false when it already was. Teams message ids are unique only
   * within a conversation, so the key names both.
   */
  private firstDelivery(activity: Activity): Promise<boolean> {
    if (!activity.id) return Promise.resolve(true);
    return this.deps.host.inbound.firstDelivery(`teams:${channelOf(activity).id}:${activity.id}`);
  }
}
