/**
 * Pacta's command line: `pacta start | console | migrate | help`, and the verbs of config-cli.ts,
 * report-cli.ts and db-cli.ts. Reads configuration once, then hands over to the server, the console, the
 * migrator or the verb. Exit status: 0 done, 1 failed, 2 bad usage.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/client.ts';
import { DataDirError } from '../../db/data-dir.ts';
import { ConfigError, loadConfig, readEnvFile, type Config, type LogLevel } from '../config.ts';
import { CliUsageError, runConfigCommand } from './config-cli.ts';
import { runConsole } from './console.ts';
import { runDbCommand } from './db-cli.ts';
import { runReportCommand } from './report-cli.ts';
import { createLogger } from '../logger.ts';
import { ListenError, serveUntilSignal } from './server.ts';

const USAGE = `Usage: pacta <command> [options]

Commands:
  start                          Serve HTTP on PORT (default 3978): /healthz, /readyz and the Slack and
                                 Teams endpoints. Applies database migrations first.
  console [--db memory] [--demo] A local admin console in channel #console. Reads one command per line
                                 when standard input is not a terminal. --db memory: a throw-away
                                 database; --demo: seed a demo estate (skipped if services exist).
  migrate                        Apply database migrations and exit.
  apply -f <file|dir> [--dry-run] [--prune]
                                 Apply configuration documents (YAML, pacta/v1): checks every file
                                 first, then writes all of it in one transaction and prints the changes.
                                 --prune removes what the files no longer name (never incidents).
  export [--format pacta|openslo]
                                 Print the whole configuration as documents (secrets are never shown);
                                 openslo: services and objectives as OpenSLO v1.
  import openslo <file|dir>… [--dry-run]
                                 Services and availability objectives from OpenSLO v1 (Service, SLO);
                                 lists every field Pacta cannot express.
  schema                         Print the JSON Schema of the documents, for editors.
  report [service|all] [--period 7d|30d|month|quarter] [--csv]
                                 Print the report (default: every service, last 30 days) from the
                                 configured database; --csv: the rows behind it, one per incident.
  db copy --to <postgres url> [--from <data dir>]
                                 Copy the PGlite data directory (default PACTA_DATA_DIR) into an empty
                                 PostgreSQL database in one transaction, then check every table's rows
                                 and checksum on both sides; rolled back on any difference. Pacta must
                                 be stopped; the data directory is only read (and migrated, as at start).
  backup <file> [--force]        Write the PGlite data directory to <file> (gzipped tar), while Pacta is
                                 stopped. On PostgreSQL use pg_dump -Fc.
  restore <file> [--force]       Restore a backup into PACTA_DATA_DIR, checked first; --force replaces a
                                 database there, kept aside under a new name. On PostgreSQL: pg_restore.
  help                           Show this help.

Configuration comes from the environment and a .env file (see .env.example).
With DATABASE_URL unset, data lives in PGlite in PACTA_DATA_DIR (default ./data), which one process
at a time may open: stop the server before running the console on the same directory, or use
DATABASE_URL to share a PostgreSQL database.`;

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'dev';
  }
}

class UsageError extends Error {}

function usageError(message: string): never {
  throw new UsageError(message);
}

function parse(argv: string[]): { command: string; memory: boolean; demo: boolean } {
  const [command = 'help', ...rest] = argv;
  if (command === '--help' || command === '-h') return { command: 'help', memory: false, demo: false };
  let values: { db?: string | undefined; demo?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { db: { type: 'string' }, demo: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (err) {
    usageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return { command: 'help', memory: false, demo: false };
  if (command !== 'console' && (values.db !== undefined || values.demo)) usageError(`--db and --demo apply to \`pacta console\` only.`);
  if (values.db !== undefined && values.db !== 'memory') usageError(`--db takes only "memory" (got "${values.db}"); the configured database is the default.`);
  return { command, memory: values.db === 'memory', demo: values.demo === true };
}

function config(): Config {
  readEnvFile();
  return loadConfig(process.env);
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'apply' || first === 'export' || first === 'schema' || first === 'import' || first === 'report' || first === 'db' || first === 'backup' || first === 'restore') {
    const io = { out: (s: string) => process.stdout.write(s), err: (s: string) => process.stderr.write(s) };
    try {
      if (first === 'db' || first === 'backup' || first === 'restore') return await runDbCommand(first, rest, config, io);
      return await (first === 'report' ? runReportCommand(rest, config, io) : runConfigCommand(first, rest, config, io));
    } catch (err) {
      if (err instanceof CliUsageError) usageError(err.message);
      throw err;
    }
  }
  const args = parse(argv);
  switch (args.command) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'start': {
      const cfg = config();
      const log = createLogger({ level: cfg.logLevel });
      return serveUntilSignal(cfg, log, version());
    }
    case 'console': {
      const cfg = config();
      // Replies own stdout; logs go to stderr, and only warnings unless LOG_LEVEL asks for more.
      const level: LogLevel = process.env.LOG_LEVEL?.trim() ? cfg.logLevel : 'warn';
      await runConsole({ config: cfg, memory: args.memory, demo: args.demo, log: createLogger({ level, stream: 'stderr' }) });
      return 0;
    }
    case 'migrate': {
      const cfg = config();
      const log = createLogger({ level: cfg.logLevel });
      const db = await openDatabase(cfg.databaseUrl ? { url: cfg.databaseUrl, migrate: true } : { dataDir: cfg.dataDir, migrate: true });
      await db.close();
      log.info({ driver: db.driver, location: db.location }, `migrations applied to ${db.location}`);
      return 0;
    }
    default:
      return usageError(`Unknown command "${args.command}".`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`pacta: ${err.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    // Errors a person can fix get their message alone; a stack trace would bury it.
    if (err instanceof ConfigError || err instanceof DataDirError || err instanceof ListenError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`Pacta failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
