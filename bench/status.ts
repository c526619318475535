/**
 * `status` at scale: 1,000 services and 100,000 incidents (5,000 open). Times the use case (queries + SLO
 * math) for `status` — cold (a replica's first, which reads everything), kept (a second later, as
 * requests come: figures that run with time are re-measured), and right after one incident changed
 * (only its service is re-read) — and `status <service>`, beside the floor: fetching the rows a cold
 * status needs with one hand-written SQL query and doing nothing with them.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../db/client.ts';
import { DrizzleStore } from '../db/store.ts';
import { IncidentUseCases } from '../src/usecases/incidents.ts';
import { QueryUseCases } from '../src/usecases/queries.ts';
import { seedEstate, type EstateSize } from './seed-estate.ts';
import { withBenchDatabase } from './database.ts';
import { ms, peakRssMb, percentile, timeRuns } from './stats.ts';

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
  const store = new DrizzleStore(h.db);
  // A second passes between requests, so everything that runs with time is measured anew each time.
  let at = NOW.getTime();
  const time = { now: () => new Date(at) };
  const tick = () => (at += 1000);
  const fresh = () => new QueryUseCases(store, time, 'Europe/Berlin');
  const cold = await timeRuns(10, () => fresh().overview());
  const queries = fresh();
  const overview = await queries.overview();
  const counts = overview.counts;
  const kept = await timeRuns(100, () => (tick(), queries.overview()));
  const keptRecomputed = queries.lastRecomputed;
  // One incident changes (its priority flips), then status: only its service is re-read.
  const incidents = new IncidentUseCases(store, time, 'Europe/Berlin');
  const open = await queries.openIncidents(null, 1);
  const number = open[0]!.incident.number;
  let p: 'P2' | 'P3' = 'P2';
  const changed: number[] = [];
  let changedRecomputed = 0;
  for (let i = 0; i < 50; i++) {
    tick();
    await incidents.changePriority(number, { platform: 'system', id: 'bench' }, (p = p === 'P2' ? 'P3' : 'P2'));
    const s = performance.now();
    await queries.overview();
    changed.push(performance.now() - s);
    changedRecomputed = Math.max(changedRecomputed, queries.lastRecomputed);
  }
  changed.sort((a, b) => a - b);
  const keys = overview.services.slice(0, 30).map((s) => s.service.key);
  let k = 0;
  const one = await timeRuns(100, () => queries.service(keys[k++ % keys.length]!));
  const floor = await timeRuns(100, () => h.db.execute(sql.raw(FLOOR_SQL)));
  return [
    `${label}: seeded in ${(seeded / 1000).toFixed(1)} s — ${counts.breached} breached, ${counts.at_risk} at risk, ${counts.healthy} healthy`,
    `  status, cold (first of a replica)  p50 ${ms(cold.p50)}  p99 ${ms(cold.p99)}`,
    `  status, kept, a second later       p50 ${ms(kept.p50)}  p99 ${ms(kept.p99)}   (${keptRecomputed} of ${SIZE.services} services re-measured: those whose figures move with time, e.g. an outage still open)`,
    `  status after one incident changed  p50 ${ms(percentile(changed, 50))}  p99 ${ms(percentile(changed, 99))}   (1 service re-read; at most ${changedRecomputed} re-measured)`,
    `  status <service>                   p50 ${ms(one.p50)}  p99 ${ms(one.p99)}`,
    `  floor: one SQL fetch               p50 ${ms(floor.p50)}  p99 ${ms(floor.p99)}   (the rows a cold status reads, hand-written, unprocessed)`,
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
