/**
 * The clock sweep: finds clocks whose next check is due (by index, claimed with SKIP LOCKED so replicas
 * share the work), fires the warnings and breach alerts they owe into the outbox, and re-arms the next
 * check — all in one transaction, so an alert is queued exactly once. A batch reads its incidents,
 * timelines and subscriptions in a few queries, not a few per clock: alert storms must not lag.
 */
import type { TimeSource } from '../time-source.ts';
import { NO_METRICS, type Metrics } from '../ports/metrics.ts';
import type { OutboxEntry, Store } from '../ports/store.ts';
import type { ClockKind } from '../sla/clock.ts';
import { evaluateClock } from '../sla/clock.ts';
import { toStoredClock } from '../sla/stored.ts';
import { recipients } from './audience.ts';
import { calendarCache } from './calendars.ts';
import { outboxKeys } from './outbox-keys.ts';

export type SweepResult = { claimed: number; warnings: number; breaches: number };

export class SweepUseCase {
  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
    /** Told of each breach marked, once its transaction committed. */
    private readonly metrics: Metrics = NO_METRICS,
  ) {}

  /** One batch. Call again while `claimed === limit`. */
  async run(limit = 200): Promise<SweepResult> {
    const claimAt = this.time.now();
    // Evaluate at the next whole second: every due instant claimed is then reached, and the stored
    // elapsed time stays whole seconds like every other instant Pacta keeps.
    const now = new Date(Math.ceil(claimAt.getTime() / 1000) * 1000);
    let breached: ClockKind[] = [];
    const result = await this.store.transaction(async (tx) => {
      breached = [];
      const due = await tx.clocks.claimDue(claimAt, limit);
      const result: SweepResult = { claimed: due.length, warnings: 0, breaches: 0 };
      if (due.length === 0) return result;
      const [incidents, subscriptions] = await Promise.all([tx.incidents.getManyWithEvents([...new Set(due.map((c) => c.incidentNumber))]), tx.subscriptions.list()]);
      const calendar = calendarCache(tx.calendars);
      const outbox: OutboxEntry[] = [];
      for (const row of due) {
        const found = incidents.get(row.incidentNumber);
        if (!found) continue;
        const { incident, events } = found;
        const cal = await calendar(row.calendar);
        const ev = evaluateClock(row.kind, events, cal, row.targetSeconds * 1000, now);
        const fired = new Set(row.warningsFired);
        const crossed = row.warningThresholds.filter((p) => !fired.has(p) && ev.percent >= p);
        const breach = ev.state === 'breached' && row.breachAlertedAt === null;
        // Only the highest threshold crossed is worth a message; a breach makes warnings moot.
        const warnAt = breach || !ev.running ? null : (crossed[crossed.length - 1] ?? null);
        for (const p of crossed) fired.add(p);
        if (breach) for (const p of row.warningThresholds) fired.add(p);
        const n = incident.number;
        if (warnAt !== null || breach) {
          for (const channel of recipients('alert', { serviceKey: incident.serviceKey, origin: incident.channel }, subscriptions)) {
            const key = breach ? outboxKeys.breach(n, row.kind, channel) : outboxKeys.warning(n, row.kind, warnAt!, channel);
            const payload = breach
              ? ({ type: 'clock.breached', incident: incident.number, clock: row.kind } as const)
              : ({ type: 'clock.warning', incident: incident.number, clock: row.kind, threshold: warnAt! } as const);
            outbox.push({ key, channel, incidentNumber: incident.number, payload, notBefore: claimAt });
          }
          if (breach) {
            result.breaches++;
            breached.push(row.kind);
          } else result.warnings++;
        }
        // A breach changes how the card looks (the clock turns red): refresh it, once per clock.
        if (breach) {
          for (const channel of recipients('card', { serviceKey: incident.serviceKey, origin: incident.channel }, [])) {
            outbox.push({ key: outboxKeys.cardUpdate(n, `breach-${row.kind}`, channel), channel, incidentNumber: n, payload: { type: 'card.update', incident: n }, notBefore: claimAt, paced: false });
          }
        }
        const previous = { ...row, warningsFired: [...fired].sort((a, b) => a - b), breachAlertedAt: breach ? now : row.breachAlertedAt };
        await tx.clocks.save(toStoredClock(incident.number, row.calendar, cal, ev, now, previous, row.warningThresholds));
      }
      await tx.outbox.enqueueMany(outbox, claimAt);
      return result;
    });
    for (const clock of breached) this.metrics.clockBreached(clock);
    return result;
  }
}
