/**
 * `pacta report [service|all] [--period 7d|30d|month|quarter] [--csv]`: the chat command's report on the
 * command line, from the configured database as `pacta export` opens it. With `--csv` it prints the rows
 * behind the figures (docs/semantics.md §10) to stdout, byte for byte the file `report --csv` sends in
 * chat; without, the report as the console shows it. Times and calendar periods are in PACTA_TIMEZONE.
 * Exit status: 0 printed, 1 refused (no such service), 2 bad usage (via CliUsageError).
 */
import { parseArgs } from 'node:util';
import { reportCsvFile, reportRequest, type ReportRequest } from '../../commands/specs/report.ts';
import { openDatabase } from '../../db/client.ts';
import { DrizzleStore } from '../../db/store.ts';
import { UserError } from '../../src/errors.ts';
import { reportView } from '../../src/messages/views/report.ts';
import type { TimeSource } from '../../src/time-source.ts';
import { QueryUseCases } from '../../src/usecases/queries.ts';
import { renderText } from '../console/render-text.ts';
import type { Config } from '../config.ts';
import { systemTime } from '../system-time.ts';
import { CliUsageError } from './config-cli.ts';

type Out = { out: (s: string) => void; err: (s: string) => void };

export async function runReportCommand(argv: string[], config: () => Config, io: Out, time: TimeSource = systemTime): Promise<number> {
  let parsed: { values: { period?: string | undefined; csv?: boolean | undefined }; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { period: { type: 'string' }, csv: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
  if (parsed.positionals.length > 1) throw new CliUsageError(`pacta report takes one service (or all), not ${parsed.positionals.length} words.`);
  const cfg = config();
  let req: ReportRequest;
  try {
    req = reportRequest(parsed.positionals[0], parsed.values.period, cfg.timezone, time.now());
  } catch (err) {
    if (err instanceof UserError) throw new CliUsageError(err.message);
    throw err;
  }
  const db = await openDatabase(cfg.databaseUrl ? { url: cfg.databaseUrl } : { dataDir: cfg.dataDir });
  try {
    const queries = new QueryUseCases(new DrizzleStore(db.db), time, cfg.timezone);
    if (parsed.values.csv) io.out((await reportCsvFile(queries, req)).file.text);
    else io.out(`${renderText(reportView(await queries.report(req.serviceKey, req.period, req.timezone), { timezone: req.timezone }), { timezone: req.timezone })}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    io.err(`${err.message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}
