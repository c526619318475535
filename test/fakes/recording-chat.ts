import type { ChannelRef } from '../../src/domain/channel.ts';
import type { Message } from '../../src/messages/message.ts';
import type { ChatPort, MessageRef } from '../../src/ports/chat.ts';

export type RecordedPost = { channel: ChannelRef; message: Message; threadOf?: MessageRef; id: string; at: number };

/**
 * An in-memory chat port that records what Pacta posts and updates. `failNext` queues failures (a
 * function that throws) for the next posts, `failNextUpdate` for the next updates, to play rate limits
 * and outages.
 */
export class RecordingChatPort implements ChatPort {
  readonly posts: RecordedPost[] = [];
  readonly updates: Array<{ ref: MessageRef; message: Message }> = [];
  private readonly failures: Array<() => never> = [];
  private readonly updateFailures: Array<() => never> = [];
  private seq = 0;

  constructor(private readonly now: () => number = () => 0) {}

  failNext(...fail: Array<() => never>): void {
    this.failures.push(...fail);
  }

  failNextUpdate(...fail: Array<() => never>): void {
    this.updateFailures.push(...fail);
  }

  async post(channel: ChannelRef, message: Message, threadOf?: MessageRef): Promise<MessageRef> {
    const fail = this.failures.shift();
    if (fail) fail();
    const id = `m${++this.seq}`;
    this.posts.push({ channel, message, ...(threadOf ? { threadOf } : {}), id, at: this.now() });
    // Like every platform: a reply's ref names its thread's root, so a reply to it joins that thread.
    return { channel, id, ...(threadOf ? { threadId: threadOf.threadId ?? threadOf.id } : {}) };
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const fail = this.updateFailures.shift();
    if (fail) fail();
    this.updates.push({ ref, message });
  }
}
