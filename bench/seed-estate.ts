/**
 * Bulk seeding for benchmarks: a large estate written with set-based SQL (generate_series), shaped like
 * what the use cases write — services with objectives, a business calendar, incidents with their
 * timelines and clocks. Much faster than going through the use cases one incident at a time.
 */
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client.ts';

export type EstateSize = {
  services: number;
  incidents: number;
  open: number;
  days: number;
  /**
   * `mixed` (default): a third on the business calendar, a tenth at 99 %, a quarter over a calendar month.
   * `uniform`: half on the business calendar, every service at 99.9 % over 30 days.
   */
  shape?: 'mixed' | 'uniform';
};

export async function seedEstate(h: DatabaseHandle, now: Date, size: EstateSize): Promise<void> {
  const at = `'${now.toISOString()}'::timestamptz`;
  const run = (q: string) => h.db.execute(sql.raw(q));
  const uniform = size.shape === 'uniform';
  await run(`insert into calendars (name, timezone, weekly, holidays) values ('business', 'Europe/Berlin',
    '{"mon":[["09:00","17:00"]],"tue":[["09:00","17:00"]],"wed":[["09:00","17:00"]],"thu":[["09:00","17:00"]],"fri":[["09:00","17:00"]]}', '{2026-12-25,2026-12-26}')`);
  await run(`insert into services (key, name, calendar, availability_target, availability_window, degraded_weight)
    select 'svc-' || lpad(n::text, 4, '0'), 'Service ' || n, case when n % ${uniform ? 2 : 3} = 0 then 'business' else null end,
           case when ${!uniform} and n % 10 = 0 then 0.99 else 0.999 end, case when ${!uniform} and n % 4 = 0 then 'month' else '30d' end, 0.5
    from generate_series(1, ${size.services}) n`);
  await run(`insert into sla_policies (service_key, priority, ack_target_seconds, resolve_target_seconds)
    select s.key, p, case p when 'P1' then 900 when 'P2' then 1800 else 14400 end, case p when 'P1' then 14400 when 'P2' then 28800 else 259200 end
    from services s, (values ('P1'), ('P2'), ('P3')) pr(p)`);
  // Incidents spread over the last `days`; the newest `open` ones are still open.
  const closed = size.incidents - size.open;
  await run(`insert into incidents (number, service_key, priority, title, impact, impact_start, status, opened_at, opened_by,
      acknowledged_at, acknowledged_by, resolved_at, resolved_by, updated_at)
    select n, 'svc-' || lpad((case when n > ${closed} then 1 + (n * 7919) % greatest(1, ${size.services} / 4) else 1 + (n * 7919) % ${size.services} end)::text, 4, '0'),
      'P' || (1 + n % 3), 'Incident ' || n,
      -- Most incidents have no customer-facing impact; some degrade the service; few take it down.
      case when n % 7 = 0 then 'outage' when n % 4 = 0 then 'degraded' else 'none' end,
      t, case when n > ${closed} then (case when n % 2 = 0 then 'acknowledged' else 'open' end) else 'resolved' end, t,
      '{"platform":"system","id":"bench"}',
      case when n <= ${closed} or n % 2 = 0 then t + interval '7 minutes' end,
      case when n <= ${closed} or n % 2 = 0 then '{"platform":"system","id":"bench"}'::jsonb end,
      case when n <= ${closed} then t + interval '1 minute' * (10 + n % 90) end,
      case when n <= ${closed} then '{"platform":"system","id":"bench"}'::jsonb end, ${at}
    from (select n, case when n > ${closed}
                         then ${at} - interval '1 second' * ((${size.incidents} - n + 1)::float8 / ${size.open} * 12 * 3600)::bigint
                         else ${at} - interval '12 hours' - interval '1 second' * ((${closed} - n + 1)::float8 / ${closed} * ${size.days} * 86400)::bigint end as t
          from generate_series(1, ${size.incidents}) n) x`);
  await run(`insert into incident_events (incident_number, at, kind, actor, text)
    select number, opened_at, 'opened', opened_by, title from incidents`);
  await run(`insert into incident_events (incident_number, at, kind, actor)
    select number, acknowledged_at, 'acknowledged', acknowledged_by from incidents where acknowledged_at is not null`);
  await run(`insert into incident_events (incident_number, at, kind, actor)
    select number, resolved_at, 'resolved', resolved_by from incidents where resolved_at is not null`);
  // Clocks as the use cases leave them: stopped ones met, open ones counting on the 24x7 calendar.
  await run(`insert into sla_clocks (incident_number, kind, target_seconds, calendar, state, elapsed_seconds, running_since, due_at,
      breached_at, warning_thresholds, next_check_at, updated_at)
    select i.number, k.kind, k.target, '24x7',
      case when extract(epoch from coalesce(k.stop, ${at}) - i.opened_at) > k.target then 'breached' when k.stop is not null then 'met' else 'running' end,
      extract(epoch from coalesce(k.stop, ${at}) - i.opened_at)::int,
      case when k.stop is null then ${at} end,
      i.opened_at + interval '1 second' * k.target,
      case when extract(epoch from coalesce(k.stop, ${at}) - i.opened_at) > k.target then i.opened_at + interval '1 second' * k.target end,
      '{75,90}',
      case when k.stop is null and i.opened_at + interval '1 second' * k.target > ${at} then i.opened_at + interval '1 second' * k.target * 0.75 end,
      ${at}
    from incidents i
    cross join lateral (values
      ('ack', case i.priority when 'P1' then 900 when 'P2' then 1800 else 14400 end, i.acknowledged_at),
      ('resolve', case i.priority when 'P1' then 14400 when 'P2' then 28800 else 259200 end, i.resolved_at)) k(kind, target, stop)`);
  // The incident's clock summary, as the use cases keep it.
  await run(`update incidents i set sla_due_at = c.due, sla_due_clock = c.kind, sla_breach_at = c.breach
    from (select incident_number,
                 min(due_at) filter (where state <> 'met') as due,
                 (array_agg(kind order by due_at) filter (where state <> 'met'))[1] as kind,
                 min(breached_at) as breach
          from sla_clocks group by incident_number) c
    where c.incident_number = i.number`);
  await run(`insert into counters (name, value) values ('incident', ${size.incidents})`);
  await run('analyze');
}
