/**
 * Chat API calls, counted at the chat-port boundary: the outbox's posts and updates through each
 * platform's port, by how they ended. The ports' own errors say which: a `ChatDeliveryError` for a 429
 * (with or without Retry-After) is a rate limit, a permanent one (channel gone, bot removed) is `permanent`, anything else
 * an `error` the outbox retries.
 */
import type { ChannelRef } from '../../src/domain/channel.ts';
import { ChatDeliveryError, type ChatPort, type ChatPorts } from '../../src/ports/chat.ts';
import type { ChatCallOutcome, ChatMethod, PactaMetrics } from './metrics.ts';

type ChatMetrics = Pick<PactaMetrics, 'chatCall'>;

/** `ports` as the dispatcher sees them, each call recorded in `metrics`. The ports themselves are unchanged. */
export function meteredChatPorts(ports: ChatPorts, metrics: ChatMetrics): ChatPorts {
  const wrapped = new WeakMap<ChatPort, ChatPort>();
  return {
    platforms: () => ports.platforms(),
    get(platform: ChannelRef['platform']): ChatPort | null {
      const port = ports.get(platform);
      if (!port) return null;
      let metered = wrapped.get(port);
      if (!metered) wrapped.set(port, (metered = meteredChatPort(platform, port, metrics)));
      return metered;
    },
  };
}

function meteredChatPort(platform: ChannelRef['platform'], port: ChatPort, metrics: ChatMetrics): ChatPort {
  const call = async <T>(method: ChatMethod, fn: () => Promise<T>): Promise<T> => {
    try {
      const out = await fn();
      metrics.chatCall(platform, method, 'ok');
      return out;
    } catch (err) {
      metrics.chatCall(platform, method, chatOutcome(err));
      throw err;
    }
  };
  return {
    post: (channel, message, threadOf) => call('post', () => port.post(channel, message, threadOf)),
    update: (ref, message) => call('update', () => port.update(ref, message)),
  };
}

function chatOutcome(err: unknown): ChatCallOutcome {
  if (!(err instanceof ChatDeliveryError)) return 'error';
  if (err.detail.rateLimited || err.detail.retryAfterMs !== undefined) return 'rate_limited';
  return err.detail.permanent ? 'permanent' : 'error';
}
