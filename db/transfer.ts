/**
 * Moving Pacta's data from its embedded PGlite to PostgreSQL (`pacta db copy`), and proving that it moved
 * whole: the same rows on both sides, table by table.
 *
 * What is copied is read from the databases themselves, never from a list kept here: every table of the
 * `public` schema, its columns, primary key, foreign keys, serial sequences and triggers come from the
 * catalog (pg_class, pg_index, pg_constraint, pg_trigger), so a table a later migration adds is copied
 * without anyone remembering to add it.
 *
 * Rows travel as PostgreSQL's own JSON of the row (`to_jsonb(t)`) and are rebuilt on the target by
 * `jsonb_populate_recordset`, so every type converts by PostgreSQL's rules on both ends (timestamptz to
 * the microsecond, doubles by their shortest exact text, arrays, jsonb), a batch at a time: a large
 * estate never sits in memory. The checksum of a table is SHA-256 over the same JSON text of each row in
 * primary-key order (text keys in byte order, `COLLATE "C"`), read with the session's zone set to UTC and
 * `extra_float_digits = 1`, so PGlite and PostgreSQL spell every row alike. A JSON `null` stored in a
 * nullable jsonb column would come back as SQL NULL, and the checksum could not tell; Pacta never stores
 * one (drizzle writes JavaScript null as SQL NULL).
 */
import { createHash } from 'node:crypto';
import { getTableName, is, sql, type SQL } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { PgDialect, PgTable } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { MIGRATION_LOCK_ID, MIGRATIONS_FOLDER, openDatabase, redact, type DatabaseHandle, type PactaDatabase } from './client.ts';
import { DataDirError, inspectDataDir, isDirectory } from './data-dir.ts';
import * as schema from './schema.ts';

/** Something a person can fix (a target that is not empty, an unreachable server): one sentence, exit status 1. */
export class TransferError extends Error {
  override readonly name: string = 'TransferError';
}

/** The copy was made but did not verify; it was rolled back. */
export class CopyMismatchError extends TransferError {
  override readonly name = 'CopyMismatchError';
  constructor(
    message: string,
    readonly report: CopyReport,
  ) {
    super(message);
  }
}

/** A table as the catalog describes it. */
export type TableInfo = {
  name: string;
  columns: string[];
  /** Primary-key columns in key order, and whether each sorts by collation (text). */
  key: Array<{ name: string; collatable: boolean }>;
  /** Tables its foreign keys point at (itself excluded). */
  references: string[];
  /** Whether it has triggers of its own (not the internal ones behind foreign keys). */
  triggers: boolean;
  /** Columns filled from a sequence (serial, bigserial), with the sequence's qualified name. */
  serials: Array<{ column: string; sequence: string }>;
};

export type TableChecksum = { table: string; rows: number; checksum: string };

export type CopiedTable = { table: string; sourceRows: number; targetRows: number; sourceChecksum: string; targetChecksum: string; ok: boolean };

export type CopiedSequence = { sequence: string; expected: number; actual: number; ok: boolean };

export type CopyReport = { tables: CopiedTable[]; sequences: CopiedSequence[]; rows: number; ms: number; ok: boolean };

/** Rows per FETCH from a cursor and per INSERT on the target: small enough for 500 chart images (≈20 MB). */
const BATCH_ROWS = 500;

type Db = PactaDatabase;

async function rows<T>(db: Db, q: SQL): Promise<T[]> {
  const r = await db.execute(q);
  return Array.isArray(r) ? (r as T[]) : (r as unknown as { rows: T[] }).rows;
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Settings under which both databases write each row's JSON the same way; inside a transaction. */
async function normalise(db: Db): Promise<void> {
  await db.execute(sql.raw(`set local timezone = 'UTC'`));
  await db.execute(sql.raw(`set local extra_float_digits = 1`));
}

/** Every table of the public schema, from the catalog, by name. */
export async function describeTables(db: Db): Promise<TableInfo[]> {
  const found = await rows<{ name: string; info: string }>(
    db,
    sql.raw(`
    select c.relname as name, json_build_object(
      'columns', (select coalesce(json_agg(a.attname order by a.attnum), '[]') from pg_attribute a
                  where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped),
      'key', (select coalesce(json_agg(json_build_object('name', a.attname, 'collatable', a.attcollation <> 0) order by k.ord), '[]')
              from pg_index i cross join unnest(i.indkey::int2[]) with ordinality k(attnum, ord)
              join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
              where i.indrelid = c.oid and i.indisprimary),
      'references', (select coalesce(json_agg(distinct r.relname), '[]') from pg_constraint f join pg_class r on r.oid = f.confrelid
                     where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid),
      'triggers', exists (select 1 from pg_trigger t where t.tgrelid = c.oid and not t.tgisinternal),
      'serials', (select coalesce(json_agg(json_build_object('column', a.attname, 'sequence', pg_get_serial_sequence(quote_ident(c.relname), a.attname)) order by a.attnum), '[]')
                  from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                  and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null)
    )::text as info
    from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
    order by c.relname collate "C"`),
  );
  return found.map((r) => ({ name: r.name, ...(JSON.parse(r.info) as Omit<TableInfo, 'name'>) }));
}

/** The tables db/schema.ts declares (what the migrations create), for tests and messages. */
export function schemaTableNames(): string[] {
  return Object.values(schema)
    .filter((v) => is(v, PgTable))
    .map((t) => getTableName(t))
    .sort();
}

/** Parents before children (foreign keys), otherwise by name. */
export function dependencyOrder(tables: readonly TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TableInfo[] = [];
  const visit = (t: TableInfo, path: Set<string>) => {
    if (done.has(t.name)) return;
    if (path.has(t.name)) throw new TransferError(`The tables ${[...path].join(', ')} refer to each other in a cycle; Pacta's schema has none, so this database is not one Pacta made.`);
    path.add(t.name);
    for (const r of [...t.references].sort()) {
      const parent = byName.get(r);
      if (parent) visit(parent, path);
    }
    path.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => (a.name < b.name ? -1 : 1))) visit(t, new Set());
  return out;
}

function orderBy(t: TableInfo): string {
  if (!t.key.length) return `to_jsonb(t)::text collate "C"`;
  return t.key.map((k) => `t.${ident(k.name)}${k.collatable ? ' collate "C"' : ''}`).join(', ');
}

/**
 * The rows of one table as JSON text, in primary-key order, a batch at a time, through a cursor (so
 * one sort, however large the table). Must run inside a transaction.
 */
async function* tableRows(db: Db, t: TableInfo, batch = BATCH_ROWS): AsyncGenerator<string[]> {
  const cursor = ident(`pacta_copy_${t.name}`);
  await db.execute(sql.raw(`declare ${cursor} no scroll cursor for select to_jsonb(t)::text as row from ${ident(t.name)} t order by ${orderBy(t)}`));
  try {
    for (;;) {
      const got = await rows<{ row: string }>(db, sql.raw(`fetch forward ${batch} from ${cursor}`));
      if (got.length) yield got.map((r) => r.row);
      if (got.length < batch) break;
    }
  } finally {
    // After a failed statement the transaction is aborted and the cursor gone with it: nothing to close.
    await db.execute(sql.raw(`close ${cursor}`)).catch(() => {});
  }
}

class RowHash {
  private readonly hash = createHash('sha256');
  rows = 0;
  add(batch: readonly string[]): void {
    for (const row of batch) this.hash.update(`${row}\n`);
    this.rows += batch.length;
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

async function checksumIn(db: Db, t: TableInfo): Promise<TableChecksum> {
  const h = new RowHash();
  for await (const batch of tableRows(db, t)) h.add(batch);
  return { table: t.name, rows: h.rows, checksum: h.digest() };
}

/**
 * Row count and checksum of every table, from one consistent snapshot (a read-only, repeatable-read
 * transaction). The same function on PGlite and PostgreSQL gives the same answer for the same rows.
 */
export async function checksumTables(handle: Pick<DatabaseHandle, 'db'>): Promise<TableChecksum[]> {
  return handle.db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    await tx.execute(sql.raw('set transaction isolation level repeatable read, read only'));
    await normalise(tx);
    const out: TableChecksum[] = [];
    for (const t of await describeTables(tx)) out.push(await checksumIn(tx, t));
    return out;
  });
}

/** A connection or server error in words: the server's message, or the socket's code. */
function why(err: unknown): string {
  const e = err as { code?: string; message?: string; errno?: string };
  if (e.code === 'ECONNREFUSED') return 'the connection was refused (is PostgreSQL running at that host and port?)';
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return 'there is no such host';
  if (e.code === 'CONNECT_TIMEOUT' || e.code === 'ETIMEDOUT') return 'the connection timed out';
  return (e.message ?? String(err)).replace(/\.$/, '');
}

export type CopyOptions = {
  /** The PGlite data directory to copy from. */
  dataDir: string;
  /** The PostgreSQL database to copy into (empty, or Pacta's schema with no rows). */
  url: string;
  /** Rows per batch (tests make it small to cross batch boundaries). */
  batchRows?: number;
  /** Monotonic milliseconds, for the report's duration. */
  clock?: () => number;
};

/**
 * Copies a PGlite data directory into an empty PostgreSQL database, all in one transaction on the
 * target: migrations (the same committed ones, under the same advisory lock replicas take), every table
 * in foreign-key order, sequences, then the checksum of every table on both sides. On any difference
 * the transaction is rolled back, leaving the target as it was, and a {@link CopyMismatchError} carries
 * the report. The data directory is opened as every Pacta command opens it (locked, so not while Pacta
 * runs on it; migrations applied) and only read.
 */
export async function copyToPostgres(o: CopyOptions): Promise<CopyReport> {
  const clock = o.clock ?? (() => performance.now());
  const started = clock();
  const batch = o.batchRows ?? BATCH_ROWS;
  if (!isDirectory(o.dataDir) || inspectDataDir(o.dataDir, { locked: false }) === 'new') {
    throw new DataDirError(`There is no Pacta database in ${o.dataDir} to copy: set PACTA_DATA_DIR (or --from) to the data directory Pacta runs on.`);
  }
  const client = postgres(o.url, { max: 1, onnotice: () => {}, connect_timeout: 15 });
  try {
    let encoding: string;
    try {
      const [r] = await client<[{ encoding: string }]>`select current_setting('server_encoding') as encoding`;
      encoding = r!.encoding;
    } catch (err) {
      throw new TransferError(`Cannot connect to ${redact(o.url)}: ${why(err)}.`);
    }
    if (encoding.toUpperCase() !== 'UTF8') {
      throw new TransferError(`The target database ${redact(o.url)} uses the ${encoding} encoding, and Pacta's text needs UTF8: create it with createdb -E UTF8 -T template0.`);
    }
    const target = drizzlePostgres(client, { schema }) as unknown as Db;
    return await inWords(o.url, () => target.transaction(async (txn) => {
      const tx = txn as unknown as Db;
      await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`);
      await normalise(tx);
      // The target is looked at first (cheap), then the data directory opened: locked, so not while a
      // Pacta runs on it, and migrated as every Pacta command opens it.
      await refuseUnlessEmpty(tx, o.url);
      const source = await openDatabase({ dataDir: o.dataDir });
      try {
        await migrateIn(tx);
        const report = await source.db.transaction(async (stxn) => {
          const src = stxn as unknown as Db;
          await src.execute(sql.raw('set transaction isolation level repeatable read, read only'));
          await normalise(src);
          return copyTables(src, tx, batch);
        });
        report.ms = Math.round(clock() - started);
        if (!report.ok) {
          const n = report.tables.filter((t) => !t.ok).length + report.sequences.filter((s) => !s.ok).length;
          throw new CopyMismatchError(`The copy did not verify (${n} ${n === 1 ? 'difference' : 'differences'}): it was rolled back, and ${redact(o.url)} is as it was.`, report);
        }
        return report;
      } finally {
        await source.close();
      }
    }));
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * A statement the target refused (no right to create tables, a disk full) is said in one sentence: the
 * server's own message, never the statement (which may carry a batch of rows). The transaction was
 * rolled back by then.
 */
async function inWords<T>(url: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TransferError || err instanceof DataDirError) throw err;
    const server = err instanceof postgres.PostgresError ? err : (err as { cause?: unknown }).cause instanceof postgres.PostgresError ? ((err as { cause: postgres.PostgresError }).cause) : null;
    if (!server) throw err;
    throw new TransferError(`The copy failed on ${redact(url)} (${server.message.replace(/\.$/, '')}): it was rolled back, and the target is as it was.`);
  }
}

/**
 * The target may hold nothing, or Pacta's empty schema (`pacta migrate`, or a Pacta started on it that
 * wrote nothing): anything else is refused, naming what was found.
 */
async function refuseUnlessEmpty(tx: Db, url: string): Promise<void> {
  const pacta = new Set(schemaTableNames());
  const present = await describeTables(tx);
  const foreign = present.filter((t) => !pacta.has(t.name)).map((t) => t.name);
  if (foreign.length) {
    throw new TransferError(
      `The target database ${redact(url)} is not empty: it has ${foreign.length === 1 ? 'a table' : `${foreign.length} tables`} that ${foreign.length === 1 ? 'is' : 'are'} not Pacta's (${list(foreign)}). Copy into a new, empty database (createdb pacta).`,
    );
  }
  const filled: string[] = [];
  for (const t of present) {
    // Migration 0002 puts the status stamp's head row in place: that one row is part of an empty schema.
    const extra = t.name === 'status_head' ? ` where not (id = 1 and version = 0)` : '';
    const [r] = await rows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from (select 1 from ${ident(t.name)}${extra} limit 1001) x`));
    if (r && r.n > 0) filled.push(`${t.name} (${r.n > 1000 ? 'over 1,000 rows' : r.n === 1 ? '1 row' : `${r.n} rows`})`);
  }
  if (filled.length) {
    throw new TransferError(
      `The target database ${redact(url)} already holds Pacta data: ${list(filled)}. Copy into a new, empty database (createdb pacta), or drop these tables first if they hold nothing you need.`,
    );
  }
}

function list(items: readonly string[]): string {
  return items.length > 6 ? `${items.slice(0, 6).join(', ')} and ${items.length - 6} more` : items.join(', ');
}

/**
 * The committed migrations, applied by drizzle's own migrator (what `openDatabase` runs) but inside the
 * copy's transaction: its "transaction" is this one, so a failed copy takes the new schema back too.
 */
async function migrateIn(tx: Db): Promise<void> {
  const session = {
    execute: (q: SQL) => tx.execute(q),
    all: (q: SQL) => rows(tx, q),
    transaction: <T>(fn: (t: Db) => Promise<T>) => fn(tx),
  };
  await new PgDialect().migrate(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }), session as never, { migrationsFolder: MIGRATIONS_FOLDER });
}

async function copyTables(src: Db, tx: Db, batch: number): Promise<CopyReport> {
  const from = await describeTables(src);
  const to = new Map((await describeTables(tx)).map((t) => [t.name, t]));
  const differences = [
    ...from.filter((t) => !to.has(t.name)).map((t) => `${t.name} is missing on the target`),
    ...[...to.keys()].filter((n) => !from.some((t) => t.name === n)).map((n) => `${n} is missing in the data directory`),
    ...from.filter((t) => to.has(t.name) && to.get(t.name)!.columns.join() !== t.columns.join()).map((t) => `${t.name} has columns ${t.columns.join(', ')} here and ${to.get(t.name)!.columns.join(', ')} there`),
  ];
  if (differences.length) throw new TransferError(`The data directory's schema and the migrated target differ (${differences.join('; ')}): nothing was copied.`);

  const ordered = dependencyOrder([...to.values()]);
  // Triggers of Pacta's own (the status stamp's) would stamp every copied row anew at commit: the stamp
  // tables are copied as they are instead.
  for (const t of ordered) if (t.triggers) await tx.execute(sql.raw(`alter table ${ident(t.name)} disable trigger user`));
  for (const t of [...ordered].reverse()) await tx.execute(sql.raw(`delete from ${ident(t.name)}`));

  const copied = new Map<string, { rows: number; checksum: string }>();
  for (const t of ordered) {
    const h = new RowHash();
    const insert = (json: string) => sql`insert into ${sql.identifier(t.name)} select * from jsonb_populate_recordset(null::${sql.identifier(t.name)}, ${json}::jsonb)`;
    for await (const rowsOfBatch of tableRows(src, t, batch)) {
      h.add(rowsOfBatch);
      await tx.execute(insert(`[${rowsOfBatch.join(',')}]`));
    }
    copied.set(t.name, { rows: h.rows, checksum: h.digest() });
  }

  // Each sequence goes on from where the data directory's stood (never below the largest id copied),
  // so the next incident event, outbox row, … gets the next id.
  const sequences: CopiedSequence[] = [];
  for (const t of ordered) {
    for (const s of t.serials) {
      const [was] = await rows<{ value: string }>(src, sql.raw(`select (case when is_called then last_value else 0 end)::text as value from ${s.sequence}`));
      const [set] = await rows<{ value: string }>(
        tx,
        sql.raw(`select greatest(${Number(was?.value ?? 0)}, coalesce(max(${ident(s.column)}), 0))::text as value from ${ident(t.name)}`),
      );
      const expected = Number(set!.value);
      await tx.execute(sql.raw(`select setval('${s.sequence}', ${Math.max(expected, 1)}, ${expected > 0})`));
      const [now] = await rows<{ value: string }>(tx, sql.raw(`select (case when is_called then last_value else 0 end)::text as value from ${s.sequence}`));
      const actual = Number(now!.value);
      sequences.push({ sequence: s.sequence.replace(/^public\./, ''), expected, actual, ok: actual === expected });
    }
  }
  for (const t of ordered) if (t.triggers) await tx.execute(sql.raw(`alter table ${ident(t.name)} enable trigger user`));

  const tables: CopiedTable[] = [];
  for (const t of from) {
    const s = copied.get(t.name)!;
    const d = await checksumIn(tx, to.get(t.name)!);
    tables.push({ table: t.name, sourceRows: s.rows, targetRows: d.rows, sourceChecksum: s.checksum, targetChecksum: d.checksum, ok: s.rows === d.rows && s.checksum === d.checksum });
  }
  return {
    tables,
    sequences,
    rows: tables.reduce((n, t) => n + t.sourceRows, 0),
    ms: 0,
    ok: tables.every((t) => t.ok) && sequences.every((s) => s.ok),
  };
}
