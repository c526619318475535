/**
 * Which incident each moment of a service's downtime belongs to, so a report's raw rows add up to the
 * downtime behind its availability figure (docs/semantics.md §10).
 *
 * {@link weightedDowntime} counts, at each instant, the heaviest weight active, outside maintenance. This
 * splits exactly that time among the intervals: each moment goes to one interval — the heaviest, then the
 * one that started first, then the lowest owner — so the milliseconds each weight counts are the same
 * integers as the sweep's, and the owners' shares add up to its total.
 */
import { checkWeight, toPairs, union, weighted, type ImpactInterval, type TimeRange } from './downtime.ts';

/** An impact interval and who it belongs to (an incident number). */
export type OwnedInterval = ImpactInterval & { owner: number };

/** What one owner counts: weighted ms (as {@link weighted} sums them), and the ms at each weight. */
export type OwnedDowntime = { downtimeMs: number; msByWeight: Map<number, number> };

type Live = { start: number; end: number; weight: number; began: number; owner: number };

/**
 * The downtime {@link weightedDowntime} counts within `[from, to)` up to `now`, per owner. Owners that
 * count nothing are absent. O(n log n) in the number of intervals and maintenance windows.
 * @throws BadArgumentError if a weight is outside [0, 1].
 */
export function attributeDowntime(intervals: readonly OwnedInterval[], maintenance: readonly TimeRange[], from: Date, to: Date, now: Date): Map<number, OwnedDowntime> {
  const lo = from.getTime();
  const hi = Math.min(to.getTime(), now.getTime());
  const out = new Map<number, OwnedDowntime>();
  if (!(hi > lo)) return out;
  const live: Live[] = [];
  for (const i of intervals) {
    checkWeight(i.weight, 'impact weight');
    const start = Math.max(i.start.getTime(), lo);
    const end = Math.min(i.end === null ? hi : i.end.getTime(), hi);
    if (i.weight > 0 && end > start) live.push({ start, end, weight: i.weight, began: i.start.getTime(), owner: i.owner });
  }
  live.sort((a, b) => a.start - b.start);
  const points = [...new Set(live.flatMap((l) => [l.start, l.end]))].sort((a, b) => a - b);
  const closed = union(toPairs(maintenance), lo, hi);
  const active = new Heap<Live>((a, b) => b.weight - a.weight || a.began - b.began || a.owner - b.owner);
  let next = 0;
  let m = 0;
  for (let p = 0; p + 1 < points.length; p++) {
    const [t, u] = [points[p]!, points[p + 1]!];
    while (next < live.length && live[next]!.start <= t) active.push(live[next++]!);
    // An ended interval leaves only once it is on top: one buried under a better one decides nothing.
    while (active.top && active.top.end <= t) active.pop();
    const owner = active.top;
    if (!owner) continue;
    // Maintenance windows are sorted and disjoint, and segments come in order: one pass takes them off.
    while (m < closed.length && closed[m]![1] <= t) m++;
    let ms = u - t;
    for (let k = m; k < closed.length && closed[k]![0] < u; k++) ms -= Math.min(u, closed[k]![1]) - Math.max(t, closed[k]![0]);
    if (ms <= 0) continue;
    const mine = out.get(owner.owner) ?? { downtimeMs: 0, msByWeight: new Map<number, number>() };
    mine.msByWeight.set(owner.weight, (mine.msByWeight.get(owner.weight) ?? 0) + ms);
    out.set(owner.owner, mine);
  }
  for (const d of out.values()) d.downtimeMs = weighted(d.msByWeight);
  return out;
}

/** A binary heap with the item `before` puts first on top. */
class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => number) {}

  get top(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (this.before(a[up]!, a[i]!) <= 0) return;
      [a[up], a[i]] = [a[i]!, a[up]!];
      i = up;
    }
  }

  pop(): void {
    const a = this.items;
    const last = a.pop();
    if (last === undefined || a.length === 0) return;
    a[0] = last;
    for (let i = 0; ; ) {
      let best = i;
      for (const c of [2 * i + 1, 2 * i + 2]) if (c < a.length && this.before(a[c]!, a[best]!) < 0) best = c;
      if (best === i) return;
      [a[best], a[i]] = [a[i]!, a[best]!];
      i = best;
    }
  }
}
