/**
 * What Pacta accepts as its PGlite data directory (`PACTA_DATA_DIR`), and the one-sentence errors for
 * everything else. PGlite writes a PostgreSQL cluster into any directory it is given and fails with a
 * bare "PGlite failed to initialize properly" on one it cannot read, so Pacta looks first:
 *
 * - missing, or empty (dot files and `lost+found`, as on a fresh volume, do not count): initialised;
 * - holding Pacta's marker file ({@link MARKER_FILE}, written before the first start initialises it):
 *   Pacta's, opened; if PGlite cannot open it, it is damaged;
 * - holding a cluster (`PG_VERSION`) without the marker: a directory from a Pacta that wrote no marker
 *   yet, adopted once its database proves to be Pacta's (or empty), refused otherwise;
 * - a file, or a non-empty directory of anything else: refused, and nothing is written to it.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A data directory Pacta cannot use; the message is one sentence saying what to do. */
export class DataDirError extends Error {
  override readonly name: string = 'DataDirError';
}

/** Written into every data directory Pacta initialises: what the directory is, for Pacta and for people. */
export const MARKER_FILE = 'pacta-data-dir.json';
/** The lock file (db/lock.ts): Pacta's own, and not a sign of foreign content. */
export const LOCK_FILE = 'pacta.lock';

/** How Pacta found a directory, once it holds the lock. */
export type DataDirState =
  /** Nothing of value in it: PGlite initialises a new cluster. */
  | 'new'
  /** Pacta's marker is there: Pacta's own. */
  | 'pacta'
  /** A PostgreSQL cluster without the marker: Pacta's only if its tables say so. */
  | 'unmarked';

/** Entries that do not make a directory "not empty": hidden files (`.DS_Store`, `.gitkeep`, the console's `.pacta_history`) and a volume's `lost+found`. */
function counts(name: string): boolean {
  return !name.startsWith('.') && name !== 'lost+found' && name !== LOCK_FILE && name !== MARKER_FILE;
}

/** A file-system error in words (`permission denied`), for the messages below. */
export function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'EROFS') return 'the file system is read-only';
  if (e.code === 'ENOSPC') return 'the disk is full';
  return e.code ?? (err instanceof Error ? err.message : String(err));
}

/** Whether `path` is an existing directory (false for anything in the way, and for errors). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Makes sure `dir` is a directory, creating it (and its parents) if it is missing. Throws a
 * {@link DataDirError} for a file in the way or a directory this process may not create.
 */
export function ensureDirectory(dir: string): string {
  const absolute = resolve(dir);
  try {
    const stat = statSync(absolute, { throwIfNoEntry: false });
    if (stat && !stat.isDirectory()) {
      throw new DataDirError(`The data directory ${absolute} is a file, not a directory: set PACTA_DATA_DIR to a directory (a missing or empty one is initialised).`);
    }
    if (!stat) mkdirSync(absolute, { recursive: true });
  } catch (err) {
    if (err instanceof DataDirError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      throw new DataDirError(`The data directory ${absolute} cannot be created because part of its path is a file: set PACTA_DATA_DIR to a directory.`);
    }
    throw new DataDirError(`The data directory ${absolute} cannot be created (${reason(err)}): set PACTA_DATA_DIR to a directory this user may write.`);
  }
  return absolute;
}

/**
 * Classifies `dir` (which exists); throws for a foreign directory. Without the lock (`locked: false`, a
 * first look before writing the lock file) only foreign content is refused: a Pacta directory may be
 * half-initialised by the process that holds it, which the lock then reports.
 */
export function inspectDataDir(dir: string, o: { locked: boolean } = { locked: true }): DataDirState {
  const absolute = resolve(dir);
  let names: string[];
  try {
    names = readdirSync(absolute);
  } catch (err) {
    throw new DataDirError(`The data directory ${absolute} cannot be read (${reason(err)}): set PACTA_DATA_DIR to a directory this user may read and write.`);
  }
  const content = names.filter(counts);
  if (names.includes(MARKER_FILE)) {
    // The marker is written before the first initialisation; a cluster missing its PG_VERSION but with
    // other files left is not one PGlite should initialise over.
    if (o.locked && content.length && !names.includes('PG_VERSION')) throw damaged(absolute, 'its PG_VERSION file is missing');
    return 'pacta';
  }
  if (!content.length) return 'new';
  if (names.includes('postmaster.pid')) {
    throw new DataDirError(
      `The data directory ${absolute} belongs to a PostgreSQL server (it holds postmaster.pid), not to Pacta: point DATABASE_URL at that server instead, or set PACTA_DATA_DIR to a new or empty directory.`,
    );
  }
  if (names.includes('PG_VERSION')) return 'unmarked';
  throw foreign(absolute, content);
}

/** Records that `dir` is Pacta's (before PGlite initialises it, or once an unmarked cluster proved to be). */
export function markDataDir(dir: string, createdBy: string): void {
  const absolute = resolve(dir);
  const marker = {
    what: "Pacta's embedded PGlite database. Keep other files out of this directory; copy or back it up only while Pacta is stopped.",
    createdAt: new Date().toISOString(),
    createdBy,
  };
  try {
    writeFileSync(join(absolute, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw new DataDirError(`The data directory ${absolute} cannot be written (${reason(err)}): set PACTA_DATA_DIR to a directory this user may write.`);
  }
}

export function foreign(absolute: string, content: readonly string[]): DataDirError {
  const shown = content.slice(0, 3).join(', ') + (content.length > 3 ? `, … (${content.length} entries)` : '');
  return new DataDirError(
    `The data directory ${absolute} is not empty and is not a Pacta database (it holds ${shown}): set PACTA_DATA_DIR to a new or empty directory, or to an existing Pacta data directory.`,
  );
}

export function damaged(absolute: string, why: string): DataDirError {
  return new DataDirError(
    `The data directory ${absolute} holds a database PGlite cannot open (${why}): restore it from a backup, or set PACTA_DATA_DIR to a new directory to start afresh.`,
  );
}
