/**
 * The PGlite data directory across processes: `pacta migrate` twice, the lock that keeps a second
 * process out (the console and the server cannot share `./data` at once) without blocking a restart
 * after a crash, and the directories Pacta refuses (a file, a foreign directory, a damaged cluster) with
 * one sentence and status 1 from each entry point. Its own file so vitest runs it beside the console suite.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyDataDir } from '../helpers/data-dir-template.ts';
import { E2E_TIMEOUT, CRASH, cleanEnv, freePort, runPacta, skipReason, spawnPacta, tempDir, transcript, type Finished } from './process.ts';

/** Refused as a person would want it: status 1, one sentence on stderr naming the directory, no stack. */
function expectRefusal(run: Finished, dir: string, what: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stderr).not.toMatch(CRASH);
  expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(what)]);
  expect(run.stderr).toContain(dir);
}

describe.skipIf(skipReason !== '')(`data directory: migrations and the PGlite lock${skipReason}`, { timeout: E2E_TIMEOUT }, () => {
  it('pacta migrate is idempotent on a fresh PGlite directory', async () => {
    const dir = tempDir('migrate');
    const env = cleanEnv({ PACTA_DATA_DIR: dir });
    for (let i = 0; i < 2; i++) {
      const run = await runPacta(['migrate'], env);
      expect(run.stderr, `run ${i + 1}`).toBe('');
      expect(run.code, `run ${i + 1}`).toBe(0);
      expect(run.stdout).toContain(`migrations applied to ${dir}`);
    }
    // Released on exit: the next process is not refused.
    expect(existsSync(join(dir, 'pacta.lock'))).toBe(false);
  });

  it('refuses a second process on the same directory at once, and recovers from a killed holder', async () => {
    const dir = copyDataDir(tempDir('lock'));
    const env = cleanEnv({ PACTA_DATA_DIR: dir });
    const holder = spawnPacta(['console'], env);
    try {
      // Once it has answered a command it holds the lock and the database is open.
      holder.child.stdin.write('service list\n');
      await holder.waitFor(/> service list\n.+/);

      const second = await runPacta(['console'], env, 'status\n');
      // Refused, not queued behind the lock: it exited by itself (status 1, no kill by runPacta's
      // deadline) while the holder still runs, and never got as far as reading its input.
      expect(second.code).toBe(1);
      expect(second.signal).toBeNull();
      expect(holder.child.exitCode).toBeNull();
      expect(second.stderr).toContain(dir);
      expect(second.stderr).toContain(`pid ${holder.child.pid}`);
      expect(second.stderr).toMatch(/DATABASE_URL/);
      expect(second.stderr).not.toMatch(CRASH);
      expect(second.stdout).not.toContain('> status');

      holder.child.kill('SIGKILL');
      await holder.exited;
      // The lock file outlives its holder…
      expect(existsSync(join(dir, 'pacta.lock'))).toBe(true);
      // …but a process that is gone does not block a restart.
      const restart = await runPacta(['console'], env, 'service list\n');
      expect(restart.stderr).toBe('');
      expect(restart.code).toBe(0);
      expect(transcript(restart.stdout).get('service list')).toBeDefined();
    } finally {
      holder.child.kill('SIGKILL');
    }
  });

  it('PACTA_DATA_DIR naming a file: pacta start says so in one sentence and exits 1', async () => {
    const file = join(tempDir('file'), 'data');
    writeFileSync(file, 'not a directory\n');
    const run = await runPacta(['start'], cleanEnv({ PACTA_DATA_DIR: file, PORT: String(await freePort()), PACTA_HOST: '127.0.0.1' }));
    expectRefusal(run, file, /^The data directory .* is a file, not a directory: set PACTA_DATA_DIR to a directory/);
  });

  it('a non-empty directory that is not a Pacta database: the console refuses it and writes nothing there', async () => {
    const dir = tempDir('foreign');
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    mkdirSync(join(dir, 'photos'));
    const run = await runPacta(['console'], cleanEnv({ PACTA_DATA_DIR: dir }), 'service list\n');
    expectRefusal(run, dir, /^The data directory .* is not empty and is not a Pacta database \(it holds notes\.txt, photos\)/);
    expect(run.stdout).not.toContain('> service list');
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'photos']);
  });

  it('a corrupt PG_VERSION: pacta migrate says the database cannot be opened, in one sentence', async () => {
    const dir = copyDataDir(tempDir('corrupt'));
    const env = cleanEnv({ PACTA_DATA_DIR: dir });
    writeFileSync(join(dir, 'PG_VERSION'), 'garbage\n');
    const run = await runPacta(['migrate'], env);
    expectRefusal(run, dir, /^The data directory .* holds a database PGlite cannot open .*: restore it from a backup, or set PACTA_DATA_DIR to a new directory/);
    expect(run.stderr).not.toMatch(/Pacta failed/);
  });
});
