/**
 * Scheduled digests (docs/semantics.md §5). Every tick, each subscription's most recent schedule instant is
 * looked up; if it has no digest yet, one is claimed through the unique (subscription, period) key and
 * queued in the same transaction — so replicas and restarts never send two. A digest whose instant passed
 * while Pacta was down is sent once, late, and says so; older missed ones are not replayed.
 */
import parser from 'cron-parser';
import type { TimeSource } from '../time-source.ts';
import type { Message } from '../messages/message.ts';
import { digestView } from '../messages/views/digest.ts';
import type { Store, Subscription } from '../ports/store.ts';
import type { ChartUseCases } from './charts.ts';
import { outboxKeys } from './outbox-keys.ts';
import type { QueryUseCases } from './queries.ts';

/** A digest sent this long after its instant is marked late (Pacta was down or far behind). */
export const LATE_AFTER_MS = 5 * 60_000;

/**
 * The latest instant at or before `now` that a 5-field cron expression names in `timezone`, and the one
 * before it (the start of its period). cron-parser follows cron's DST rules: a time in a spring-forward
 * gap does not occur that day; an ambiguous time fires once.
 */
export function lastFire(cron: string, timezone: string, now: Date): { at: Date; previous: Date } {
  // +1 ms: an instant exactly at `now` counts as passed.
  const it = parser.parseExpression(cron, { currentDate: new Date(now.getTime() + 1), tz: timezone });
  const at = it.prev().toDate();
  const previous = it.prev().toDate();
  return { at, previous };
}

export class DigestUseCase {
  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
    private readonly queries: QueryUseCases,
    /** The budget charts of the worst services; absent: digests are text only. */
    private readonly charts: ChartUseCases | null = null,
  ) {}

  /** Queues every digest that is due and not yet queued; returns how many. */
  async enqueueDue(): Promise<number> {
    const now = this.time.now();
    let queued = 0;
    for (const sub of await this.store.read.subscriptions.list()) {
      if (!sub.digestCron) continue;
      const { at } = lastFire(sub.digestCron, sub.timezone, now);
      if (at <= sub.createdAt) continue;
      const late = now.getTime() - at.getTime() > LATE_AFTER_MS;
      const period = at.toISOString();
      const added = await this.store.transaction(async (tx) => {
        if (!(await tx.digests.claim(sub.id, period, at, late, now))) return false;
        await tx.outbox.enqueue(
          { key: outboxKeys.digest(sub.id, period), channel: sub.channel, incidentNumber: null, payload: { type: 'digest', subscription: sub.id, period, late }, notBefore: now },
          now,
        );
        return true;
      });
      if (added) queued++;
    }
    return queued;
  }

  /** The digest of one subscription for the period ending at `period` (an ISO instant). */
  async render(subscriptionId: number, period: string, late: boolean): Promise<Message | null> {
    const sub = await this.store.read.subscriptions.get(subscriptionId);
    if (!sub || !sub.digestCron) return null;
    const to = new Date(period);
    const { previous } = lastFire(sub.digestCron, sub.timezone, to);
    const keys = sub.allServices ? null : sub.services;
    const [overview, report, open, budgets] = await Promise.all([
      this.queries.overview(),
      this.queries.reportRange(keys, previous, to, 'digest'),
      this.queries.openIncidents(keys),
      this.charts ? this.charts.worstBudgets(keys) : Promise.resolve([]),
    ]);
    const statuses = keys ? overview.services.filter((s) => keys.includes(s.service.key)) : overview.services;
    return digestView(
      { title: `Digest · ${sub.digestSpec ?? sub.digestCron} · ${keys ? keys.join(', ') : 'all services'}`, from: previous, to, late, statuses, report, open, now: overview.now, budgets },
      { timezone: sub.timezone },
    );
  }

  /** Subscriptions whose digest schedule is set, for the scheduler's log. */
  async scheduled(): Promise<Subscription[]> {
    return (await this.store.read.subscriptions.list()).filter((s) => s.digestCron);
  }
}
