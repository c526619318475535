import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { DataDirLockedError, lockDataDir } from '../../db/lock.ts';

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

describe('PGlite data directory lock', () => {
  it('refuses a second process at once, naming the directory and the holder', async () => {
    const dir = tempDir();
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
  });

  it('takes over a stale lock left by a process killed with SIGKILL', async () => {
    const dir = tempDir();
    const child = await holder(dir);
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    const handle = await openDatabase({ dataDir: dir });
    await handle.ping();
    await handle.close();
    // Released on close: a third opener gets it too.
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  }, 60_000);

  it('is released by its holder so the next opener gets it', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    lock.release();
    const second = lockDataDir(dir);
    second.release();
    expect(second.path).toBe(lock.path);
  });
});
