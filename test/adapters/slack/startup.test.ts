/**
 * How Slack starts: HTTP mode on Pacta's server or Socket Mode with an app token, off without
 * credentials; no network call at start-up, and `auth.test` only when the bot ids are not configured
 * (once, lazily, cached).
 */
import { SocketModeReceiver } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../adapters/root/app.ts';
import { mountSlack } from '../../../adapters/root/server.ts';
import { loadConfig } from '../../../adapters/config.ts';
import { HttpServer } from '../../../adapters/http/server.ts';
import { silentLogger } from '../../../adapters/logger.ts';
import { SlackHttpReceiver } from '../../../adapters/slack/http-receiver.ts';
import { createSlackAdapter, slackClientOptions, slackMode } from '../../../adapters/slack/slack-app.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { BOB, startHarness, type SlackHarness } from './slack-harness.ts';

const TOKEN = 'xoxb-0000-test-token';
const log = silentLogger();

describe('Slack mode', () => {
  it('HTTP with a signing secret, Socket Mode with an app token (even beside a secret), off without a bot token', () => {
    expect(slackMode(loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: 's' }).slack)).toBe('http');
    expect(slackMode(loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: 'xapp-1-A-1-x' }).slack)).toBe('socket');
    expect(slackMode(loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: 'xapp-1-A-1-x', SLACK_SIGNING_SECRET: 's' }).slack)).toBe('socket');
    expect(slackMode(loadConfig({}).slack)).toBeNull();
  });

  it('builds a Socket Mode receiver for an app token, without connecting and without an HTTP route', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: 'xapp-1-A-1-x', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    const host = { config, handle: async () => ({ reply: { visibility: 'ephemeral' as const, message: { fallback: 'x', blocks: [] } }, effects: [], changed: false }) };
    const adapter = createSlackAdapter(host as never, config.slack, log);
    expect(adapter.mode).toBe('socket');
    expect(adapter.receiver).toBeInstanceOf(SocketModeReceiver);
    expect(adapter.route).toBeNull();
    const http = createSlackAdapter(host as never, loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: 's' }).slack, log);
    expect(http.receiver).toBeInstanceOf(SlackHttpReceiver);
    expect(http.route).toBeTypeOf('function');
  });

  it('points the Web API at SLACK_API_URL and rejects rate-limited calls instead of sleeping', () => {
    const options = slackClientOptions(loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'https://slack.example.gov/api' }).slack, log);
    expect(options).toMatchObject({ slackApiUrl: 'https://slack.example.gov/api/', rejectRateLimitedCalls: true, retryConfig: { retries: 1 } });
  });
});

describe('startSlack', () => {
  let db: TestDatabase;
  let api: FakeSlackApi;
  let h: SlackHarness | undefined;

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    api = await new FakeSlackApi().start();
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });
  beforeEach(async () => {
    await db.reset();
    api.reset();
  });
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('does nothing without Slack credentials: no chat port, /slack/events is not served', async () => {
    const config = loadConfig({ SLACK_API_URL: api.url });
    const app = await createApp({ config, db: db.handle, log });
    const server = new HttpServer({ port: 0, host: '127.0.0.1', ping: async () => {}, log });
    expect(await mountSlack(app, server, log)).toBeNull();
    expect(app.chat.get('slack')).toBeNull();
    const { port } = await server.listen();
    try {
      expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.stop();
    }
    expect(api.calls).toEqual([]);
  });

  it('Socket Mode: no /slack/events route; connects through SLACK_API_URL in the background; a refusal is logged, not fatal', async () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: 'xapp-1-A0PACTA-1-secret', SLACK_API_URL: api.url });
    const app = await createApp({ config, db: db.handle, log });
    const server = new HttpServer({ port: 0, host: '127.0.0.1', ping: async () => {}, log });
    api.script('apps.connections.open', { error: 'invalid_auth' }, 20);
    const adapter = await mountSlack(app, server, log);
    expect(adapter?.mode).toBe('socket');
    expect(app.chat.get('slack')).toBe(adapter!.port);
    const { port } = await server.listen();
    try {
      expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' })).status).toBe(404);
      await api.until(() => api.callsOf('apps.connections.open').length > 0);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await adapter!.stop();
      await server.stop();
    }
  });

  it('registers the slack chat port and makes no Web API call at start-up', async () => {
    h = await startHarness({ db: db.handle, api });
    expect(h.app.chat.get('slack')).toBe(h.adapter.port);
    expect(api.calls).toEqual([]);
  });

  it('without SLACK_BOT_ID/SLACK_BOT_USER_ID: starts offline, calls auth.test once on the first request, and still ignores its own reactions', async () => {
    h = await startHarness({ db: db.handle, api, env: { SLACK_BOT_ID: '', SLACK_BOT_USER_ID: '' } });
    await seedEstate(h.app.store, h.time);
    expect(api.calls).toEqual([]);
    await h.slash('open payments P1 Card payments failing');
    const ts = String(api.callsOf('chat.postMessage')[0]!.answer!.ts);
    await h.slash('status');
    // The bot user id learnt from auth.test: the bot's own eyes change nothing.
    await h.react('reaction_added', { user: api.botUserId, reaction: 'eyes', ts });
    await h.settle();
    expect((await h.app.incidents.get(1)).incident.status).toBe('open');
    await h.react('reaction_added', { user: BOB, reaction: 'eyes', ts });
    await h.settle();
    expect((await h.app.incidents.get(1)).incident.status).toBe('acknowledged');
    expect(api.callsOf('auth.test')).toHaveLength(1);
  });

  it('retries auth.test after a failure instead of caching it', async () => {
    h = await startHarness({ db: db.handle, api, env: { SLACK_BOT_ID: '', SLACK_BOT_USER_ID: '' } });
    api.script('auth.test', { error: 'invalid_auth' });
    const first = await h.slash('help');
    expect(first.status).toBe(200);
    const second = await h.slash('help');
    expect(second.json).toMatchObject({ response_type: 'ephemeral' });
    expect(api.callsOf('auth.test')).toHaveLength(2);
  });
});
