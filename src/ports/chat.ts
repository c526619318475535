import type { ChannelRef } from '../domain/channel.ts';
import type { Message } from '../messages/message.ts';

/** A message Pacta posted: enough for its adapter to update it or reply in its thread. */
export type MessageRef = { channel: ChannelRef; id: string; threadId?: string };

/** Posting to a chat platform. One implementation per platform (SlackChatPort, TeamsChatPort, console). */
export interface ChatPort {
  /** Posts a message, in the thread of `threadOf` when given. */
  post(channel: ChannelRef, message: Message, threadOf?: MessageRef): Promise<MessageRef>;
  /** Replaces a message Pacta posted earlier. */
  update(ref: MessageRef, message: Message): Promise<void>;
}

/** The chat ports this process has: one per enabled platform. */
export interface ChatPorts {
  get(platform: ChannelRef['platform']): ChatPort | null;
  /** The platforms with a port here; notifications for others are left to a process that has one. */
  platforms(): ReadonlyArray<ChannelRef['platform']>;
}

/**
 * A delivery the platform refused. Adapters translate their platform's errors into this, so the
 * dispatcher can retry sensibly: honour `retryAfterMs` (HTTP 429 Retry-After), give up at once when
 * `permanent` (channel gone, bot removed), retry with backoff otherwise.
 */
export class ChatDeliveryError extends Error {
  override readonly name = 'ChatDeliveryError';
  constructor(
    message: string,
    readonly detail: {
      retryAfterMs?: number;
      /** The platform refused for rate (HTTP 429), whether or not it said when to come back (`retryAfterMs`). */
      rateLimited?: boolean;
      permanent?: boolean;
      /**
       * What went wrong in words for the person who acted, continuing "I could not post the incident
       * card here: …" — e.g. "I am not a member of this channel. Invite me with `/invite @Pacta`."
       * Command names in backticks render as code.
       */
      advice?: string;
    } = {},
  ) {
    super(message);
  }
}
