/**
 * `pacta start` as a process manager runs it: the real `bin/pacta.js`, probed over HTTP, stopped with
 * SIGTERM.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E2E_TIMEOUT, CRASH, cleanEnv, freePort, runPacta, skipReason, spawnPacta, tempDir } from './process.ts';

type LogLine = { level: number; msg: string } & Record<string, unknown>;

function logLines(stdout: string): LogLine[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

describe.skipIf(skipReason !== '')(`pacta start${skipReason}`, { timeout: E2E_TIMEOUT }, () => {
  it('serves /healthz and /readyz, says what is enabled first, and exits 0 on SIGTERM', async () => {
    const dir = tempDir('server');
    const port = await freePort();
    const server = spawnPacta(['start'], cleanEnv({ PORT: String(port), PACTA_HOST: '127.0.0.1', PACTA_DATA_DIR: dir }));
    try {
      // It says when it listens (after the database is open): wait for that, not for a polling deadline.
      await server.waitFor(/listening on http/);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', database: { ok: true } });
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
      expect((await fetch(`http://127.0.0.1:${port}/nowhere`)).status).toBe(404);
      // PGlite's directory is locked while the server runs.
      expect(existsSync(join(dir, 'pacta.lock'))).toBe(true);

      server.child.kill('SIGTERM');
      const { code, signal } = await server.exited;
      expect(signal).toBeNull();
      expect(code).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
    }
    // Logs are JSON lines when stdout is not a terminal.
    const lines = logLines(server.stdout());
    const messages = lines.map((l) => l.msg);
    expect(messages[0]).toMatch(/^Pacta \S+ starting$/);
    // The first lines, before the database opens, say what runs and how to enable the rest.
    const firstDb = messages.findIndex((m) => m.startsWith('database ready'));
    const head = messages.slice(0, firstDb).join('\n');
    expect(head).toMatch(/enabled: Teams: \/api\/messages in anonymous mode/);
    expect(head).toMatch(/to enable: Slack: off\. Set SLACK_BOT_TOKEN/);
    expect(head).toMatch(/to enable: Teams from Azure Bot Service: set MICROSOFT_APP_ID/);
    expect(messages).toContain(`listening on http://127.0.0.1:${port} (/healthz, /readyz)`);
    expect(messages.at(-1)).toBe('stopped');
    expect(server.stderr()).not.toMatch(CRASH);
    // A clean stop releases the data directory.
    expect(existsSync(join(dir, 'pacta.lock'))).toBe(false);
  });

  it('refuses a bad configuration with one message listing every problem', async () => {
    const run = await runPacta(['start'], cleanEnv({ PORT: 'eighty', PACTA_TIMEZONE: 'Mars/Base', PACTA_ADMINS: 'U123' }));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Pacta cannot start: 3 configuration problems:\n/);
    expect(run.stderr).toContain('  - PORT: "eighty" is not a port number');
    expect(run.stderr).toContain('  - PACTA_TIMEZONE: "Mars/Base" is not an IANA time zone');
    expect(run.stderr).toContain('  - PACTA_ADMINS: "U123"');
    expect(run.stderr).not.toMatch(CRASH);
  });
});
