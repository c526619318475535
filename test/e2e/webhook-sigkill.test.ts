/**
 * docs/semantics.md §6, end to end: "`200` only once the delivery and everything it did are committed
 * … Nothing is half-applied." The real `pacta start` on PostgreSQL takes many distinct Alertmanager
 * groups at once and is killed with SIGKILL while requests are in flight. Then, on the database:
 * - every delivery answered 200 is applied: its alert_deliveries row, its alert_keys row, its incident
 *   and the incident's outbox rows exist;
 * - every delivery that got no answer is wholly applied or wholly absent: no key row, incident or outbox
 *   row without its delivery row, and no delivery row without them.
 * A second process on the same database then takes the unanswered deliveries again (as Alertmanager
 * retries them): each ends applied exactly once — one incident per group, one applied delivery row.
 *
 * The kill is made certain rather than timed: once enough answers are in, the test watches the database
 * and kills the process the moment a delivery is committed whose answer has not arrived, while the other
 * requests of the pool are on the wire. Nothing waits a fixed time; deadlines only guard a hang.
 */
import { Agent, request } from 'node:http';
import { count } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeHasher } from '../../adapters/webhooks/auth.ts';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { alertDeliveries, alertKeys, incidents, outbox } from '../../db/schema.ts';
import { DrizzleStore } from '../../db/store.ts';
import { IntegrationUseCases } from '../../src/usecases/integrations.ts';
import { POSTGRES_URL } from '../helpers/databases.ts';
import { ALICE, seedEstate } from '../helpers/seed.ts';
import { CRASH, E2E_TIMEOUT, PROCESS_DEADLINE, cleanEnv, freePort, skipReason, spawnPacta, type Spawned } from './process.ts';

/** Distinct groups, and how many are on the wire at once. */
const GROUPS = 600;
const CONCURRENCY = 24;
/** The answer that triggers the kill. */
const KILL_AFTER = 150;
const skip = !POSTGRES_URL || skipReason !== '';

/** Group `i`: its own group key, fingerprint and summary (the incident's title), for the payments service. */
function group(i: number, startsAt: Date): string {
  const name = `Kill${i}`;
  const labels = { alertname: name, service: 'payments', severity: 'critical', instance: `api-${i}:8080` };
  return JSON.stringify({
    receiver: 'pacta',
    status: 'firing',
    alerts: [{ status: 'firing', labels, annotations: { summary: `Kill group ${i}` }, startsAt: startsAt.toISOString(), endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus.example.com/graph', fingerprint: `k${i.toString(16).padStart(15, '0')}` }],
    groupLabels: { alertname: name, service: 'payments' },
    commonLabels: labels,
    commonAnnotations: { summary: `Kill group ${i}` },
    externalURL: 'http://alertmanager.example.com:9093',
    version: '4',
    groupKey: `{}:{alertname="${name}", service="payments"}`,
    truncatedAlerts: 0,
  });
}
const keyOf = (i: number) => `{}:{alertname="Kill${i}", service="payments"}`;

type Result = { key: string; outcome: string; incident: number | null };
type Sent = { state: 'unsent' } | { state: 'lost'; error: string } | { state: 'answered'; status: number; results: Result[] };

describe.skipIf(skip)(`webhook deliveries through a SIGKILL on PostgreSQL${POSTGRES_URL ? skipReason : ' (skipped: TEST_DATABASE_URL is not set)'}`, { timeout: E2E_TIMEOUT }, () => {
  const name = `pacta_t_whkill_${process.pid}`;
  let admin: ReturnType<typeof postgres>;
  let url: string;
  let db: DatabaseHandle;
  let secret = '';
  const processes: Spawned[] = [];

  beforeAll(async () => {
    admin = postgres(POSTGRES_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    const u = new URL(POSTGRES_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
    // Opening it migrates it; the processes find it ready.
    db = await openDatabase({ url });
    const store = new DrizzleStore(db.db);
    const time = { now: () => new Date() };
    const estate = await seedEstate(store, time);
    await estate.setService({ key: 'payments', channel: { platform: 'slack', id: 'CPAY' } });
    const issued = await new IntegrationUseCases(store, time, nodeHasher).add({ name: 'am', kind: 'alertmanager', defaultService: 'payments' }, ALICE);
    secret = issued.secret;
    // Every group opens its own incident: the storm guard and the request rate are other tests' subjects.
    await store.transaction((tx) => tx.integrations.update({ ...issued.integration, stormLimit: 1_000_000, ratePerMinute: 1_000_000 }));
  });

  afterAll(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await db?.close();
    await admin?.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end();
  });

  const start = async (): Promise<{ p: Spawned; port: number }> => {
    const port = await freePort();
    const p = spawnPacta(['start'], cleanEnv({ DATABASE_URL: url, PORT: String(port), PACTA_HOST: '127.0.0.1' }));
    processes.push(p);
    await p.waitFor(/listening on http/);
    return { p, port };
  };

  const post = (agent: Agent, port: number, text: string): Promise<{ status: number; results: Result[] }> =>
    new Promise((resolve, reject) => {
      const body = Buffer.from(text);
      const req = request(
        { agent, host: '127.0.0.1', port, method: 'POST', path: '/webhooks/am', timeout: PROCESS_DEADLINE, headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${secret}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const t = Buffer.concat(chunks).toString('utf8');
            let results: Result[] = [];
            try {
              results = (JSON.parse(t) as { results?: Result[] }).results ?? [];
            } catch {
              // A body cut by the kill: no answer.
              return reject(new Error(`unreadable answer ${res.statusCode}: ${t.slice(0, 100)}`));
            }
            resolve({ status: res.statusCode ?? 0, results });
          });
          res.on('error', reject);
          res.on('aborted', () => reject(new Error('answer aborted')));
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer within the deadline')));
      req.on('error', reject);
      req.end(body);
    });

  /** Everything on the database about the groups, by group index. */
  const snapshot = async () => {
    const [d, k, inc, out] = await Promise.all([db.db.select().from(alertDeliveries), db.db.select().from(alertKeys), db.db.select().from(incidents), db.db.select().from(outbox)]);
    const index = new Map(Array.from({ length: GROUPS }, (_, i) => [keyOf(i), i]));
    const byTitle = new Map(Array.from({ length: GROUPS }, (_, i) => [`Kill group ${i}`, i]));
    return { deliveries: d, keys: k, incidents: inc, outbox: out, index, byTitle };
  };

  it('every 200 is applied, every unanswered delivery is all or nothing, and the retries apply each exactly once', async () => {
    const first = await start();
    const startsAt = new Date(Date.now() - 60_000);
    const sent: Sent[] = Array.from({ length: GROUPS }, () => ({ state: 'unsent' }) as Sent);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    let answered = 0;
    let inFlight = 0;
    let inFlightAtKill = -1;
    let killed = false;
    let next = 0;
    const kill = () => {
      if (killed) return;
      killed = true;
      inFlightAtKill = inFlight;
      first.p.child.kill('SIGKILL');
    };
    // Once KILL_AFTER answers are in, the database is watched: the moment it holds more deliveries than
    // answers arrived, one is committed and its answer is still on its way (or not yet written), and
    // the process is killed then — so "committed but unanswered" is likely, not a matter of luck.
    let watching: Promise<void> | null = null;
    const watch = async () => {
      while (!killed) {
        const [r] = await db.db.select({ n: count() }).from(alertDeliveries);
        if (Number(r!.n) > answered || (next >= GROUPS && inFlight <= 1)) kill();
      }
    };
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (!killed && next < GROUPS) {
          const i = next++;
          inFlight++;
          try {
            const a = await post(agent, first.port, group(i, startsAt));
            inFlight--;
            // A 503 (the database too busy to take it within its wait, on a loaded machine) promises
            // nothing was applied, like a delivery never answered: the sender retries it below.
            if (a.status === 503) {
              sent[i] = { state: 'lost', error: 'answered 503 (not applied)' };
              continue;
            }
            sent[i] = { state: 'answered', status: a.status, results: a.results };
            answered++;
            if (answered === KILL_AFTER) watching = watch();
          } catch (err) {
            inFlight--;
            sent[i] = { state: 'lost', error: (err as Error).message };
          }
        }
      }),
    );
    await watching;
    agent.destroy();
    expect(await first.p.exited).toMatchObject({ signal: 'SIGKILL' });
    expect(first.p.stderr()).not.toMatch(CRASH);

    // The kill came mid-stream: answers had arrived and requests were on the wire.
    expect(killed).toBe(true);
    expect(inFlightAtKill).toBeGreaterThan(0);
    const answeredIdx = sent.flatMap((s, i) => (s.state === 'answered' ? [i] : []));
    const lostIdx = sent.flatMap((s, i) => (s.state === 'lost' ? [i] : []));
    const unanswered = sent.flatMap((s, i) => (s.state !== 'answered' ? [i] : []));
    expect(answeredIdx.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(lostIdx.length).toBeGreaterThan(0);
    // Every answer that came was a 200 saying the group opened its incident.
    const notOk = answeredIdx.filter((i) => {
      const s = sent[i] as Extract<Sent, { state: 'answered' }>;
      return s.status !== 200 || s.results.length !== 1 || s.results[0]!.outcome !== 'opened' || s.results[0]!.key !== keyOf(i);
    });
    expect(notOk).toEqual([]);

    // On the database, after the kill.
    const s = await snapshot();
    const deliveriesOf = new Map<number, typeof s.deliveries>();
    for (const r of s.deliveries) {
      const i = s.index.get(r.key);
      expect(i, `a delivery row for an unknown key ${r.key}`).toBeDefined();
      deliveriesOf.set(i!, [...(deliveriesOf.get(i!) ?? []), r]);
    }
    const keyRow = new Map(s.keys.map((k) => [s.index.get(k.key)!, k]));
    expect(s.keys.every((k) => s.index.has(k.key))).toBe(true);
    const incidentOf = new Map<number, typeof s.incidents>();
    for (const inc of s.incidents) {
      const i = s.byTitle.get(inc.title);
      expect(i, `an incident no group explains: ${inc.title}`).toBeDefined();
      incidentOf.set(i!, [...(incidentOf.get(i!) ?? []), inc]);
    }
    const outboxOf = (n: number) => s.outbox.filter((o) => o.incidentNumber === n);

    /** 'applied' when everything the group did is there, 'absent' when none of it is, else what is half there. */
    const state = (i: number): string => {
      const d = deliveriesOf.get(i) ?? [];
      const k = keyRow.get(i);
      const inc = incidentOf.get(i) ?? [];
      if (d.length === 0 && !k && inc.length === 0) return 'absent';
      const whole =
        d.length === 1 &&
        d[0]!.outcome === 'opened' &&
        d[0]!.applied &&
        k !== undefined &&
        k.firing &&
        inc.length === 1 &&
        k.incidentNumber === inc[0]!.number &&
        d[0]!.incidentNumber === inc[0]!.number &&
        outboxOf(inc[0]!.number).length > 0;
      return whole ? 'applied' : `half: ${d.length} deliveries, key ${k ? `→ ${k.incidentNumber}` : 'none'}, ${inc.length} incidents`;
    };
    const wrongAnswered = answeredIdx.flatMap((i) => {
      const st = state(i);
      const n = (sent[i] as Extract<Sent, { state: 'answered' }>).results[0]!.incident;
      return st === 'applied' && incidentOf.get(i)![0]!.number === n ? [] : [`group ${i} answered 200 (INC-${n}) but ${st}`];
    });
    expect(wrongAnswered).toEqual([]);
    const half = unanswered.flatMap((i) => {
      const st = state(i);
      return st === 'applied' || st === 'absent' ? [] : [`group ${i} (no answer): ${st}`];
    });
    expect(half).toEqual([]);
    const appliedBefore = new Set(unanswered.filter((i) => state(i) === 'applied'));
    // No stray rows: the incidents are exactly the applied groups', and so are the key rows.
    expect(s.incidents).toHaveLength(answeredIdx.length + appliedBefore.size);
    expect(s.keys).toHaveLength(answeredIdx.length + appliedBefore.size);
    console.info(`webhook-sigkill: ${answeredIdx.length} answered, ${inFlightAtKill} in flight at the kill, ${lostIdx.length} lost, ${appliedBefore.size} of those committed without an answer`);

    // A second process takes the retries: the unanswered ones, and a few answered ones sent again.
    const second = await start();
    const again = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const retry = [...unanswered, ...answeredIdx.slice(0, 10)];
    const retried = new Map<number, { status: number; results: Result[] }>();
    let at = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (at < retry.length) {
          const i = retry[at++]!;
          retried.set(i, await post(again, second.port, group(i, startsAt)));
        }
      }),
    );
    again.destroy();
    const wrongRetry = retry.flatMap((i) => {
      const a = retried.get(i)!;
      const expected = appliedBefore.has(i) || sent[i]!.state === 'answered' ? 'duplicate' : 'opened';
      return a.status === 200 && a.results.length === 1 && a.results[0]!.outcome === expected ? [] : [`group ${i}: expected ${expected}, got ${a.status} ${JSON.stringify(a.results)}`];
    });
    expect(wrongRetry).toEqual([]);

    // Each group applied exactly once: one incident, one applied delivery, its key on that incident.
    const end = await snapshot();
    expect(end.incidents).toHaveLength(GROUPS);
    expect(new Set(end.incidents.map((i) => i.title)).size).toBe(GROUPS);
    const applied = end.deliveries.filter((d) => d.applied);
    expect(applied).toHaveLength(GROUPS);
    expect(applied.every((d) => d.outcome === 'opened')).toBe(true);
    expect(new Set(applied.map((d) => d.key)).size).toBe(GROUPS);
    // The retries of what was already applied are recorded as duplicates, not applied again.
    expect(end.deliveries.filter((d) => !d.applied).every((d) => d.outcome === 'duplicate')).toBe(true);
    expect(end.deliveries.filter((d) => !d.applied)).toHaveLength(appliedBefore.size + 10);
    const numberOf = new Map(end.incidents.map((i) => [end.byTitle.get(i.title)!, i.number]));
    expect(end.keys).toHaveLength(GROUPS);
    expect(end.keys.filter((k) => k.incidentNumber !== numberOf.get(end.index.get(k.key)!))).toEqual([]);
    for (const [, n] of numberOf) expect(end.outbox.some((o) => o.incidentNumber === n)).toBe(true);

    second.p.child.kill('SIGTERM');
    expect(await second.p.exited).toMatchObject({ code: 0 });
    expect(second.p.stderr()).not.toMatch(CRASH);
  });
});
