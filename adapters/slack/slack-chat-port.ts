/**
 * Posting to Slack: incident cards, thread notes and (later) alerts and digests, rendered as Block Kit.
 * A message reference's id is Slack's `ts`, which is also how reactions and button clicks name it.
 */
import type { webApi } from '@slack/bolt';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { Message } from '../../src/messages/message.ts';
import type { ChatPort, MessageRef } from '../../src/ports/chat.ts';
import { renderBlocks } from './render-blocks.ts';
import { SlackCallError, classifySlackError } from './web-api-errors.ts';

type WebClient = webApi.WebClient;

export class SlackChatPort implements ChatPort {
  /** `client` carries the bot token and Pacta's client options (API URL, fail-fast rate limits). */
  constructor(private readonly client: WebClient) {}

  async post(channel: ChannelRef, message: Message, threadOf?: MessageRef): Promise<MessageRef> {
    const payload = renderBlocks(message);
    const thread = threadOf ? (threadOf.threadId ?? threadOf.id) : undefined;
    try {
      const res = await this.client.chat.postMessage({
        channel: channel.id,
        text: payload.text,
        blocks: payload.blocks,
        ...(thread ? { thread_ts: thread } : {}),
        // Links in titles and notes are the user's; previews would bury the card.
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!res.ts) throw new Error('chat.postMessage answered without a ts');
      return { channel, id: res.ts, ...(thread ? { threadId: thread } : {}) };
    } catch (err) {
      throw this.failed('chat.postMessage', err);
    }
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const payload = renderBlocks(message);
    try {
      await this.client.chat.update({ channel: ref.channel.id, ts: ref.id, text: payload.text, blocks: payload.blocks });
    } catch (err) {
      throw this.failed('chat.update', err);
    }
  }

  private failed(method: string, err: unknown): SlackCallError {
    return new SlackCallError(method, classifySlackError(err), { cause: err });
  }
}
