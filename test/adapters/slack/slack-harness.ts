/**
 * Pacta with Slack, as `pacta start` wires it, for adapter tests: the real composition root on a test
 * database, Pacta's real HttpServer on 127.0.0.1 port 0, the real Bolt app mounted by `startSlack`, and
 * a fake Slack Web API on loopback. Requests are signed as Slack signs them.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { pino, type Logger } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { createApp, type App } from '../../../adapters/root/app.ts';
import { loadConfig } from '../../../adapters/config.ts';
import { HttpServer } from '../../../adapters/http/server.ts';
import { silentLogger } from '../../../adapters/logger.ts';
import { checkBlockKitLimits, type SlackMessagePayload } from '../../../adapters/slack/block-kit-limits.ts';
import type { SlackHost } from '../../../adapters/slack/listener-deps.ts';
import { SLACK_EVENTS_PATH, createSlackAdapter, startSlack, type SlackAdapter, type SlackAdapterOptions } from '../../../adapters/slack/slack-app.ts';
import type { DatabaseHandle } from '../../../db/client.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import {
  SIGNING_SECRET,
  buttonClick,
  reactionEvent,
  sendToSlackEndpoint,
  slashCommand,
  type ReactionOptions,
  type SendOptions,
  type SlackAnswer,
  type SlackRequest,
} from './slack-requests.ts';

export const CHANNEL = 'C0INCIDENTS';
export const ALICE = 'U0ALICE';
export const BOB = 'U0BOB';
export const ADMIN = 'U0ADMIN';

export type HarnessOptions = {
  db: DatabaseHandle;
  api: FakeSlackApi;
  time?: ManualTime;
  env?: Record<string, string>;
  adapter?: SlackAdapterOptions;
  /** Wraps what the adapter sees (e.g. a slow `inbound.command`); the adapter is then mounted by hand. */
  wrap?: (host: SlackHost, app: App) => SlackHost;
  /** Default: silent. {@link capturedLogger} keeps the lines for assertions. */
  log?: Logger;
};

export type SlackHarness = {
  app: App;
  time: ManualTime;
  api: FakeSlackApi;
  adapter: SlackAdapter;
  server: HttpServer;
  /** `http://127.0.0.1:<port>/slack/events`. */
  url: string;
  send(req: SlackRequest, o?: SendOptions): Promise<SlackAnswer>;
  /** `/sla <text>` as `user` (default alice) in CHANNEL; the ack body is checked against Block Kit limits. */
  slash(text: string, o?: { user?: string; channel?: string }): Promise<SlackAnswer & { responseUrl: string }>;
  react(type: 'reaction_added' | 'reaction_removed', o: Partial<ReactionOptions> & { ts: string }, send?: SendOptions): Promise<SlackAnswer & { eventId: string }>;
  click(o: { user?: string; messageTs: string; value: string }): Promise<SlackAnswer & { responseUrl: string }>;
  /** Waits until every request so far is fully processed (events run after their ack). */
  settle(): Promise<void>;
  stop(): Promise<void>;
};

export async function startHarness(o: HarnessOptions): Promise<SlackHarness> {
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-0000-test-token',
    SLACK_API_URL: o.api.url,
    SLACK_BOT_ID: o.api.botId,
    SLACK_BOT_USER_ID: o.api.botUserId,
    PACTA_ADMINS: `slack:${ADMIN}`,
    PACTA_TIMEZONE: 'Europe/Berlin',
    ...o.env,
  });
  const time = o.time ?? new ManualTime();
  const log = o.log ?? silentLogger();
  const app = await createApp({ config, db: o.db, time, log });
  const server = new HttpServer({ port: 0, host: '127.0.0.1', ping: () => app.db.ping(), log });
  // No wall-clock races: a slash command is answered in its ack however loaded the machine, and waits
  // for users.info, unless a test asks for the other path (slash-commands.test.ts injects a deadline).
  const adapterOptions: SlackAdapterOptions = { ackDeadline: () => new Promise<void>(() => {}), userLookupTimeoutMs: 60_000, ...o.adapter };
  let adapter: SlackAdapter;
  const host: SlackHost = { inbound: app.inbound, reactions: app.reactionsFor('slack'), charts: app.chartImages };
  if (o.wrap) {
    adapter = createSlackAdapter(o.wrap(host, app), config.slack, log, adapterOptions);
    server.route(SLACK_EVENTS_PATH, adapter.route!);
  } else {
    const started = await startSlack(host, server, config.slack, log, adapterOptions);
    if (!started) throw new Error('Slack did not start');
    adapter = started;
  }
  app.chat.register('slack', adapter.port);
  const address = await server.listen();
  const url = `http://127.0.0.1:${address.port}${SLACK_EVENTS_PATH}`;
  const send = (req: SlackRequest, s?: SendOptions) => sendToSlackEndpoint(url, req, s);
  return {
    app,
    time,
    api: o.api,
    adapter,
    server,
    url,
    send,
    async slash(text, s = {}) {
      const responseUrl = o.api.responseUrl();
      const answer = await send(slashCommand(text, { user: s.user ?? ALICE, channel: s.channel ?? CHANNEL, responseUrl }));
      expectWithinLimits(answer.json, `ack of /sla ${text}`);
      return { ...answer, responseUrl };
    },
    async react(type, r, s) {
      const req = reactionEvent(type, { user: ALICE, reaction: 'eyes', channel: CHANNEL, ...r });
      return { ...(await send(req, s)), eventId: req.eventId };
    },
    async click(c) {
      const responseUrl = o.api.responseUrl();
      const answer = await send(buttonClick({ user: c.user ?? ALICE, channel: CHANNEL, messageTs: c.messageTs, value: c.value, responseUrl }));
      return { ...answer, responseUrl };
    },
    settle: () => adapter.idle(),
    async stop() {
      await server.stop();
      await adapter.stop();
    },
  };
}

export type LogLine = { level: number; msg: string } & Record<string, unknown>;

/** A debug-level logger whose lines (parsed JSON) are kept in `lines`. pino levels: 40 warn, 50 error. */
export function capturedLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
        done();
      },
    }),
  );
  return { log, lines };
}

/** Fails the test if `payload` carries blocks Slack would refuse. */
export function expectWithinLimits(payload: unknown, where: string): void {
  const p = payload as Partial<SlackMessagePayload> | null;
  if (!p || !Array.isArray(p.blocks)) return;
  expect(checkBlockKitLimits(p as SlackMessagePayload), where).toEqual([]);
}

/** Every row of every table, hashed per table: equal snapshots mean nothing changed. */
export async function snapshot(db: DatabaseHandle): Promise<Record<string, string>> {
  const rows = await db.db.execute<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`);
  const list = Array.isArray(rows) ? rows : (rows as { rows: Array<{ tablename: string }> }).rows;
  const out: Record<string, string> = {};
  for (const { tablename } of list) {
    const r = await db.db.execute<{ h: string | null; n: number }>(
      sql.raw(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h, count(*)::int as n from "${tablename}" t`),
    );
    const row = (Array.isArray(r) ? r : (r as { rows: Array<{ h: string | null; n: number }> }).rows)[0]!;
    out[tablename] = `${row.n}:${row.h}`;
  }
  return out;
}

/** Text of every mrkdwn/plain text object in a payload, joined: what a person would read. */
export function visibleText(payload: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      else Object.values(o).forEach(walk);
    }
  };
  walk((payload as { blocks?: unknown })?.blocks ?? []);
  return out.join('\n');
}

/**
 * The bed most Slack tests lie on: one PGlite database and one fake Slack Web API for the file, both
 * emptied before each test. `use` receives them once they exist.
 */
export function useSlackTestBed(use: (db: TestDatabase, api: FakeSlackApi) => void): void {
  let db: TestDatabase | undefined;
  let api: FakeSlackApi | undefined;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    api = await new FakeSlackApi().start();
    use(db, api);
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });
  beforeEach(async () => {
    await db!.reset();
    api!.reset();
  });
}

/**
 * The test bed plus a harness per test on the seeded estate (test/helpers/seed.ts), stopped after each
 * test, whose Block Kit payloads are all checked against Slack's limits. `use` gets them before each test.
 */
export function useSeededSlackHarness(use: (bed: { h: SlackHarness; db: TestDatabase; api: FakeSlackApi }) => void): void {
  let db: TestDatabase;
  let api: FakeSlackApi;
  let h: SlackHarness | undefined;
  useSlackTestBed((d, a) => {
    db = d;
    api = a;
  });
  beforeEach(async () => {
    h = await startHarness({ db: db.handle, api });
    await seedEstate(h.app.store, h.time);
    use({ h, db, api });
  });
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    expect(api.violations).toEqual([]);
  });
}
