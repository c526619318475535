/**
 * PGlite has no lock of its own on its data directory: two processes on one directory corrupt it. Pacta
 * takes a lock file there. The lock names its holder (pid, host, start time); a lock whose process is gone
 * (killed, crashed) is stale and taken over, so a restart after `kill -9` is not blocked.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

type Holder = { pid: number; host: string; startedAt: string; command?: string };

export type DirLock = { path: string; release(): void };

const LOCK_FILE = 'pacta.lock';

export function lockDataDir(dir: string): DirLock {
  const absolute = resolve(dir);
  mkdirSync(absolute, { recursive: true });
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
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      if (holder && isAlive(holder)) {
        throw new DataDirLockedError(
          `The data directory ${absolute} is in use by another Pacta process (pid ${holder.pid} on ${holder.host}, ` +
            `started ${holder.startedAt}${holder.command ? `: ${holder.command}` : ''}). Stop it first, or set ` +
            `PACTA_DATA_DIR to another directory, or DATABASE_URL to share a PostgreSQL database between processes.`,
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
  throw new DataDirLockedError(`Could not take the lock ${path}: another process keeps taking it.`);
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
