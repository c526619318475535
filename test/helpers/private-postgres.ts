/**
 * A PostgreSQL cluster of a test's own, for tests that stop and start the server (a database outage):
 * never the shared one on 5432. `initdb` and `pg_ctl` from /usr/lib/postgresql/<newest>/bin, a free port
 * on 127.0.0.1 only, a temporary directory holding the data, the log and the Unix socket, trust
 * authentication, and durability switched off (a test cluster need not survive a power cut).
 *
 * PostgreSQL refuses to run as root, and tests run as root: then every initdb/pg_ctl runs as the
 * `postgres` OS user (`runuser`), with the directory handed to it. `destroy()` stops the cluster
 * (`pg_ctl stop -m immediate`, then a kill of the postmaster if it is still there) and removes the
 * directory; call it in afterAll. A process that exits without calling it (a crash, a timeout) still
 * kills the postmaster and removes the directory on its way out.
 *
 * Usage:
 *   const pg = await startPrivatePostgres();   // pg.url: postgres://postgres@127.0.0.1:<port>/postgres
 *   await pg.stop(); await pg.start();         // an outage
 *   await pg.destroy();
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../e2e/process.ts';

const run = promisify(execFile);

export type PrivatePostgres = {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: the cluster's own database, trust auth. */
  url: string;
  port: number;
  dir: string;
  /** Starts the (stopped) cluster again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the cluster (`-m fast`: sessions are ended, as an operator's shutdown ends them). */
  stop(): Promise<void>;
  /** Stops it at once and removes its directory. Safe to call twice, and after a failed start. */
  destroy(): Promise<void>;
};

/** The newest PostgreSQL's bin directory, or null when none is installed. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/** Why a private cluster cannot be started here, or null when it can (for `describe.skipIf`). */
export function privatePostgresUnavailable(): string | null {
  if (!postgresBinDir()) return 'no PostgreSQL server binaries under /usr/lib/postgresql';
  if (isRoot() && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) return 'running as root without runuser to start PostgreSQL as postgres';
  return null;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Clusters of this process not yet destroyed: killed and removed if the process exits first. */
const live = new Set<{ data: string; dir: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of live) {
      killPostmaster(c.data, 'SIGQUIT');
      rmSync(c.dir, { recursive: true, force: true });
    }
  });
}

/** The postmaster's pid from its pid file, if it is running. */
function postmasterPid(data: string): number | null {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n', 1)[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function killPostmaster(data: string, signal: NodeJS.Signals): void {
  const pid = postmasterPid(data);
  if (!pid) return;
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql');
  const root = isRoot();
  const dir = mkdtempSync(join(tmpdir(), 'pacta-pg-'));
  const data = join(dir, 'data');
  const entry = { data, dir };
  live.add(entry);
  installExitHook();
  // As root, PostgreSQL runs as `postgres`, which must own the directory; otherwise as this user.
  if (root) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const asOwner = (tool: string, args: string[], timeoutMs = 120_000) =>
    root ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { timeout: timeoutMs }) : run(join(bin, tool), args, { timeout: timeoutMs });
  const port = await freePort();
  // fsync off and friends: nothing here needs to survive a crash of the machine, and a loaded machine
  // starts a cluster faster without them. The socket lives in the directory, not in /var/run/postgresql.
  const options = `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
  const start = async () => {
    await asOwner('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '120', '-o', options, 'start']);
  };
  let destroyed = false;
  const cluster: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    start,
    stop: async () => {
      await asOwner('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '120', 'stop']);
    },
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      if (postmasterPid(data)) await asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop'], 60_000).catch(() => killPostmaster(data, 'SIGKILL'));
      rmSync(dir, { recursive: true, force: true });
      live.delete(entry);
    },
  };
  try {
    await asOwner('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    await start();
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
  return cluster;
}
