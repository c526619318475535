/**
 * The status version stamp and the open-incident summaries `status` keeps in memory (docs/architecture.md,
 * "Status at scale"). The stamp is written by the triggers of migration 0002, never by this code.
 */
import { sql } from 'drizzle-orm';
import type { ClockKind } from '../../src/sla/clock.ts';
import type { OpenDue, StatusRepository, StatusStamp } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { rowsOf } from './mappers.ts';

export class DrizzleStatusRepository implements StatusRepository {
  constructor(private readonly db: PactaDatabase) {}

  async changes(since: StatusStamp | null): Promise<{ stamp: StatusStamp; changed: string[] | 'all' }> {
    // One round trip: the head, and the services past `since` (none asked for when starting over). The
    // left join keeps the head's row when nothing changed.
    const after = since?.epoch ? since.version : Number.MAX_SAFE_INTEGER;
    const rows = rowsOf<{ epoch: string | null; head: number | null; key: string | null }>(
      await this.db.execute(sql`
        select h.epoch, h.version as head, v.service_key as key
        from (select 1) one
        left join status_head h on h.id = 1
        left join status_versions v on v.version > ${after}`),
    );
    const epoch = rows[0]?.epoch ?? null;
    const version = Number(rows[0]?.head ?? 0);
    const stamp = { epoch, version };
    if (!since || since.epoch === null || since.epoch !== epoch || since.version > version) return { stamp, changed: 'all' };
    return { stamp, changed: rows.flatMap((r) => (r.key === null ? [] : [r.key])) };
  }

  async openDue(serviceKeys: readonly string[] | null): Promise<OpenDue[]> {
    // Instants as epoch ms: cheaper to read in bulk than timestamp strings.
    const rows = rowsOf<{ service_key: string; number: number; due: number | null; kind: string | null; breach: number | null }>(
      await this.db.execute(sql`
        select service_key, number, extract(epoch from sla_due_at) * 1000 as due, sla_due_clock as kind,
               extract(epoch from sla_breach_at) * 1000 as breach
        from incidents
        where status <> 'resolved'
          ${serviceKeys ? sql`and service_key = any(${`{${serviceKeys.join(',')}}`}::text[])` : sql``}`),
    );
    return rows.map((r) => ({
      serviceKey: r.service_key,
      number: Number(r.number),
      dueAt: r.due === null ? null : new Date(Number(r.due)),
      dueClock: r.kind as ClockKind | null,
      breachAt: r.breach === null ? null : new Date(Number(r.breach)),
    }));
  }
}
