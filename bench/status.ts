/**
 * `status` at scale (issue 3): 1,000 services and 100,000 incidents (5,000 open). Times the full use
 * case (queries + SLO math) for `status` and `status <service>`, beside the floor: fetching the same
 * rows with one hand-written SQL query and doing nothing with them.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../db/client.ts';
import { DrizzleStore } from '../db/store.ts';
import { QueryUseCases } from '../src/usecases/queries.ts';
import { seedEstate, type EstateSize } from './seed-estate.ts';
import { withBenchDatabase } from './database.ts';
import { ms, peakRssMb, timeRuns } from './stats.ts';

// 100,000 incidents of history over two years (about 4 a day per 30 services), the newest 5,000 still open.
const SIZE: EstateSize = { services: 1000, incidents: 100_000, open: 5000, days: 730 };
const NOW = new Date('2026-11-25T12:00:00Z');

/**
 * The floor: the rows `status` needs, in one hand-written query, not even turned into objects — every
 * service with its open-incident count and nearest due, and the impact spans of the last 31 days.
 */
const FLOOR_SQL = `
  select s.key, s.availability_target, s.availability_window, o.open, o.nearest, sp.spans
  from services s
  left join (select i.service_key, count(distinct i.number) open, min(c.due_at) nearest
             from incidents i left join sla_clocks c on c.incident_number = i.number
             where i.status <> 'resolved' group by i.service_key) o on o.service_key = s.key
  left join (select service_key, json_agg(json_build_array(impact, impact_start, resolved_at)) spans
             from incidents
             where impact <> 'none' and impact_start < timestamptz '${NOW.toISOString()}'
               and (resolved_at is null or resolved_at > timestamptz '${NOW.toISOString()}' - interval '31 days')
             group by service_key) sp on sp.service_key = s.key
  where s.archived_at is null`;

async function benchOne(label: string, h: DatabaseHandle): Promise<string[]> {
  const t = performance.now();
  await seedEstate(h, NOW, SIZE);
  const seeded = performance.now() - t;
  const queries = new QueryUseCases(new DrizzleStore(h.db), { now: () => NOW }, 'Europe/Berlin');
  const overview = await queries.overview(); // warm
  const counts = overview.counts;
  const all = await timeRuns(100, () => queries.overview());
  const keys = overview.services.slice(0, 30).map((s) => s.service.key);
  let k = 0;
  const one = await timeRuns(100, () => queries.service(keys[k++ % keys.length]!));
  const floor = await timeRuns(100, () => h.db.execute(sql.raw(FLOOR_SQL)));
  return [
    `${label}: seeded in ${(seeded / 1000).toFixed(1)} s — ${counts.breached} breached, ${counts.at_risk} at risk, ${counts.healthy} healthy`,
    `  status (all 1,000)       p50 ${ms(all.p50)}  p99 ${ms(all.p99)}`,
    `  status <service>         p50 ${ms(one.p50)}  p99 ${ms(one.p99)}`,
    `  floor: one SQL fetch     p50 ${ms(floor.p50)}  p99 ${ms(floor.p99)}   (the rows status reads, hand-written, unprocessed)`,
  ];
}

export async function benchStatus(postgresUrl: string | null): Promise<string[]> {
  const lines = [`status with ${SIZE.services.toLocaleString('en')} services, ${SIZE.incidents.toLocaleString('en')} incidents (${SIZE.open.toLocaleString('en')} open)`];
  // PostgreSQL first: PGlite's WebAssembly heap stays in the process and would slow the GC for what follows.
  if (postgresUrl) {
    lines.push(...(await withBenchDatabase(postgresUrl, 'status', (pg) => benchOne('PostgreSQL', pg))));
  } else lines.push('PostgreSQL: skipped (no database reachable)');
  lines.push(`  peak RSS so far: ${peakRssMb()} MB`);
  const lite = await openDatabase();
  try {
    lines.push(...(await benchOne('PGlite', lite)));
  } finally {
    await lite.close();
  }
  lines.push(`  peak RSS so far (PGlite holds its database in the process): ${peakRssMb()} MB`);
  return lines;
}
