/**
 * `pacta db copy --to <postgres url>` (issue 16): a PGlite data directory holding a row in every table
 * Pacta has is copied into an empty PostgreSQL database; every table is there with the same rows and
 * checksum, the app answers the same on both (status, reports, incident lists, timelines), and the next
 * incident, event and outbox row get the next numbers. Refused, with status 1 and nothing changed: a
 * running Pacta (the lock), a target holding data or foreign tables, an unreachable server; a copy that
 * does not verify, or that the target refuses part of, is rolled back. A URL that is not PostgreSQL's is bad usage (status 2, through bin/).
 * The verb runs in-process; one spawned run proves the wiring of its exit status.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../adapters/config.ts';
import { CliUsageError } from '../../adapters/root/config-cli.ts';
import { runDbCommand } from '../../adapters/root/db-cli.ts';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { checksumTables, schemaTableNames, type TableChecksum } from '../../db/transfer.ts';
import { ManualTime } from '../fakes/manual-time.ts';
import { copyDataDir } from '../helpers/data-dir-template.ts';
import { POSTGRES_URL } from '../helpers/databases.ts';
import { emptyTables, ESTATE_ADMIN, ESTATE_CHANNEL, estateAnswers, estateApp, seedFullEstate } from '../helpers/full-estate.ts';
import { cleanEnv, runPacta, tempDir } from './process.ts';

type Run = { code: number; out: string; err: string };

async function run(argv: string[], env: Record<string, string> = {}): Promise<Run> {
  const io = { out: '', err: '' };
  const code = await runDbCommand('db', argv, () => loadConfig(env), { out: (s) => (io.out += s), err: (s) => (io.err += s) });
  return { code, ...io };
}

/** The copy's table of counts and checksums, by table. */
function reported(out: string): Map<string, { source: number; target: number; ok: boolean }> {
  const rows = [...out.matchAll(/^(\w+) +(\d+) +(\d+) +[0-9a-f]{16}(?: ≠ [0-9a-f]{16})? +(ok|MISMATCH)$/gm)];
  return new Map(rows.map((m) => [m[1]!, { source: Number(m[2]), target: Number(m[3]), ok: m[4] === 'ok' }]));
}

async function one<T>(h: DatabaseHandle, q: string): Promise<T> {
  const r = await h.db.execute(sql.raw(q));
  return (Array.isArray(r) ? r : (r as unknown as { rows: T[] }).rows)[0] as T;
}

it('a URL that is not PostgreSQL is bad usage: status 2 and the usage, before anything is opened', async () => {
  for (const bad of [['--to', 'mysql://root@db/pacta'], ['--to', 'not a url'], ['--to', 'postgres://u@host'], [], ['--to']]) {
    await expect(run(['copy', ...bad]), bad.join(' ')).rejects.toThrow(CliUsageError);
  }
  await expect(run(['move', '--to', 'postgres://u@h/p'])).rejects.toThrow(/Unknown command "db move"/);
  const spawned = await runPacta(['db', 'copy', '--to', 'mysql://root:hunter2@db/pacta'], cleanEnv({ PACTA_DATA_DIR: join(tempDir('copy-usage'), 'data') }));
  expect(spawned.code).toBe(2);
  expect(spawned.stderr).toMatch(/^pacta: --to takes a PostgreSQL URL \(postgres:\/\/…\), not a mysql one\.\n\nUsage: pacta <command>/);
  expect(spawned.stderr).toContain('db copy --to <postgres url> [--from <data dir>]');
  expect(spawned.stderr).not.toContain('hunter2');
});

describe.skipIf(!POSTGRES_URL)(`pacta db copy into PostgreSQL${POSTGRES_URL ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, () => {
  const admin = POSTGRES_URL ? postgres(POSTGRES_URL, { max: 1, onnotice: () => {} }) : null;
  const created: string[] = [];
  let dataDir: string;
  let time: ManualTime;
  let incidents: number[];
  let source: TableChecksum[];

  /** A new, empty database, dropped after the file; its URL. */
  async function createTarget(tag: string): Promise<string> {
    const name = `pacta_t_${process.pid}_${Date.now().toString(36)}_${tag}`;
    await admin!.unsafe(`create database ${name}`);
    created.push(name);
    const url = new URL(POSTGRES_URL!);
    url.pathname = `/${name}`;
    return url.toString();
  }

  beforeAll(async () => {
    dataDir = copyDataDir(join(tempDir('copy'), 'data'));
    const db = await openDatabase({ dataDir });
    try {
      ({ time, incidents } = await seedFullEstate(db));
      source = await checksumTables(db);
    } finally {
      await db.close();
    }
  });

  afterAll(async () => {
    if (dataDir) rmSync(dirname(dataDir), { recursive: true, force: true });
    for (const name of created) await admin!.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end();
  });

  it('copies every table whole: same rows and checksums, the same answers, and the next numbers go on', async () => {
    // The seed fills every table db/schema.ts declares: a table added later, and not seeded, fails here.
    expect(source.map((s) => s.table)).toEqual(schemaTableNames());
    expect(emptyTables(source)).toEqual([]);

    const url = await createTarget('copy');
    const copied = await run(['copy', '--to', url, '--from', dataDir]);
    expect(copied.err).toBe('');
    expect(copied.code).toBe(0);
    const table = reported(copied.out);
    expect([...table.keys()].sort()).toEqual(schemaTableNames());
    for (const s of source) expect(table.get(s.table), s.table).toEqual({ source: s.rows, target: s.rows, ok: true });
    expect(copied.out).toMatch(/^sequences: .*incident_events_id_seq \d+.*outbox_id_seq \d+/m);
    expect(copied.out).toMatch(/Copied 28 tables \([\d,]+ rows\) from .* to postgres:\/\/.* in [\d.]+ s; every table verified\. Start Pacta with DATABASE_URL set to that URL; the data directory is kept, for going back\.\n$/);

    const pglite = await openDatabase({ dataDir });
    const pg = await openDatabase({ url });
    try {
      expect(await checksumTables(pg)).toEqual(source);
      expect(await checksumTables(pglite)).toEqual(source);
      expect(await estateAnswers(pg, time, incidents)).toEqual(await estateAnswers(pglite, time, incidents));

      // Sequences and the incident counter moved: the next incident, its events and its card get the next ids.
      const before = await one<{ events: string; outbox: string }>(pglite, `select (select max(id) from incident_events)::text as events, (select max(id) from outbox)::text as outbox`);
      const app = await estateApp(pg, time);
      const answer = await app.inbound.command({ text: 'open payments P1 Checkout errors', actor: ESTATE_ADMIN, channel: ESTATE_CHANNEL });
      expect(answer.outcome).toBe('ok');
      expect((await app.incidents.get(incidents.length + 1)).incident.title).toBe('Checkout errors');
      const after = await one<{ events: string; outbox: string }>(pg, `select (select min(id) from incident_events where incident_number = ${incidents.length + 1})::text as events, (select max(id) from outbox)::text as outbox`);
      expect(Number(after.events)).toBe(Number(before.events) + 1);
      expect(Number(after.outbox)).toBe(Number(before.outbox) + 1);
      await app.chartRenderer.close();
    } finally {
      await pglite.close();
      await pg.close();
    }

    // Copying again into the same database is refused, naming what is there, and changes nothing.
    const again = await run(['copy', '--to', url, '--from', dataDir]);
    expect(again).toMatchObject({ code: 1, out: '' });
    expect(again.err).toMatch(/^The target database postgres:\/\/\S+ already holds Pacta data: alert_deliveries \(1 row\), .* and \d+ more\. Copy into a new, empty database/);
  });

  it('refuses a running Pacta, a database with tables of its own, an unreachable server; a copy that does not verify is rolled back', async () => {
    const url = await createTarget('refuse');
    // A Pacta holding the data directory (this process: its lock names a live pid).
    const running = await openDatabase({ dataDir });
    try {
      const refused = await run(['copy', '--to', url], { PACTA_DATA_DIR: dataDir });
      expect(refused).toMatchObject({ code: 1, out: '' });
      expect(refused.err).toMatch(new RegExp(`^Pacta is running on ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(pid ${process.pid} on .*\\): stop it, then run pacta db copy again\\.`));
    } finally {
      await running.close();
    }
    const target = postgres(url, { max: 1, onnotice: () => {} });
    try {
      expect(await target`select count(*)::int as n from pg_tables where schemaname = 'public'`).toEqual([{ n: 0 }]);

      await target`create table invoices (id int primary key)`;
      const foreign = await run(['copy', '--to', url, '--from', dataDir]);
      expect(foreign).toMatchObject({ code: 1, out: '' });
      expect(foreign.err).toMatch(/is not empty: it has a table that is not Pacta's \(invoices\)\. Copy into a new, empty database/);
      await target`drop table invoices`;

      // Pacta's empty schema is accepted (pacta migrate ran on it first); here one column pads what it
      // stores, so the checksums differ: the copy is rolled back and the target is as it was.
      await (await openDatabase({ url, migrate: true })).close();
      await target`alter table services alter column name type char(40)`;
      const mismatch = await run(['copy', '--to', url, '--from', dataDir]);
      expect(mismatch.code).toBe(1);
      expect(reported(mismatch.out).get('services')).toEqual({ source: 2, target: 2, ok: false });
      expect(reported(mismatch.out).get('incidents')).toEqual({ source: 3, target: 3, ok: true });
      expect(mismatch.err).toMatch(/^The copy did not verify \(1 difference\): it was rolled back, and postgres:\/\/\S+ is as it was\.\n$/);
      const [{ n }] = await target<[{ n: number }]>`select (select count(*) from services) + (select count(*) from incidents) + (select count(*) from status_versions) as n`;
      expect(Number(n)).toBe(0);
      expect(await target`select version from status_head`).toEqual([{ version: '0' }]);
      // A statement the target refuses is said in the server's words, without the rows it carried.
      await target`alter table services alter column name type varchar(3)`;
      const failed = await run(['copy', '--to', url, '--from', dataDir]);
      expect(failed).toMatchObject({ code: 1, out: '' });
      expect(failed.err).toMatch(/^The copy failed on postgres:\/\/\S+ \(value too long for type character varying\(3\)\): it was rolled back, and the target is as it was\.\n$/);
      expect(await target`select count(*)::int as n from services`).toEqual([{ n: 0 }]);
    } finally {
      await target.end();
    }

    const unreachable = new URL(url);
    unreachable.port = '1';
    const down = await run(['copy', '--to', unreachable.toString(), '--from', dataDir]);
    expect(down).toMatchObject({ code: 1, out: '' });
    expect(down.err).toMatch(/^Cannot connect to postgres:\/\/\S+:1\/\S+: the connection was refused \(is PostgreSQL running at that host and port\?\)\.\n$/);
    const missing = new URL(url);
    missing.pathname = '/pacta_t_no_such_database';
    expect((await run(['copy', '--to', missing.toString(), '--from', dataDir])).err).toMatch(/^Cannot connect to .*: database "pacta_t_no_such_database" does not exist\.\n$/);
    expect((await run(['copy', '--to', url, '--from', join(tempDir('copy-none'), 'data')])).err).toMatch(/^There is no Pacta database in .* to copy/);
  });
});
