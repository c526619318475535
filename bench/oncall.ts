import { DateTime } from 'luxon';
import type { Person, Rota, RotaOverride } from '../src/domain/oncall.ts';
import { handoffAtOrBefore, schedule, whoIsOnCall } from '../src/oncall/rota.ts';
import { percentile } from './stats.ts';

/**
 * Micro-benchmark for the rota math (docs/semantics.md §7): whoIsOnCall on a daily rota of 50 members with
 * 200 overrides over two years, at random instants in those years. The baseline, timed the same way in
 * the same run, is one Luxon zone conversion and ISO format per call
 * (`DateTime.fromJSDate(t, { zone }).toISO()`): about the least work any zone-aware answer to "who is on
 * call at t" must do, so the ratio says how many such conversions a lookup costs. The timer floor
 * (an empty call between two performance.now() readings) shows how much of each figure is the clock.
 * Local times come from the calendars' zone tables, one scan of the zone per year shared by every
 * rota and calendar in it; the last line is the cost of a lookup that needs a year not scanned yet.
 */

const ZONE = 'Europe/Berlin';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CALLS = 20_000;
const FROM = Date.UTC(2026, 0, 1);
const SPAN = 2 * 365 * DAY;

/** A small LCG, so every run measures the same rota and instants. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function benchRota(): Rota {
  const rnd = random(4242);
  const members: Person[] = Array.from({ length: 50 }, (_, i) => ({ platform: 'slack', id: `U${String(i).padStart(4, '0')}` }));
  const overrides: RotaOverride[] = Array.from({ length: 200 }, (_, i) => {
    const from = FROM + Math.floor(rnd() * SPAN);
    return {
      id: i + 1,
      person: members[Math.floor(rnd() * members.length)]!,
      from: new Date(from),
      until: new Date(from + HOUR + Math.floor(rnd() * 3 * DAY)),
      createdAt: new Date(FROM - DAY + Math.floor(rnd() * DAY)),
    };
  });
  const handoff = { every: 'day', at: '09:00' } as const;
  return { name: 'bench', zone: ZONE, handoff, members, anchor: handoffAtOrBefore(handoff, ZONE, new Date(FROM)), overrides };
}

/** Per-call times in µs, sorted, after a warm-up pass over the same inputs. */
function timeCalls(run: (t: Date) => unknown, inputs: Date[]): number[] {
  let sink = 0;
  for (const t of inputs) if (run(t) !== undefined) sink++;
  const samples = new Array<number>(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const t0 = performance.now();
    const out = run(inputs[i]!);
    samples[i] = (performance.now() - t0) * 1000;
    if (out !== undefined) sink++;
  }
  if (sink < 0) console.log(sink);
  return samples.sort((a, b) => a - b);
}

const us = (x: number): string => (x < 10 ? x.toFixed(2) : x < 1000 ? x.toFixed(1) : Math.round(x).toLocaleString('en'));

export async function benchOncall(): Promise<string[]> {
  const rota = benchRota();
  const rnd = random(99);
  const inputs = Array.from({ length: CALLS }, () => new Date(FROM + Math.floor(rnd() * SPAN)));
  const rows: Array<[string, number[]]> = [
    ['oncall who', timeCalls((t) => whoIsOnCall(rota, t), inputs)],
    // A rota object rebuilt per call (as from a database row) misses the per-object cache of the anchor.
    ['oncall who, new rota object', timeCalls((t) => whoIsOnCall({ ...rota }, t), inputs)],
    ['baseline: luxon fromJSDate().toISO()', timeCalls((t) => DateTime.fromJSDate(t, { zone: ZONE }).toISO(), inputs)],
    ['timer floor (empty call)', timeCalls((t) => t, inputs)],
  ];
  const weeks = inputs.slice(0, 500);
  rows.push(['oncall schedule, 28 days', timeCalls((t) => schedule(rota, t, new Date(t.getTime() + 28 * DAY)), weeks)]);
  // Cold: the first lookup in a zone-year not seen before scans the zone's offsets for that year.
  const cold = Array.from({ length: 9 }, (_, i) => {
    const t = new Date(Date.UTC(2040 + i, 5, 1));
    const t0 = performance.now();
    whoIsOnCall(rota, t);
    return (performance.now() - t0) * 1000;
  }).sort((a, b) => a - b);
  rows.push(['first lookup in a new year (zone scan)', cold]);
  const baseline = percentile(rows[2]![1], 50);
  const lines = [
    `oncall: whoIsOnCall on a daily ${ZONE} rota, 50 members, 200 overrides over 2 years; ${CALLS.toLocaleString('en')} calls at random instants (µs per call)`,
    `${'case'.padEnd(40)}${'median'.padStart(10)}${'p99'.padStart(10)}${'× baseline'.padStart(13)}`,
  ];
  for (const [label, samples] of rows) {
    const p50 = percentile(samples, 50);
    lines.push(`${label.padEnd(40)}${us(p50).padStart(10)}${us(percentile(samples, 99)).padStart(10)}${`${(p50 / baseline).toFixed(1)}×`.padStart(13)}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const l of await benchOncall()) console.log(l);
}
