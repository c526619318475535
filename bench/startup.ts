/**
 * Issue 11: cold start to `/readyz` on an existing PGlite directory. Spawns `node bin/pacta.js start`
 * (PORT=0, no Slack or Teams credentials, a data directory created and migrated once beforehand by
 * `pacta migrate`) and times from the spawn to the first 200 from `GET /readyz`, over a few runs, beside
 * floors measured in the same run and interleaved with Pacta's runs:
 *
 * - `node -e` with an HTTP server answering 200 (Node's own start);
 * - `node -e` opening the same directory with a bare `new PGlite(dir)`, `select 1`, then the same server
 *   (PGlite's start with its defaults), and once more with the settings Pacta opens it with (its server
 *   settings from db/client.ts, V8's `--liftoff-only` as bin/runtime.js sets it).
 *
 * Every child reports its port on stdout (Pacta in its `listening` log line, which carries `port`).
 * Pacta's log times split its start into phases: loading the code (node, tsx, the modules), opening the
 * database (PGlite and migrations), mounting the adapters and listening, and the first `/readyz`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGLITE_START_PARAMS } from '../db/client.ts';
import { percentile } from './stats.ts';

const RUNS = 5;
const PACTA = fileURLToPath(new URL('../bin/pacta.js', import.meta.url));
const PGLITE_URL = import.meta.resolve('@electric-sql/pglite');
const GOAL_MS = 2000;

type Target = { name: string; args: (dataDir: string) => string[] };
type Run = { ms: number; phases: Record<string, number> | null; rssMb: number | null };

const HTTP_200 = `const s = require('node:http').createServer((q, r) => r.writeHead(200).end('ok'));
s.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: s.address().port })));`;

/** A bare PGlite open of the same directory, `select 1`, then a server whose `/readyz` pings it. */
function pgliteFloor(startParams: readonly string[] | null): string {
  return `import { createServer } from 'node:http';
import { PGlite } from ${JSON.stringify(PGLITE_URL)};
const pg = new PGlite({ dataDir: process.env.PACTA_DATA_DIR${startParams ? `, startParams: ${JSON.stringify(startParams)}` : ''} });
await pg.query('select 1');
const s = createServer((q, r) => void pg.query('select 1').then(() => r.writeHead(200).end('ok')));
s.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: s.address().port })));
process.on('SIGTERM', () => s.close(() => void pg.close().then(() => process.exit(0))));`;
}

const TARGETS: Target[] = [
  { name: 'floor: node, HTTP server answering 200', args: () => ['-e', HTTP_200] },
  { name: 'floor: node + PGlite open, select 1 (defaults)', args: () => ['--input-type=module', '-e', pgliteFloor(null)] },
  // Pacta's settings: its server settings (db/client.ts) and the V8 flag bin/runtime.js sets for WebAssembly.
  { name: "floor: node + PGlite open, select 1 (Pacta's settings)", args: () => ['--liftoff-only', '--input-type=module', '-e', pgliteFloor(PGLITE_START_PARAMS)] },
  { name: 'Pacta: node bin/pacta.js start', args: () => [PACTA, 'start'] },
];

/** The environment of a start: no chat platform, no PostgreSQL, logs as JSON lines at info. */
function childEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|MICROSOFT_|DATABASE_URL$|PACTA_|PORT$|LOG_LEVEL$)/.test(k)) env[k] = v;
  return { ...env, PORT: '0', PACTA_HOST: '127.0.0.1', PACTA_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
}

function readyz(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/readyz' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
  });
}

/** Pacta's phases from its log lines' times (epoch ms), relative to the spawn. */
function phases(spawnedAt: number, lines: Array<{ time?: number; msg?: string }>, readyAt: number): Record<string, number> | null {
  const at = (prefix: string) => lines.find((l) => l.msg?.startsWith(prefix))?.time;
  const starting = at('Pacta ');
  const database = at('database ready');
  const listening = at('listening on');
  if (starting === undefined || database === undefined || listening === undefined) return null;
  return { load: starting - spawnedAt, database: database - starting, listen: listening - database, readyz: readyAt - listening };
}

async function startOnce(target: Target, cwd: string, dataDir: string): Promise<Run> {
  const spawnedAt = Date.now();
  const t0 = performance.now();
  const child = spawn(process.execPath, target.args(dataDir), { cwd, env: childEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const lines: Array<{ time?: number; msg?: string; port?: number }> = [];
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let buf = '';
      child.stdout!.setEncoding('utf8').on('data', (c: string) => {
        buf += c;
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          try {
            const parsed = JSON.parse(line) as { time?: number; msg?: string; port?: number };
            lines.push(parsed);
            if (typeof parsed.port === 'number') resolve(parsed.port);
          } catch {
            // Not a log line.
          }
        }
      });
      void exited.then((code) => reject(new Error(`${target.name} exited (${code}) before listening: ${stderr.trim().slice(0, 500)}`)));
    });
    while ((await readyz(port)) !== 200) await new Promise((r) => setTimeout(r, 5));
    const ms = performance.now() - t0;
    return { ms, phases: phases(spawnedAt, lines, spawnedAt + ms), rssMb: rssMb(child.pid) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** The resident memory of a process, from Linux's /proc (null elsewhere). */
function rssMb(pid: number | undefined): number | null {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

function row(name: string, runs: Run[]): string {
  const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
  const rss = runs.map((r) => r.rssMb).filter((x): x is number => x !== null).sort((a, b) => a - b);
  const memory = rss.length ? `  RSS when ready ${Math.round(percentile(rss, 50))} MB` : '';
  return `  ${name.padEnd(56)} p50 ${Math.round(percentile(sorted, 50)).toLocaleString('en').padStart(6)} ms  max ${Math.round(sorted.at(-1)!).toLocaleString('en').padStart(6)} ms${memory}`;
}

function phaseRow(runs: Run[]): string | null {
  const all = runs.map((r) => r.phases).filter((p): p is Record<string, number> => p !== null);
  if (!all.length) return null;
  const p50 = (k: string) => Math.round(percentile(all.map((p) => p[k]!).sort((a, b) => a - b), 50)).toLocaleString('en');
  return `    phases, p50: load (node, tsx, modules) ${p50('load')} ms · database (PGlite open, migrations) ${p50('database')} ms · adapters + listen ${p50('listen')} ms · first /readyz ${p50('readyz')} ms`;
}

export async function benchStartup(): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'pacta-bench-startup-'));
  const dataDir = join(root, 'data');
  try {
    // The directory exists and is migrated before any start is timed, by Pacta itself.
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [PACTA, 'migrate'], { cwd: root, env: { ...childEnv(dataDir), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pacta migrate exited with ${code}`))));
    });
    const runs = new Map<Target, Run[]>(TARGETS.map((t) => [t, []]));
    // One unmeasured start of each (disk cache, tsx's transform cache), then the runs, interleaved so
    // that a busy moment of the machine falls on every target alike.
    for (const t of TARGETS) await startOnce(t, root, dataDir);
    for (let i = 0; i < RUNS; i++) for (const t of TARGETS) runs.get(t)!.push(await startOnce(t, root, dataDir));
    const pacta = runs.get(TARGETS.at(-1)!)!;
    const p50 = percentile(pacta.map((r) => r.ms).sort((a, b) => a - b), 50);
    return [
      `cold start to the first 200 from /readyz on an existing PGlite directory (${RUNS} runs each, interleaved; node ${process.version})`,
      ...TARGETS.map((t) => row(t.name, runs.get(t)!)),
      ...[phaseRow(pacta)].filter((l): l is string => l !== null),
      `    goal < ${GOAL_MS.toLocaleString('en')} ms at p50: ${Math.round(p50).toLocaleString('en')} ms — ${p50 < GOAL_MS ? 'met' : 'NOT met'}`,
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
