/** Alert keys and deliveries of monitoring integrations (docs/semantics.md §6). */
import { and, count, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { Impact, Priority } from '../../src/domain/incident.ts';
import type { AlertDeliveryRecord, AlertKeyState, AlertRepository, DeliveryFilter, DeliveryOutcome, KnownAlert } from '../../src/ports/store.ts';
import type { PactaDatabase } from '../client.ts';
import { alertDeliveries, alertKeys, type StoredAlert } from '../schema.ts';
import { rowsOf } from './mappers.ts';

type KeyRow = typeof alertKeys.$inferSelect;
type DeliveryRow = typeof alertDeliveries.$inferSelect;

const date = (s: string | null): Date | null => (s === null ? null : new Date(s));

function toKnown(a: StoredAlert): KnownAlert {
  return { ...a, startsAt: date(a.startsAt), endsAt: date(a.endsAt) };
}

function toStored(a: KnownAlert): StoredAlert {
  return { ...a, startsAt: a.startsAt?.toISOString() ?? null, endsAt: a.endsAt?.toISOString() ?? null };
}

function toState(r: KeyRow): AlertKeyState {
  return {
    integration: r.integration,
    key: r.key,
    serviceKey: r.serviceKey,
    incidentNumber: r.incidentNumber,
    firing: r.firing,
    suppressed: r.suppressed,
    alerts: r.alerts.map(toKnown),
    groupLabels: r.groupLabels,
    commonLabels: r.commonLabels,
    commonAnnotations: r.commonAnnotations,
    sourceUrl: r.sourceUrl,
    priority: r.priority as Priority | null,
    impact: r.impact as Impact | null,
    title: r.title,
    autoResolvedAt: r.autoResolvedAt,
    lastDeliveryAt: r.lastDeliveryAt,
    lastDigest: r.lastDigest,
  };
}

function toRecord(r: DeliveryRow): AlertDeliveryRecord {
  return { ...r, status: r.status as AlertDeliveryRecord['status'], outcome: r.outcome as DeliveryOutcome };
}

export class DrizzleAlertRepository implements AlertRepository {
  constructor(private readonly db: PactaDatabase) {}

  async lockKey(integration: string, key: string): Promise<AlertKeyState> {
    // One statement: creates the row or, on conflict, locks the existing one (an upsert takes the row
    // lock as SELECT … FOR UPDATE would) and returns it as committed by whoever held it before.
    const [r] = await this.db
      .insert(alertKeys)
      .values({ integration, key })
      .onConflictDoUpdate({ target: [alertKeys.integration, alertKeys.key], set: { key: sql`excluded.key` } })
      .returning();
    return toState(r!);
  }

  async saveKey(s: AlertKeyState): Promise<void> {
    const { integration, key, alerts, ...rest } = s;
    await this.db
      .update(alertKeys)
      .set({ ...rest, alerts: alerts.map(toStored) })
      .where(and(eq(alertKeys.integration, integration), eq(alertKeys.key, key)));
  }

  async forIncident(incidentNumber: number): Promise<AlertKeyState | null> {
    const [r] = await this.db.select().from(alertKeys).where(eq(alertKeys.incidentNumber, incidentNumber)).orderBy(desc(alertKeys.lastDeliveryAt)).limit(1);
    return r ? toState(r) : null;
  }

  async claimSuppressed(limit: number): Promise<AlertKeyState[]> {
    const rows = await this.db.select().from(alertKeys).where(eq(alertKeys.suppressed, true)).limit(limit).for('update', { skipLocked: true });
    return rows.map(toState);
  }

  async applied(integration: string, digest: string): Promise<boolean> {
    const [r] = await this.db
      .select({ id: alertDeliveries.id })
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.integration, integration), eq(alertDeliveries.digest, digest), eq(alertDeliveries.applied, true)))
      .limit(1);
    return r !== undefined;
  }

  async record(d: AlertDeliveryRecord): Promise<void> {
    const { id: _id, ...row } = d;
    await this.db.insert(alertDeliveries).values(row);
  }

  async recordIfDuplicate(
    d: Omit<AlertDeliveryRecord, 'outcome' | 'applied' | 'serviceKey' | 'incidentNumber'>,
    contentDigest: string,
    match: 'applied' | 'last',
  ): Promise<{ serviceKey: string | null; incidentNumber: number | null } | null> {
    const known =
      match === 'applied'
        ? sql`exists (select 1 from ${alertDeliveries} a where a.integration = ${d.integration} and a.digest = ${contentDigest} and a.applied)`
        : sql`k.last_digest = ${contentDigest}`;
    const rows = await this.db.execute(sql`
      insert into ${alertDeliveries} (integration, received_at, key, status, digest, outcome, applied, service_key, incident_number, alert_count, summary, body)
      select ${d.integration}, ${d.receivedAt.toISOString()}::timestamptz, ${d.key}, ${d.status}, ${d.digest}, 'duplicate', false, k.service_key, k.incident_number, ${d.alertCount}, ${d.summary}, ${d.body}
      from ${alertKeys} k
      where k.integration = ${d.integration} and k.key = ${d.key} and ${known}
      returning service_key, incident_number`);
    const [r] = rowsOf<{ service_key: string | null; incident_number: number | null }>(rows);
    return r ? { serviceKey: r.service_key, incidentNumber: r.incident_number } : null;
  }

  async deliveries(f: DeliveryFilter): Promise<AlertDeliveryRecord[]> {
    const rows = await this.db
      .select()
      .from(alertDeliveries)
      .where(
        and(
          f.integration ? eq(alertDeliveries.integration, f.integration) : undefined,
          f.serviceKey ? eq(alertDeliveries.serviceKey, f.serviceKey) : undefined,
          f.unrouted ? isNull(alertDeliveries.serviceKey) : undefined,
        ),
      )
      .orderBy(desc(alertDeliveries.id))
      .limit(f.limit);
    return rows.map(toRecord);
  }

  async openedSince(integration: string, since: Date): Promise<number> {
    const [r] = await this.db
      .select({ n: count() })
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.integration, integration), gte(alertDeliveries.receivedAt, since), sql`${alertDeliveries.outcome} = 'opened'`));
    return Number(r?.n ?? 0);
  }

  async prune(before: Date): Promise<number> {
    const rows = await this.db.delete(alertDeliveries).where(lt(alertDeliveries.receivedAt, before)).returning({ id: alertDeliveries.id });
    return rows.length;
  }
}
