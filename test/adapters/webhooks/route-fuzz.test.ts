/**
 * The webhook route under fuzzing, through the real HTTP server (docs/semantics.md §6: "a malformed body
 * `400` naming the problem; a body over 1 MiB `413` … Nothing is half-applied"). 10,000 mutated
 * fixtures — keys deleted, values replaced by other JSON, huge strings, deep nesting, arrays grown, bytes
 * cut, invalid UTF-8, bodies over 1 MiB — are posted, authenticated, to an Alertmanager, a Grafana and
 * a generic integration. Each body is first judged by its kind's own parser (and the 1 MiB cap): only
 * bodies the route must refuse are posted, and every one must get a 400 or 413 with a JSON error, never
 * a 5xx, while the server keeps answering and not one row is written to incidents, alert_deliveries,
 * alert_keys or the outbox. The accepted mutations are posted afterwards, apart: never a 5xx either.
 *
 * The fuzzing found two bodies the parsers accept that were answered 503 although the database was fine
 * (a generic event repeated within one millisecond, and an alert count past PostgreSQL's integer); the
 * last two tests hold the fixes.
 */
import { Agent, request } from 'node:http';
import fc from 'fast-check';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { HttpServer } from '../../../adapters/http/server.ts';
import { silentLogger } from '../../../adapters/logger.ts';
import { parseAlertmanager } from '../../../adapters/webhooks/alertmanager.ts';
import { nodeHasher } from '../../../adapters/webhooks/auth.ts';
import { parseJsonBody } from '../../../adapters/webhooks/common.ts';
import { WebhookPayloadError } from '../../../adapters/webhooks/errors.ts';
import { parseGeneric } from '../../../adapters/webhooks/generic.ts';
import { parseGrafana } from '../../../adapters/webhooks/grafana.ts';
import { LIMITS } from '../../../adapters/webhooks/limits.ts';
import { MAX_BODY_BYTES, WEBHOOK_PREFIX, webhookRoute } from '../../../adapters/webhooks/route.ts';
import { alertDeliveries, alertKeys, incidents, outbox } from '../../../db/schema.ts';
import type { AlertDelivery } from '../../../src/ports/alerts.ts';
import type { Integration } from '../../../src/ports/store.ts';
import { IntegrationUseCases } from '../../../src/usecases/integrations.ts';
import { MonitoringUseCases } from '../../../src/usecases/monitoring.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, seedEstate } from '../../helpers/seed.ts';
import { ALERTMANAGER, GENERIC, GRAFANA, fixtureBytes } from './fixtures.ts';
import { MUTATED_KEYS, mutate, mutations } from './mutations.ts';

type Kind = Integration['kind'];
const KINDS: Kind[] = ['alertmanager', 'grafana', 'generic'];
const PARSERS: Record<Kind, (body: unknown) => AlertDelivery> = { alertmanager: parseAlertmanager, grafana: parseGrafana, generic: parseGeneric };
const FIXTURES: Record<Kind, string[]> = { alertmanager: ALERTMANAGER, grafana: GRAFANA, generic: GENERIC };
const ALL_FIXTURES = [...ALERTMANAGER, ...GRAFANA, ...GENERIC];
const SOURCE = new Map(ALL_FIXTURES.map((n) => [n, fixtureBytes(n).toString('utf8')]));

/**
 * Refused bodies posted: 10,000 on PGlite (the suite also runs it on Node 24); 3,000 on PostgreSQL, where
 * the route and the parsers are the same and only the (untouched) database differs — CI's time budget.
 */
const REFUSED_PGLITE = 10_000;
const REFUSED_POSTGRES = 3_000;
/** Accepted mutations posted afterwards (they write, so they come after the row counts are checked). */
const ACCEPTED_SAMPLE = 150;
const CONCURRENCY = 8;

const tree = mutations({ huge: 'x'.repeat(LIMITS.groupKey + 100), deepLevels: 3_000, keys: MUTATED_KEYS, bigArray: LIMITS.alerts + 50, bigWeight: 50 });

/** What is done to the bytes once the tree is mutated (most bodies are left as they are). */
type Bytes =
  | { op: 'none' }
  | { op: 'cut'; at: number }
  | { op: 'byte'; at: number; byte: number }
  | { op: 'prefix'; text: string }
  | { op: 'oversize'; extra: number };
const bytes: fc.Arbitrary<Bytes> = fc.oneof(
  { weight: 300, arbitrary: fc.constant<Bytes>({ op: 'none' }) },
  { weight: 40, arbitrary: fc.record({ op: fc.constant('cut' as const), at: fc.nat() }) },
  // 0x80–0xff alone are never valid UTF-8 starts in the middle of ASCII; the rest is JSON syntax.
  { weight: 30, arbitrary: fc.record({ op: fc.constant('byte' as const), at: fc.nat(), byte: fc.oneof(fc.integer({ min: 0x80, max: 0xff }), fc.constantFrom(0x00, 0x22, 0x2c, 0x5b, 0x7d)) }) },
  { weight: 20, arbitrary: fc.record({ op: fc.constant('prefix' as const), text: fc.constantFrom('\uFEFF', ' ', 'x', '[', '{}', 'null ', '\uFEFF\uFEFF') }) },
  // Over 1 MiB: rare, each costs a megabyte on the wire.
  { weight: 2, arbitrary: fc.record({ op: fc.constant('oversize' as const), extra: fc.integer({ min: 1, max: 4096 }) }) },
);

type Candidate = { kind: Kind; body: Buffer };
const candidate: fc.Arbitrary<Candidate> = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    // Mostly the integration's own kind of payload; now and then another kind's.
    own: fc.nat({ max: 4 }),
    pick: fc.nat(),
    tree: fc.array(tree, { minLength: 0, maxLength: 3 }),
    bytes,
  })
  .map(({ kind, own, pick, tree: ms, bytes: b }) => {
    const names = own > 0 ? FIXTURES[kind] : ALL_FIXTURES;
    let doc: unknown = JSON.parse(SOURCE.get(names[pick % names.length]!)!);
    for (const m of ms) doc = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? mutate(doc as Record<string, unknown>, m) : doc;
    let text: string;
    try {
      text = JSON.stringify(doc) ?? 'null';
    } catch {
      text = SOURCE.get(names[pick % names.length]!)!;
    }
    let body = Buffer.from(text, 'utf8');
    if (b.op === 'cut') body = body.subarray(0, b.at % Math.max(1, body.length));
    else if (b.op === 'byte') {
      const at = b.at % (body.length + 1);
      body = Buffer.concat([body.subarray(0, at), Buffer.from([b.byte]), body.subarray(at)]);
    } else if (b.op === 'prefix') body = Buffer.concat([Buffer.from(b.text, 'utf8'), body]);
    else if (b.op === 'oversize') body = Buffer.from(`{"pad":"${'p'.repeat(MAX_BODY_BYTES - 10 + b.extra)}",${text.slice(1)}`, 'utf8');
    return { kind, body };
  });

/** The answer the route owes a body, decided by the kind's own parser: null when it accepts it. */
function refusal(kind: Kind, body: Buffer): 413 | 400 | null {
  if (body.length > MAX_BODY_BYTES) return 413;
  try {
    PARSERS[kind](parseJsonBody(body));
    return null;
  } catch (err) {
    if (err instanceof WebhookPayloadError) return 400;
    throw err;
  }
}

/** The largest value of a PostgreSQL `integer` (alert_deliveries.alert_count). */
const INT4_MAX = 2 ** 31 - 1;
/** The alert count a delivery is recorded with: its alerts and those it says it left out. */
function countOf(c: Candidate): number {
  const d = PARSERS[c.kind](parseJsonBody(c.body));
  return d.alerts.length + d.truncated;
}

type Answer = { status: number; text: string; contentType: string };

describeEachDatabase('webhook route under fuzzing', (db) => {
  let server: HttpServer;
  let port = 0;
  let agent: Agent;
  let time: ManualTime;
  const secrets = new Map<Kind, string>();

  beforeAll(async () => {
    time = new ManualTime('2026-03-02T10:16:00Z');
    const store = db().store;
    server = new HttpServer({ port: 0, host: '127.0.0.1', ping: async () => {}, log: silentLogger() });
    server.routePrefix(WEBHOOK_PREFIX, webhookRoute({ store, monitoring: new MonitoringUseCases(store, time, nodeHasher), time, log: silentLogger(), deliver: () => {} }));
    port = (await server.listen()).port;
    agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  });
  afterAll(async () => {
    agent?.destroy();
    await server?.stop();
  });
  beforeEach(async () => {
    const admin = await seedEstate(db().store, time);
    await admin.setService({ key: 'payments', channel: { platform: 'slack', id: 'CPAY' } });
    const integrations = new IntegrationUseCases(db().store, time, nodeHasher);
    for (const kind of KINDS) {
      const issued = await integrations.add({ name: `fz-${kind}`, kind, defaultService: 'payments' }, ALICE);
      secrets.set(kind, issued.secret);
      // The clock stands still, so the per-minute bucket never refills: lift the rate out of the way
      // (429 is another test's subject).
      await db().store.transaction((tx) => tx.integrations.update({ ...issued.integration, ratePerMinute: 10_000_000 }));
    }
  });

  /**
   * One POST on the keep-alive agent. A request sent on a pooled socket the server closed a moment
   * before (its keep-alive timeout, on a loaded machine) fails with ECONNRESET before the server read
   * it; as Node's documentation advises, that one case is sent again on a fresh socket.
   */
  const post = (kind: Kind, body: Buffer): Promise<Answer> =>
    postOnce(kind, body).catch((err: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
      if (err.code === 'ECONNRESET' && err.reusedSocket) return postOnce(kind, body);
      throw err;
    });
  const postOnce = (kind: Kind, body: Buffer): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = request(
        { agent, host: '127.0.0.1', port, method: 'POST', path: `${WEBHOOK_PREFIX}fz-${kind}`, headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${secrets.get(kind)}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), contentType: String(res.headers['content-type'] ?? '') }));
          res.on('error', reject);
        },
      );
      req.on('error', (err) => reject(Object.assign(err, { reusedSocket: req.reusedSocket })));
      req.end(body);
    });

  /** Posts every body, `CONCURRENCY` at a time; the answers in order. */
  async function postAll(list: Candidate[]): Promise<Answer[]> {
    const answers: Answer[] = new Array(list.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < list.length) {
          const i = next++;
          answers[i] = await post(list[i]!.kind, list[i]!.body);
        }
      }),
    );
    return answers;
  }

  const rows = async () => {
    const d = db().handle.db;
    const n = async (t: typeof incidents | typeof alertDeliveries | typeof alertKeys | typeof outbox) => Number((await d.select({ n: count() }).from(t))[0]!.n);
    return { incidents: await n(incidents), alert_deliveries: await n(alertDeliveries), alert_keys: await n(alertKeys), outbox: await n(outbox) };
  };

  it('10,000 refused bodies (3,000 on PostgreSQL): each a 400 or 413 with a JSON error, no 5xx, and not one row written', async () => {
    const REFUSED = db().name === 'postgres' ? REFUSED_POSTGRES : REFUSED_PGLITE;
    // Something on record first, so "unchanged" is not "still empty": each integration's own fixture.
    for (const kind of KINDS) expect((await post(kind, fixtureBytes(FIXTURES[kind][kind === 'alertmanager' ? 1 : 0]!))).status).toBe(200);
    const before = await rows();
    expect(before.incidents).toBeGreaterThan(0);
    expect(before.alert_deliveries).toBeGreaterThanOrEqual(3);

    // Deterministic: the same seed on both databases, and a failure names a body that can be replayed.
    const refused: Array<Candidate & { expected: 400 | 413 }> = [];
    const accepted: Candidate[] = [];
    let generated = 0;
    for (let seed = 1; refused.length < REFUSED; seed++) {
      for (const c of fc.sample(candidate, { numRuns: 1_000, seed })) {
        generated++;
        const expected = refusal(c.kind, c.body);
        if (expected === null) accepted.push(c);
        else if (refused.length < REFUSED) refused.push({ ...c, expected });
      }
    }
    // Not vacuous: the refusals are many, of every kind, both sizes, and for many different reasons.
    expect(refused).toHaveLength(REFUSED);
    expect(generated).toBeLessThan(REFUSED * 3);
    for (const kind of KINDS) expect(refused.filter((r) => r.kind === kind).length).toBeGreaterThan(REFUSED / 5);
    expect(refused.filter((r) => r.expected === 413).length).toBeGreaterThan(20);
    expect(accepted.length).toBeGreaterThan(ACCEPTED_SAMPLE);

    const answers = await postAll(refused);
    const wrong: string[] = [];
    const messages = new Set<string>();
    answers.forEach((a, i) => {
      const r = refused[i]!;
      let parsed: { error?: unknown; message?: unknown } | null = null;
      try {
        parsed = JSON.parse(a.text) as { error?: unknown; message?: unknown };
      } catch {
        parsed = null;
      }
      const ok =
        a.status === r.expected &&
        /^application\/json/.test(a.contentType) &&
        parsed !== null &&
        parsed.error === (r.expected === 413 ? 'too_large' : 'bad_request') &&
        typeof parsed.message === 'string' &&
        parsed.message.length > 0;
      if (typeof parsed?.message === 'string' && r.expected === 400) messages.add(parsed.message.replace(/"[^"]*"|\d+/g, '…'));
      if (!ok && wrong.length < 5) wrong.push(`#${i} ${r.kind} expected ${r.expected}, got ${a.status} ${a.text.slice(0, 200)} for ${r.body.subarray(0, 200).toString('latin1')}`);
    });
    expect(wrong).toEqual([]);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(messages.size).toBeGreaterThan(20);

    // Nothing written, anywhere.
    expect(await rows()).toEqual(before);

    // Still answering, on the same connections: a new alert group opens an incident.
    const fresh = JSON.parse(SOURCE.get('alertmanager-group-1-firing.json')!) as Record<string, unknown>;
    fresh.groupKey = '{}:{alertname="AfterTheFuzz"}';
    const after = await post('alertmanager', Buffer.from(JSON.stringify(fresh)));
    expect(after.status).toBe(200);
    expect(JSON.parse(after.text)).toMatchObject({ status: 'ok', results: [{ outcome: 'opened' }] });

    // The bodies the parsers accept are posted apart, now that the counts are checked: none is a 5xx
    // (each is applied, a 200, or refused by the rules, a 400). One at a time, a millisecond apart: a
    // generic event said again within the same millisecond is a known fault, tested below; so is an
    // alert count past PostgreSQL's integer, left out here.
    const sample = accepted.filter((c) => c.body.length < 200_000 && countOf(c) <= INT4_MAX).slice(0, ACCEPTED_SAMPLE);
    const applied: Answer[] = [];
    for (const c of sample) {
      time.advance(1);
      applied.push(await post(c.kind, c.body));
    }
    const statuses = new Set(applied.map((a) => a.status));
    expect([...statuses].filter((s) => s !== 200 && s !== 400)).toEqual([]);
    expect(applied.filter((a) => a.status === 200).length).toBeGreaterThan(ACCEPTED_SAMPLE / 2);
  });

  // A generic event that fires, resolves and fires again is three deliveries, none a duplicate (§6: "a
  // delivery is a duplicate when it says exactly what the key's previous delivery said"), so each is
  // applied and answered 200. But a generic delivery's recorded digest is its content plus the
  // millisecond it was received (src/usecases/monitoring.ts, `${digest}@${received.getTime()}`), and the
  // unique index alert_deliveries_digest allows one applied delivery per digest: the third delivery,
  // received in the same millisecond as the first, violates it and is answered 503 ("the database
  // could not take it") although the database is fine. With a real clock it takes three deliveries
  // within one millisecond; the sender's retry then lands in a later millisecond and is applied.
  it('a generic event fired, resolved and fired again within one millisecond is applied each time (200), not a 503', async () => {
    const firing = fixtureBytes('generic-firing.json');
    const resolved = fixtureBytes('generic-resolved.json');
    const statuses: number[] = [];
    for (const b of [firing, resolved, firing]) statuses.push((await post('generic', b)).status);
    expect(statuses).toEqual([200, 200, 200]);
  });

  // The parsers accept any `truncatedAlerts` up to Number.MAX_SAFE_INTEGER (fuzz.test.ts holds them to
  // "a safe integer"; adapters/webhooks/alertmanager.ts caps it there), and the delivery is recorded with
  // alertCount = alerts + truncated in alert_deliveries.alert_count, a PostgreSQL `integer`
  // (db/schema.ts). Past 2,147,483,647 the insert fails ("value … is out of range for type integer"),
  // and the route answers 503 "retry" for a body that can never be stored: the sender retries forever.
  // §6 keeps 503 for a database that is unavailable; this body is well formed (or, at worst, a 400).
  it('an Alertmanager body claiming more than 2^31 truncated alerts is answered below 500, not 503', async () => {
    const b = JSON.parse(SOURCE.get('alertmanager-group-1-firing.json')!) as Record<string, unknown>;
    b.truncatedAlerts = INT4_MAX + 1;
    const body = Buffer.from(JSON.stringify(b));
    expect(refusal('alertmanager', body)).toBeNull();
    expect((await post('alertmanager', body)).status).toBeLessThan(500);
  });
});
