import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { incidentStats, type IncidentFigures } from '../../../src/slo/incident-stats.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const from = new Date('2026-06-01T00:00:00Z');
const to = new Date('2026-06-08T00:00:00Z');
const period = { start: from, end: to };
const at = (ms: number): Date => new Date(from.getTime() + ms);

/** An incident opened `openedAfter` ms into the period, acknowledged/resolved that many ms after opening. */
function incident(
  openedAfter: number,
  ackAfter: number | null,
  resolveAfter: number | null,
  extra: Partial<IncidentFigures> = {},
): IncidentFigures {
  return {
    openedAt: at(openedAfter),
    acknowledgedAt: ackAfter === null ? null : at(openedAfter + ackAfter),
    resolvedAt: resolveAfter === null ? null : at(openedAfter + resolveAfter),
    breached: false,
    ...extra,
  };
}

describe('incidentStats', () => {
  it('no incidents: zero counts and no means', () => {
    expect(incidentStats([], period)).toEqual({
      opened: 0,
      resolved: 0,
      breaches: 0,
      mttaMs: null,
      mttrMs: null,
      mttaBusinessMs: null,
      mttrBusinessMs: null,
    });
  });

  it('MTTA over acknowledged incidents, MTTR over resolved ones, wall clock', () => {
    const s = incidentStats(
      [incident(HOUR, 5 * MIN, HOUR), incident(DAY, 15 * MIN, 3 * HOUR), incident(2 * DAY, null, null)],
      period,
    );
    expect(s.opened).toBe(3);
    expect(s.resolved).toBe(2);
    expect(s.mttaMs).toBe(10 * MIN);
    expect(s.mttrMs).toBe(2 * HOUR);
  });

  it('an incident resolved without an acknowledgement counts for MTTR only', () => {
    const s = incidentStats([incident(HOUR, null, 30 * MIN), incident(2 * HOUR, 4 * MIN, 90 * MIN)], period);
    expect(s.mttaMs).toBe(4 * MIN);
    expect(s.mttrMs).toBe(HOUR);
  });

  it('counts the incidents opened in [from, to): not before, not at `to`', () => {
    const s = incidentStats(
      [
        incident(-HOUR, 5 * MIN, 2 * HOUR), // opened before the period, resolved inside: earlier period
        incident(0, MIN, 10 * MIN), // opened at `from`: counts
        incident(7 * DAY, MIN, 10 * MIN), // opened at `to`: next period
      ],
      period,
    );
    expect(s.opened).toBe(1);
    expect(s.resolved).toBe(1);
    expect(s.mttaMs).toBe(MIN);
    expect(s.mttrMs).toBe(10 * MIN);
  });

  it('is as of `to`: acknowledgements and resolutions after it have not happened yet', () => {
    const s = incidentStats([incident(7 * DAY - HOUR, 30 * MIN, 2 * HOUR), incident(7 * DAY - HOUR, HOUR, HOUR)], period);
    expect(s.opened).toBe(2);
    expect(s.mttaMs).toBe(45 * MIN); // both acknowledged by `to` (the second exactly at it)
    expect(s.resolved).toBe(1); // the first resolves an hour after `to`
    expect(s.mttrMs).toBe(HOUR);
  });

  it('breaches count incidents with a breached clock, once each', () => {
    const s = incidentStats(
      [
        incident(HOUR, MIN, null, { breached: true }),
        incident(2 * HOUR, MIN, null),
        incident(-DAY, MIN, null, { breached: true }), // before the period
      ],
      period,
    );
    expect(s.breaches).toBe(1);
  });

  it('business-time means skip incidents without the figure', () => {
    const s = incidentStats(
      [
        incident(HOUR, 5 * MIN, HOUR, { ackBusinessMs: 0, resolveBusinessMs: 30 * MIN }),
        incident(DAY, 15 * MIN, 3 * HOUR, { ackBusinessMs: 10 * MIN, resolveBusinessMs: null }),
        incident(2 * DAY, 20 * MIN, null, { ackBusinessMs: null }),
      ],
      period,
    );
    expect(s.mttaBusinessMs).toBe(5 * MIN);
    expect(s.mttrBusinessMs).toBe(30 * MIN);
    expect(s.mttaMs).toBe((5 + 15 + 20) * MIN / 3);
  });

  it('business-time means are null when no incident has them', () => {
    const s = incidentStats([incident(HOUR, 5 * MIN, HOUR)], period);
    expect(s.mttaBusinessMs).toBeNull();
    expect(s.mttrBusinessMs).toBeNull();
    expect(s.mttaMs).toBe(5 * MIN);
  });

  it('opened and breaches add up over consecutive periods: each incident belongs to one (property)', () => {
    const incidentArb = fc
      .record({
        openedAfter: fc.integer({ min: -DAY, max: 8 * DAY }),
        ack: fc.option(fc.integer({ min: 0, max: DAY })),
        resolve: fc.option(fc.integer({ min: 0, max: 3 * DAY })),
        breached: fc.boolean(),
      })
      .map(({ openedAfter, ack, resolve, breached }) => incident(openedAfter, ack, resolve, { breached }));
    fc.assert(
      fc.property(fc.array(incidentArb, { maxLength: 20 }), fc.integer({ min: 0, max: 7 * DAY }), (incidents, split) => {
        const whole = incidentStats(incidents, period);
        const first = incidentStats(incidents, { start: from, end: at(split) });
        const second = incidentStats(incidents, { start: at(split), end: to });
        expect(first.opened + second.opened).toBe(whole.opened);
        expect(first.breaches + second.breaches).toBe(whole.breaches);
        expect(whole.resolved).toBeLessThanOrEqual(whole.opened);
      }),
    );
  });
});
