/**
 * Chat API calls counted at the chat-port boundary (adapters/metrics/chat-ports.ts): each post and
 * update once, by how the platform's own error classifies it, with the port's answers and errors intact.
 */
import { describe, expect, it } from 'vitest';
import { meteredChatPorts } from '../../../adapters/metrics/chat-ports.ts';
import { SlackCallError } from '../../../adapters/slack/web-api-errors.ts';
import { deliveryError } from '../../../adapters/teams/teams-chat-port.ts';
import { ChatDeliveryError, type ChatPort } from '../../../src/ports/chat.ts';

const message = { fallback: 'x', blocks: [] };
const channel = { platform: 'slack' as const, id: 'C1' };

describe('meteredChatPorts', () => {
  it('counts each call by outcome: ok, rate_limited (with or without Retry-After), permanent, error', async () => {
    const slack429 = new SlackCallError('chat.postMessage', { kind: 'rate-limited', retryAfterSeconds: 30 });
    const slackGone = new SlackCallError('chat.postMessage', { kind: 'channel-not-found' });
    const teams429 = deliveryError({ statusCode: 429, message: 'Too many requests', response: { headers: { get: () => undefined } } });
    const failures: unknown[] = [null, slack429, teams429, slackGone, new Error('socket hang up'), new ChatDeliveryError('Slack internal_error')];
    const port: ChatPort = {
      post: async (c) => {
        const f = failures.shift();
        if (f) throw f;
        return { channel: c, id: '1.0001' };
      },
      update: async () => {},
    };
    const calls: string[] = [];
    const ports = meteredChatPorts({ get: (p) => (p === 'slack' ? port : null), platforms: () => ['slack'] }, { chatCall: (p, m, o) => void calls.push(`${p} ${m} ${o}`) });
    const metered = ports.get('slack')!;
    expect(await metered.post(channel, message)).toEqual({ channel, id: '1.0001' });
    for (const err of [slack429, teams429, slackGone]) await expect(metered.post(channel, message)).rejects.toBe(err);
    await expect(metered.post(channel, message)).rejects.toThrow('socket hang up');
    await expect(metered.post(channel, message)).rejects.toThrow('internal_error');
    await metered.update({ channel, id: '1.0001' }, message);
    expect(calls).toEqual(['slack post ok', 'slack post rate_limited', 'slack post rate_limited', 'slack post permanent', 'slack post error', 'slack post error', 'slack update ok']);
    // The same port is wrapped once; platforms and absent ports pass through.
    expect(ports.get('slack')).toBe(metered);
    expect(ports.get('teams')).toBeNull();
    expect(ports.platforms()).toEqual(['slack']);
  });
});
