/**
 * The console's chat platform: messages Pacta posts to the `console` channel (incident cards, and later
 * alerts and digests) are printed as they happen, so the console shows what a Slack or Teams channel
 * would.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { Message } from '../../src/messages/message.ts';
import type { ChatPort, MessageRef } from '../../src/ports/chat.ts';

export type ConsoleChatPortOptions = {
  /** Writes a block of text to the terminal (the session keeps the prompt tidy around it). */
  print: (text: string) => void;
  /** Renders a message as text (renderText with the deployment's zone). */
  render: (message: Message) => string;
  /** Prepares a message before it is rendered (writes its charts as files: chart-files.ts). */
  prepare?: (message: Message) => Promise<Message>;
};

export class ConsoleChatPort implements ChatPort {
  // Ids must stay unique across sessions: message refs are stored, and a second console on the same
  // database would otherwise collide with the first one's cards.
  private readonly session = randomUUID().slice(0, 8);
  private seq = 0;

  constructor(private readonly options: ConsoleChatPortOptions) {}

  async post(channel: ChannelRef, message: Message, threadOf?: MessageRef): Promise<MessageRef> {
    const id = `${this.session}-${++this.seq}`;
    const root = threadOf ? (threadOf.threadId ?? threadOf.id) : null;
    const where = root ? `#${channel.id}, in the thread of message ${root}` : `#${channel.id}`;
    this.options.print(frame(`Pacta posted in ${where}`, this.options.render(await this.prepared(message))));
    return { channel, id, ...(threadOf ? { threadId: threadOf.threadId ?? threadOf.id } : {}) };
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    this.options.print(frame(`Pacta updated a message in #${ref.channel.id}`, this.options.render(await this.prepared(message))));
  }

  private prepared(message: Message): Promise<Message> {
    return this.options.prepare ? this.options.prepare(message) : Promise.resolve(message);
  }
}

function frame(title: string, body: string): string {
  return `── ${title} ──\n${body}`;
}
