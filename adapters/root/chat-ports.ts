/**
 * The chat ports of this process, by platform. The composition root registers each adapter's port as
 * the adapter starts; the dispatcher delivers only what this process has a port for, and leaves the
 * rest (the console's channel, when the server runs without it) to a process that has one.
 */
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { ChatPort, ChatPorts } from '../../src/ports/chat.ts';

export class ChatPortRegistry implements ChatPorts {
  private readonly ports = new Map<ChannelRef['platform'], ChatPort>();

  register(platform: ChannelRef['platform'], port: ChatPort): void {
    this.ports.set(platform, port);
  }

  get(platform: ChannelRef['platform']): ChatPort | null {
    return this.ports.get(platform) ?? null;
  }

  platforms(): Array<ChannelRef['platform']> {
    return [...this.ports.keys()];
  }
}
