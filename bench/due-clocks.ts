/**
 * Due-clock lookup (issue 2): 100,000 open incidents with two clocks each, of which 100 clocks are due.
 * Finding and claiming the due ones must go through the partial index on `next_check_at`, not a scan.
 * Baseline in the same run: the same claim when nothing is due (the floor: an index probe that finds
 * nothing).
 */
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../db/client.ts';
import { DrizzleStore } from '../db/store.ts';
import { withBenchDatabase } from './database.ts';
import { ms, timeRuns } from './stats.ts';

const INCIDENTS = 100_000;
const DUE = 100;

async function seed(h: DatabaseHandle, now: Date): Promise<void> {
  const at = now.toISOString();
  await h.db.execute(sql.raw(`insert into services (key, name) values ('bench', 'Bench') on conflict do nothing`));
  await h.db.execute(
    sql.raw(`insert into incidents (number, service_key, priority, title, impact, impact_start, status, opened_at, opened_by, updated_at)
      select n, 'bench', 'P2', 'incident ' || n, 'outage', '${at}'::timestamptz - interval '1 hour', 'open', '${at}'::timestamptz - interval '1 hour',
             '{"platform":"system","id":"bench"}'::jsonb, '${at}'::timestamptz
      from generate_series(1, ${INCIDENTS}) n`),
  );
  // Clocks: the first DUE/2 incidents have both clocks due a minute ago; the rest are due hours to days ahead.
  await h.db.execute(
    sql.raw(`insert into sla_clocks (incident_number, kind, target_seconds, calendar, state, elapsed_seconds, running_since, due_at,
        warning_thresholds, next_check_at, updated_at)
      select n, k, 14400, '24x7', 'running', 3600, '${at}'::timestamptz - interval '1 hour', '${at}'::timestamptz + interval '3 hours', '{75,90}',
        case when n <= ${DUE / 2} then '${at}'::timestamptz - interval '1 minute'
             else '${at}'::timestamptz + (interval '1 minute' * (60 + (n * 37) % 10000)) end,
        '${at}'::timestamptz
      from generate_series(1, ${INCIDENTS}) n, (values ('ack'), ('resolve')) as kinds(k)`),
  );
  await h.db.execute(sql.raw('analyze sla_clocks'));
}

/** Claims through the repository inside a transaction that rolls back, so every run sees the same due clocks. */
async function claim(store: DrizzleStore, now: Date, expected: number): Promise<void> {
  await store
    .transaction(async (tx) => {
      const rows = await tx.clocks.claimDue(now, 500);
      if (rows.length !== expected) throw new Error(`claimed ${rows.length}, expected ${expected}`);
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
}

/** Baseline: the same claim as hand-written SQL with the planner barred from indexes (a full scan). */
async function claimWithoutIndex(h: DatabaseHandle, now: Date, expected: number): Promise<void> {
  await h.db
    .transaction(async (tx) => {
      await tx.execute(sql.raw('set local enable_indexscan = off'));
      await tx.execute(sql.raw('set local enable_bitmapscan = off'));
      const r = await tx.execute(
        sql`select * from sla_clocks where next_check_at is not null and next_check_at <= ${now.toISOString()}::timestamptz order by next_check_at limit 500 for update skip locked`,
      );
      const n = Array.isArray(r) ? r.length : (r as unknown as { rows: unknown[] }).rows.length;
      if (n !== expected) throw new Error(`claimed ${n}, expected ${expected}`);
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
}

class Rollback extends Error {}

async function plan(h: DatabaseHandle, now: Date): Promise<string> {
  const r = await h.db.execute<{ 'QUERY PLAN': string }>(
    sql`explain select * from sla_clocks where next_check_at is not null and next_check_at <= ${now.toISOString()}::timestamptz order by next_check_at limit 500 for update skip locked`,
  );
  const rows = Array.isArray(r) ? r : (r as unknown as { rows: Array<{ 'QUERY PLAN': string }> }).rows;
  return rows
    .map((x) => x['QUERY PLAN'].trim())
    .filter((l) => /Scan/.test(l))
    .map((l) => l.replace(/^->\s*/, '').replace(/\s+\(cost=.*$/, ''))
    .join(' → ');
}

async function benchOne(label: string, h: DatabaseHandle): Promise<string[]> {
  const now = new Date('2026-11-25T12:00:00Z');
  const t = performance.now();
  await seed(h, now);
  const seeded = performance.now() - t;
  const store = new DrizzleStore(h.db);
  await claim(store, now, DUE); // warm
  const due = await timeRuns(50, () => claim(store, now, DUE));
  const none = await timeRuns(50, () => claim(store, new Date(now.getTime() - 3600_000), 0));
  const scan = await timeRuns(10, () => claimWithoutIndex(h, now, DUE));
  const p = await plan(h, now);
  return [
    `${label}: seeded ${INCIDENTS.toLocaleString('en')} incidents / ${(2 * INCIDENTS).toLocaleString('en')} clocks in ${(seeded / 1000).toFixed(1)} s`,
    `  claim ${DUE} due clocks  p50 ${ms(due.p50)}  p99 ${ms(due.p99)}`,
    `  claim with none due    p50 ${ms(none.p50)}  p99 ${ms(none.p99)}`,
    `  baseline, no index     p50 ${ms(scan.p50)}  p99 ${ms(scan.p99)}   (same claim as hand-written SQL, planner barred from indexes)`,
    `  plan: ${p}`,
  ];
}

export async function benchDueClocks(postgresUrl: string | null): Promise<string[]> {
  const lines: string[] = ['Due-clock lookup: 100,000 open incidents, 100 due clocks, claimed FOR UPDATE SKIP LOCKED'];
  const lite = await openDatabase();
  try {
    lines.push(...(await benchOne('PGlite', lite)));
  } finally {
    await lite.close();
  }
  if (!postgresUrl) {
    lines.push('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    return lines;
  }
  lines.push(...(await withBenchDatabase(postgresUrl, 'due', (pg) => benchOne('PostgreSQL', pg))));
  return lines;
}
