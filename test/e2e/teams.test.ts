/**
 * Teams through the real `bin/pacta.js start` process: /api/messages is mounted on Pacta's one port in
 * anonymous mode, a mention in a channel is answered through the Bot Connector named in the activity's
 * `serviceUrl` (a fake on loopback here), and `npm run teams:package` builds the app package.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ANA, CHANNEL_ID, message } from '../adapters/teams/activities.ts';
import { startFakeConnector } from '../adapters/teams/fake-connector.ts';
import { readZip } from '../adapters/teams/files.ts';
import { cardOf, cardText } from '../adapters/teams/harness.ts';
import { CRASH, E2E_TIMEOUT, cleanEnv, freePort, skipReason, spawnPacta, tempDir } from './process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function runScript(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // A temp working directory: a developer's own .env must not leak in.
    const child = spawn(process.execPath, [join(ROOT, 'bin/run-ts.js'), join(ROOT, 'adapters/teams/manifest/package.ts'), ...args], { cwd: tempDir('teams-cwd'), env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(skipReason !== '')(`Teams in pacta start${skipReason}`, { timeout: E2E_TIMEOUT }, () => {
  it('answers a channel mention posted to /api/messages, anonymously, and says so in its log', async () => {
    const connector = await startFakeConnector();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = spawnPacta(['start'], cleanEnv({ PORT: String(port), PACTA_HOST: '127.0.0.1', PACTA_DATA_DIR: tempDir('teams') }));
    try {
      // It says when it listens (after the database is open): wait for that, not for a polling deadline.
      await server.waitFor(/listening on http/);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const question = message(connector.url, 'help', ANA);
      const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(question) });
      expect(res.status).toBe(200);
      const [reply] = connector.of('reply');
      expect(reply).toMatchObject({ conversationId: `${CHANNEL_ID};messageid=${question.id}`, targetId: question.id });
      expect(cardText(cardOf(reply!))).toContain('Pacta commands');
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
      await connector.close();
    }
    expect(server.stdout()).toMatch(/anonymous mode \(no MICROSOFT_APP_ID\)/);
    expect(server.stderr()).not.toMatch(CRASH);
  });

  it('npm run teams:package writes the zip with the app id, and fails clearly without one', async () => {
    const out = join(tempDir('teams-package'), 'pacta-teams.zip');
    const ok = await runScript(['--out', out, '--domain', 'pacta.example.com'], cleanEnv({ MICROSOFT_APP_ID: '6d1c9a52-5d4b-4d2e-9a36-0f5f4a1b7c11' }));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Wrote .*pacta-teams\.zip \(\d+ bytes\): manifest\.json for app 6d1c9a52-5d4b-4d2e-9a36-0f5f4a1b7c11/);
    const files = readZip(readFileSync(out));
    expect(files.map((f) => f.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);
    expect(JSON.parse(files[0]!.data.toString('utf8'))).toMatchObject({ id: '6d1c9a52-5d4b-4d2e-9a36-0f5f4a1b7c11', validDomains: ['pacta.example.com'] });

    const missing = join(tempDir('teams-package'), 'pacta-teams.zip');
    const failed = await runScript(['--out', missing], cleanEnv());
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^teams:package: MICROSOFT_APP_ID is not set\./);
    expect(failed.stderr).not.toMatch(CRASH);
    expect(existsSync(missing)).toBe(false);
  });
});
