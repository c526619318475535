/**
 * Incident card buttons (Acknowledge, Resolve, Pause, …) are Universal Actions: a click arrives as an
 * `adaptiveCard/action` invoke with the button's verb and data, decoded into the structured action and
 * handed to Pacta's door as the person who clicked. The answer is the refreshed card, which Teams shows
 * in place of the clicked one. What the command refused (no role, already resolved) comes back as a
 * short message instead, and the card stays as it was.
 */
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { UNAVAILABLE_TEXT, UnavailableError } from '../../src/errors.ts';
import { truncateText } from '../../src/messages/text-fit.ts';
import type { TeamsHost } from './pacta-bot.ts';
import { actorOf } from './actors.ts';
import { channelOf } from './conversations.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, decodeExecuteAction, renderCard, type AdaptiveCardJson } from './render-card.ts';

/** Universal Action response type for a message shown to the clicking user. */
export const INVOKE_MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';
const MESSAGE_MAX = 400;

export type CardActionDeps = { host: TeamsHost; log: Logger };

/**
 * Answers a card action. A redelivered invoke (same activity id) acts no more — the door records the id
 * in the transaction of the change — and answers with the incident's current card.
 */
export async function runCardAction(deps: CardActionDeps, context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
  const { host, log } = deps;
  const action = decodeExecuteAction(value.action?.verb, value.action?.data);
  if (!action) {
    log.warn({ verb: value.action?.verb }, 'Teams: a card action Pacta does not know');
    return messageResponse("That button isn't one of Pacta's incident actions.");
  }
  const activity = context.activity;
  const channel = channelOf(activity);
  let answer;
  try {
    answer = await host.inbound.button({
      action,
      actor: actorOf(activity.from),
      channel,
      // Teams message ids are unique only within a conversation, so the key names both.
      ...(activity.id ? { eventKey: `teams:${channel.id}:${activity.id}` } : {}),
    });
  } catch (err) {
    if (!(err instanceof UnavailableError)) throw err;
    log.warn({ reason: err.message, incident: action.incident }, 'Teams: card action not run: the database is unavailable');
    return messageResponse(UNAVAILABLE_TEXT);
  }
  if (answer.kind === 'changed') return cardResponse(renderCard(answer.card));
  if (answer.kind === 'refused') return messageResponse(answer.reply.message.fallback);
  if (answer.card) return cardResponse(renderCard(answer.card));
  log.warn({ incident: action.incident }, 'Teams: no current card for a redelivered card action');
  return messageResponse('That incident is no longer there.');
}

function cardResponse(card: AdaptiveCardJson): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as unknown as Record<string, unknown> };
}

/** Teams shows `value` to the clicking user; the SDK types it as an object, the protocol as a string. */
function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: INVOKE_MESSAGE_TYPE, value: truncateText(text.trim(), MESSAGE_MAX) as unknown as Record<string, unknown> };
}
