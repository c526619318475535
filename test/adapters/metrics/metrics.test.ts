/**
 * PactaMetrics (adapters/metrics/metrics.ts): a registry of its own per app, the exposition's names,
 * types and units, the gauges read from the database at scrape time on both databases, and a scrape
 * that still answers when those reads fail or hang.
 */
import { describe, expect, it } from 'vitest';
import { PactaMetrics, type MetricsReads } from '../../../adapters/metrics/metrics.ts';
import { DrizzleStore } from '../../../db/store.ts';
import type { OutboxEntry } from '../../../src/ports/store.ts';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase, openTestDatabase } from '../../helpers/databases.ts';
import { ALICE, seedEstate } from '../../helpers/seed.ts';
import { NO_DATABASE_GAUGES, databaseGaugesOf, parseExposition, samplesOf, seriesOf, valueOf } from './exposition.ts';

const quiet: MetricsReads = {
  outbox: { backlog: async () => ({ pending: 0, sending: 0, failed: 0, earliestPendingAt: null }) },
  reports: { countOpenByPriority: async () => new Map() },
};

const make = (reads: MetricsReads = quiet, extra: Partial<ConstructorParameters<typeof PactaMetrics>[0]> = {}) =>
  new PactaMetrics({ version: '1.2.3', reads, time: new ManualTime(), processMetrics: false, ...extra });

const scrape = async (m: PactaMetrics) => parseExposition((await m.scrape()).body);

describe('PactaMetrics', () => {
  it('keeps a registry per app: two in one process neither collide nor share counts', async () => {
    const a = make();
    const b = make();
    a.command('slack', 'status', 'ok', 0.01);
    a.command('slack', 'status', 'ok', 0.02);
    b.command('teams', 'open', 'refused', 0.5);
    const [ea, eb] = [await scrape(a), await scrape(b)];
    expect(valueOf(ea, 'pacta_commands_total', { platform: 'slack', command: 'status', outcome: 'ok' })).toBe(2);
    expect(valueOf(eb, 'pacta_commands_total', { platform: 'slack', command: 'status', outcome: 'ok' })).toBe(0);
    expect(valueOf(eb, 'pacta_commands_total', { platform: 'teams', command: 'open', outcome: 'refused' })).toBe(1);
    expect(a.registry).not.toBe(b.registry);
  });

  it('says its version, and from the first scrape on, the process metrics', async () => {
    const m = make(quiet, { processMetrics: true });
    const e = await scrape(m);
    expect(e.get('pacta_build_info')).toMatchObject({ type: 'gauge', samples: [{ labels: { version: '1.2.3', node: process.version }, value: 1 }] });
    expect(e.get('process_cpu_user_seconds_total')?.type).toBe('counter');
    expect(e.get('process_resident_memory_bytes')?.type).toBe('gauge');
    expect(e.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
    // A second scrape registers nothing twice.
    expect([...(await scrape(m)).keys()]).toEqual([...e.keys()]);
  });

  it('names, types and labels every Pacta metric as docs/metrics.md lists them', async () => {
    const m = make();
    const e = await scrape(m);
    const pacta = Object.fromEntries([...e.values()].filter((f) => f.name.startsWith('pacta_')).map((f) => [f.name, f.type]));
    expect(pacta).toEqual({
      pacta_build_info: 'gauge',
      pacta_commands_total: 'counter',
      pacta_command_duration_seconds: 'histogram',
      pacta_interactions_total: 'counter',
      pacta_interaction_duration_seconds: 'histogram',
      pacta_chat_api_calls_total: 'counter',
      pacta_chat_rate_limited_total: 'counter',
      pacta_webhook_deliveries_total: 'counter',
      pacta_scheduler_lag_seconds: 'histogram',
      pacta_scheduler_job_duration_seconds: 'histogram',
      pacta_scheduler_job_failures_total: 'counter',
      pacta_scheduler_ticks_skipped_total: 'counter',
      pacta_breaches_total: 'counter',
      pacta_metrics_collect_errors_total: 'counter',
      pacta_outbox_backlog: 'gauge',
      pacta_outbox_oldest_due_age_seconds: 'gauge',
      pacta_incidents_open: 'gauge',
    });
    for (const [name, type] of Object.entries(pacta)) {
      expect(name.endsWith('_total'), name).toBe(type === 'counter');
      expect(e.get(name)!.help.length, name).toBeGreaterThan(10);
    }
    // Counters that matter from the first breach or rate limit start at 0, so rate() sees the first one.
    expect(samplesOf(e, 'pacta_breaches_total').map((s) => [s.labels, s.value])).toEqual([
      [{ clock: 'ack' }, 0],
      [{ clock: 'resolve' }, 0],
    ]);
    expect(valueOf(e, 'pacta_chat_rate_limited_total', { platform: 'slack' })).toBe(0);
  });

  it('times the door in buckets that show Slack’s 3-second budget', async () => {
    const m = make();
    m.command('slack', null, 'refused', 0.004);
    m.command('slack', 'open', 'ok', 2.7);
    m.interaction('slack', 'button', 'ok', 0.2);
    const e = await scrape(m);
    const les = samplesOf(e, 'pacta_command_duration_seconds_bucket')
      .filter((s) => s.labels.command === 'open')
      .map((s) => s.labels.le);
    expect(les).toEqual(['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2', '2.5', '3', '5', '10', '+Inf']);
    const bucket = (le: string, command: string) => valueOf(e, 'pacta_command_duration_seconds_bucket', { platform: 'slack', command, le });
    expect([bucket('2.5', 'open'), bucket('3', 'open')]).toEqual([0, 1]);
    // A line that named no command is `unknown`, never the word typed.
    expect(valueOf(e, 'pacta_commands_total', { platform: 'slack', command: 'unknown', outcome: 'refused' })).toBe(1);
    expect(valueOf(e, 'pacta_interaction_duration_seconds_count', { platform: 'slack', kind: 'button' })).toBe(1);
  });

  it('reads no integration name it was not given, and bounds platforms', async () => {
    const m = make();
    m.webhookDelivery(null, 'rejected_auth');
    m.webhookDelivery('am', 'opened');
    m.chatCall('slack', 'post', 'rate_limited');
    m.chatCall('matrix', 'post', 'ok');
    const e = await scrape(m);
    expect(valueOf(e, 'pacta_webhook_deliveries_total', { integration: '_unknown', outcome: 'rejected_auth' })).toBe(1);
    expect(valueOf(e, 'pacta_webhook_deliveries_total', { integration: 'am', outcome: 'opened' })).toBe(1);
    expect(valueOf(e, 'pacta_chat_rate_limited_total', { platform: 'slack' })).toBe(1);
    expect(valueOf(e, 'pacta_chat_api_calls_total', { platform: 'other', method: 'post', outcome: 'ok' })).toBe(1);
  });

  it('still answers when the database fails or hangs: the database gauges are left out, and the faults counted', async () => {
    let mode: 'fail' | 'hang' | 'ok' = 'fail';
    const reads: MetricsReads = {
      outbox: { backlog: () => (mode === 'fail' ? Promise.reject(new Error('connection refused')) : mode === 'hang' ? new Promise(() => {}) : quiet.outbox.backlog()) },
      reports: { countOpenByPriority: () => (mode === 'ok' ? quiet.reports.countOpenByPriority() : Promise.reject(new Error('connection refused'))) },
    };
    const seen: string[] = [];
    const m = make(reads, { collectTimeoutMs: 20, onCollectError: (source) => seen.push(source) });
    m.command('slack', 'status', 'ok', 0.01);
    const failed = await scrape(m);
    expect(databaseGaugesOf(failed)).toEqual(NO_DATABASE_GAUGES);
    expect(valueOf(failed, 'pacta_metrics_collect_errors_total', { source: 'outbox' })).toBe(1);
    expect(valueOf(failed, 'pacta_metrics_collect_errors_total', { source: 'incidents' })).toBe(1);
    // The rest is there.
    expect(valueOf(failed, 'pacta_commands_total', { platform: 'slack', command: 'status', outcome: 'ok' })).toBe(1);
    mode = 'hang';
    const hung = await scrape(m);
    expect(databaseGaugesOf(hung)).toEqual(NO_DATABASE_GAUGES);
    expect(valueOf(hung, 'pacta_metrics_collect_errors_total', { source: 'outbox' })).toBe(2);
    mode = 'ok';
    const back = await scrape(m);
    expect(valueOf(back, 'pacta_outbox_backlog', { status: 'pending' })).toBe(0);
    expect(valueOf(back, 'pacta_incidents_open', { priority: 'P1' })).toBe(0);
    expect(seen.sort()).toEqual(['incidents', 'incidents', 'outbox', 'outbox']);
  });

  it('still answers over a database that is closed', async () => {
    const db = await openTestDatabase('pglite');
    const store = new DrizzleStore(db.handle.db);
    await db.close();
    const e = await scrape(make(store.read));
    expect(databaseGaugesOf(e)).toEqual(NO_DATABASE_GAUGES);
    expect(valueOf(e, 'pacta_metrics_collect_errors_total', { source: 'outbox' })).toBe(1);
    expect(valueOf(e, 'pacta_metrics_collect_errors_total', { source: 'incidents' })).toBe(1);
  });
});

describeEachDatabase('PactaMetrics database gauges', (db) => {
  it('the outbox backlog by status, how long its oldest pending row has been due, and open incidents by priority', async () => {
    const time = new ManualTime('2026-11-23T09:00:00Z');
    const store = db().store;
    const m = make(store.read, { time });
    const empty = await scrape(m);
    expect(seriesOf(empty, 'pacta_outbox_backlog', 'status')).toEqual([
      ['pending', 0],
      ['sending', 0],
      ['failed', 0],
    ]);
    expect(valueOf(empty, 'pacta_outbox_oldest_due_age_seconds')).toBe(0);
    expect(seriesOf(empty, 'pacta_incidents_open', 'priority')).toEqual([
      ['P1', 0],
      ['P2', 0],
      ['P3', 0],
      ['P4', 0],
    ]);

    await seedEstate(store, time);
    const incidents = new IncidentUseCases(store, time);
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 'Card payments failing', actor: ALICE });
    await incidents.open({ serviceKey: 'search', priority: 'P2', title: 'Slow', actor: ALICE });
    const third = await incidents.open({ serviceKey: 'search', priority: 'P2', title: 'Slower', actor: ALICE });
    await incidents.resolve(third.incident.number, ALICE, null);
    // Opened outside chat, they queued nothing: these rows are the whole backlog, one channel each.
    const t0 = time.now();
    const row = (key: string, dueInSeconds: number): OutboxEntry => ({
      key,
      channel: { platform: 'console', id: key },
      incidentNumber: null,
      payload: { type: 'card.update', incident: 1 },
      notBefore: new Date(t0.getTime() + dueInSeconds * 1000),
    });
    await store.read.outbox.enqueueMany([row('m-1', -90), row('m-2', -60), row('m-3', 0), row('m-4', 60)], t0);
    // The two oldest are claimed (sending); one of them is then given up on (failed).
    const claimed = await store.transaction((tx) => tx.outbox.claim(t0, 2, 60_000, 1, ['console']));
    expect(claimed.map((c) => c.key)).toEqual(['m-1', 'm-2']);
    await store.read.outbox.markFailed(claimed[1]!.id, 'gone', t0);
    time.advance(30_000);
    const e = await scrape(m);
    expect(seriesOf(e, 'pacta_outbox_backlog', 'status')).toEqual([
      ['pending', 2],
      ['sending', 1],
      ['failed', 1],
    ]);
    // m-3 fell due at t0, 30 s ago; m-4 is not due yet.
    expect(valueOf(e, 'pacta_outbox_oldest_due_age_seconds')).toBe(30);
    expect(seriesOf(e, 'pacta_incidents_open', 'priority')).toEqual([
      ['P1', 1],
      ['P2', 1],
      ['P3', 0],
      ['P4', 0],
    ]);
  });
});
