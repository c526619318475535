/** A chart in words (src/charts/alt.ts): the key figures, in the reader's zone, for every kind and edge. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { chartAlt } from '../../../src/charts/alt.ts';
import type { AvailabilityChart, BudgetChart } from '../../../src/charts/chart.ts';

const ZONE = 'Europe/Berlin';
const day = (d: number, start = '2026-11-03') => DateTime.fromISO(start, { zone: ZONE }).plus({ days: d }).toJSDate();

function budget(over: Partial<BudgetChart> = {}): BudgetChart {
  return {
    kind: 'budget',
    title: 'Error budget of payments · 30d',
    target: 0.999,
    from: day(0),
    to: day(30),
    points: [
      { at: day(0), left: 1 },
      { at: day(9), left: 0.8 },
      { at: day(15), left: 0.634 },
    ],
    incidents: ['INC-7', 'INC-9', 'INC-12'].map((label, i) => ({ at: day(3 + i * 4), label })),
    ...over,
  };
}

function availability(values: Array<number | null>, over: Partial<AvailabilityChart> = {}): AvailabilityChart {
  return { kind: 'availability', title: 'Availability of payments per day', target: 0.999, bucket: 'day', points: values.map((availability, i) => ({ from: day(i, '2026-11-01'), availability })), ...over };
}

describe('chartAlt', () => {
  it('says how much error budget is left against the ideal line, and which incidents took it', () => {
    expect(chartAlt(budget(), ZONE)).toBe(
      'Error budget of payments · 30d, 30 days to 3 Dec (target 99.9%): 63% left on 18 Nov, ideal 50%; 3 incidents took budget (INC-7, INC-9, INC-12).',
    );
  });

  it('says a budget is overspent, untouched, or has no figures yet', () => {
    expect(chartAlt(budget({ points: [{ at: day(20), left: -0.205 }] }), ZONE)).toContain(': overspent, -21% left on 23 Nov, ideal 33%;');
    expect(chartAlt(budget({ points: [{ at: day(0), left: 1 }], incidents: [] }), ZONE)).toContain(': 100% left on 3 Nov, ideal 100%; no incident took budget.');
    expect(chartAlt(budget({ points: [] }), ZONE)).toBe('Error budget of payments · 30d, 30 days to 3 Dec (target 99.9%): no figures yet.');
    const many = budget({ incidents: Array.from({ length: 8 }, (_, i) => ({ at: day(i), label: `INC-${i + 1}` })) });
    expect(chartAlt(many, ZONE)).toContain('8 incidents took budget (INC-1, INC-2, INC-3, INC-4, INC-5 and 3 more).');
  });

  it('gives the window in the zone, by its local days across a change of summer time', () => {
    // 25 Oct 2026 has 25 hours in Berlin: the window is still 7 days, ending on the local 31 Oct.
    const week = budget({ from: day(0, '2026-10-24'), to: day(7, '2026-10-24'), points: [] });
    expect(chartAlt(week, ZONE)).toMatch(/, 7 days to 31 Oct /);
    expect(chartAlt(week, 'UTC')).toMatch(/, 7 days to 30 Oct /);
  });

  it('names the lowest day, the target and the days below it, and the days not measured', () => {
    const values = Array.from({ length: 30 }, (_, i) => (i === 11 ? 0.992 : i === 20 ? 0.9985 : i >= 28 ? null : 1));
    expect(chartAlt(availability(values), ZONE)).toBe(
      'Availability of payments per day, 1 Nov to 30 Nov: lowest 99.20% on 12 Nov, target 99.9%, 2 days below target, 2 days not measured.',
    );
    // A miss by a hair never prints as the target itself.
    expect(chartAlt(availability([0.99899999, 1]), ZONE)).toContain('lowest 99.89% on 1 Nov');
  });

  it('says 100 % plainly, and that nothing was measured when nothing was', () => {
    expect(chartAlt(availability([1, 1, 1], { bucket: 'week', title: 'Weekly' }), ZONE)).toBe('Weekly, 1 Nov to 3 Nov: 100% every week measured, target 99.9%, 0 weeks below target.');
    expect(chartAlt(availability([null, null]), ZONE)).toBe('Availability of payments per day, 1 Nov to 2 Nov: nothing measured yet.');
    expect(chartAlt(availability([]), ZONE)).toBe('Availability of payments per day: nothing measured yet.');
    expect(chartAlt(availability([0.995, 1], { target: null }), ZONE)).toBe('Availability of payments per day, 1 Nov to 2 Nov: lowest 99.50% on 1 Nov.');
  });

  it('names the lowest attainment of a priority and clock, or says every clock was met', () => {
    const weeks = [0, 7, 14].flatMap((d, w) =>
      ['P1', 'P2'].map((priority, j) => ({ from: day(d, '2026-11-02'), priority, ackMet: w === 1 && j === 0 ? 0.5 : 1, resolveMet: j === 1 ? 0.75 : null })),
    );
    expect(chartAlt({ kind: 'attainment', title: 'SLA attainment per week · all services', weeks }, ZONE)).toBe(
      'SLA attainment per week · all services, 3 weeks from 2 Nov, priorities P1, P2. Lowest: P1 acknowledge clocks 50% met in the week of 9 Nov.',
    );
    const perfect = weeks.map((w) => ({ ...w, ackMet: 1, resolveMet: 1 }));
    expect(chartAlt({ kind: 'attainment', title: 'T', weeks: perfect }, ZONE)).toBe('T, 3 weeks from 2 Nov, priorities P1, P2: every SLA clock that ended was met.');
    expect(chartAlt({ kind: 'attainment', title: 'T', weeks: [] }, ZONE)).toBe('T: no SLA clock ended in these weeks.');
  });

  it('gives the latest MTTA and MTTR and their highest week', () => {
    const points = [0, 7, 14].map((d, i) => ({ from: day(d, '2026-11-02'), mttaMs: [12 * 60_000, 40 * 60_000, 7 * 60_000][i]!, mttrMs: i === 2 ? null : (3 + i * 2) * 3_600_000 }));
    expect(chartAlt({ kind: 'response', title: 'MTTA and MTTR per week · payments', points }, ZONE)).toBe(
      'MTTA and MTTR per week · payments, 3 weeks from 2 Nov: MTTA 7m in the week of 16 Nov (highest 40m in the week of 9 Nov); MTTR 5h in the week of 9 Nov.',
    );
    expect(chartAlt({ kind: 'response', title: 'R', points: points.map((p) => ({ ...p, mttaMs: null, mttrMs: null })) }, ZONE)).toBe(
      'R, 3 weeks from 2 Nov: no incident was acknowledged or resolved.',
    );
    expect(chartAlt({ kind: 'response', title: 'R', points: [] }, ZONE)).toBe('R: no incidents yet.');
  });

  it('shows the year when the chart spans two, and falls back to UTC for an unknown zone', () => {
    const c = budget({ from: day(0, '2026-12-20'), to: day(30, '2026-12-20'), points: [{ at: day(14, '2026-12-20'), left: 0.5 }] });
    expect(chartAlt(c, ZONE)).toContain('30 days to 19 Jan 2027');
    expect(chartAlt(c, ZONE)).toContain('on 3 Jan 2027');
    expect(chartAlt(budget(), 'Not/AZone')).toBe(chartAlt(budget(), 'UTC'));
  });
});
