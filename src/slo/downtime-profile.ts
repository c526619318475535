/**
 * A service's downtime history prepared once, then measured over any span in O(log n): the `status`
 * fast path (docs/architecture.md, "Status at scale"). Built from the same intervals and maintenance
 * windows the straightforward sweep reads, it answers exactly what {@link weightedDowntime} and
 * {@link maintenanceTime} would — the same double, to the last bit, because both sum whole milliseconds
 * per weight and combine them the same way ({@link weighted}).
 *
 * Preparation: the heaviest-weight segments of all intervals (an ongoing interval runs to +∞ and is cut
 * at `now` when measured), minus the union of the maintenance windows, give disjoint sorted pieces, each
 * with one weight; prefix sums per weight over the pieces, and over the maintenance union, make a span's
 * measure two binary searches and a subtraction.
 */
import {
  checkWeight,
  heaviestSegments,
  toPairs,
  union,
  type DowntimeMeasure,
  type ImpactInterval,
  type TimeRange,
} from './downtime.ts';

/** Per-weight sums of one measurement; services have one or two weights (outage, degraded). */
const SCRATCH = new Float64Array(8);

export class DowntimeProfile implements DowntimeMeasure {
  /** Disjoint pieces, sorted: starts, ends (the last may be +∞: an ongoing incident) and weights. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly weights: number[] = [];
  /** The distinct weights, ascending, and per weight the prefix sums of its finite pieces' lengths. */
  private readonly weightList: number[];
  private readonly sums: Float64Array[];
  /** The maintenance union, sorted and disjoint, with prefix sums of lengths. */
  private readonly mStarts: number[] = [];
  private readonly mEnds: number[] = [];
  private readonly mSums: number[] = [0];

  constructor(intervals: readonly ImpactInterval[], maintenance: readonly TimeRange[]) {
    const closed = union(toPairs(maintenance), -Infinity, Infinity);
    for (const [s, e] of closed) {
      this.mStarts.push(s);
      this.mEnds.push(e);
      this.mSums.push(this.mSums[this.mSums.length - 1]! + (e - s));
    }
    const clipped: Array<{ start: number; end: number; weight: number }> = [];
    for (const i of intervals) {
      checkWeight(i.weight, 'impact weight');
      if (i.weight === 0) continue;
      const start = i.start.getTime();
      const end = i.end === null ? Infinity : i.end.getTime();
      if (end > start) clipped.push({ start, end, weight: i.weight });
    }
    clipped.sort((a, b) => a.start - b.start);
    // Subtract maintenance from each segment: both are sorted and disjoint, one merge pass.
    let k = 0;
    for (const seg of heaviestSegments(clipped)) {
      let at = seg.start;
      while (k < closed.length && closed[k]![1] <= at) k++;
      for (let j = k; j < closed.length && closed[j]![0] < seg.end; j++) {
        if (closed[j]![0] > at) this.piece(at, closed[j]![0], seg.weight);
        at = Math.max(at, closed[j]![1]);
      }
      if (at < seg.end) this.piece(at, seg.end, seg.weight);
    }
    this.weightList = [...new Set(this.weights)].sort((a, b) => a - b);
    this.sums = this.weightList.map((w) => {
      const sums = new Float64Array(this.starts.length + 1);
      for (let i = 0; i < this.starts.length; i++) {
        const len = this.weights[i] === w && Number.isFinite(this.ends[i]!) ? this.ends[i]! - this.starts[i]! : 0;
        sums[i + 1] = sums[i]! + len;
      }
      return sums;
    });
  }

  private piece(start: number, end: number, weight: number): void {
    const n = this.starts.length;
    // Adjacent pieces of one weight join (a segment split only by a boundary of a lighter interval).
    if (n > 0 && this.ends[n - 1] === start && this.weights[n - 1] === weight) this.ends[n - 1] = end;
    else {
      this.starts.push(start);
      this.ends.push(end);
      this.weights.push(weight);
    }
  }

  downtime(from: Date, to: Date, now: Date): number {
    const lo = from.getTime();
    const hi = Math.min(to.getTime(), now.getTime());
    if (!(hi > lo) || this.starts.length === 0) return 0;
    const first = firstAfter(this.ends, lo);
    const last = lastStartBefore(this.starts, hi);
    if (first > last) return 0;
    // The hot path of a kept `status`: no closures, no maps. Per weight (ascending, as `weighted` sums).
    const n = this.weightList.length;
    const byWeight = n <= SCRATCH.length ? SCRATCH.fill(0, 0, n) : new Float64Array(n);
    byWeight[this.weightList.indexOf(this.weights[first]!)]! += Math.min(this.ends[first]!, hi) - Math.max(this.starts[first]!, lo);
    if (last > first) {
      byWeight[this.weightList.indexOf(this.weights[last]!)]! += Math.min(this.ends[last]!, hi) - Math.max(this.starts[last]!, lo);
      // Pieces strictly between the two ends lie wholly inside [lo, hi), and are finite: only the last
      // piece of all can run to +∞, and it starts after them.
      for (let w = 0; w < n; w++) byWeight[w]! += this.sums[w]![last]! - this.sums[w]![first + 1]!;
    }
    let total = 0;
    for (let w = 0; w < n; w++) if (byWeight[w]! > 0) total += this.weightList[w]! * byWeight[w]!;
    return total;
  }

  maintenance(from: Date, to: Date): number {
    const lo = from.getTime();
    const hi = to.getTime();
    if (!(hi > lo) || this.mStarts.length === 0) return 0;
    const first = firstAfter(this.mEnds, lo);
    const last = lastStartBefore(this.mStarts, hi);
    if (first > last) return 0;
    const head = Math.min(this.mEnds[first]!, hi) - Math.max(this.mStarts[first]!, lo);
    if (first === last) return head;
    return head + (Math.min(this.mEnds[last]!, hi) - Math.max(this.mStarts[last]!, lo)) + (this.mSums[last]! - this.mSums[first + 1]!);
  }

  downtimeAfter(t: number): boolean {
    return this.ends.length > 0 && this.ends[this.ends.length - 1]! > t;
  }

  /**
   * Until when every span `[x − L, x)` (for each `L` of `downtimeLookbacks`: 0 means the span up to
   * `x` from a fixed start) measures the same downtime as at `x = t`, and every `[x − L, x)` of
   * `maintenanceLookbacks` the same maintenance: the first instant after `t` at which one of those spans'
   * ends reaches a piece. `t` itself when one is inside a piece already (the figure runs with time).
   */
  steadyUntil(t: number, downtimeLookbacks: readonly number[], maintenanceLookbacks: readonly number[]): number {
    let until = Infinity;
    for (const l of downtimeLookbacks) until = Math.min(until, quietFor(this.starts, this.ends, t - l) + l, quietFor(this.starts, this.ends, t));
    for (const l of maintenanceLookbacks) until = Math.min(until, quietFor(this.mStarts, this.mEnds, t - l) + l, quietFor(this.mStarts, this.mEnds, t));
    return Math.max(t, until);
  }
}

/**
 * For disjoint sorted ranges: `y` if some range holds `y`, else the next range's start after `y` (+∞ if
 * none) — how long an end of a span can sit at `y` and move forward without entering a range.
 */
function quietFor(starts: readonly number[], ends: readonly number[], y: number): number {
  const i = firstAfter(ends, y); // the first range ending after y: it holds y, or starts after it
  if (i >= starts.length) return Infinity;
  return starts[i]! <= y ? y : starts[i]!;
}

/** Index of the last sorted `starts[i] < t`, or −1. */
function lastStartBefore(starts: readonly number[], t: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first sorted `xs[i] > t`, or `xs.length`. */
function firstAfter(xs: readonly number[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
