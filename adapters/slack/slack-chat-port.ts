/**
 * Posting to Slack: incident cards, thread notes and (later) alerts and digests, rendered as Block Kit.
 * A message reference's id is Slack's `ts`, which is also how reactions and button clicks name it.
 */
import type { webApi } from '@slack/bolt';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { Message, ReplyFile } from '../../src/messages/message.ts';
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

  /**
   * Sends `file` to `userId` in their direct messages with Pacta, with Slack's upload API: the DM is
   * opened (`conversations.open`), an upload URL asked for (`files.getUploadURLExternal`), the bytes
   * posted to it, and the upload completed into the DM (`files.completeUploadExternal`). The old
   * `files.upload` is retired.
   */
  async uploadToUser(userId: string, file: ReplyFile): Promise<void> {
    try {
      const im = await this.client.conversations.open({ users: userId });
      const channel = im.channel?.id;
      if (!channel) throw new Error('conversations.open answered without a channel');
      const bytes = Buffer.from(file.text, 'utf8');
      const url = await this.client.files.getUploadURLExternal({ filename: file.name, length: bytes.length });
      if (!url.upload_url || !url.file_id) throw new Error('files.getUploadURLExternal answered without upload_url and file_id');
      const sent = await fetch(url.upload_url, { method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
      if (!sent.ok) throw new Error(`the upload URL answered ${sent.status}`);
      await this.client.files.completeUploadExternal({ files: [{ id: url.file_id, title: file.title }], channel_id: channel });
    } catch (err) {
      throw this.failed('files.completeUploadExternal', err);
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
