import type { TimeRange } from './downtime.ts';

/** What a report needs to know about one incident. Business durations come from its SLA clocks. */
export type IncidentFigures = {
  openedAt: Date;
  /** First acknowledgement. */
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  /** Business time from opening to first acknowledgement (the acknowledge clock's elapsed time). */
  ackBusinessMs?: number | null;
  /** Business time from opening to resolution (the resolve clock's elapsed time, pauses excluded). */
  resolveBusinessMs?: number | null;
  /** Whether either SLA clock breached. */
  breached: boolean;
};

/** Report figures for a period (docs/semantics.md §2). Means are in ms, `null` when nothing to average. */
export type IncidentStats = {
  opened: number;
  resolved: number;
  breaches: number;
  mttaMs: number | null;
  mttrMs: number | null;
  mttaBusinessMs: number | null;
  mttrBusinessMs: number | null;
};

/**
 * MTTA, MTTR and counts "over incidents in the period" (docs/semantics.md §2), with this reading:
 *
 * - The incidents of a period are those OPENED in it: `openedAt ∈ [from, to)`. Every incident belongs
 *   to exactly one period, so weekly figures add up to the month's and nothing is counted twice; an
 *   incident opened before the period and resolved in it belongs to the earlier period.
 * - Figures are as of `to`: an acknowledgement or resolution after `to` has not happened yet. A report
 *   for a past period is therefore what one would have seen at its end, and does not change later.
 * - `opened`: incidents of the period. `resolved`: those of them resolved by `to`. `breaches`: those of
 *   them with a breached clock (an incident counts once even if both clocks breached). The flag is
 *   taken as given: it carries no time, so a breach after `to` cannot be told apart.
 * - `mttaMs`: wall-clock mean of `acknowledgedAt − openedAt` over those acknowledged by `to`;
 *   `mttrMs`: mean of `resolvedAt − openedAt` over those resolved by `to` (wall clock, pauses included —
 *   the customer waited through them). `null` when there is nothing to average.
 * - The business-time means average `ackBusinessMs` / `resolveBusinessMs` over the same incidents,
 *   skipping those where the figure is missing; `null` when none has it.
 */
export function incidentStats(incidents: readonly IncidentFigures[], period: TimeRange): IncidentStats {
  const from = period.start.getTime();
  const to = period.end.getTime();
  const byTo = (d: Date | null): d is Date => d !== null && d.getTime() <= to;

  const inPeriod = incidents.filter((i) => i.openedAt.getTime() >= from && i.openedAt.getTime() < to);
  const acknowledged = inPeriod.filter((i) => byTo(i.acknowledgedAt));
  const resolved = inPeriod.filter((i) => byTo(i.resolvedAt));

  return {
    opened: inPeriod.length,
    resolved: resolved.length,
    breaches: inPeriod.filter((i) => i.breached).length,
    mttaMs: mean(acknowledged.map((i) => i.acknowledgedAt!.getTime() - i.openedAt.getTime())),
    mttrMs: mean(resolved.map((i) => i.resolvedAt!.getTime() - i.openedAt.getTime())),
    mttaBusinessMs: mean(present(acknowledged.map((i) => i.ackBusinessMs))),
    mttrBusinessMs: mean(present(resolved.map((i) => i.resolveBusinessMs))),
  };
}

function present(values: ReadonlyArray<number | null | undefined>): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
