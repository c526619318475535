/**
 * Backups of the embedded database (`pacta backup`, `pacta restore`): a gzipped tar of the PGlite data
 * directory, in the ustar layout PGlite's own `dumpDataDir` writes and its `loadDataDir` reads (`tar tzf`
 * lists it too).
 *
 * Why not `dumpDataDir` itself: it builds the whole archive in memory, and `loadDataDir` takes it back
 * only as one Blob. A data directory of 100,000 incidents is about 390 MB, and backing it up that way
 * took 1.7 GB of memory, restoring it 2 GB. Here the archive is streamed from and to the files, in
 * constant memory, which PGlite makes safe: its data directory is a plain PostgreSQL cluster.
 *
 * Consistency: a backup is taken only while no Pacta runs on the directory. PGlite cannot be opened by a
 * second process, and files copied while a server writes them make a cluster PostgreSQL may not
 * recover. So the directory is opened once (which proves it is Pacta's and readable, replays anything
 * a crash left, counts its rows) and closed cleanly (a checkpoint), then archived under its lock, which
 * a Pacta starting meanwhile would find taken. Backing up without stopping is what PostgreSQL is for:
 * `pg_dump` reads a consistent snapshot while Pacta runs. A backup is taken as it is, never migrated
 * first: it must be able to take you back to before an upgrade.
 *
 * A restore checks the file before it touches anything: it is unpacked into a new directory beside the
 * target (only plain files and directories, no path out of it), which must hold a cluster (`PG_VERSION`)
 * with Pacta's marker; that is opened, must hold Pacta's tables from no newer Pacta than this one, and is
 * migrated to this Pacta's schema; only then is it put in place. The directory that was there is renamed
 * aside, never deleted.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_FOLDER, openDatabase, type DatabaseHandle } from './client.ts';
import { DataDirError, inspectDataDir, isDirectory, LOCK_FILE, MARKER_FILE, reason } from './data-dir.ts';
import { lockDataDir } from './lock.ts';
import { TransferError } from './transfer.ts';

/** Files of a data directory that must not come back: our lock, PGlite's pid file. */
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

async function tableCounts(handle: DatabaseHandle): Promise<TableCount[]> {
  const rowsOf = async <T>(q: string) => ((await handle.db.execute(sql.raw(q))) as unknown as { rows: T[] }).rows;
  const out: TableCount[] = [];
  for (const { table } of await rowsOf<{ table: string }>(`select tablename as table from pg_tables where schemaname = 'public' order by tablename collate "C"`)) {
    out.push({ table, rows: (await rowsOf<{ n: number }>(`select count(*)::int as n from "${table}"`))[0]!.n });
  }
  return out;
}

// ---- tar (ustar): what PostgreSQL's data directory needs, plain files and directories ----

function header(name: string, st: Stats): Buffer {
  const h = Buffer.alloc(512);
  let prefix = '';
  let rest = name;
  if (Buffer.byteLength(rest) > 100) {
    const cut = name.lastIndexOf('/', 154);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new TransferError(`Cannot archive ${name}: its path is too long for a tar archive.`);
    prefix = name.slice(0, cut);
    rest = name.slice(cut + 1);
  }
  const octal = (n: number, width: number) => n.toString(8).padStart(width - 1, '0');
  h.write(rest, 0, 100, 'utf8');
  h.write(octal(st.mode & 0o7777, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii');
  h.write(octal(0, 8), 116, 8, 'ascii');
  h.write(octal(st.isDirectory() ? 0 : st.size, 12), 124, 12, 'ascii');
  h.write(octal(Math.floor(st.mtimeMs / 1000), 12), 136, 12, 'ascii');
  h.write(st.isDirectory() ? '5' : '0', 156, 1, 'ascii');
  h.write('ustar\u000000', 257, 8, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${octal(sum, 7)}\u0000 `, 148, 8, 'ascii');
  return h;
}

/** The archive of `dir`, entry by entry, files streamed from disk. */
async function* archive(dir: string): AsyncGenerator<Buffer> {
  async function* walk(at: string): AsyncGenerator<Buffer> {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const rel = relative(dir, path).split(sep).join('/');
      if (at === dir && LEFT_OUT.has(name)) continue;
      const st = lstatSync(path);
      if (st.isDirectory()) {
        yield header(`${rel}/`, st);
        yield* walk(path);
      } else if (st.isFile()) {
        yield header(rel, st);
        let written = 0;
        for await (const chunk of createReadStream(path)) {
          written += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
        if (written !== st.size) throw new TransferError(`${path} changed while it was archived: is something else writing to the data directory?`);
        if (written % 512) yield Buffer.alloc(512 - (written % 512));
      }
      // Anything else (a socket, a link) is no part of a cluster PGlite wrote: left out.
    }
  }
  yield* walk(dir);
  yield Buffer.alloc(1024);
}

/** Reads exact byte counts from a stream. */
class ByteReader {
  private buffered: Buffer[] = [];
  private length = 0;
  private readonly source: AsyncIterator<Buffer>;
  constructor(stream: AsyncIterable<Buffer>) {
    this.source = stream[Symbol.asyncIterator]();
  }
  /** Skips `n` bytes; false if the stream ended first. */
  async skip(n: number): Promise<boolean> {
    for (let left = n; left > 0; ) {
      const chunk = await this.read(Math.min(left, 1 << 20));
      if (!chunk.length) return false;
      left -= chunk.length;
    }
    return true;
  }
  /** Up to `n` bytes (fewer only at the end of the stream). */
  async read(n: number): Promise<Buffer> {
    while (this.length < n) {
      const next = await this.source.next();
      if (next.done) break;
      this.buffered.push(next.value);
      this.length += next.value.length;
    }
    const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
    const out = all.subarray(0, Math.min(n, all.length));
    const rest = all.subarray(out.length);
    this.buffered = rest.length ? [rest] : [];
    this.length = rest.length;
    return out;
  }
}

/** Unpacks a (gzipped) tar of a data directory into `into`; returns the top-level names it held. */
async function unpack(file: string, into: string): Promise<Set<string>> {
  const bad = (why: string) => new TransferError(`${file} is not a Pacta backup (${why}): make one with pacta backup.`);
  const magic = await new ByteReader(createReadStream(file, { start: 0, end: 1 })).read(2);
  const input = createReadStream(file);
  const stream: AsyncIterable<Buffer> = magic[0] === 0x1f && magic[1] === 0x8b ? input.pipe(createGunzip()) : input;
  const reader = new ByteReader(stream);
  const top = new Set<string>();
  mkdirSync(into, { recursive: true, mode: 0o700 });
  try {
    for (;;) {
      const h = await reader.read(512);
      if (h.length < 512) throw bad(top.size === 0 ? 'not a tar archive' : 'it is cut short');
      if (h.every((b) => b === 0)) break;
      const field = (from: number, length: number) => h.subarray(from, from + length).toString('utf8').replace(/\0[\s\S]*$/, '');
      let sum = 0;
      for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
      if (sum !== parseInt(field(148, 8).trim(), 8)) throw bad('not a tar archive');
      const size = parseInt(field(124, 12).trim() || '0', 8);
      const mode = parseInt(field(100, 8).trim() || '0', 8) & 0o777;
      const type = field(156, 1) || '0';
      const prefix = field(345, 155);
      const name = `${prefix ? `${prefix}/` : ''}${field(0, 100)}`.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
      const padded = Math.ceil(size / 512) * 512;
      if (!name) {
        if (type !== '5') throw bad('an entry without a name');
        continue;
      }
      if (name.split('/').some((p) => p === '..' || p === '')) throw bad(`an entry outside the directory: ${name}`);
      const path = join(into, name);
      const first = name.split('/')[0]!;
      if (type === '5') {
        mkdirSync(path, { recursive: true, mode: mode || 0o700 });
        top.add(first);
      } else if (type === '0') {
        if (!name.includes('/') && LEFT_OUT.has(name)) {
          if (!(await reader.skip(padded))) throw bad('it is cut short');
          continue;
        }
        mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
        const out = createWriteStream(path, { mode: mode || 0o600 });
        let left = size;
        while (left > 0) {
          const chunk = await reader.read(Math.min(left, 1 << 20));
          if (!chunk.length) throw bad('it is cut short');
          if (!out.write(chunk)) await once(out, 'drain');
          left -= chunk.length;
        }
        out.end();
        await once(out, 'close');
        if (!(await reader.skip(padded - size))) throw bad('it is cut short');
        top.add(first);
      } else {
        throw bad(`an entry of tar type "${type}" (${name}), where a data directory has only files and directories`);
      }
    }
  } catch (err) {
    if (err instanceof TransferError) throw err;
    // zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR) say the file is no gzip; anything else is the disk's.
    if (String((err as NodeJS.ErrnoException).code).startsWith('Z_')) throw bad(`not a gzip file: ${(err as Error).message}`);
    throw new TransferError(`Cannot unpack ${file} into ${into} (${reason(err)}).`);
  }
  return top;
}

// ---- the verbs ----

function requirePactaDir(dataDir: string, what: string): string {
  const absolute = resolve(dataDir);
  if (!isDirectory(absolute) || inspectDataDir(absolute, { locked: false }) === 'new') {
    throw new DataDirError(`There is no Pacta database in ${absolute} to ${what}: set PACTA_DATA_DIR to the data directory Pacta runs on.`);
  }
  return absolute;
}

/**
 * Writes a backup of `dataDir` to `file` (gzipped tar) through a temporary file renamed into place, so
 * an interrupted backup never leaves a truncated file under the name. Throws a DataDirLockedError while
 * a Pacta runs on the directory.
 */
export async function backupDataDir(dataDir: string, file: string, o: { force?: boolean; clock?: () => number } = {}): Promise<BackupSummary> {
  const clock = o.clock ?? (() => performance.now());
  const started = clock();
  const absolute = requirePactaDir(dataDir, 'back up');
  const target = resolve(file);
  if (existsSync(target) && !o.force) throw new TransferError(`${target} exists already: name another file, or add --force to replace it.`);
  if (target === absolute || target.startsWith(`${absolute}${sep}`)) throw new TransferError(`${target} is inside the data directory: write the backup somewhere else.`);
  // Opened and closed first: Pacta's and readable (an unmarked directory of an older Pacta is marked),
  // whatever a crash left replayed, and shut down cleanly, so its files are a stopped cluster.
  const handle = await openDatabase({ dataDir: absolute, migrate: false });
  let tables: TableCount[];
  try {
    tables = await tableCounts(handle);
  } finally {
    await handle.close();
  }
  const lock = lockDataDir(absolute);
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  try {
    await pipeline(Readable.from(archive(absolute)), createGzip(), createWriteStream(partial));
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { force: true });
    if (err instanceof TransferError) throw err;
    throw new TransferError(`Cannot write ${target} (${reason(err)}).`);
  } finally {
    lock.release();
  }
  return { dataDir: absolute, file: target, bytes: statSync(target).size, tables, ms: Math.round(clock() - started) };
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
  try {
    if (!statSync(file).isFile()) throw new TransferError(`Cannot read ${file} (it is not a file).`);
  } catch (err) {
    if (err instanceof TransferError) throw err;
    throw new TransferError(`Cannot read ${file} (${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : reason(err)}).`);
  }
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
    let checked: { migrationsApplied: number; tables: TableCount[] };
    try {
      const top = await unpack(file, staging);
      if (!top.has('PG_VERSION')) throw new TransferError(`${file} is not a Pacta backup: it holds no PostgreSQL cluster (no PG_VERSION). Make one with pacta backup.`);
      if (!top.has(MARKER_FILE)) throw new TransferError(`${file} is not a Pacta backup: it holds a PostgreSQL cluster without Pacta's ${MARKER_FILE}. Make one with pacta backup.`);
      checked = await openAndCheck(file, staging);
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
    return { dataDir: absolute, keptAside, ...checked, ms: Math.round(clock() - started) };
  } finally {
    lock?.release();
  }
}

/** Opens the unpacked directory and proves it is Pacta's, then migrates it; returns what it holds. */
async function openAndCheck(file: string, staging: string): Promise<{ migrationsApplied: number; tables: TableCount[] }> {
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ dataDir: staging, migrate: false });
  } catch (err) {
    if (err instanceof DataDirError && !/holds a database PGlite cannot open/.test(err.message)) throw err;
    throw new TransferError(`${file} cannot be opened as a database (${err instanceof Error ? err.message : String(err)}): it is damaged, or from another PostgreSQL version.`);
  }
  try {
    const rowsOf = async <T>(q: string) => ((await handle.db.execute(sql.raw(q))) as unknown as { rows: T[] }).rows;
    const [found] = await rowsOf<{ pacta: boolean; migrations: boolean }>(
      `select to_regclass('public.sla_clocks') is not null as pacta, to_regclass('drizzle.__drizzle_migrations') is not null as migrations`,
    );
    if (!found?.pacta || !found.migrations) throw new TransferError(`${file} is not a Pacta backup: its database has no Pacta tables.`);
    const known = new Set(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => m.hash));
    const had = await rowsOf<{ hash: string }>(`select hash from drizzle.__drizzle_migrations`);
    const unknown = had.filter((m) => !known.has(m.hash));
    if (unknown.length) {
      throw new TransferError(`${file} was made by a newer Pacta (${unknown.length === 1 ? 'a migration' : `${unknown.length} migrations`} this one does not have): restore it with that version.`);
    }
    await migratePglite(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    const [after] = await rowsOf<{ n: number }>(`select count(*)::int as n from drizzle.__drizzle_migrations`);
    return { migrationsApplied: after!.n - had.length, tables: await tableCounts(handle) };
  } finally {
    await handle.close();
  }
}
