/**
 * SlackChatPort against the fake Web API: Block Kit posts and updates, threads, and Slack's refusals as
 * ChatDeliveryErrors the outbox dispatcher can act on (retry after a 429's Retry-After, give up on a
 * channel Pacta cannot reach) — without ever sleeping inside the call.
 */
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../adapters/config.ts';
import { silentLogger } from '../../../adapters/logger.ts';
import { slackClientOptions } from '../../../adapters/slack/slack-app.ts';
import { SlackChatPort } from '../../../adapters/slack/slack-chat-port.ts';
import { ChatDeliveryError } from '../../../src/ports/chat.ts';
import { textMessage } from '../../../src/messages/message.ts';
import { FakeSlackApi } from './fake-slack-api.ts';

let api: FakeSlackApi;
let port: SlackChatPort;
const channel = { platform: 'slack' as const, id: 'C0PORT' };

beforeAll(async () => {
  api = await new FakeSlackApi().start();
  const settings = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-port', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: api.url }).slack;
  port = new SlackChatPort(new webApi.WebClient('xoxb-port', slackClientOptions(settings, silentLogger())));
});
afterAll(async () => {
  await api?.close();
});
beforeEach(() => api.reset());

describe('SlackChatPort', () => {
  it('posts Block Kit with fallback text, in a thread when asked; the ref id is the ts', async () => {
    const ref = await port.post(channel, textMessage('Breach: INC-7 missed its acknowledge target'));
    expect(ref).toEqual({ channel, id: api.callsOf('chat.postMessage')[0]!.answer!.ts });
    const reply = await port.post(channel, textMessage('a note'), ref);
    expect(reply.threadId).toBe(ref.id);
    await port.update(ref, textMessage('updated'));
    const [first, second] = api.callsOf('chat.postMessage');
    expect(first!.params).toMatchObject({ channel: 'C0PORT', text: 'Breach: INC-7 missed its acknowledge target' });
    expect(first!.params).not.toHaveProperty('thread_ts');
    expect(second!.params).toMatchObject({ thread_ts: ref.id });
    expect(api.callsOf('chat.update')[0]!.params).toMatchObject({ channel: 'C0PORT', ts: ref.id, text: 'updated' });
    expect(api.violations).toEqual([]);
  });

  it('turns a 429 into a retry-after at once, and access problems into permanent failures', async () => {
    // An hour's Retry-After: a client that slept through it (or retried after it) could not return
    // within the test at all. It returns with the wait for the dispatcher, after one call.
    api.script('chat.postMessage', { status: 429, retryAfter: 3600 });
    const limited = await port.post(channel, textMessage('x')).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(ChatDeliveryError);
    expect((limited as ChatDeliveryError).detail).toMatchObject({ retryAfterMs: 3_600_000, advice: expect.stringMatching(/rate-limiting Pacta/) });
    expect(api.callsOf('chat.postMessage')).toHaveLength(1);

    for (const [error, permanent] of [
      ['not_in_channel', true],
      ['channel_not_found', true],
      ['is_archived', true],
      ['invalid_auth', true],
      ['internal_error', undefined],
    ] as const) {
      api.script('chat.postMessage', { error });
      const e = (await port.post(channel, textMessage('x')).catch((x: unknown) => x)) as ChatDeliveryError;
      expect(e, error).toBeInstanceOf(ChatDeliveryError);
      expect(e.detail.permanent, error).toBe(permanent);
      expect(e.message).toContain(error === 'not_in_channel' ? 'not-in-channel' : error === 'channel_not_found' ? 'channel-not-found' : error === 'is_archived' ? 'archived' : error);
    }
    api.script('chat.update', { error: 'message_not_found' });
    const gone = (await port.update({ channel, id: '1.2' }, textMessage('x')).catch((x: unknown) => x)) as ChatDeliveryError;
    expect(gone.detail).toEqual({ permanent: true, advice: 'the message is gone from Slack.' });
  });
});
