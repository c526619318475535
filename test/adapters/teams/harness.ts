/**
 * Pacta's real HTTP server with the Teams adapter mounted at /api/messages (the real CloudAdapter),
 * a fake Bot Connector on loopback, a manual time source and logs captured for assertions. Activities are
 * POSTed exactly as the connector sends them.
 */
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { pino, type Logger } from 'pino';
import { expect } from 'vitest';
import { createApp, type App } from '../../../adapters/root/app.ts';
import { mountTeams } from '../../../adapters/root/server.ts';
import { loadConfig } from '../../../adapters/config.ts';
import { HttpServer } from '../../../adapters/http/server.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardByteSize, TEAMS_MESSAGE_BYTE_LIMIT, type AdaptiveCardJson } from '../../../adapters/teams/render-card.ts';
import { TEAMS_PATH, type TeamsAdapter, type TeamsOptions } from '../../../adapters/teams/start-teams.ts';
import type { DatabaseHandle } from '../../../db/client.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { startFakeConnector, type ConnectorCall, type FakeConnector } from './fake-connector.ts';

/** Monday 23 November 2026, 10:00 in Berlin: inside business hours. */
export const START = '2026-11-23T09:00:00Z';

export type LogLine = { level: number; msg: string } & Record<string, unknown>;

export type Sent = { status: number; body: unknown };

export type TeamsHarness = {
  app: App;
  teams: TeamsAdapter;
  time: ManualTime;
  connector: FakeConnector;
  /** Base URL of Pacta's server. */
  url: string;
  logs: LogLine[];
  /** POSTs an activity to /api/messages. */
  send(activity: object, headers?: Record<string, string>): Promise<Sent>;
  close(): Promise<void>;
};

export type HarnessOptions = {
  env?: Record<string, string>;
  /** An open database; default: the one the environment configures (PACTA_DATA_DIR or DATABASE_URL). */
  db?: DatabaseHandle | 'memory';
  teams?: TeamsOptions;
  /** Share a connector between harnesses (a restarted process talks to the same Teams). */
  connector?: FakeConnector;
  time?: ManualTime;
};

export async function startTeamsHarness(options: HarnessOptions): Promise<TeamsHarness> {
  const logs: LogLine[] = [];
  const log: Logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
        done();
      },
    }),
  );
  const config = loadConfig({ PACTA_TIMEZONE: 'Europe/Berlin', PACTA_ADMINS: 'teams:0b8a6c2e-1f4d-4c55-9a7e-3d2f1e0a9b01', ...options.env });
  const time = options.time ?? new ManualTime(START);
  const connector = options.connector ?? (await startFakeConnector());
  const app = await createApp({ config, time, log, ...(options.db ? { db: options.db } : {}) });
  const server = new HttpServer({ port: 0, host: '127.0.0.1', ping: () => app.db.ping(), log });
  const teams = mountTeams(app, options.teams);
  server.route(TEAMS_PATH, teams.route);
  const address = await server.listen();
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    teams,
    time,
    connector,
    url,
    logs,
    async send(activity, headers = {}) {
      const res = await fetch(`${url}${TEAMS_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
    async close() {
      await server.stop();
      await app.close();
      if (!options.connector) await connector.close();
    },
  };
}

/** Every row of every table, hashed per table: equal snapshots mean the request wrote nothing. */
export async function tableSnapshot(db: DatabaseHandle): Promise<Record<string, string>> {
  const rows = (res: unknown) => (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;
  const tables = rows(await db.db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`));
  const out: Record<string, string> = {};
  for (const { tablename } of tables) {
    const [row] = rows(await db.db.execute(sql.raw(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h, count(*)::int as n from "${String(tablename)}" t`)));
    out[String(tablename)] = `${String(row!['n'])}:${String(row!['h'])}`;
  }
  return out;
}

// The package's ESM build imports files without extensions, which Node cannot load; its UMD bundle is
// the same library and needs no DOM to parse and validate cards.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** Every problem the Adaptive Cards library finds in `card`: parse events and validation. */
export function cardProblems(card: object): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  problems.push(...parsed.validateProperties().validationEvents.map((e) => e.message));
  return problems;
}

/** The Adaptive Card attached to a recorded connector call. */
export function cardOf(call: ConnectorCall): AdaptiveCardJson {
  const attachments = (call.body?.['attachments'] ?? []) as Array<{ contentType: string; content: AdaptiveCardJson }>;
  const card = attachments.find((a) => a.contentType === ADAPTIVE_CARD_CONTENT_TYPE)?.content;
  if (!card) throw new Error(`no Adaptive Card in ${call.kind} ${JSON.stringify(call.body)}`);
  return card;
}

/** The post that carried incident `n`'s card (its header starts with `INC-n ·`). */
export function incidentCardPost(connector: FakeConnector, n: number): ConnectorCall | undefined {
  return connector.of('send').find((c) => {
    const first = cardOf(c).body[0];
    return first?.type === 'TextBlock' && first.text.startsWith(`INC-${n} ·`);
  });
}

/** All text of a card, flattened (TextBlocks, facts, columns, containers). */
export function cardText(card: object): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (typeof x !== 'object' || x === null) return;
    const o = x as Record<string, unknown>;
    if (typeof o['text'] === 'string' && o['type'] === 'TextBlock') out.push(o['text']);
    if (typeof o['title'] === 'string' && typeof o['value'] === 'string') out.push(`${o['title']}: ${o['value']}`);
    if (typeof o['title'] === 'string' && typeof o['type'] === 'string' && o['type'].startsWith('Action.')) out.push(`[${o['title']}]`);
    for (const k of ['body', 'items', 'columns', 'facts', 'actions']) walk(o[k]);
  };
  walk(card);
  return out.join('\n');
}

/**
 * Checks every card Pacta sent (posts, replies, updates) and every card in `extra` (invoke responses):
 * the Adaptive Cards library parses it without a problem, and the whole activity stays under Teams'
 * 28 KB message limit. Returns how many cards it checked.
 */
export function expectValidCards(connector: FakeConnector, extra: object[] = []): number {
  const activities = connector.calls.filter((c) => c.kind === 'send' || c.kind === 'reply' || c.kind === 'update');
  for (const call of activities) {
    const card = cardOf(call);
    expect(cardProblems(card), JSON.stringify(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(call.body), 'utf8')).toBeLessThan(TEAMS_MESSAGE_BYTE_LIMIT);
  }
  for (const card of extra) {
    expect(cardProblems(card), JSON.stringify(card)).toEqual([]);
    expect(cardByteSize(card as AdaptiveCardJson)).toBeLessThan(TEAMS_MESSAGE_BYTE_LIMIT);
  }
  return activities.length + extra.length;
}
