/**
 * Backups of the embedded database (`pacta backup`, `pacta restore`): a gzipped tarball of the PGlite data
 * directory, as PGlite itself dumps it (`dumpDataDir`) and loads it (`loadDataDir`).
 *
 * A backup is taken only with the directory's lock, i.e. while no Pacta runs on it. PGlite cannot be
 * opened by a second process, and copying its files while the server writes them gives a cluster
 * PostgreSQL may not recover; with the lock held the dump is of a cluster nobody writes, after a
 * checkpoint. (Backing up without stopping is what PostgreSQL is for: `pg_dump` reads a consistent
 * snapshot while Pacta runs.) A backup is taken as it is, never migrated first: it must be able to take
 * you back to before an upgrade.
 *
 * A restore checks the file before it touches anything: a tarball holding a cluster (`PG_VERSION`) and
 * Pacta's marker; then it loads it into a new directory beside the target, checks that the database is
 * Pacta's and from no newer Pacta than this one, applies the migrations this Pacta has and the backup
 * predates, and only then puts it in place — the directory that was there is renamed aside, never deleted.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_FOLDER, openDatabase, type DatabaseHandle } from './client.ts';
import { DataDirError, inspectDataDir, isDirectory, LOCK_FILE, MARKER_FILE, reason } from './data-dir.ts';
import { lockDataDir } from './lock.ts';
import { TransferError } from './transfer.ts';

/** Entries a dump of a running cluster carries that must not come back: our lock, PGlite's pid file. */
const LEFT_OUT = new Set([LOCK_FILE, 'postmaster.pid']);

export type TableCount = { table: string; rows: number };

export type BackupSummary = { dataDir: string; file: string; bytes: number; tables: TableCount[]; ms: number };

export type RestoreSummary = {
  dataDir: string;
  /** Where the directory that was there now is, or null when there was none (or it was empty). */
  keptAside: string | null;
  migrationsApplied: number;
  tables: TableCount[];
  ms: number;
};

/** The entries of a (ustar) tar archive: name without a leading `/` or `./`, and the bytes it spans. */
function tarEntries(tar: Buffer): Array<{ name: string; start: number; end: number }> {
  const out: Array<{ name: string; start: number; end: number }> = [];
  let at = 0;
  while (at + 512 <= tar.length) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, length: number) => header.subarray(from, from + length).toString('utf8').replace(/\0[\s\S]*$/, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const checksum = parseInt(field(148, 8).trim(), 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    if (!Number.isFinite(size) || sum !== checksum) throw new Error('not a tar archive');
    const prefix = field(345, 155);
    const name = `${prefix ? `${prefix}/` : ''}${field(0, 100)}`.replace(/^(\.?\/)+/, '');
    const end = at + 512 + Math.ceil(size / 512) * 512;
    if (end > tar.length) throw new Error('the archive is cut short');
    out.push({ name, start: at, end });
    at = end;
  }
  return out;
}

/** The archive without the entries named (top-level files only), byte for byte otherwise. */
function withoutEntries(tar: Buffer, entries: ReturnType<typeof tarEntries>, names: ReadonlySet<string>): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  for (const e of entries) {
    if (!names.has(e.name)) continue;
    parts.push(tar.subarray(last, e.start));
    last = e.end;
  }
  parts.push(tar.subarray(last));
  return Buffer.concat(parts);
}

function pgliteOf(handle: DatabaseHandle): PGlite {
  return (handle.db as unknown as { $client: PGlite }).$client;
}

async function tableCounts(handle: DatabaseHandle): Promise<TableCount[]> {
  const r = await handle.db.execute(sql.raw(`select tablename as table from pg_tables where schemaname = 'public' order by tablename collate "C"`));
  const names = (r as unknown as { rows: Array<{ table: string }> }).rows.map((x) => x.table);
  const out: TableCount[] = [];
  for (const table of names) {
    const c = await handle.db.execute(sql.raw(`select count(*)::int as n from "${table}"`));
    out.push({ table, rows: (c as unknown as { rows: Array<{ n: number }> }).rows[0]!.n });
  }
  return out;
}

function requirePactaDir(dataDir: string, what: string): string {
  const absolute = resolve(dataDir);
  if (!isDirectory(absolute) || inspectDataDir(absolute, { locked: false }) === 'new') {
    throw new DataDirError(`There is no Pacta database in ${absolute} to ${what}: set PACTA_DATA_DIR to the data directory Pacta runs on.`);
  }
  return absolute;
}

/**
 * Writes a backup of `dataDir` to `file` (gzipped tar), through a temporary file renamed into place, so
 * an interrupted backup never leaves a truncated file under the name. Throws a DataDirLockedError while
 * a Pacta runs on the directory.
 */
export async function backupDataDir(dataDir: string, file: string, o: { force?: boolean; clock?: () => number } = {}): Promise<BackupSummary> {
  const clock = o.clock ?? (() => performance.now());
  const started = clock();
  const absolute = requirePactaDir(dataDir, 'back up');
  const target = resolve(file);
  if (existsSync(target) && !o.force) throw new TransferError(`${target} exists already: name another file, or add --force to replace it.`);
  if (target === absolute || target.startsWith(`${absolute}/`)) throw new TransferError(`${target} is inside the data directory: write the backup somewhere else.`);
  const handle = await openDatabase({ dataDir: absolute, migrate: false });
  let tables: TableCount[];
  let tar: Buffer;
  try {
    tables = await tableCounts(handle);
    const client = pgliteOf(handle);
    await client.query('checkpoint');
    tar = Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer());
  } finally {
    await handle.close();
  }
  const gz = gzipSync(withoutEntries(tar, tarEntries(tar), LEFT_OUT));
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  try {
    writeFileSync(partial, gz);
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new TransferError(`Cannot write ${target} (${reason(err)}).`);
  }
  return { dataDir: absolute, file: target, bytes: gz.length, tables, ms: Math.round(clock() - started) };
}

/** The tarball in `file`, checked to be a Pacta backup, without the entries that must not come back. */
function readBackup(file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new TransferError(`Cannot read ${file} (${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : reason(err)}).`);
  }
  let tar: Buffer;
  let entries: ReturnType<typeof tarEntries>;
  try {
    tar = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    entries = tarEntries(tar);
  } catch (err) {
    throw new TransferError(`${file} is not a Pacta backup (${err instanceof Error ? err.message : String(err)}): make one with pacta backup.`);
  }
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('PG_VERSION')) throw new TransferError(`${file} is not a Pacta backup: it holds no PostgreSQL cluster (no PG_VERSION). Make one with pacta backup.`);
  if (!names.has(MARKER_FILE)) throw new TransferError(`${file} is not a Pacta backup: it holds a PostgreSQL cluster without Pacta's ${MARKER_FILE}. Make one with pacta backup.`);
  return withoutEntries(tar, entries, LEFT_OUT);
}

function stampOf(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * Restores the backup in `file` into `dataDir`. A directory holding a database is replaced only with
 * `force`, and then kept aside (renamed, with the time in its name); a running Pacta's directory never.
 */
export async function restoreDataDir(file: string, dataDir: string, o: { force?: boolean; now: Date; clock?: () => number }): Promise<RestoreSummary> {
  const clock = o.clock ?? (() => performance.now());
  const started = clock();
  const tar = readBackup(file);
  const absolute = resolve(dataDir);
  const exists = existsSync(absolute);
  if (exists && !statSync(absolute).isDirectory()) throw new DataDirError(`The data directory ${absolute} is a file, not a directory: set PACTA_DATA_DIR to a directory.`);
  const occupied = exists && inspectDataDir(absolute, { locked: false }) !== 'new';
  if (occupied && !o.force) {
    throw new TransferError(`The data directory ${absolute} holds a database already: pacta restore --force keeps it aside (renamed, beside it) and restores in its place.`);
  }
  const lock = occupied ? lockDataDir(absolute) : null;
  const stamp = stampOf(o.now);
  const staging = `${absolute}.restoring-${stamp}`;
  try {
    mkdirSync(dirname(absolute), { recursive: true });
    let migrationsApplied: number;
    let tables: TableCount[];
    try {
      ({ migrationsApplied, tables } = await loadAndCheck(file, tar, staging));
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      throw err;
    }
    let keptAside: string | null = null;
    if (occupied) {
      keptAside = `${absolute}.before-restore-${stamp}`;
      renameSync(absolute, keptAside);
      rmSync(join(keptAside, LOCK_FILE), { force: true });
      try {
        renameSync(staging, absolute);
      } catch (err) {
        renameSync(keptAside, absolute);
        throw new TransferError(`Cannot put the restored database in place at ${absolute} (${reason(err)}); the directory there is unchanged, and the restored copy is in ${staging}.`);
      }
    } else if (exists) {
      // Empty but for hidden files (.pacta_history, lost+found): the restored files move in beside them.
      for (const name of readdirSync(staging)) renameSync(join(staging, name), join(absolute, name));
      rmSync(staging, { recursive: true, force: true });
    } else {
      renameSync(staging, absolute);
    }
    return { dataDir: absolute, keptAside, migrationsApplied, tables, ms: Math.round(clock() - started) };
  } finally {
    lock?.release();
  }
}

/** Loads the archive into `staging` and proves it is Pacta's, then migrates it; returns what it holds. */
async function loadAndCheck(file: string, tar: Buffer, staging: string): Promise<{ migrationsApplied: number; tables: TableCount[] }> {
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ dataDir: staging, pgliteSeed: new Blob([tar]), migrate: false });
  } catch (err) {
    if (err instanceof DataDirError && !/holds a database PGlite cannot open/.test(err.message)) throw err;
    throw new TransferError(`${file} cannot be opened as a database (${err instanceof Error ? err.message : String(err)}): it is damaged, or from another PostgreSQL version.`);
  }
  try {
    const one = async <T>(q: string) => (((await handle.db.execute(sql.raw(q))) as unknown as { rows: T[] }).rows[0] as T);
    const found = await one<{ pacta: boolean; migrations: boolean }>(
      `select to_regclass('public.sla_clocks') is not null as pacta, to_regclass('drizzle.__drizzle_migrations') is not null as migrations`,
    );
    if (!found.pacta || !found.migrations) throw new TransferError(`${file} is not a Pacta backup: its database has no Pacta tables.`);
    const known = new Set(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => m.hash));
    const had = ((await handle.db.execute(sql.raw(`select hash from drizzle.__drizzle_migrations`))) as unknown as { rows: Array<{ hash: string }> }).rows;
    const unknown = had.filter((m) => !known.has(m.hash));
    if (unknown.length) {
      throw new TransferError(`${file} was made by a newer Pacta (${unknown.length === 1 ? 'a migration' : `${unknown.length} migrations`} this one does not have): restore it with that version.`);
    }
    await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    const after = await one<{ n: number }>(`select count(*)::int as n from drizzle.__drizzle_migrations`);
    return { migrationsApplied: after.n - had.length, tables: await tableCounts(handle) };
  } finally {
    await handle.close();
  }
}
