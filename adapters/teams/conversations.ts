/**
 * Where Pacta talks in Teams, and how it finds its way back there later.
 *
 * A Teams channel conversation id names the thread a message belongs to: `19:…@thread.tacv2;messageid=17…`.
 * Pacta's {@link ChannelRef} for Teams is the conversation id without that suffix — the channel itself,
 * a group chat (`19:…@thread.v2`) or a 1:1 chat (`a:1…`) — and the Bot Framework conversation reference
 * needed to post there without being spoken to is stored under `teams:<that id>`.
 *
 * A person's 1:1 chat with Pacta is also stored under the person: `teams:user:<Entra object id>`, the key
 * of the channel {@link personChannel} (what `directChannel` gives for a Teams person). That is how a
 * direct message to someone finds their chat without knowing its conversation id.
 */
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { TimeSource } from '../../src/time-source.ts';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { ConversationRefRepository } from '../../src/ports/store.ts';

const THREAD_SUFFIX = /;messageid=[^;]*$/i;
const PERSON_PREFIX = 'user:';

/** What a stored reference must hold to be used for a proactive post. */
export type StoredReference = Partial<ConversationReference> & {
  channelId: string;
  serviceUrl: string;
  conversation: ConversationReference['conversation'];
};

/** `19:abc@thread.tacv2;messageid=1700000000000` → `19:abc@thread.tacv2`; other ids unchanged. */
export function baseConversationId(id: string): string {
  return id.replace(THREAD_SUFFIX, '');
}

/** The Pacta channel an activity happened in (a thread reply belongs to its channel). */
export function channelOf(activity: Pick<Activity, 'conversation'>): ChannelRef {
  return { platform: 'teams', id: baseConversationId(activity.conversation.id) };
}

/** Key of a channel's stored conversation reference. */
export function referenceKey(channel: ChannelRef): string {
  return `teams:${channel.id}`;
}

/** The Pacta channel of a person's 1:1 chat with Pacta, named by the person: `user:<aadObjectId>`. */
export function personChannel(aadObjectId: string): ChannelRef {
  return { platform: 'teams', id: `${PERSON_PREFIX}${aadObjectId}` };
}

/** The person a `user:<aadObjectId>` channel names, or null for a conversation id. */
export function personOf(channel: ChannelRef): string | null {
  return channel.id.startsWith(PERSON_PREFIX) ? channel.id.slice(PERSON_PREFIX.length) : null;
}

/** Teams' kind of conversation; tools that send none (the Emulator) are treated as a 1:1 chat. */
export type ConversationScope = 'personal' | 'channel' | 'groupChat';

export function scopeOf(conversation: { conversationType?: string } | undefined): ConversationScope {
  const t = conversation?.conversationType;
  return t === 'channel' || t === 'groupChat' ? t : 'personal';
}

/**
 * The conversation id to post to: the channel itself, or — in a channel, where Teams has threads — the
 * thread of `rootId`. Group and 1:1 chats have no threads, so a reply there is an ordinary message.
 */
export function conversationIdFor(reference: StoredReference, rootId?: string): string {
  const base = baseConversationId(reference.conversation.id);
  return rootId && scopeOf(reference.conversation) === 'channel' ? `${base};messageid=${rootId}` : base;
}

/** Stores and loads conversation references, so Pacta can post in a conversation later. */
export class ConversationReferences {
  constructor(
    private readonly repo: ConversationRefRepository,
    private readonly time: TimeSource,
  ) {}

  /**
   * Saves the reference of the activity's conversation (on every activity: the service URL of a tenant
   * can change, and an install is not always the first thing Pacta hears). Returns its channel.
   * In a 1:1 chat the same reference is saved under the person too (their Entra object id), so a
   * direct message to them can continue it; channel and group conversations are never stored so.
   */
  async remember(activity: Activity): Promise<ChannelRef | null> {
    if (!activity.conversation?.id || !activity.serviceUrl) return null;
    const channel = channelOf(activity);
    const reference = TurnContext.getConversationReference(activity);
    // The reference names the conversation, not the message that happened to bring it.
    delete reference.activityId;
    const stored = { ...reference, conversation: { ...reference.conversation, id: channel.id } };
    const at = this.time.now();
    await this.repo.save(referenceKey(channel), 'teams', stored, at);
    const person = activity.from?.aadObjectId;
    if (person && scopeOf(activity.conversation) === 'personal' && activity.conversation.isGroup !== true) {
      await this.repo.save(referenceKey(personChannel(person)), 'teams', stored, at);
    }
    return channel;
  }

  /** The stored reference of `channel`, or null when Pacta has never heard from that conversation. */
  async get(channel: ChannelRef): Promise<StoredReference | null> {
    const raw = await this.repo.get(referenceKey(channel));
    return isStoredReference(raw) ? raw : null;
  }
}

function isStoredReference(x: unknown): x is StoredReference {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  const conversation = r['conversation'] as Record<string, unknown> | undefined;
  return typeof r['serviceUrl'] === 'string' && typeof r['channelId'] === 'string' && typeof conversation?.['id'] === 'string';
}
