/** Charts of every kind for the renderer's tests, on local days and weeks of Europe/Berlin. */
import { DateTime } from 'luxon';
import type { AttainmentChart, AvailabilityChart, BudgetChart, Chart, ResponseTrendChart } from '../../../src/charts/chart.ts';

export const ZONE = 'Europe/Berlin';
const DAY = 86_400_000;

/** Local midnight `days` days after 1 Nov 2026 in Berlin. */
export function day(days: number, start = '2026-11-01'): Date {
  return DateTime.fromISO(start, { zone: ZONE }).plus({ days }).toJSDate();
}

export function budget(over: Partial<BudgetChart> = {}): BudgetChart {
  const from = day(0);
  return {
    kind: 'budget',
    title: 'Error budget of Payments API · 30d',
    target: 0.999,
    from,
    to: day(30),
    points: Array.from({ length: 31 }, (_, i) => ({ at: new Date(from.getTime() + i * 0.7 * DAY), left: i < 6 ? 1 : i < 14 ? 0.75 : 0.63 })),
    incidents: [
      { at: new Date(from.getTime() + 6 * 0.7 * DAY), label: 'INC-7' },
      { at: new Date(from.getTime() + 14 * 0.7 * DAY), label: 'INC-9' },
    ],
    ...over,
  };
}

export function availability(over: Partial<AvailabilityChart> = {}): AvailabilityChart {
  return {
    kind: 'availability',
    title: 'Availability of Payments API per day',
    target: 0.999,
    bucket: 'day',
    points: Array.from({ length: 30 }, (_, i) => ({ from: day(i), availability: i === 11 ? 0.992 : i === 20 ? 0.9985 : i >= 27 ? null : 1 })),
    ...over,
  };
}

export function attainment(over: Partial<AttainmentChart> = {}): AttainmentChart {
  return {
    kind: 'attainment',
    title: 'SLA attainment per week · all services',
    weeks: [0, 7, 14, 28].flatMap((d, w) =>
      ['P1', 'P2'].map((priority, j) => ({ from: day(1 + d), priority, ackMet: w === 2 && j === 0 ? 0.5 : 1, resolveMet: w === 1 && j === 1 ? null : 0.8 + j * 0.1 })),
    ),
    ...over,
  };
}

export function response(over: Partial<ResponseTrendChart> = {}): ResponseTrendChart {
  return {
    kind: 'response',
    title: 'MTTA and MTTR per week · all services',
    points: Array.from({ length: 5 }, (_, i) => ({ from: day(1 + 7 * i), mttaMs: i === 2 ? null : (4 + i) * 60_000, mttrMs: (30 + 10 * i) * 60_000 })),
    ...over,
  };
}

export const everyKind = (): Chart[] => [budget(), availability(), attainment(), response()];

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
