import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { DataDirLockedError, lockDataDir } from '../../db/lock.ts';
import { copyDataDir } from '../helpers/data-dir-template.ts';

const children: ChildProcess[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pacta-lock-'));
  dirs.push(d);
  return d;
}

/** Starts a real process that opens PGlite on `dir` and holds it. */
async function holder(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/hold-lock.ts', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stdout!.on('data', (b: Buffer) => b.toString().includes('locked') && resolve());
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (code) => reject(new Error(`holder exited ${code}: ${err}`)));
  });
  return child;
}

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Who the lock file at `dir` names, or null when there is none. */
function lockHolder(dir: string): { pid: number } | null {
  const path = join(dir, 'pacta.lock');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { pid: number }) : null;
}

describe('PGlite data directory lock', () => {
  it('refuses a second process at once, naming the directory and the holder', async () => {
    const dir = copyDataDir(tempDir());
    const child = await holder(dir);
    let error: unknown;
    try {
      await openDatabase({ dataDir: dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain(`pid ${child.pid}`);
    // The refusal leaves the holder's lock alone.
    expect(lockHolder(dir)?.pid).toBe(child.pid);
  });

  it('takes over a stale lock left by a process killed with SIGKILL', async () => {
    const dir = copyDataDir(tempDir());
    const child = await holder(dir);
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    // The dead holder's lock is still there…
    expect(lockHolder(dir)?.pid).toBe(child.pid);
    // …and is taken over: the lock now names this process, and the database answers.
    const handle = await openDatabase({ dataDir: dir });
    expect(lockHolder(dir)?.pid).toBe(process.pid);
    await expect(handle.ping()).resolves.toBeUndefined();
    await handle.close();
    // Released on close: no lock file left, and a third opener gets it too.
    expect(lockHolder(dir)).toBeNull();
    const again = await openDatabase({ dataDir: dir });
    expect(lockHolder(dir)?.pid).toBe(process.pid);
    await again.close();
    expect(lockHolder(dir)).toBeNull();
  });

  it('is released by its holder so the next opener gets it', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    expect(lock.path).toBe(join(dir, 'pacta.lock'));
    expect(lockHolder(dir)?.pid).toBe(process.pid);
    // Held: even this process cannot take it twice.
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    lock.release();
    expect(lockHolder(dir)).toBeNull();
    const second = lockDataDir(dir);
    expect(lockHolder(dir)?.pid).toBe(process.pid);
    second.release();
    expect(lockHolder(dir)).toBeNull();
  });
});
