import { DateTime } from 'luxon';
import { addBusinessTime, businessTimeBetween, parseWeeklyHours, type Calendar } from '../src/calendar/index.ts';

/**
 * Micro-benchmark for the calendar engine (docs/semantics.md §1: cost grows with intervals crossed, never with
 * minutes). Compares addBusinessTime with a naive minute-stepping loop that asks luxon, minute by
 * minute, whether the office is open.
 */

const ZONE = 'Europe/Berlin';
const HOUR = 3_600_000;
const MINUTE = 60_000;

// German federal holidays 2025–2027: about ten a year on working days.
const HOLIDAYS = [
  '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01', '2025-05-29', '2025-06-09', '2025-10-03', '2025-12-25', '2025-12-26',
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-25', '2026-12-26',
  '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-17', '2027-10-03', '2027-12-25', '2027-12-26',
];

const CALENDAR: Calendar = { timezone: ZONE, weekly: parseWeeklyHours('mon-fri 09:00-17:00'), holidays: HOLIDAYS };

const SPANS: Array<{ label: string; ms: number; naiveRuns: number }> = [
  { label: '1 working day (8 h)', ms: 8 * HOUR, naiveRuns: 20 },
  { label: '1 month (22 days, 176 h)', ms: 176 * HOUR, naiveRuns: 3 },
  { label: '1 year (250 days, 2000 h)', ms: 2000 * HOUR, naiveRuns: 1 },
];

/** Baseline: step a minute at a time, converting each minute with luxon. Starts must be whole minutes. */
function naiveAddBusinessTime(calendar: Calendar, start: Date, ms: number): Date {
  const holidays = new Set(calendar.holidays ?? []);
  const open = (t: number): boolean => {
    const dt = DateTime.fromMillis(t, { zone: calendar.timezone });
    const minuteOfDay = dt.hour * 60 + dt.minute;
    return dt.weekday <= 5 && !holidays.has(dt.toISODate()!) && minuteOfDay >= 9 * 60 && minuteOfDay < 17 * 60;
  };
  let t = start.getTime();
  for (let left = ms; left > 0; t += MINUTE) if (open(t)) left -= MINUTE;
  return new Date(t);
}

/** Deterministic whole-minute starts spread over 2025 (a small LCG keeps runs comparable). */
function starts(count: number): Date[] {
  const from = DateTime.fromISO('2025-01-01T00:00', { zone: ZONE }).toMillis();
  let seed = 12345;
  return Array.from({ length: count }, () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return new Date(from + (seed % (365 * 1440)) * MINUTE);
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median µs per call over several batches, after a warm-up batch. */
function timeEngine(run: (start: Date) => unknown, inputs: Date[], batches = 7, perBatch = 20_000): number {
  let sink = 0;
  const batch = (): number => {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) if (run(inputs[i % inputs.length]!) !== undefined) sink++;
    return ((performance.now() - t0) * 1000) / perBatch;
  };
  batch(); // warm caches and JIT
  const results = Array.from({ length: batches }, batch);
  if (sink < 0) console.log(sink);
  return median(results);
}

function timeNaive(ms: number, runs: number, inputs: Date[]): { us: number; agrees: boolean } {
  let agrees = true;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) {
    const start = inputs[i % inputs.length]!;
    const naive = naiveAddBusinessTime(CALENDAR, start, ms);
    agrees &&= naive.getTime() === addBusinessTime(CALENDAR, start, ms).getTime();
  }
  return { us: ((performance.now() - t0) * 1000) / runs, agrees };
}

const fmt = (us: number): string => (us < 10 ? us.toFixed(2) : us < 1000 ? us.toFixed(1) : Math.round(us).toLocaleString('en'));

export async function benchCalendar(): Promise<string[]> {
  const inputs = starts(256);
  const lines = [
    `calendar: addBusinessTime on Mon–Fri 09–17 ${ZONE}, ${HOLIDAYS.length} holidays over 2025–2027 (µs per call, median of 7 batches)`,
    `${'span'.padEnd(28)}${'engine'.padStart(10)}${'naive'.padStart(14)}${'speed-up'.padStart(12)}  naive = engine`,
  ];
  for (const span of SPANS) {
    const engine = timeEngine((s) => addBusinessTime(CALENDAR, s, span.ms), inputs);
    const naive = timeNaive(span.ms, span.naiveRuns, inputs);
    lines.push(
      `${span.label.padEnd(28)}${fmt(engine).padStart(10)}${fmt(naive.us).padStart(14)}${`${fmt(naive.us / engine)}×`.padStart(12)}  ${naive.agrees ? 'yes' : 'NO'}`,
    );
  }
  const yearLater = (s: Date): Date => new Date(s.getTime() + 365 * 24 * HOUR);
  const between = timeEngine((s) => businessTimeBetween(CALENDAR, s, yearLater(s)), inputs);
  lines.push(`${'businessTimeBetween, 1 year'.padEnd(28)}${fmt(between).padStart(10)}`);
  // Callers that rebuild the calendar object per call miss the per-object cache and pay validation.
  const fresh = timeEngine((s) => addBusinessTime({ ...CALENDAR }, s, 2000 * HOUR), inputs, 7, 5_000);
  lines.push(`${'new calendar object, 1 year'.padEnd(28)}${fmt(fresh).padStart(10)}`);
  // Cold: the first call landing in a year not seen before scans the zone and builds that year's table.
  const cold = Array.from({ length: 9 }, (_, i) => {
    const t0 = performance.now();
    addBusinessTime(CALENDAR, new Date(Date.UTC(2040 + i, 5, 1)), 8 * HOUR);
    return (performance.now() - t0) * 1000;
  });
  lines.push(`${'first call in a new year'.padEnd(28)}${fmt(median(cold)).padStart(10)}`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const l of await benchCalendar()) console.log(l);
}
