/**
 * PGlite has no lock of its own on its data directory: two processes on one directory corrupt it. Pacta
 * takes a lock file there. The lock names its holder (pid, host, start time); a lock whose process is gone
 * (killed, crashed) is stale and taken over, so a restart after `kill -9` is not blocked.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataDirError, ensureDirectory, LOCK_FILE, reason } from './data-dir.ts';

/** Another live process holds the directory. A {@link DataDirError}: one sentence, no stack trace. */
export class DataDirLockedError extends DataDirError {
  override readonly name = 'DataDirLockedError';
  constructor(
    message: string,
    /** The directory, and the process holding it (when its lock file says), for commands that word their own refusal. */
    readonly dataDir: string | null = null,
    readonly holder: Holder | null = null,
  ) {
    super(message);
  }
}

export type Holder = { pid: number; host: string; startedAt: string; command?: string };

export type DirLock = { path: string; release(): void };

export function lockDataDir(dir: string): DirLock {
  // A file in the way, or a directory this process may not create, is a DataDirError, not a stack trace.
  const absolute = ensureDirectory(dir);
  const path = join(absolute, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: process.argv.slice(1).join(' ') };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      const release = () => {
        try {
          if (readHolder(path)?.pid === process.pid) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
        process.off('exit', release);
      };
      process.on('exit', release);
      return { path, release };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new DataDirError(`The data directory ${absolute} cannot be written (${reason(err)}): set PACTA_DATA_DIR to a directory this user may write.`);
      }
      const holder = readHolder(path);
      if (holder && isAlive(holder)) {
        throw new DataDirLockedError(
          `The data directory ${absolute} is in use by another Pacta process (pid ${holder.pid} on ${holder.host}, ` +
            `started ${holder.startedAt}${holder.command ? `: ${holder.command}` : ''}). Stop it first, or set ` +
            `PACTA_DATA_DIR to another directory, or DATABASE_URL to share a PostgreSQL database between processes.`,
          absolute,
          holder,
        );
      }
      // Stale (its process is gone) or unreadable (a crash mid-write): take it over.
      try {
        unlinkSync(path);
      } catch {
        // Someone else removed it first; try again.
      }
    }
  }
  throw new DataDirLockedError(`Could not take the lock ${path}: another process keeps taking it.`, absolute);
}

function readHolder(path: string): Holder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? (parsed as Holder) : null;
  } catch {
    return null;
  }
}

function isAlive(holder: Holder): boolean {
  // On another host we cannot check the pid: assume it is alive rather than risk corrupting the data.
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
