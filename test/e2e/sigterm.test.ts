/**
 * Issue 16, a clean SIGTERM: two `pacta start` processes on one PostgreSQL database and a backlog of
 * incident cards. The first replica claims the whole backlog and posts it slowly (its Slack answers
 * each post after 2 s); the second starts meanwhile and has nothing to claim. SIGTERM to the first, mid-
 * delivery: it finishes its posts in flight, hands back its claims on the rest and exits 0, and the
 * second delivers the rest at once. Both hold claims for 10 minutes (PACTA_DELIVERY_LEASE_SECONDS=600),
 * so a backlog finished before the first replica's lease could have lapsed proves the claims were
 * handed back; every card is posted exactly once across both.
 *
 * Nothing here is timed beyond "before the lease": the test waits on what the fake APIs and the outbox
 * show, with deadlines against a hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { outbox } from '../../db/schema.ts';
import { DrizzleStore } from '../../db/store.ts';
import { AdminUseCases } from '../../src/usecases/admin.ts';
import { IncidentUseCases } from '../../src/usecases/incidents.ts';
import { FakeSlackApi, type ApiCall } from '../adapters/slack/fake-slack-api.ts';
import { ManualTime } from '../fakes/manual-time.ts';
import { POSTGRES_URL, throwawayDatabase } from '../helpers/databases.ts';
import { ALICE } from '../helpers/seed.ts';
import { CRASH, freePort, PROCESS_DEADLINE, skipReason, slackServerEnv, spawnPacta, type Spawned } from './process.ts';

const CHANNELS = ['C0STOP1', 'C0STOP2'];
const CARDS = 80;
const LEASE_SECONDS = 600;
const skip = !POSTGRES_URL || skipReason !== '';

describe.skipIf(skip)(`SIGTERM hands back a replica's claims${POSTGRES_URL ? skipReason : ' (skipped: TEST_DATABASE_URL is not set)'}`, { timeout: 600_000 }, () => {
  let dropDatabase: (() => Promise<void>) | undefined;
  let url: string;
  let db: DatabaseHandle;
  let slow: FakeSlackApi;
  let fast: FakeSlackApi;
  const replicas: Spawned[] = [];

  beforeAll(async () => {
    const made = await throwawayDatabase(`pacta_t_sigterm_${process.pid}`);
    url = made.url;
    dropDatabase = made.drop;
    db = await openDatabase({ url });
    slow = await new FakeSlackApi().start();
    fast = await new FakeSlackApi().start();
  });

  afterAll(async () => {
    for (const r of replicas) r.child.kill('SIGKILL');
    await slow?.close();
    await fast?.close();
    await db?.close();
    await dropDatabase?.();
  });

  it('the stopping replica finishes its post in flight and exits 0; the other delivers the rest well before the lease, each card once', async () => {
    const store = new DrizzleStore(db.db);
    const time = new ManualTime(new Date(Math.floor(Date.now() / 1000) * 1000));
    await new AdminUseCases(store, time).addService({ key: 'payments', name: 'Payments API' });
    await new AdminUseCases(store, time).setPolicy({ serviceKey: 'payments', priority: 'P1', ackSeconds: 3600, resolveSeconds: 4 * 3600 });
    const incidents = new IncidentUseCases(store, time);
    for (let n = 1; n <= CARDS; n++) await incidents.open({ serviceKey: 'payments', priority: 'P1', title: `Backlog ${n}`, actor: ALICE, channel: { platform: 'slack', id: CHANNELS[n % 2]! } });
    // The first replica's Slack takes 2 s over every post: 40 cards a channel keep it busy for 80 s.
    slow.script('chat.postMessage', { delayMs: 2000 }, CARDS * 2);

    const spawn = async (api: FakeSlackApi) => {
      const port = await freePort();
      const r = spawnPacta(['start'], slackServerEnv(port, api, { DATABASE_URL: url, PACTA_DELIVERY_LEASE_SECONDS: String(LEASE_SECONDS) }));
      replicas.push(r);
      return r;
    };
    const startedA = Date.now();
    const a = await spawn(slow);
    await a.waitFor(/listening on http/);
    // A claims the whole backlog in its first run (cards go one by one, a claim takes them all) and is
    // now posting: every row is claimed by A before B exists.
    await slow.until(() => slow.callsOf('chat.postMessage').length >= 1, PROCESS_DEADLINE);
    const b = await spawn(fast);
    await b.waitFor(/listening on http/);
    const rows = () => db.db.select().from(outbox);
    // Mid-delivery: A still holds claims it has not started on (B, running, can claim none of them).
    const before = await rows();
    const held = before.filter((r) => r.status === 'sending').length;
    expect(held).toBeGreaterThan(10);
    expect(before.filter((r) => r.status === 'pending')).toEqual([]);
    expect(fast.callsOf('chat.postMessage')).toEqual([]);

    a.child.kill('SIGTERM');
    const exit = await a.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    const stopped = a.stdout().split('\n').find((l) => l.includes('deliveries stopped'));
    expect(stopped).toBeDefined();
    const { released, inFlight } = JSON.parse(stopped!) as { released: number; inFlight: number };
    expect(inFlight).toBe(0);
    expect(released).toBeGreaterThan(0);

    // B delivers what A handed back. A's claims were made after it started, so none lapses before this.
    const leaseEnds = startedA + LEASE_SECONDS * 1000;
    const deadline = Math.min(Date.now() + 240_000, leaseEnds - 30_000);
    let after = await rows();
    while (!after.every((r) => r.status === 'sent')) {
      if (Date.now() > deadline) throw new Error(`not delivered before the deadline: ${after.filter((r) => r.status !== 'sent').length} of ${after.length} left`);
      await new Promise((r) => setTimeout(r, 250));
      after = await rows();
    }
    expect(Date.now()).toBeLessThan(leaseEnds);
    expect(after).toHaveLength(CARDS);

    // Each card posted exactly once, across both replicas' Slack; B posted what A handed back.
    const ok = (api: FakeSlackApi) => api.callsOf('chat.postMessage').filter((c) => c.answer?.ok === true);
    const incidentOf = (c: ApiCall) => Number(/INC-(\d+)/.exec(String(c.params.text))?.[1]);
    const posted = [...ok(slow), ...ok(fast)].map(incidentOf).sort((x, y) => x - y);
    expect(posted).toEqual(Array.from({ length: CARDS }, (_, i) => i + 1));
    expect(ok(fast).length).toBe(released);
    // A's posts all came back before it exited (the ones in flight at SIGTERM included): none unanswered.
    expect(slow.callsOf('chat.postMessage').every((c) => c.answer?.ok === true)).toBe(true);
    expect(a.stderr()).not.toMatch(CRASH);
    expect(b.stderr()).not.toMatch(CRASH);
    expect(b.child.exitCode).toBeNull();
  });
});
