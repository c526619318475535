/**
 * `pacta report [service|all] [--period …] [--csv]` on the command line (docs/semantics.md §10): it opens
 * the configured database as `pacta export` does and prints the CSV the chat command sends as a file,
 * byte for byte, or the text report; a bad period is bad usage (status 2), an unknown service a refusal
 * (status 1). The verb is run in-process for its answers and spawned once for its wiring in bin/.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../adapters/config.ts';
import { CliUsageError } from '../../adapters/root/config-cli.ts';
import { runReportCommand } from '../../adapters/root/report-cli.ts';
import { openDatabase } from '../../db/client.ts';
import { DrizzleStore } from '../../db/store.ts';
import { IncidentUseCases } from '../../src/usecases/incidents.ts';
import { ManualTime } from '../fakes/manual-time.ts';
import { csvObjects } from '../helpers/csv.ts';
import { copyDataDir } from '../helpers/data-dir-template.ts';
import { ALICE, seedEstate } from '../helpers/seed.ts';
import { E2E_TIMEOUT, cleanEnv, runPacta, skipReason, tempDir } from './process.ts';

const MIN = 60_000;

it.skipIf(skipReason !== '')(`pacta report prints the report or its CSV from the data directory${skipReason}`, { timeout: E2E_TIMEOUT }, async () => {
  const dataDir = copyDataDir(join(tempDir('report'), 'data'));
  // An hour ago, in real time: the spawned process reads the system clock.
  const time = new ManualTime(new Date(Math.floor(Date.now() / 1000) * 1000 - 60 * MIN));
  const db = await openDatabase({ dataDir });
  try {
    const store = new DrizzleStore(db.db);
    await seedEstate(store, time);
    const incidents = new IncidentUseCases(store, time);
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: '=1+1, "checkout"', impact: 'outage', actor: ALICE });
    time.advance(20 * MIN);
    await incidents.resolve(1, ALICE, null);
  } finally {
    await db.close();
  }
  time.advance(40 * MIN);
  const env = { PACTA_DATA_DIR: dataDir, PACTA_TIMEZONE: 'UTC' };
  const run = async (...argv: string[]) => {
    const io = { out: '', err: '' };
    const code = await runReportCommand(argv, () => loadConfig(env), { out: (s) => (io.out += s), err: (s) => (io.err += s) }, time);
    return { code, ...io };
  };

  const csv = await run('payments', '--csv');
  expect(csv).toMatchObject({ code: 0, err: '' });
  expect(csvObjects(csv.out)).toEqual([expect.objectContaining({ service: 'payments', incident: 'INC-1', title: `'=1+1, "checkout"`, seconds_to_resolve: '1200', downtime_counted_seconds: '1200' })]);
  expect((await run('all', '--period', 'month', '--csv')).out).toMatch(/^service,incident,/);
  expect((await run('--period', 'quarter')).out).toMatch(/^Report · all services · Q\d/);
  expect(await run('nope', '--csv')).toEqual({ code: 1, out: '', err: 'There is no service "nope".\n' });
  for (const bad of [['--period', '1y'], ['payments', 'search'], ['--pdf']]) await expect(run(...bad)).rejects.toThrow(CliUsageError);

  // The entry point: the same bytes on stdout, nothing on stderr.
  const spawned = await runPacta(['report', 'payments', '--csv'], cleanEnv(env));
  expect(spawned).toMatchObject({ code: 0, stderr: '' });
  expect(spawned.stdout).toBe(csv.out);
});
