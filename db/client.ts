/**
 * The database client factory: PostgreSQL through postgres.js when a URL is given, otherwise embedded
 * PGlite — in a data directory (locked against a second process, and only one that is missing, empty or
 * Pacta's: db/data-dir.ts) or in memory (tests, `--db memory`). Migrations run on open, on both drivers,
 * idempotently.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { damaged, DataDirError, inspectDataDir, isDirectory, markDataDir } from './data-dir.ts';
import { lockDataDir } from './lock.ts';
import { gatedClient, PoolGate } from './pool-gate.ts';
import * as schema from './schema.ts';

export type PactaDatabase = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
  db: PactaDatabase;
  driver: 'pglite' | 'postgres';
  /** Where the data lives, for logs (the URL without its password, the directory, or `memory`). */
  location: string;
  /** Round trip to the database, for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** PostgreSQL URL; when set, PGlite is not used. */
  url?: string | undefined;
  /** PGlite data directory; ignored with `url`. Omitted (and no url): in-memory PGlite. */
  dataDir?: string | undefined;
  /** PGlite only: start from this dump (`dumpDataDir`) instead of an empty cluster — tests load a migrated one. */
  pgliteSeed?: Blob | undefined;
  /** Run migrations on open (default true). */
  migrate?: boolean;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /**
   * PostgreSQL: `statement_timeout` of every pooled connection, in ms (default: none). A statement that
   * runs longer (stuck behind a lock, an overloaded server) is cancelled and its caller hears that the
   * database is unavailable (db/unavailable.ts) rather than waiting on. `pacta start` sets it from
   * PACTA_DB_STATEMENT_TIMEOUT_MS; migrations never have one.
   */
  statementTimeoutMs?: number;
  /**
   * PostgreSQL: the longest a statement or transaction waits for a free pooled connection before it fails
   * as unavailable (db/pool-gate.ts), in ms (default: as long as it takes, as postgres.js does).
   */
  acquireTimeoutMs?: number;
};

/**
 * How PostgreSQL connections meet an outage, whatever the options: a connection attempt gives up after
 * {@link CONNECT_TIMEOUT_SECONDS}, and a failed attempt is retried on the next statement after at most
 * a quarter of a second (postgres.js would back off up to 20 s, so a replica would stay deaf that long
 * after the database came back). A transaction left idle for {@link IDLE_IN_TRANSACTION_MS} is ended
 * by the server, releasing its locks (a process that hangs mid-transaction holds nobody up for long).
 */
export const CONNECT_TIMEOUT_SECONDS = 5;
export const IDLE_IN_TRANSACTION_MS = 15_000;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * PGlite's server settings: its defaults plus a 16 MB buffer pool instead of PostgreSQL's 128 MB. PGlite
 * puts the pool in its WebAssembly memory and zero-fills all of it on every open (emscripten's mmap), so
 * 128 MB made the memory grow from its initial 128 MB to 189 MB, all of the pool resident, and the fill
 * part of each start. With 16 MB the memory stays at its initial size, about 120 MB less is resident,
 * and the 300-service status load measures the same (issue 11). PGlite reads through the OS page cache
 * (a data directory) or its in-memory file system, so a page outside the pool is cheap to fetch again.
 * `wal_buffers` follows the pool (1/32 of it).
 */
export const PGLITE_START_PARAMS: readonly string[] = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** Serialises migrations across replicas starting at once on one PostgreSQL. */
export const MIGRATION_LOCK_ID = 7_420_001;

export async function openDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

async function openPglite(options: DatabaseOptions): Promise<DatabaseHandle> {
  const dataDir = options.dataDir ? resolve(options.dataDir) : null;
  // Nothing is written into a directory that is not Pacta's (db/data-dir.ts), not even the lock file;
  // and the look is repeated under the lock, so two processes starting on one empty directory do not
  // both initialise it.
  if (dataDir && isDirectory(dataDir)) inspectDataDir(dataDir, { locked: false });
  const lock = dataDir ? lockDataDir(dataDir) : null;
  try {
    const state = dataDir ? inspectDataDir(dataDir) : null;
    if (dataDir && state === 'new') markDataDir(dataDir, process.argv.slice(1).join(' '));
    let client: PGlite;
    try {
      client = new PGlite({ startParams: [...PGLITE_START_PARAMS], ...(dataDir ? { dataDir } : {}), ...(options.pgliteSeed ? { loadDataDir: options.pgliteSeed } : {}) });
      await client.waitReady;
    } catch (err) {
      // PGlite says only "failed to initialize properly": a corrupt PG_VERSION, damaged files, or a
      // cluster of another PostgreSQL version. One sentence for the operator instead of its stack.
      if (dataDir) throw damaged(dataDir, `"${err instanceof Error ? err.message : String(err)}": its files are damaged or from another PostgreSQL version`);
      throw err;
    }
    try {
      if (dataDir && state === 'unmarked') await adoptUnmarked(client, dataDir);
    } catch (err) {
      await client.close().catch(() => {});
      throw err;
    }
    const db = drizzlePglite(client, { schema }) as unknown as PactaDatabase;
    if (options.migrate !== false) await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return {
      db,
      driver: 'pglite',
      location: options.dataDir ?? 'memory',
      ping: async () => {
        await client.query('select 1');
      },
      close: async () => {
        await client.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/**
 * A cluster without Pacta's marker (db/data-dir.ts): a directory an earlier Pacta initialised before it
 * wrote markers holds Pacta's tables, and an empty cluster has nothing to lose; either is marked and used.
 * Any other database is refused before a migration writes into it.
 */
async function adoptUnmarked(client: PGlite, dataDir: string): Promise<void> {
  const { rows } = await client.query<{ pacta: boolean; tables: number }>(
    `select to_regclass('public.sla_clocks') is not null as pacta,
            (select count(*)::int from pg_tables where schemaname not in ('pg_catalog', 'information_schema')) as tables`,
  );
  const found = rows[0];
  if (!found?.pacta && (found?.tables ?? 0) > 0) {
    throw new DataDirError(
      `The data directory ${dataDir} holds a PostgreSQL database that is not Pacta's (${found?.tables === 1 ? 'a table' : `${found?.tables} tables`}, none of them Pacta's): set PACTA_DATA_DIR to a new or empty directory, or to an existing Pacta data directory.`,
    );
  }
  markDataDir(dataDir, process.argv.slice(1).join(' '));
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const clientOptions = { onnotice: () => {} };
  if (options.migrate !== false) {
    // One dedicated connection holds a session advisory lock while migrating, so two replicas starting
    // together do not both apply the same migration.
    const admin = postgres(url, { ...clientOptions, max: 1 });
    try {
      await admin`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
      try {
        await migratePostgres(drizzlePostgres(admin), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await admin`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      }
    } finally {
      await admin.end();
    }
  }
  const max = options.poolSize ?? 10;
  const client = postgres(url, {
    ...clientOptions,
    max,
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    backoff: (retries: number) => Math.min(0.25, 0.01 * retries),
    // Server settings of each connection, sent when it opens.
    connection: {
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
  });
  const gated = options.acquireTimeoutMs ? gatedClient(client, new PoolGate(max, options.acquireTimeoutMs)) : client;
  const db = drizzlePostgres(gated, { schema }) as unknown as PactaDatabase;
  return {
    db,
    driver: 'postgres',
    location: redact(url),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: async () => {
      await client.end({ timeout: 5 });
    },
  };
}

export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}
