/**
 * Posting to Teams without being spoken to: incident cards, their updates, notes in their threads, the
 * welcome card. Each call continues the stored conversation (`continueConversationAsync`), so it works
 * from any process that shares the database — after a restart, or on another replica.
 * A channel `user:<aadObjectId>` (a direct message) continues that person's 1:1 chat with Pacta.
 */
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { Message } from '../../src/messages/message.ts';
import { ChatDeliveryError, type ChatPort, type MessageRef } from '../../src/ports/chat.ts';
import { messageActivity } from './card-activity.ts';
import { locateCharts, type TeamsCharts } from './chart-images.ts';
import { conversationIdFor, personOf, type ConversationReferences, type StoredReference } from './conversations.ts';

/** Pacta has never heard from the conversation, so it cannot post there; retrying will not change that. */
export class UnknownConversationError extends ChatDeliveryError {
  constructor(channel: ChannelRef) {
    super(`No Teams conversation reference for ${channel.id}: Pacta must be installed there (or mentioned once) before it can post.`, {
      permanent: true,
      advice: 'Pacta has not been added to this conversation yet. Add the app to the team or chat (or mention @Pacta here once), then try again.',
    });
  }
}

/**
 * A direct message to a person (`user:<aadObjectId>`) who has no 1:1 chat with Pacta: Teams lets a bot
 * message someone only in a conversation it already has with them, so the page stays the mention in the
 * channel. Permanent: retrying will not open a chat.
 */
export class NoPersonalChatError extends ChatDeliveryError {
  constructor(readonly aadObjectId: string) {
    super(
      `Pacta has no 1:1 chat with Teams user ${aadObjectId}, so it cannot message them directly; they are paged by the mention only. The person must install Pacta for themselves or message it once.`,
      {
        permanent: true,
        advice: 'Pacta has no 1:1 chat with this person yet, so they got only the mention. They can open a chat with Pacta (or add the app for themselves) to get direct messages.',
      },
    );
  }
}

/**
 * A Bot Connector error as the dispatcher understands it. The SDK itself retries throttling (honouring
 * Retry-After) and server errors a few times; what still fails here is either throttling that outlasted
 * those retries (retry after the connector's Retry-After), a conversation Pacta can no longer reach —
 * removed from the team, conversation deleted: 403, 404 — (permanent), or something to retry with backoff.
 */
export function deliveryError(err: unknown): unknown {
  if (err instanceof ChatDeliveryError || typeof err !== 'object' || err === null) return err;
  const e = err as { statusCode?: unknown; code?: unknown; message?: unknown; response?: { headers?: { get?: (name: string) => string | undefined } } };
  const what = `${typeof e.code === 'string' ? `${e.code}: ` : ''}${typeof e.message === 'string' ? e.message : ''}`;
  if (e.statusCode === 429) {
    const retryAfterMs = parseRetryAfter(e.response?.headers?.get?.('retry-after'));
    const advice = 'Teams is throttling Pacta right now. The change itself is saved, and Pacta tries again shortly.';
    return new ChatDeliveryError(`Teams is throttling Pacta (429) ${what}`.trim(), retryAfterMs === undefined ? { advice, rateLimited: true } : { retryAfterMs, advice, rateLimited: true });
  }
  if (e.statusCode === 403 || e.statusCode === 404) {
    return new ChatDeliveryError(`Teams refused (${e.statusCode}) ${what}`.trim(), {
      permanent: true,
      advice: `Teams refused (${e.statusCode}): Pacta may have been removed from this conversation, or the message is gone. Add the app again if it should post here.`,
    });
  }
  return err;
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export class TeamsChatPort implements ChatPort {
  constructor(
    private readonly adapter: CloudAdapter,
    /** The bot's app id; empty in anonymous mode. */
    private readonly appId: string,
    private readonly references: ConversationReferences,
    /** Draws charts and gives them addresses (chart-images.ts); null: charts show as their alt text. */
    private readonly charts: TeamsCharts | null = null,
  ) {}

  async post(channel: ChannelRef, message: Message, threadOf?: MessageRef): Promise<MessageRef> {
    const rootId = threadOf ? (threadOf.threadId ?? threadOf.id) : undefined;
    const id = await this.send(channel, messageActivity(await locateCharts(message, this.charts)), rootId);
    return { channel, id, ...(rootId ? { threadId: rootId } : {}) };
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    await this.continueIn(ref.channel, undefined, async (context) => {
      await context.updateActivity({ ...messageActivity(await locateCharts(message, this.charts)), id: ref.id });
    });
  }

  /** Posts a ready-made activity to `channel` (in the thread of `rootId` in a channel); returns its id. */
  async send(channel: ChannelRef, activity: Partial<Activity>, rootId?: string): Promise<string> {
    let id: string | undefined;
    await this.continueIn(channel, rootId, async (context) => {
      id = (await context.sendActivity(activity))?.id;
    });
    if (!id) throw new Error(`Teams did not return the id of the message posted in ${channel.id}`);
    return id;
  }

  private async continueIn(channel: ChannelRef, rootId: string | undefined, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const reference: StoredReference | null = await this.references.get(channel);
    if (!reference) {
      // A person's channel resolves through their 1:1 chat, stored when they talked to Pacta there.
      const person = personOf(channel);
      throw person !== null ? new NoPersonalChatError(person) : new UnknownConversationError(channel);
    }
    const conversation = { ...reference.conversation, id: conversationIdFor(reference, rootId) };
    try {
      await this.adapter.continueConversationAsync(this.appId, { ...reference, conversation }, async (context) => {
        // The continuation turn's own id is a random UUID, not a message: without this the SDK would send
        // every post as a "reply" to it. A new message goes to the conversation (or thread) itself.
        context.onSendActivities(async (_context, activities, next) => {
          for (const a of activities) delete a.replyToId;
          return next();
        });
        await logic(context);
      });
    } catch (err) {
      throw deliveryError(err);
    }
  }
}
