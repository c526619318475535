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
import { budgetChart, FakeChartImages, PNG_SIGNATURE } from '../../fakes/chart-images.ts';
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

describe('SlackChatPort with charts', () => {
  it('posts the message, then shares its charts as PNG files in the same channel and thread with their alt text', async () => {
    const charts = new FakeChartImages();
    const settings = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-port', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: api.url }).slack;
    const withCharts = new SlackChatPort(new webApi.WebClient('xoxb-port', slackClientOptions(settings, silentLogger())), charts, silentLogger());
    const message = {
      fallback: 'Digest',
      blocks: [
        { type: 'header' as const, text: 'Digest' },
        { type: 'image' as const, chart: budgetChart('Error budget of Payments API · 30d'), alt: 'Payments: 60 % of its budget left.' },
        { type: 'image' as const, chart: budgetChart('Error budget of Search · 7d'), alt: 'Search: 60 % left.' },
      ],
    };
    const root = await withCharts.post(channel, textMessage('root'));
    api.reset();
    const ref = await withCharts.post(channel, message, root);
    expect(api.calls.map((c) => c.method)).toEqual(['chat.postMessage', 'files.getUploadURLExternal', 'upload', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    // The message itself carries no image block; the charts follow it.
    expect(JSON.stringify(api.callsOf('chat.postMessage')[0]!.params.blocks)).not.toContain('bar_chart');
    const complete = api.callsOf('files.completeUploadExternal')[0]!.params;
    expect(complete).toMatchObject({ channel_id: 'C0PORT', thread_ts: root.id });
    const files = JSON.parse(String(complete.files)) as Array<{ id: string; title: string }>;
    expect(files.map((f) => f.title)).toEqual(['Error budget of Payments API · 30d', 'Error budget of Search · 7d']);
    const first = api.uploads.get(files[0]!.id)!;
    expect(first.filename).toBe('error-budget-of-payments-api-30d.png');
    expect(first.altText).toBe('Payments: 60 % of its budget left.');
    expect(first.data.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(ref.threadId).toBe(root.id);
  });

  it('once the message is posted, a chart Slack refuses is logged, not thrown (a retry would post the message twice)', async () => {
    const settings = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-port', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: api.url }).slack;
    const withCharts = new SlackChatPort(new webApi.WebClient('xoxb-port', slackClientOptions(settings, silentLogger())), new FakeChartImages(), silentLogger());
    api.script('files.getUploadURLExternal', { error: 'not_allowed_token_type' });
    const ref = await withCharts.post(channel, { fallback: 'x', blocks: [{ type: 'image', chart: budgetChart(), alt: 'a chart' }] });
    expect(ref.id).toBe(api.callsOf('chat.postMessage')[0]!.answer!.ts);
    expect(api.callsOf('chat.postMessage')).toHaveLength(1);
    expect(api.callsOf('files.completeUploadExternal')).toHaveLength(0);
  });

  it('without a chart renderer, a chart shows as its alt text in the message', async () => {
    await port.post(channel, { fallback: 'x', blocks: [{ type: 'image', chart: budgetChart(), alt: 'Payments: 60 % left.' }] });
    expect(JSON.stringify(api.callsOf('chat.postMessage')[0]!.params.blocks)).toContain(':bar_chart: Payments: 60 % left.');
    expect(api.callsOf('files.getUploadURLExternal')).toHaveLength(0);
  });
});
