/**
 * Spawning the real `bin/pacta.js` for end-to-end tests: a clean environment (no developer DATABASE_URL
 * or .env leaking in), a temp working directory, and helpers to wait for output and exit.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIGNING_SECRET } from '../adapters/slack/slack-requests.ts';

export const PACTA_BIN = fileURLToPath(new URL('../../bin/pacta.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The console and server import the router and the incident card view, written alongside this code; until
 * both exist the spawned process cannot start, so the suites say so instead of failing obscurely.
 */
export const missingModules = ['commands/router.ts', 'src/messages/views/incident-card.ts'].filter((p) => !existsSync(join(ROOT, p)));
export const skipReason = missingModules.length ? ` (skipped: ${missingModules.join(', ')} not written yet)` : '';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `pacta-e2e-${prefix}-`));
}

/** Only what a process needs, plus `extra`; HOME is a temp dir so nothing touches the real one. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tempDir('home'), LANG: 'C.UTF-8', ...extra };
}

/**
 * What `pacta start` needs for Slack over HTTP against a fake Web API (its URL and bot ids), on its own
 * port of 127.0.0.1, plus `extra` (DATABASE_URL, leases…).
 */
export function slackServerEnv(port: number, api: { url: string; botId: string; botUserId: string }, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cleanEnv({
    PORT: String(port),
    PACTA_HOST: '127.0.0.1',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-0000-e2e-token',
    SLACK_API_URL: api.url,
    SLACK_BOT_ID: api.botId,
    SLACK_BOT_USER_ID: api.botUserId,
    ...extra,
  });
}

export type Spawned = {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stdout+stderr match `pattern`; rejects if the process exits first or after `ms` (default {@link PROCESS_DEADLINE}). */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
};

export function spawnPacta(args: string[], env: NodeJS.ProcessEnv, cwd = tempDir('cwd')): Spawned {
  const child = spawn(process.execPath, [PACTA_BIN, ...args], { env, cwd, stdio: 'pipe' });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    for (const l of listeners) l();
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString('utf8');
    for (const l of listeners) l();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, ms = PROCESS_DEADLINE) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(out + err)) done(resolve);
        };
        const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${out}\n${err}`))), ms);
        const done = (fn: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          fn();
        };
        listeners.add(check);
        void exited.then(() => done(() => (pattern.test(out + err) ? resolve() : reject(new Error(`exited before ${pattern}; output:\n${out}\n${err}`)))));
        check();
      });
    },
  };
}

export type Finished = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Runs to completion with `input` on stdin (then end of input). */
export async function runPacta(args: string[], env: NodeJS.ProcessEnv, input = '', timeoutMs = PROCESS_DEADLINE): Promise<Finished> {
  const p = spawnPacta(args, env);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  p.child.stdin.end(input);
  const { code, signal } = await p.exited;
  clearTimeout(timer);
  return { code, signal, stdout: p.stdout(), stderr: p.stderr() };
}

/** Splits a batch console transcript into the reply (and posts) printed for each `> command` line. */
export function transcript(stdout: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | null = null;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('> ')) {
      current = line.slice(2);
      sections.set(current, '');
    } else if (current !== null) sections.set(current, `${sections.get(current)}${line}\n`);
  }
  return sections;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Signs of a crash rather than a reply: stack frames or an uncaught error banner. */
export const CRASH = /\n\s+at .+\(.+:\d+:\d+\)|Uncaught|UnhandledPromiseRejection|TypeError|ReferenceError/;

/**
 * Spawned tsx processes start in 1–3 s and PGlite's first start takes seconds more; a loaded machine
 * (two test runs at once on two cores) can take ten times that. These are deadlines against a hang,
 * never a measure of speed: a passing run never waits for them.
 */
export const E2E_TIMEOUT = 300_000;
/** How long one process may take to print what a test waits for, or to finish (under {@link E2E_TIMEOUT}). */
export const PROCESS_DEADLINE = 240_000;
