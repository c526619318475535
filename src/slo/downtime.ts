import { BadArgumentError } from '../errors.ts';

/**
 * One incident's effect on a service: from its impact start to its resolution, at a weight in [0, 1]
 * (docs/semantics.md §3). `end: null` means the incident is still ongoing; it counts up to `now`.
 */
export type ImpactInterval = { start: Date; end: Date | null; weight: number };

/** A half-open span of instants `[start, end)`, e.g. a declared maintenance window. */
export type TimeRange = { start: Date; end: Date };

/** An incident's declared impact on its service. */
export type Impact = 'outage' | 'degraded' | 'none';

/** Weight of a `degraded` incident when the service does not set its own (docs/semantics.md §3). */
export const DEFAULT_DEGRADED_WEIGHT = 0.5;

/**
 * Weight of an impact: `outage` 1, `degraded` the service's degraded weight, `none` 0.
 * @throws BadArgumentError if `degradedWeight` is not within [0, 1] — a heavier weight would let
 *   downtime exceed the time it covers.
 */
export function impactWeight(impact: Impact, degradedWeight: number = DEFAULT_DEGRADED_WEIGHT): number {
  checkWeight(degradedWeight, 'degraded weight');
  switch (impact) {
    case 'outage':
      return 1;
    case 'degraded':
      return degradedWeight;
    case 'none':
      return 0;
  }
}

/**
 * Measure in ms of the union of `maintenance` within `[from, to)`. Overlapping or duplicated windows
 * count once. Future maintenance counts: it is declared, so it is taken out of the full window's length.
 */
export function maintenanceTime(maintenance: readonly TimeRange[], from: Date, to: Date): number {
  let total = 0;
  for (const [start, end] of union(toPairs(maintenance), from.getTime(), to.getTime())) total += end - start;
  return total;
}

/**
 * Weighted downtime in ms within `[from, to)` (docs/semantics.md §3):
 * - each interval is clipped to `[from, to)` and to `now` (an ongoing one counts up to `now`, and
 *   nothing counts in the future even if an interval's end says so);
 * - where intervals overlap, only the heaviest weight counts at each instant, so two simultaneous
 *   outages are one outage, not two;
 * - time inside any maintenance window does not count.
 * The result never exceeds `min(to, now) − from` minus maintenance. Intervals that end before they
 * start measure nothing.
 *
 * A sweep over sorted boundaries with a max-heap of active weights: O(n log n) in the number of intervals
 * and maintenance windows, independent of the span's length.
 * @throws BadArgumentError if a weight is outside [0, 1].
 */
export function weightedDowntime(
  intervals: readonly ImpactInterval[],
  maintenance: readonly TimeRange[],
  from: Date,
  to: Date,
  now: Date,
): number {
  const lo = from.getTime();
  const hi = Math.min(to.getTime(), now.getTime());
  if (!(hi > lo)) return 0;

  const clipped: Array<{ start: number; end: number; weight: number }> = [];
  for (const interval of intervals) {
    checkWeight(interval.weight, 'impact weight');
    if (interval.weight === 0) continue;
    const start = Math.max(interval.start.getTime(), lo);
    const end = Math.min(interval.end === null ? hi : interval.end.getTime(), hi);
    if (end > start) clipped.push({ start, end, weight: interval.weight });
  }
  if (clipped.length === 0) return 0;
  clipped.sort((a, b) => a.start - b.start);

  const segments = heaviestSegments(clipped);
  const closed = union(toPairs(maintenance), lo, hi);

  // Both lists are sorted and disjoint, so one merge pass subtracts maintenance from every segment.
  const byWeight = new Map<number, number>();
  let k = 0;
  for (const seg of segments) {
    let covered = 0;
    while (k < closed.length && closed[k]![1] <= seg.start) k++;
    for (let j = k; j < closed.length && closed[j]![0] < seg.end; j++) {
      covered += Math.min(seg.end, closed[j]![1]) - Math.max(seg.start, closed[j]![0]);
    }
    byWeight.set(seg.weight, (byWeight.get(seg.weight) ?? 0) + (seg.end - seg.start - covered));
  }
  return weighted(byWeight);
}

/**
 * `Σ weight × ms` over whole milliseconds summed per weight, the weights taken in ascending order. The
 * per-weight sums are exact integers, so every way of measuring the same time (this sweep, or the
 * prefix sums of a DowntimeProfile) gives the same double, to the last bit.
 */
export function weighted(msByWeight: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const w of [...msByWeight.keys()].sort((a, b) => a - b)) total += w * msByWeight.get(w)!;
  return total;
}

/**
 * What availability and burn rates read of a service's history: weighted downtime and maintenance time
 * over a span. {@link sweepMeasure} computes each answer from the raw intervals; a DowntimeProfile
 * (downtime-profile.ts) prepares them once and answers in O(log n). Both give identical figures.
 */
export interface DowntimeMeasure {
  /** {@link weightedDowntime} over `[from, to)` up to `now`. */
  downtime(from: Date, to: Date, now: Date): number;
  /** {@link maintenanceTime} within `[from, to)`. */
  maintenance(from: Date, to: Date): number;
  /** Whether any downtime counts after the instant `t` (ms), outside maintenance. */
  downtimeAfter(t: number): boolean;
}

/** The straightforward measure: every answer swept from the raw intervals and maintenance windows. */
export function sweepMeasure(intervals: readonly ImpactInterval[], maintenance: readonly TimeRange[]): DowntimeMeasure {
  return {
    downtime: (from, to, now) => weightedDowntime(intervals, maintenance, from, to, now),
    maintenance: (from, to) => maintenanceTime(maintenance, from, to),
    downtimeAfter: (t) => weightedDowntime(intervals, maintenance, new Date(t), new Date(8.64e15), new Date(8.64e15)) > 0,
  };
}

/** A service's history as the SLO functions take it: raw intervals and maintenance, or a prepared measure. */
export type History = { intervals: readonly ImpactInterval[]; maintenance: readonly TimeRange[] } | { measure: DowntimeMeasure };

export function measureOf(h: History): DowntimeMeasure {
  return 'measure' in h ? h.measure : sweepMeasure(h.intervals, h.maintenance);
}

/**
 * Splits the clipped intervals (sorted by start) into disjoint segments, each carrying the heaviest
 * weight active over it. Expired intervals are dropped from the heap lazily, only when they reach the
 * top: a buried expired entry never decides the maximum, so it can wait.
 */
export function heaviestSegments(sorted: ReadonlyArray<{ start: number; end: number; weight: number }>): Segment[] {
  const boundaries = new Set<number>();
  for (const i of sorted) {
    boundaries.add(i.start);
    boundaries.add(i.end);
  }
  const points = [...boundaries].sort((a, b) => a - b);
  const heap = new MaxHeap();
  const segments: Segment[] = [];
  let next = 0;
  for (let p = 0; p + 1 < points.length; p++) {
    const t = points[p]!;
    while (next < sorted.length && sorted[next]!.start <= t) heap.push(sorted[next++]!);
    while (heap.size > 0 && heap.peek()!.end <= t) heap.pop();
    const top = heap.peek();
    // Every end is a boundary, so the top interval stays active at least until the next point.
    if (top) segments.push({ start: t, end: points[p + 1]!, weight: top.weight });
  }
  return segments;
}

export type Segment = { start: number; end: number; weight: number };

export function toPairs(ranges: readonly TimeRange[]): Array<[number, number]> {
  return ranges.map((r) => [r.start.getTime(), r.end.getTime()]);
}

/** Sorted, disjoint union of `[start, end)` pairs clipped to `[lo, hi)`. */
export function union(ranges: ReadonlyArray<readonly [number, number]>, lo: number, hi: number): Array<[number, number]> {
  const clipped = ranges
    .map(([s, e]) => [Math.max(s, lo), Math.min(e, hi)] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of clipped) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

export function checkWeight(weight: number, what: string): void {
  if (!(weight >= 0 && weight <= 1)) throw new BadArgumentError(`${what} must be between 0 and 1, got ${weight}.`);
}

/** Binary max-heap on weight; small and local because the sweep is its only user. */
class MaxHeap {
  private readonly items: Array<{ end: number; weight: number }> = [];

  get size(): number {
    return this.items.length;
  }

  peek(): { end: number; weight: number } | undefined {
    return this.items[0];
  }

  push(item: { end: number; weight: number }): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]!.weight >= a[i]!.weight) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }

  pop(): void {
    const a = this.items;
    const last = a.pop();
    if (last === undefined || a.length === 0) return;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < a.length && a[l]!.weight > a[top]!.weight) top = l;
      if (r < a.length && a[r]!.weight > a[top]!.weight) top = r;
      if (top === i) return;
      [a[top], a[i]] = [a[i]!, a[top]!];
      i = top;
    }
  }
}
