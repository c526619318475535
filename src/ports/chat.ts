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

/**
 * A delivery the platform refused. Adapters translate their platform's errors into this, so the
 * dispatcher can retry sensibly: honour `retryAfterMs` (HTTP 429 Retry-After), give up at once when
 * `permanent` (channel gone, bot removed), retry with backoff otherwise.
 */
export class ChatDeliveryError extends Error {
  override readonly name = 'ChatDeliveryError';
  constructor(
    message: string,
    readonly detail: { retryAfterMs?: number; permanent?: boolean } = {},
  ) {
    super(message);
  }
}
