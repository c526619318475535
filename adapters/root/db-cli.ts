/**
 * `pacta db copy --to <postgres url> [--from <data dir>]`, `pacta backup <file> [--force]` and
 * `pacta restore <file> [--force]`: moving the embedded database to PostgreSQL, and backing it up
 * (db/transfer.ts, db/backup.ts). Exit status: 0 done (and, for a copy, verified), 1 refused or failed
 * (nothing changed: a copy that does not verify is rolled back), 2 bad usage (via CliUsageError).
 */
import { parseArgs } from 'node:util';
import { backupDataDir, restoreDataDir, type TableCount } from '../../db/backup.ts';
import { DataDirError } from '../../db/data-dir.ts';
import { DataDirLockedError } from '../../db/lock.ts';
import { redact } from '../../db/client.ts';
import { copyToPostgres, CopyMismatchError, TransferError, type CopyReport } from '../../db/transfer.ts';
import type { Config } from '../config.ts';
import { CliUsageError } from './config-cli.ts';

type Out = { out: (s: string) => void; err: (s: string) => void };

export type DbVerb = 'db' | 'backup' | 'restore';

const PG_DUMP = 'pg_dump -Fc -f pacta.dump "$DATABASE_URL"';
const PG_RESTORE = 'pg_restore --no-owner -d "$DATABASE_URL" pacta.dump';

function parse(argv: string[], options: Record<string, { type: 'string' | 'boolean' }>): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
}

/** `postgres://…` or `postgresql://…` naming a database; anything else is bad usage. */
function postgresUrl(to: string | undefined): string {
  if (!to) throw new CliUsageError('Name the PostgreSQL database to copy into: pacta db copy --to postgres://user:pass@host:5432/pacta');
  let u: URL;
  try {
    u = new URL(to);
  } catch {
    throw new CliUsageError(`--to takes a PostgreSQL URL such as postgres://user:pass@host:5432/pacta, and "${to.replace(/:[^:@/]*@/, ':***@')}" is not a URL.`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new CliUsageError(`--to takes a PostgreSQL URL (postgres://…), not a ${u.protocol.replace(/:$/, '')} one.`);
  if (!u.hostname && !u.searchParams.get('host')) throw new CliUsageError(`--to names no host: postgres://user:pass@host:5432/pacta`);
  if (u.pathname.replace(/^\//, '') === '') throw new CliUsageError(`--to names no database: add it to the URL, e.g. postgres://user:pass@${u.host}/pacta`);
  return to;
}

export async function runDbCommand(verb: DbVerb, argv: string[], config: () => Config, io: Out, now: () => Date = () => new Date()): Promise<number> {
  if (verb === 'db') {
    const [sub, ...rest] = argv;
    if (sub !== 'copy') throw new CliUsageError(sub ? `Unknown command "db ${sub}": pacta db copy --to <postgres url> [--from <data dir>].` : 'Usage: pacta db copy --to <postgres url> [--from <data dir>]');
    return copy(rest, config, io);
  }
  const { values, positionals } = parse(argv, { force: { type: 'boolean' } });
  if (positionals.length !== 1) throw new CliUsageError(`Usage: pacta ${verb} <file> [--force]`);
  const file = positionals[0]!;
  const cfg = config();
  if (cfg.databaseUrl) {
    io.err(
      verb === 'backup'
        ? `Pacta runs on PostgreSQL here (DATABASE_URL is set): back it up with pg_dump, which reads a consistent snapshot while Pacta runs, e.g.\n  ${PG_DUMP}\n`
        : `Pacta runs on PostgreSQL here (DATABASE_URL is set): restore a pg_dump backup with pg_restore into an empty database, e.g.\n  ${PG_RESTORE}\n`,
    );
    return 1;
  }
  try {
    if (verb === 'backup') {
      const s = await backupDataDir(cfg.dataDir, file, { force: values.force === true });
      io.out(`Backed up ${s.dataDir} (${summary(s.tables)}) to ${s.file}: ${megabytes(s.bytes)} in ${seconds(s.ms)}.\n`);
      return 0;
    }
    const s = await restoreDataDir(file, cfg.dataDir, { force: values.force === true, now: now() });
    const migrated = s.migrationsApplied ? `${s.migrationsApplied} migration${s.migrationsApplied === 1 ? '' : 's'} applied that the backup predates` : 'migrations up to date';
    io.out(`Restored ${file} into ${s.dataDir} (${summary(s.tables)}; ${migrated}) in ${seconds(s.ms)}.\n`);
    if (s.keptAside) io.out(`The data directory that was there is kept at ${s.keptAside}: delete it once you no longer need it.\n`);
    return 0;
  } catch (err) {
    return refused(err, io, verb === 'backup' ? 'back it up' : 'restore into it', verb === 'backup' ? `pacta backup` : `pacta restore`);
  }
}

async function copy(argv: string[], config: () => Config, io: Out): Promise<number> {
  const { values, positionals } = parse(argv, { to: { type: 'string' }, from: { type: 'string' } });
  if (positionals.length) throw new CliUsageError(`pacta db copy takes no other words (got "${positionals.join(' ')}"): pacta db copy --to <postgres url> [--from <data dir>]`);
  const url = postgresUrl(values.to as string | undefined);
  const from = (values.from as string | undefined) ?? config().dataDir;
  try {
    const report = await copyToPostgres({ dataDir: from, url });
    io.out(reportTable(report));
    io.out(`Copied ${report.tables.length} tables (${count(report.rows, 'row')}) from ${from} to ${redact(url)} in ${seconds(report.ms)}; every table verified. Start Pacta with DATABASE_URL set to that URL; the data directory is kept, for going back.\n`);
    return 0;
  } catch (err) {
    if (err instanceof CopyMismatchError) io.out(reportTable(err.report));
    return refused(err, io, 'copy it', 'pacta db copy');
  }
}

/** Exit status 1 with one sentence for what a person can fix; anything else is a bug and goes on up. */
function refused(err: unknown, io: Out, action: string, verb: string): number {
  if (err instanceof DataDirLockedError) {
    const h = err.holder;
    const who = h ? ` (pid ${h.pid} on ${h.host}, started ${h.startedAt})` : '';
    io.err(`Pacta is running on ${err.dataDir ?? 'the data directory'}${who}: stop it, then run ${verb} again. PGlite lets one process at a time open its data directory, so it cannot ${action} while Pacta runs.\n`);
    return 1;
  }
  if (err instanceof TransferError || err instanceof DataDirError) {
    io.err(`${err.message}\n`);
    return 1;
  }
  throw err;
}

function reportTable(r: CopyReport): string {
  const w = Math.max(5, ...r.tables.map((t) => t.table.length));
  const lines = [`${'table'.padEnd(w)}  ${'source rows'.padStart(11)}  ${'target rows'.padStart(11)}  checksum (sha256)`];
  for (const t of r.tables) {
    const sum = t.ok ? t.sourceChecksum.slice(0, 16) : `${t.sourceChecksum.slice(0, 16)} ≠ ${t.targetChecksum.slice(0, 16)}`;
    lines.push(`${t.table.padEnd(w)}  ${String(t.sourceRows).padStart(11)}  ${String(t.targetRows).padStart(11)}  ${sum}  ${t.ok ? 'ok' : 'MISMATCH'}`);
  }
  const moved = r.sequences.filter((s) => s.expected > 0 || !s.ok);
  if (moved.length) lines.push(`sequences: ${moved.map((s) => `${s.sequence} ${s.actual}${s.ok ? '' : ` (expected ${s.expected}: MISMATCH)`}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function summary(tables: readonly TableCount[]): string {
  const of = (name: string) => tables.find((t) => t.table === name)?.rows ?? 0;
  return `${tables.length} tables, ${count(tables.reduce((n, t) => n + t.rows, 0), 'row')}: ${count(of('services'), 'service')}, ${count(of('incidents'), 'incident')}`;
}

function count(n: number, what: string): string {
  return `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
