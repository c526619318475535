/**
 * Escalation sweep (docs/semantics.md §7): 100,000 open incidents, each with an escalation row, of which
 * 100 are due. `EscalationSweep.run(100)` must find the due rows through the partial index on `due_at`
 * and fire them — one level each, a page in the card's channel and a direct message per person — in
 * under 20 ms, and cost next to nothing when none is due. Baselines in the same run: a bare `select 1`
 * round trip, an empty transaction (the floor of any sweep) and the clock sweep with nothing due.
 */
import { and, asc, isNotNull, lte, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client.ts';
import { incidentEscalations } from '../db/schema.ts';
import { DrizzleStore } from '../db/store.ts';
import type { Actor } from '../src/domain/incident.ts';
import { EscalationSweep } from '../src/usecases/escalation.ts';
import { OncallUseCases } from '../src/usecases/oncall.ts';
import { SweepUseCase } from '../src/usecases/sweep.ts';
import type { TimeSource } from '../src/time-source.ts';
import { withBenchDatabase } from './database.ts';
import { ms, percentile, timeRuns } from './stats.ts';

const INCIDENTS = 100_000;
const DUE = 100;
const DUE_RUNS = 50;
const NONE_RUNS = 200;
const BENCH: Actor = { platform: 'slack', id: 'U0BENCH', name: 'bench' };

class FixedTime implements TimeSource {
  constructor(private t: Date) {}
  now(): Date {
    return this.t;
  }
}

async function seed(h: DatabaseHandle, now: Date): Promise<void> {
  const at = `'${now.toISOString()}'::timestamptz`;
  const run = (q: string) => h.db.execute(sql.raw(q));
  await run(`insert into services (key, name) values ('bench', 'Bench')`);
  await run(`insert into sla_policies (service_key, priority, ack_target_seconds, resolve_target_seconds) values ('bench', 'P2', 1800, 28800)`);
  // Rotas and the policy through the use cases (before any incident exists, so nothing is re-armed).
  const oncall = new OncallUseCases(new DrizzleStore(h.db), new FixedTime(now));
  const weekly = { every: 'week', weekday: 1, at: '09:00' } as const;
  await oncall.addRota({ name: 'primary', zone: 'Europe/Berlin', handoff: weekly, members: [{ platform: 'slack', id: 'U0ANN' }, { platform: 'slack', id: 'U0BEN' }] }, BENCH);
  await oncall.addRota({ name: 'secondary', zone: 'Europe/Berlin', handoff: weekly, members: [{ platform: 'slack', id: 'U0DAN' }] }, BENCH);
  await oncall.setPolicy(
    {
      serviceKey: 'bench',
      priority: null,
      levels: [
        { trigger: { kind: 'after', seconds: 300 }, targets: [{ kind: 'rota', rota: 'primary' }] },
        { trigger: { kind: 'after', seconds: 900 }, targets: [{ kind: 'rota', rota: 'secondary' }] },
        { trigger: { kind: 'after', seconds: 1800 }, targets: [{ kind: 'person', person: { platform: 'slack', id: 'U0CAROL' } }] },
      ],
      repeat: null,
    },
    BENCH,
  );
  // The first DUE incidents opened 6 minutes ago (level 1 due a minute ago); the rest a minute ago, due
  // minutes to hours ahead. Each has its card in one of ten channels and an `opened` event.
  const opened = (n: string) => `case when ${n} <= ${DUE} then ${at} - interval '6 minutes' else ${at} - interval '1 minute' end`;
  await run(`insert into incidents (number, service_key, priority, title, impact, impact_start, status, opened_at, opened_by, origin_channel, updated_at)
    select n, 'bench', 'P2', 'incident ' || n, 'outage', ${opened('n')}, 'open', ${opened('n')},
           '{"platform":"system","id":"bench"}'::jsonb, 'slack:C' || (n % 10), ${at}
    from generate_series(1, ${INCIDENTS}) n`);
  await run(`insert into incident_events (incident_number, at, kind, actor, text, data)
    select n, ${opened('n')}, 'opened', '{"platform":"system","id":"bench"}'::jsonb, 'incident ' || n, '{"priority":"P2","impact":"outage"}'::jsonb
    from generate_series(1, ${INCIDENTS}) n`);
  await run(`insert into incident_escalations (incident_number, fired, due_at)
    select n, '[]'::jsonb, case when n <= ${DUE} then ${at} - interval '1 minute' else ${at} + interval '1 minute' * (4 + (n * 37) % 600) end
    from generate_series(1, ${INCIDENTS}) n`);
  await run('analyze incidents');
  await run('analyze incident_events');
  await run('analyze incident_escalations');
}

/** Puts the DUE incidents back to "level 1 due a minute ago" and clears the pages they queued. */
async function rearm(h: DatabaseHandle, now: Date): Promise<void> {
  await h.db.execute(sql.raw(`update incident_escalations set fired = '[]'::jsonb, due_at = '${now.toISOString()}'::timestamptz - interval '1 minute' where incident_number <= ${DUE}`));
  await h.db.execute(sql.raw(`delete from outbox`));
}

/** The claim as the repository builds it, with its parameters written in, for EXPLAIN. */
function claimSql(h: DatabaseHandle, now: Date, limit: number): string {
  const q = h.db
    .select()
    .from(incidentEscalations)
    .where(and(isNotNull(incidentEscalations.dueAt), lte(incidentEscalations.dueAt, now)))
    .orderBy(asc(incidentEscalations.dueAt))
    .limit(limit)
    .for('update', { skipLocked: true })
    .toSQL();
  return q.sql.replace(/\$(\d+)/g, (_, i: string) => {
    const p = q.params[Number(i) - 1];
    return typeof p === 'number' ? String(p) : `'${String(p).replace(/'/g, "''")}'`;
  });
}

async function plan(h: DatabaseHandle, now: Date): Promise<{ first: string; scan: string }> {
  const r = await h.db.execute<{ 'QUERY PLAN': string }>(sql.raw(`explain ${claimSql(h, now, DUE)}`));
  const rows = (Array.isArray(r) ? r : (r as unknown as { rows: Array<{ 'QUERY PLAN': string }> }).rows).map((x) => x['QUERY PLAN']);
  const tidy = (l: string) => l.trim().replace(/^->\s*/, '').replace(/\s+\(cost=.*$/, '');
  return { first: rows[0]!.trim(), scan: rows.filter((l) => /Scan/.test(l)).map(tidy).join(' → ') };
}

async function benchOne(h: DatabaseHandle): Promise<string[]> {
  const now = new Date('2026-11-25T12:00:00Z');
  const t = performance.now();
  await seed(h, now);
  const seeded = performance.now() - t;
  const store = new DrizzleStore(h.db);
  const sweep = new EscalationSweep(store, new FixedTime(now));
  // An hour earlier nothing is due (the due rows are due a minute before `now`).
  const sweepNone = new EscalationSweep(store, new FixedTime(new Date(now.getTime() - 3600_000)));
  const clockSweep = new SweepUseCase(store, new FixedTime(now));

  const check = async (s: EscalationSweep, claimed: number) => {
    const r = await s.run(DUE);
    if (r.claimed !== claimed || r.fired !== claimed) throw new Error(`escalation sweep claimed ${r.claimed}, fired ${r.fired}; expected ${claimed}`);
  };
  // Warm: one full due run (and its outbox rows checked), then back.
  await check(sweep, DUE);
  const queued = await h.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from outbox where payload->>'type' like 'escalation.%'`));
  const queuedN = (Array.isArray(queued) ? queued : (queued as unknown as { rows: Array<{ n: number }> }).rows)[0]!.n;
  if (queuedN !== 2 * DUE) throw new Error(`queued ${queuedN} escalation rows, expected ${2 * DUE} (a page and a DM each)`);
  const samples: number[] = [];
  for (let i = 0; i < DUE_RUNS; i++) {
    await rearm(h, now);
    const t0 = performance.now();
    await check(sweep, DUE);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const due = { p50: percentile(samples, 50), p99: percentile(samples, 99) };
  await rearm(h, now);
  await h.db.execute(sql.raw('vacuum analyze incident_escalations'));
  const none = await timeRuns(NONE_RUNS, () => check(sweepNone, 0));
  const ping = await timeRuns(NONE_RUNS, () => h.db.execute(sql.raw('select 1')));
  const emptyTx = await timeRuns(NONE_RUNS, () => store.transaction(async () => {}));
  const clocks = await timeRuns(NONE_RUNS, () => clockSweep.run(DUE));
  const p = await plan(h, now);
  return [
    `PostgreSQL: seeded ${INCIDENTS.toLocaleString('en')} open incidents / ${INCIDENTS.toLocaleString('en')} escalation rows (${DUE} due) in ${(seeded / 1000).toFixed(1)} s`,
    `  sweep ${DUE} due (1 level each)  p50 ${ms(due.p50)}  p99 ${ms(due.p99)}   (${DUE_RUNS} runs, re-armed between; goal < 20 ms; ${2 * DUE} outbox rows a run)`,
    `  sweep with none due        p50 ${ms(none.p50)}  p99 ${ms(none.p99)}   (${NONE_RUNS} runs; goal ~0)`,
    `  baseline, select 1         p50 ${ms(ping.p50)}  p99 ${ms(ping.p99)}`,
    `  baseline, empty transaction p50 ${ms(emptyTx.p50)}  p99 ${ms(emptyTx.p99)}`,
    `  baseline, clock sweep, none due p50 ${ms(clocks.p50)}  p99 ${ms(clocks.p99)}`,
    `  plan: ${p.first}  |  ${p.scan}${p.scan.includes('incident_escalations_due') ? '' : '   (NOT the partial index incident_escalations_due)'}`,
  ];
}

export async function benchEscalations(pgUrl: string | null): Promise<string[]> {
  const lines: string[] = [`Escalation sweep: ${INCIDENTS.toLocaleString('en')} open incidents with an escalation each, ${DUE} due, claimed FOR UPDATE SKIP LOCKED`];
  if (!pgUrl) {
    lines.push('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    return lines;
  }
  lines.push(...(await withBenchDatabase(pgUrl, 'escalations', (pg) => benchOne(pg))));
  return lines;
}
