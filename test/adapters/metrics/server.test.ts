/**
 * `/metrics` on the real server (`startServer`, as `pacta start` runs it, on a test database, a manual
 * clock and a fake Slack Web API): a slash command, a button, a reaction, a breach found by the
 * scheduler's sweep, webhook deliveries good and bad, a rate-limited post and a notification nobody here
 * delivers — then the exposition, parsed strictly, moved by exactly what was done, with no label that
 * could grow without bound. Also: `/metrics` on a port of its own behind a bearer token, and a database
 * that fails while Prometheus scrapes.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../adapters/config.ts';
import { silentLogger } from '../../../adapters/logger.ts';
import type { PactaMetrics } from '../../../adapters/metrics/metrics.ts';
import { startServer, type RunningServer } from '../../../adapters/root/server.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { FakeSlackApi } from '../slack/fake-slack-api.ts';
import { SIGNING_SECRET, buttonClick, reactionEvent, sendToSlackEndpoint, slashCommand } from '../slack/slack-requests.ts';
import { NO_DATABASE_GAUGES, databaseGaugesOf, parseExposition, samplesOf, seriesOf, valueOf, type Exposition } from './exposition.ts';

const CHANNEL = 'C0INCIDENTS';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const TOKEN = 'scrape-token-0123456789abcdef';

/** Every Pacta family's label names: nothing else may appear, and none of these holds an id. */
const LABELS: Record<string, string[]> = {
  pacta_build_info: ['node', 'version'],
  pacta_commands_total: ['command', 'outcome', 'platform'],
  pacta_command_duration_seconds: ['command', 'platform'],
  pacta_interactions_total: ['kind', 'outcome', 'platform'],
  pacta_interaction_duration_seconds: ['kind', 'platform'],
  pacta_chat_api_calls_total: ['method', 'outcome', 'platform'],
  pacta_chat_rate_limited_total: ['platform'],
  pacta_webhook_deliveries_total: ['integration', 'outcome'],
  pacta_scheduler_lag_seconds: ['job'],
  pacta_scheduler_job_duration_seconds: ['job'],
  pacta_scheduler_job_failures_total: ['job'],
  pacta_scheduler_ticks_skipped_total: ['job'],
  pacta_breaches_total: ['clock'],
  pacta_metrics_collect_errors_total: ['source'],
  pacta_outbox_backlog: ['status'],
  pacta_outbox_oldest_due_age_seconds: [],
  pacta_incidents_open: ['priority'],
};

/** What each metric method was called with, and a way to wait for a call (an event, not a deadline). */
function observe(metrics: PactaMetrics) {
  type Key = 'chatCall' | 'interaction' | 'clockBreached' | 'command' | 'schedulerFinished';
  const calls: Array<{ key: Key; args: unknown[] }> = [];
  const waiters: Array<{ key: Key; match: (args: unknown[]) => boolean; resolve: () => void }> = [];
  for (const key of ['chatCall', 'interaction', 'clockBreached', 'command', 'schedulerFinished'] as const) {
    const original = (metrics[key] as (...a: unknown[]) => void).bind(metrics);
    (metrics as unknown as Record<Key, (...a: unknown[]) => void>)[key] = (...args: unknown[]) => {
      original(...args);
      calls.push({ key, args });
      for (const w of waiters.filter((x) => x.key === key && x.match(args))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    };
  }
  return {
    calls,
    /** Resolves at the next call of `key` whose arguments `match` (installed before the action that causes it). */
    next: (key: Key, match: (args: unknown[]) => boolean = () => true) => new Promise<void>((resolve) => waiters.push({ key, match, resolve })),
  };
}

describeEachDatabase('/metrics on the server', (db) => {
  let api: FakeSlackApi;
  let running: RunningServer | null = null;
  let time: ManualTime;

  beforeAll(async () => {
    api = await new FakeSlackApi().start();
  });
  afterAll(() => api.close());
  beforeEach(() => api.reset());
  afterEach(async () => {
    await running?.stop();
    running = null;
  });

  async function start(env: Record<string, string> = {}): Promise<RunningServer> {
    time = new ManualTime('2026-11-23T09:00:00Z');
    const config = loadConfig({
      PORT: '0',
      PACTA_HOST: '127.0.0.1',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-0000-test-token',
      SLACK_API_URL: api.url,
      SLACK_BOT_ID: api.botId,
      SLACK_BOT_USER_ID: api.botUserId,
      PACTA_TIMEZONE: 'Europe/Berlin',
      ...env,
    });
    // The test's database outlives each server; Slack answers in the ack however slow the machine.
    const handle = { ...db().handle, close: async () => {} };
    running = await startServer(config, silentLogger(), '9.9.9-test', { db: handle, time, slack: { ackDeadline: () => new Promise<void>(() => {}), userLookupTimeoutMs: 60_000 } });
    await seedEstate(running.app.store, time);
    return running;
  }

  const scrape = async (url: string, headers: Record<string, string> = {}): Promise<Exposition> => {
    const res = await fetch(`${url}/metrics`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(await res.text());
  };

  it('counts what was done, exactly, with bounded labels only', async () => {
    const { app, url } = await start();
    const seen = observe(app.metrics);
    await app.admin.setService({ key: 'payments', channel: { platform: 'slack', id: 'C0PAYMENTS' } });
    const before = await scrape(url);
    const slack = (body: ReturnType<typeof slashCommand>) => sendToSlackEndpoint(`${url}/slack/events`, body);
    const slash = async (text: string) => (await slack(slashCommand(text, { user: ALICE, channel: CHANNEL, responseUrl: api.responseUrl() }))).status;
    const posts = () => api.callsOf('chat.postMessage');

    // Commands: one that runs, one that names no command, one refused.
    expect(await slash('open payments P1 Card payments failing')).toBe(200);
    expect(await slash('frobnicate INC-1 now')).toBe(200);
    expect(await slash('ack INC-99')).toBe(200);
    await api.until(() => posts().length >= 1);
    const cardTs = String(posts()[0]!.answer!.ts);

    // The scheduler's sweep finds the acknowledge clock breached once 15 business minutes have passed.
    const breached = seen.next('clockBreached');
    time.advance(16 * 60_000);
    await breached;

    // A button and a reaction on the card.
    const clicked = seen.next('interaction', ([, kind]) => kind === 'button');
    await slack(buttonClick({ user: BOB, channel: CHANNEL, messageTs: cardTs, value: 'ack INC-1', responseUrl: api.responseUrl() }));
    await clicked;
    const reacted = seen.next('interaction', ([, kind]) => kind === 'reaction');
    await slack(reactionEvent('reaction_added', { user: BOB, reaction: 'white_check_mark', channel: CHANNEL, ts: cardTs }));
    await reacted;

    // Webhooks: a good delivery whose card Slack first refuses for rate, an unknown integration, a wrong secret, a bad body.
    const { secret } = await app.integrations.add({ name: 'ci', kind: 'generic' }, { platform: 'slack', id: 'U0ADMIN', name: 'admin' });
    const hook = (name: string, body: string, auth = `Bearer ${secret}`) => fetch(`${url}/webhooks/${name}`, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: auth } });
    const event = JSON.stringify({ dedup_key: 'disk-full-db1', status: 'firing', summary: 'Disk 95% full on db1', service: 'payments', severity: 'critical' });
    api.script('chat.postMessage', { status: 429, retryAfter: 1 });
    const limited = seen.next('chatCall', ([, , outcome]) => outcome === 'rate_limited');
    const opened = await hook('ci', event);
    expect(await opened.json()).toMatchObject({ results: [{ outcome: 'opened' }] });
    await limited;
    expect((await hook('nobody', event)).status).toBe(401);
    expect((await hook('ci', event, 'Bearer wrong')).status).toBe(401);
    expect((await hook('ci', '{"dedup_key":')).status).toBe(400);
    // Past its Retry-After (on the app's clock) the scheduler's next tick posts the card; once that tick
    // is over, the row is marked sent.
    const retried = seen.next('chatCall', ([, method, outcome]) => method === 'post' && outcome === 'ok');
    time.advance(2000);
    await retried;
    await seen.next('schedulerFinished', ([job]) => job === 'sweep-and-deliver');

    // A notification for the console, which this server does not deliver: it stays pending, due 90 s ago.
    await app.store.read.outbox.enqueue({ key: 'metrics-test:console', channel: { platform: 'console', id: 'console' }, incidentNumber: null, payload: { type: 'card.update', incident: 2 }, notBefore: time.now() }, time.now());
    time.advance(90_000);
    await app.dispatcher.runOnce();

    // Every chat API call made so far has been counted (each is counted when its answer is in).
    const apiCalls = () => api.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update').length;
    await api.until(() => seen.calls.filter((c) => c.key === 'chatCall').length === apiCalls());
    const after = await scrape(url);

    const moved = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect({
      open: moved('pacta_commands_total', { platform: 'slack', command: 'open', outcome: 'ok' }),
      unknown: moved('pacta_commands_total', { platform: 'slack', command: 'unknown', outcome: 'refused' }),
      ack: moved('pacta_commands_total', { platform: 'slack', command: 'ack', outcome: 'refused' }),
      timed: moved('pacta_command_duration_seconds_count', { platform: 'slack', command: 'open' }),
      button: moved('pacta_interactions_total', { platform: 'slack', kind: 'button', outcome: 'ok' }),
      reaction: moved('pacta_interactions_total', { platform: 'slack', kind: 'reaction', outcome: 'ok' }),
      breachesAck: moved('pacta_breaches_total', { clock: 'ack' }),
      breachesResolve: moved('pacta_breaches_total', { clock: 'resolve' }),
      opened: moved('pacta_webhook_deliveries_total', { integration: 'ci', outcome: 'opened' }),
      unknownIntegration: moved('pacta_webhook_deliveries_total', { integration: '_unknown', outcome: 'rejected_auth' }),
      wrongSecret: moved('pacta_webhook_deliveries_total', { integration: 'ci', outcome: 'rejected_auth' }),
      badBody: moved('pacta_webhook_deliveries_total', { integration: 'ci', outcome: 'bad_request' }),
      rateLimited: moved('pacta_chat_api_calls_total', { platform: 'slack', method: 'post', outcome: 'rate_limited' }),
      rateLimits: moved('pacta_chat_rate_limited_total', { platform: 'slack' }),
    }).toEqual({
      open: 1,
      unknown: 1,
      ack: 1,
      timed: 1,
      button: 1,
      reaction: 1,
      breachesAck: 1,
      breachesResolve: 0,
      opened: 1,
      unknownIntegration: 1,
      wrongSecret: 1,
      badBody: 1,
      rateLimited: 1,
      rateLimits: 1,
    });
    // Posts and updates: as many as the Slack API saw (the 429 among the posts), none of them failed.
    expect(moved('pacta_chat_api_calls_total', { platform: 'slack', method: 'post', outcome: 'ok' })).toBe(api.callsOf('chat.postMessage').length - 1);
    expect(moved('pacta_chat_api_calls_total', { platform: 'slack', method: 'update', outcome: 'ok' })).toBe(api.callsOf('chat.update').length);
    expect(api.callsOf('chat.postMessage').length).toBeGreaterThanOrEqual(4); // two cards, the breach alert, the reaction's note, and the 429
    expect(samplesOf(after, 'pacta_chat_api_calls_total').filter((s) => s.labels.outcome === 'error' || s.labels.outcome === 'permanent')).toEqual([]);

    // Read at scrape time: INC-1 was resolved by the reaction, INC-2 (the webhook's) is open; the console row waits.
    expect(seriesOf(after, 'pacta_incidents_open', 'priority')).toEqual([
      ['P1', 1],
      ['P2', 0],
      ['P3', 0],
      ['P4', 0],
    ]);
    expect(seriesOf(after, 'pacta_outbox_backlog', 'status')).toEqual([
      ['pending', 1],
      ['sending', 0],
      ['failed', 0],
    ]);
    expect(valueOf(after, 'pacta_outbox_oldest_due_age_seconds')).toBe(90);
    expect(valueOf(after, 'pacta_metrics_collect_errors_total', { source: 'outbox' })).toBe(0);
    // The scheduler ran its sweep (it found the breach), and said how late it started.
    expect(valueOf(after, 'pacta_scheduler_lag_seconds_count', { job: 'sweep-and-deliver' })).toBeGreaterThan(0);
    expect(valueOf(after, 'pacta_build_info', { version: '9.9.9-test', node: process.version })).toBe(1);
    expect(after.get('process_cpu_seconds_total')?.type).toBe('counter');

    // The shape: counters end in _total and only they; every label is one this metric has; no value is an id or typed text.
    for (const f of [...after.values()].filter((x) => x.name.startsWith('pacta_'))) {
      expect(Object.hasOwn(LABELS, f.name), f.name).toBe(true);
      expect(f.name.endsWith('_total'), f.name).toBe(f.type === 'counter');
      for (const s of f.samples) {
        const names = Object.keys(s.labels).filter((l) => l !== 'le');
        expect(names.sort(), f.name).toEqual(LABELS[f.name]);
        for (const [label, value] of Object.entries(s.labels)) {
          if (label === 'version' || label === 'node' || label === 'le') continue;
          expect(value, `${f.name}{${label}}`).toMatch(/^(_unknown|[a-z][a-z0-9_ -]*|P[1-4])$/);
          expect(value, `${f.name}{${label}}`).not.toMatch(/INC-|U0|C0[A-Z]|frobnicate|disk|nobody/);
        }
      }
    }
  });

  it('on a port of its own behind a bearer token; not on the main port', async () => {
    const { url, metricsUrl } = await start({ PACTA_METRICS_PORT: '0', PACTA_METRICS_TOKEN: TOKEN });
    expect(metricsUrl).not.toBeNull();
    expect(metricsUrl).not.toBe(url);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    const without = await fetch(`${metricsUrl}/metrics`);
    expect([without.status, without.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="pacta-metrics"']);
    expect((await fetch(`${metricsUrl}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } })).status).toBe(401);
    const e = await scrape(metricsUrl!, { authorization: `Bearer ${TOKEN}` });
    expect(valueOf(e, 'pacta_build_info', { version: '9.9.9-test', node: process.version })).toBe(1);
    expect((await fetch(`${metricsUrl}/healthz`)).status).toBe(200);
  });

  it('answers 200 when the database fails during a scrape: its gauges left out, the faults counted, the rest there', async () => {
    const { app, url } = await start();
    const outbox = vi.spyOn(app.store.read.outbox, 'backlog').mockRejectedValue(new Error('terminating connection due to administrator command'));
    const reports = vi.spyOn(app.store.read.reports, 'countOpenByPriority').mockRejectedValue(new Error('terminating connection due to administrator command'));
    const e = await scrape(url);
    expect(databaseGaugesOf(e)).toEqual(NO_DATABASE_GAUGES);
    expect(valueOf(e, 'pacta_metrics_collect_errors_total', { source: 'outbox' })).toBe(1);
    expect(valueOf(e, 'pacta_metrics_collect_errors_total', { source: 'incidents' })).toBe(1);
    expect(valueOf(e, 'pacta_build_info', { version: '9.9.9-test', node: process.version })).toBe(1);
    outbox.mockRestore();
    reports.mockRestore();
    const back = await scrape(url);
    expect(valueOf(back, 'pacta_outbox_backlog', { status: 'failed' })).toBe(0);
    expect(valueOf(back, 'pacta_metrics_collect_errors_total', { source: 'outbox' })).toBe(1);
  });
});
