/**
 * The PGlite data directory across processes: `pacta migrate` twice, and the lock that keeps a second
 * process out (the console and the server cannot share `./data` at once) without blocking a restart
 * after a crash. Its own file so vitest runs it beside the console suite.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_TIMEOUT, CRASH, cleanEnv, runPacta, skipReason, spawnPacta, tempDir, transcript } from './process.ts';

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
    const dir = tempDir('lock');
    const env = cleanEnv({ PACTA_DATA_DIR: dir });
    const holder = spawnPacta(['console'], env);
    try {
      // Once it has answered a command it holds the lock and the database is open.
      holder.child.stdin.write('service list\n');
      await holder.waitFor(/> service list\n.+/);

      const second = await runPacta(['console'], env, 'status\n');
      expect(second.code).not.toBe(0);
      // Refused, not queued behind the lock: it never got as far as reading its input.
      expect(second.ms).toBeLessThan(30_000);
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
});
