/**
 * Posting to Slack: incident cards, thread notes and (later) alerts and digests, rendered as Block Kit.
 * A message reference's id is Slack's `ts`, which is also how reactions and button clicks name it.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ChannelRef } from '../../src/domain/channel.ts';
import { imagesOf, withoutImages, type ImageBlock, type Message, type ReplyFile } from '../../src/messages/message.ts';
import type { ChartImages } from '../../src/ports/charts.ts';
import type { ChatPort, MessageRef } from '../../src/ports/chat.ts';
import { renderBlocks } from './render-blocks.ts';
import { SlackCallError, classifySlackError } from './web-api-errors.ts';

type WebClient = webApi.WebClient;

/** A file to upload: its name, title, bytes and, for an image, its alt text. */
type Upload = { name: string; title: string; bytes: Buffer; alt?: string };

export class SlackChatPort implements ChatPort {
  /**
   * `client` carries the bot token and Pacta's client options (API URL, fail-fast rate limits); with
   * `charts`, a message's charts are shared as PNG files beside it, else shown by their alt text.
   */
  constructor(
    private readonly client: WebClient,
    private readonly charts: ChartImages | null = null,
    private readonly log: Logger | null = null,
  ) {}

  /**
   * Posts the message; its charts follow it into the same channel (and thread) as one file share of PNGs
   * (`files.getUploadURLExternal`, the bytes, `files.completeUploadExternal` with `channel_id`). The message
   * is what the outbox delivers exactly once: once it is posted, a chart that cannot be shared is logged,
   * not retried, so a retry never posts the message twice.
   */
  async post(channel: ChannelRef, message: Message, threadOf?: MessageRef): Promise<MessageRef> {
    const images = this.charts ? imagesOf(message) : [];
    const ref = await this.postBlocks(channel, images.length ? withoutImages(message) : message, threadOf);
    if (images.length) {
      await this.shareCharts(channel.id, images, ref.threadId).catch((err: unknown) =>
        this.log?.warn({ err, channel: channel.id, charts: images.length }, 'posted the message but could not share its charts'),
      );
    }
    return ref;
  }

  /** Whether this port shares charts as images (it has a renderer). */
  get sharesCharts(): boolean {
    return this.charts !== null;
  }

  /** Sends a reply's charts to `userId` in their direct messages with Pacta (the reply itself was ephemeral). */
  async chartsToUser(userId: string, images: readonly ImageBlock[]): Promise<void> {
    if (!images.length || !this.charts) return;
    await this.shareCharts(await this.directChannel(userId), images);
  }

  private async shareCharts(channelId: string, images: readonly ImageBlock[], threadTs?: string): Promise<void> {
    const charts = this.charts!;
    const files: Upload[] = [];
    for (const [i, image] of images.entries()) {
      files.push({ name: `${chartFileName(image.chart.title, i)}.png`, title: image.chart.title, bytes: Buffer.from(await charts.png(image.chart)), alt: image.alt });
    }
    await this.upload(channelId, files, threadTs);
  }

  private async postBlocks(channel: ChannelRef, message: Message, threadOf?: MessageRef): Promise<MessageRef> {
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
    await this.upload(await this.directChannel(userId), [{ name: file.name, title: file.title, bytes: Buffer.from(file.text, 'utf8') }]);
  }

  /** The person's direct-message channel with Pacta (`conversations.open`). */
  private async directChannel(userId: string): Promise<string> {
    try {
      const im = await this.client.conversations.open({ users: userId });
      if (!im.channel?.id) throw new Error('conversations.open answered without a channel');
      return im.channel.id;
    } catch (err) {
      throw this.failed('conversations.open', err);
    }
  }

  /** Uploads `files` and shares them in `channelId` (in the thread of `threadTs`) as one message. */
  private async upload(channelId: string, files: readonly Upload[], threadTs?: string): Promise<void> {
    try {
      const done: Array<{ id: string; title: string }> = [];
      for (const f of files) {
        const url = await this.client.files.getUploadURLExternal({ filename: f.name, length: f.bytes.length, ...(f.alt ? { alt_text: f.alt.slice(0, 1000) } : {}) });
        if (!url.upload_url || !url.file_id) throw new Error('files.getUploadURLExternal answered without upload_url and file_id');
        const sent = await fetch(url.upload_url, { method: 'POST', body: f.bytes, headers: { 'content-type': 'application/octet-stream' } });
        if (!sent.ok) throw new Error(`the upload URL answered ${sent.status}`);
        done.push({ id: url.file_id, title: f.title });
      }
      await this.client.files.completeUploadExternal({ files: done as [{ id: string; title: string }], channel_id: channelId, ...(threadTs ? { thread_ts: threadTs } : {}) });
    } catch (err) {
      throw this.failed('files.completeUploadExternal', err);
    }
  }

  /** Shows `message` to `userId` alone in `channelId` (`chat.postEphemeral`): what Pacta has to say to one person outside a command. */
  async tell(channelId: string, userId: string, message: Message): Promise<void> {
    const payload = renderBlocks(message);
    try {
      await this.client.chat.postEphemeral({ channel: channelId, user: userId, text: payload.text, blocks: payload.blocks });
    } catch (err) {
      throw this.failed('chat.postEphemeral', err);
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

/** `error-budget-of-payments-30d`: a file name from a chart's title, never empty. */
function chartFileName(title: string, index: number): string {
  const slug = title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return slug || `chart-${index + 1}`;
}
