/**
 * Two Pacta replicas behind a load balancer share one PostgreSQL database. Slack retries an event it
 * thinks was lost, and the retry may land on the other replica, even while the first is still working on
 * it: the processed-events table, written in the same transaction as the change, makes it act once.
 * PGlite has one connection and cannot show this; it runs on PostgreSQL only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../db/client.ts';
import { POSTGRES_URL, openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { BOB, CHANNEL, startHarness, type SlackHarness } from './slack-harness.ts';
import { reactionEvent } from './slack-requests.ts';

const skip = !POSTGRES_URL;

describe.skipIf(skip)(`Slack retries across replicas [postgres]${skip ? ' (skipped: TEST_DATABASE_URL is not set)' : ''}`, () => {
  let db: TestDatabase;
  let second: DatabaseHandle;
  let api: FakeSlackApi;
  let a: SlackHarness;
  let b: SlackHarness;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    second = await openDatabase({ url: db.url! });
    api = await new FakeSlackApi().start();
    a = await startHarness({ db: db.handle, api });
    b = await startHarness({ db: second, api });
    await seedEstate(a.app.store, a.time);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await api?.close();
    await second?.close();
    await db?.close();
  });

  it('an event delivered to both replicas at once acts once, and its late retry after an undo changes nothing', async () => {
    await a.slash('open payments P1 Card payments failing');
    const ts = String(api.callsOf('chat.postMessage')[0]!.answer!.ts);
    api.reset();
    const added = reactionEvent('reaction_added', { user: BOB, reaction: 'eyes', channel: CHANNEL, ts });
    const [ra, rb] = await Promise.all([a.send(added), b.send(added, { retryNum: 1, retryReason: 'http_timeout' })]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    await Promise.all([a.settle(), b.settle()]);
    expect((await a.app.incidents.get(1)).incident.status).toBe('acknowledged');
    expect(api.callsOf('chat.update')).toHaveLength(1);
    expect(api.callsOf('chat.postMessage')).toHaveLength(1);

    // Bob takes it back within 60 s (on replica B)…
    a.time.advance(10_000);
    b.time.advance(10_000);
    const removed = reactionEvent('reaction_removed', { user: BOB, reaction: 'eyes', channel: CHANNEL, ts });
    await b.send(removed);
    await b.settle();
    expect((await a.app.incidents.get(1)).incident.status).toBe('open');

    // …and only then do Slack's retries of both events reach replica A. Without the processed-events
    // table the retried reaction_added would acknowledge the incident again.
    await a.send(added, { retryNum: 2, retryReason: 'http_timeout' });
    await a.send(removed, { retryNum: 1, retryReason: 'http_timeout' });
    await a.settle();
    const state = await a.app.incidents.get(1);
    expect(state.incident.status).toBe('open');
    expect(state.events.filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
    expect(state.events.filter((e) => e.kind === 'undone')).toHaveLength(1);
    expect(api.callsOf('chat.update')).toHaveLength(2);
    expect(api.callsOf('chat.postMessage')).toHaveLength(2);
    expect(api.violations).toEqual([]);
  });
});
