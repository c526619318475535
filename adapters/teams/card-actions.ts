/**
 * Incident card buttons (Acknowledge, Resolve, Pause, …) are Universal Actions: a click arrives as an
 * `adaptiveCard/action` invoke with the button's verb and data. It runs the same command a person could
 * type (`ack INC-4`), as the person who clicked, and answers with the refreshed card, which Teams shows
 * in place of the clicked one. What the command refused (no role, already resolved) comes back as a
 * short message instead, and the card stays as it was.
 */
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { buttonCommand } from '../../src/messages/button-action.ts';
import { incidentCard } from '../../src/messages/views/incident-card.ts';
import { truncateText } from '../../src/messages/text-fit.ts';
import type { App } from '../app.ts';
import { actorOf } from './actors.ts';
import { channelOf } from './conversations.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, decodeExecuteAction, renderCard, type AdaptiveCardJson } from './render-card.ts';

/** Universal Action response type for a message shown to the clicking user. */
export const INVOKE_MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';
const MESSAGE_MAX = 400;

export type CardActionDeps = { app: App; log: Logger };

/**
 * Answers a card action. `firstDelivery` is false for a redelivered invoke: it then acts no more and
 * answers with the incident's current card.
 */
export async function runCardAction(
  deps: CardActionDeps,
  context: TurnContext,
  value: AdaptiveCardInvokeValue,
  firstDelivery: boolean,
): Promise<AdaptiveCardInvokeResponse> {
  const { app, log } = deps;
  const action = decodeExecuteAction(value.action?.verb, value.action?.data);
  if (!action) {
    log.warn({ verb: value.action?.verb }, 'Teams: a card action Pacta does not know');
    return messageResponse("That button isn't one of Pacta's incident actions.");
  }
  if (!firstDelivery) {
    try {
      return cardResponse(await currentCard(app, action.incident));
    } catch (err) {
      log.warn({ err, incident: action.incident }, 'Teams: no current card for a redelivered card action');
      return messageResponse('That incident is no longer there.');
    }
  }
  const outcome = await app.handle({ text: buttonCommand(action), actor: actorOf(context.activity.from), channel: channelOf(context.activity) });
  const changed = outcome.effects.find((e) => e.state.incident.number === action.incident);
  if (changed) return cardResponse(renderIncident(app, changed.state));
  return messageResponse(outcome.reply.message.fallback);
}

function renderIncident(app: App, state: Parameters<typeof incidentCard>[0]): AdaptiveCardJson {
  return renderCard(incidentCard(state, { timezone: app.config.timezone }));
}

async function currentCard(app: App, incident: number): Promise<AdaptiveCardJson> {
  return renderIncident(app, await app.incidents.get(incident));
}

function cardResponse(card: AdaptiveCardJson): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as unknown as Record<string, unknown> };
}

/** Teams shows `value` to the clicking user; the SDK types it as an object, the protocol as a string. */
function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: INVOKE_MESSAGE_TYPE, value: truncateText(text.trim(), MESSAGE_MAX) as unknown as Record<string, unknown> };
}
