/**
 * Issue 16, a database outage under load: `pacta start` on a PostgreSQL cluster of the test's own
 * (test/helpers/private-postgres.ts, never the shared one), Slack commands opening incidents whose cards
 * and notices are queued, and PostgreSQL stopped for 6 s (the issue says 30 s; 6 s keeps CI inside its
 * budget and shows the same things) while a post is on its way to Slack. While it is down, commands get
 * "Pacta cannot reach its database right now" (not a timeout, not an apology), /readyz answers 503, and
 * the process keeps running; once it is back, /readyz answers 200, commands work, and every queued
 * notification is delivered exactly once — the post that reached Slack during the outage included,
 * marked sent when the database answered rather than posted again when its lease lapsed.
 *
 * Waits are on events (replies, the fake API, the outbox) with deadlines against a hang; nothing is timed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { outbox } from '../../db/schema.ts';
import { DrizzleStore } from '../../db/store.ts';
import { UNAVAILABLE_TEXT } from '../../src/errors.ts';
import { AdminUseCases } from '../../src/usecases/admin.ts';
import { FakeSlackApi } from '../adapters/slack/fake-slack-api.ts';
import { sendToSlackEndpoint, slashCommand } from '../adapters/slack/slack-requests.ts';
import { visibleText } from '../adapters/slack/slack-harness.ts';
import { ManualTime } from '../fakes/manual-time.ts';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.ts';
import { ALICE } from '../helpers/seed.ts';
import { CRASH, freePort, PROCESS_DEADLINE, skipReason, slackServerEnv, spawnPacta, type Spawned } from './process.ts';

const OUTAGE_MS = 6000;
const SERVICES = ['svc-1', 'svc-2', 'svc-3'];
const CARD_CHANNEL = 'C0LOAD';
const unavailable = privatePostgresUnavailable();
const skip = unavailable !== null || skipReason !== '';

type Answer = { text: string; ms: number; sentWhileDown: boolean };

describe.skipIf(skip)(`pacta start through a PostgreSQL outage${unavailable ? ` (skipped: ${unavailable})` : skipReason}`, { timeout: 600_000 }, () => {
  let pg: PrivatePostgres;
  let api: FakeSlackApi;
  let pacta: Spawned | undefined;
  let check: DatabaseHandle | undefined;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    api = await new FakeSlackApi().start();
  });

  afterAll(async () => {
    pacta?.child.kill('SIGKILL');
    await check?.close();
    await api?.close();
    await pg?.destroy();
  });

  it('answers plainly while PostgreSQL is down, never exits, and delivers every notification once after', async () => {
    // An estate: three services, each subscribed by a channel of its own (so each incident queues a card
    // for the channel it was opened in and a notice for its service's channel).
    const seed = await openDatabase({ url: pg.url });
    const time = new ManualTime(new Date());
    const admin = new AdminUseCases(new DrizzleStore(seed.db), time);
    for (const [i, key] of SERVICES.entries()) {
      await admin.addService({ key, name: `Service ${i + 1}` });
      await admin.setPolicy({ serviceKey: key, priority: 'P1', ackSeconds: 3600, resolveSeconds: 4 * 3600 });
      await admin.subscribe({ channel: { platform: 'slack', id: `C0SUB${i + 1}` }, services: [key], allServices: false, digestSpec: null, digestCron: null, timezone: 'UTC', createdBy: ALICE });
    }
    await seed.close();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    pacta = spawnPacta(['start'], slackServerEnv(port, api, { DATABASE_URL: pg.url }));
    await pacta.waitFor(/listening on http/);

    let down = false;
    const answers: Answer[] = [];
    /** A slash command's answer: in the ack or, when slower than Slack's budget, at its response_url. */
    const slash = async (text: string): Promise<Answer> => {
      const sentWhileDown = down;
      const responseUrl = api.responseUrl();
      const started = performance.now();
      const res = await sendToSlackEndpoint(`${base}/slack/events`, slashCommand(text, { user: 'U0ALICE', channel: CARD_CHANNEL, responseUrl }));
      expect(res.status).toBe(200);
      let body: unknown = res.json;
      if (res.text === '') {
        const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
        await api.until(() => api.responses.some((r) => r.id === id), PROCESS_DEADLINE);
        body = api.responses.find((r) => r.id === id)!.body;
      }
      const answer = { text: visibleText(body), ms: performance.now() - started, sentWhileDown };
      answers.push(answer);
      return answer;
    };
    const ready = async () => (await fetch(`${base}/readyz`)).status;

    // Load, before: incidents opened, their cards and notices delivered.
    let n = 0;
    const open = () => slash(`open ${SERVICES[n++ % SERVICES.length]} P1 Load ${n}`);
    for (let i = 0; i < 6; i++) expect((await open()).text).toMatch(/INC-\d+/);
    expect(await ready()).toBe(200);

    // A post on its way to Slack when the database goes: Slack takes 3 s over the next posts.
    api.script('chat.postMessage', { delayMs: 3000 }, 3);
    const inFlight = open();
    await api.until(() => api.callsOf('chat.postMessage').some((c) => !c.answer), PROCESS_DEADLINE);
    await pg.stop();
    down = true;
    const downSince = Date.now();
    // Load during the outage: commands, and readiness probes, until it has lasted OUTAGE_MS.
    const readiness: number[] = [];
    const during: Answer[] = [];
    while (Date.now() - downSince < OUTAGE_MS) {
      const [a, b, r] = await Promise.all([open(), slash('status'), ready()]);
      during.push(a, b);
      readiness.push(r);
      expect(pacta.child.exitCode).toBeNull();
    }
    await inFlight;
    await pg.start();
    down = false;

    // Back: ready again, and commands work (the first may still meet the last of the outage).
    const upDeadline = Date.now() + PROCESS_DEADLINE;
    while ((await ready()) !== 200) {
      if (Date.now() > upDeadline) throw new Error('/readyz did not answer 200 after PostgreSQL came back');
      await new Promise((r) => setTimeout(r, 200));
    }
    for (let i = 0; i < 3; i++) expect((await open()).text).toMatch(/INC-\d+/);

    // While down: every command answered with the clear reply, every probe 503.
    expect(during.length).toBeGreaterThan(0);
    expect(during.map((a) => a.text)).toEqual(during.map(() => UNAVAILABLE_TEXT));
    expect(readiness.length).toBeGreaterThan(0);
    expect(readiness.every((s) => s === 503)).toBe(true);
    expect(answers.some((a) => /error id/.test(a.text))).toBe(false);

    // Every notification delivered, each exactly once: all rows sent, and every post Slack accepted is the
    // recorded delivery of some row (a post no row points to went out twice).
    check = await openDatabase({ url: pg.url, migrate: false });
    const deadline = Date.now() + PROCESS_DEADLINE;
    let rows = await check.db.select().from(outbox);
    while (!rows.every((r) => r.status === 'sent')) {
      if (Date.now() > deadline) throw new Error(`not delivered: ${JSON.stringify(rows.filter((r) => r.status !== 'sent').map((r) => [r.key, r.status, r.lastError]))}`);
      await new Promise((r) => setTimeout(r, 250));
      rows = await check.db.select().from(outbox);
    }
    const opened = answers.filter((a) => /INC-\d+/.test(a.text)).length;
    expect(rows.filter((r) => r.key.startsWith('card:') && r.key.includes(':post:')).length).toBe(opened);
    const posted = api.callsOf('chat.postMessage').filter((c) => c.answer?.ok === true);
    const recorded = new Set(rows.map((r) => r.messageId));
    expect(posted.filter((c) => !recorded.has(String(c.answer!.ts)))).toEqual([]);
    const cards = posted.filter((c) => c.params.channel === CARD_CHANNEL).map((c) => /INC-(\d+)/.exec(String(c.params.text))?.[1]);
    expect(new Set(cards).size).toBe(cards.length);
    expect(cards).toHaveLength(opened);
    // The post that reached Slack while the database was down was marked when it came back, not redone.
    expect(pacta.stdout()).toContain('posted, but the database is unavailable');

    expect(pacta.child.exitCode).toBeNull();
    expect(pacta.stderr()).not.toMatch(CRASH);
    pacta.child.kill('SIGTERM');
    expect(await pacta.exited).toEqual({ code: 0, signal: null });
  });
});
