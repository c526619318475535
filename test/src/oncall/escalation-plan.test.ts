/**
 * The escalation ladder as a pure function (docs/semantics.md §7): levels in order, escalation time that
 * holds while paused, snoozed or acknowledged, `at N%` on the acknowledge clock's calendar, repeats.
 */
import { describe, expect, it } from 'vitest';
import { CALENDAR_24X7, type Calendar } from '../../../src/calendar/types.ts';
import type { Actor, IncidentEvent } from '../../../src/domain/incident.ts';
import type { EscalationPolicy } from '../../../src/domain/oncall.ts';
import { escalationSegments, planEscalation, tauAt, type FiredStep } from '../../../src/oncall/escalation-plan.ts';

const A: Actor = { platform: 'slack', id: 'U1' };
const T0 = new Date('2026-03-02T10:00:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const ev = (kind: IncidentEvent['kind'], min: number, data?: Record<string, string>): IncidentEvent => ({ kind, at: at(min), actor: A, text: null, data: data ?? null });
const snooze = (min: number, forMin: number) => ev('snoozed', min, { until: at(min + forMin).toISOString() });

const ladder: Pick<EscalationPolicy, 'levels' | 'repeat'> = {
  levels: [
    { trigger: { kind: 'after', seconds: 300 }, targets: [{ kind: 'rota', rota: 'primary' }] },
    { trigger: { kind: 'after', seconds: 900 }, targets: [{ kind: 'rota', rota: 'secondary' }] },
  ],
  repeat: { times: 2, everySeconds: 1800 },
};

/** Runs the ladder as a sweep would: at each due instant, fire what is due and remember it. */
function run(policy: typeof ladder, events: IncidentEvent[], untilMin: number, ack: Parameters<typeof planEscalation>[0]['ack'] = null): FiredStep[] {
  const fired: FiredStep[] = [];
  let now = at(0);
  for (let guard = 0; guard < 100; guard++) {
    const visible = events.filter((e) => e.at <= now);
    const plan = planEscalation({ policy, events: visible, ack, fired, now });
    for (const f of plan.fire) fired.push({ ...f, at: now });
    // The next look: the plan's due instant, or the next event (a change re-arms the plan).
    const nextEvent = events.find((e) => e.at > now)?.at ?? null;
    const candidates = [plan.dueAt, nextEvent].filter((d): d is Date => d !== null && d > now);
    if (candidates.length === 0) break;
    now = new Date(Math.min(...candidates.map((d) => d.getTime())));
    if (now > at(untilMin)) break;
  }
  return fired;
}
const minutes = (f: FiredStep[]) => f.map((s) => `${s.level}.${s.round}@${(s.at.getTime() - T0.getTime()) / 60_000}`);

describe('escalation plan', () => {
  it('fires each level at its time, then repeats the ladder every 30 min, then stops', () => {
    expect(minutes(run(ladder, [ev('opened', 0)], 500))).toEqual(['0.0@5', '1.0@15', '0.1@35', '1.1@45', '0.2@65', '1.2@75']);
  });

  it('acknowledging stops it; nothing more fires', () => {
    expect(minutes(run(ladder, [ev('opened', 0), ev('acknowledged', 7)], 500))).toEqual(['0.0@5']);
  });

  it('an acknowledgement taken back (undone) lets it go on', () => {
    const events = [ev('opened', 0), ev('acknowledged', 7), ev('undone', 7.5, { of: 'acknowledged' })];
    const fired = run(ladder, events, 20);
    // The undone acknowledgement never counted: escalation time ran on through it.
    expect(minutes(fired).slice(0, 2)).toEqual(['0.0@5', '1.0@15']);
  });

  it('a pause holds the ladder where it is; resuming continues with the time left', () => {
    // Level 2 waits 15 min of escalation time; 10 min of pause push it to minute 25.
    expect(minutes(run(ladder, [ev('opened', 0), ev('paused', 8), ev('resumed', 18)], 30))).toEqual(['0.0@5', '1.0@25']);
  });

  it('a snooze holds it until the snooze ends, and a level overdue by then waits only what it had left', () => {
    expect(minutes(run(ladder, [ev('opened', 0), snooze(6, 60)], 80))).toEqual(['0.0@5', '1.0@75']);
    const plan = planEscalation({ policy: ladder, events: [ev('opened', 0), snooze(6, 60)], ack: null, fired: [{ level: 0, round: 0, at: at(5), tauMs: 300_000 }], now: at(10) });
    expect(plan.phase).toBe('snoozed');
    expect(plan.dueAt).toEqual(at(66));
  });

  it('a second snooze replaces the first', () => {
    const events = [ev('opened', 0), snooze(1, 120), snooze(2, 30)];
    expect(escalationSegments(events)).toEqual([
      { start: at(0), end: at(1) },
      { start: at(32), end: null },
    ]);
  });

  it('a reopen of an incident nobody acknowledged resumes from the first level not yet fired', () => {
    // Resolved at 10 (level 1 fired at 5, escalation time 10), reopened at 100: level 2 has 5 min left.
    expect(minutes(run({ ...ladder, repeat: null }, [ev('opened', 0), ev('resolved', 10), ev('reopened', 100)], 200))).toEqual(['0.0@5', '1.0@105']);
  });

  it('a reopen of an acknowledged incident does not escalate', () => {
    expect(minutes(run(ladder, [ev('opened', 0), ev('acknowledged', 2), ev('resolved', 10), ev('reopened', 100)], 300))).toEqual([]);
  });

  it('levels fire in order: a later level whose time has passed fires together with an earlier one', () => {
    const plan = planEscalation({ policy: ladder, events: [ev('opened', 0)], ack: null, fired: [], now: at(20) });
    expect(plan.fire.map((s) => `${s.level}.${s.round}`)).toEqual(['0.0', '1.0']);
    expect(plan.dueAt).toEqual(at(35));
  });

  it('`at 90%` follows the acknowledge clock on its calendar: business hours wait for hours', () => {
    // Weekdays 09:00–17:00 UTC; an acknowledge target of 1 h; opened Friday 16:30.
    const hours: Calendar = { timezone: 'UTC', weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] } };
    const policy: typeof ladder = { levels: [{ trigger: { kind: 'at', percent: 90 }, targets: [{ kind: 'rota', rota: 'primary' }] }], repeat: null };
    const opened: IncidentEvent = { kind: 'opened', at: new Date('2026-03-06T16:30:00Z'), actor: A, text: null, data: null };
    const plan = planEscalation({ policy, events: [opened], ack: { calendar: hours, targetMs: 3_600_000 }, fired: [], now: new Date('2026-03-06T16:31:00Z') });
    // 30 min on Friday, 24 min more on Monday: 09:24, not at night.
    expect(plan.dueAt).toEqual(new Date('2026-03-09T09:24:00Z'));
    const fires = planEscalation({ policy, events: [opened], ack: { calendar: hours, targetMs: 3_600_000 }, fired: [], now: new Date('2026-03-09T09:24:00Z') });
    expect(fires.fire).toHaveLength(1);
  });

  it('`at` levels without an acknowledge target are passed over; `after` levels still fire', () => {
    const policy: typeof ladder = {
      levels: [
        { trigger: { kind: 'at', percent: 50 }, targets: [{ kind: 'rota', rota: 'primary' }] },
        { trigger: { kind: 'after', seconds: 600 }, targets: [{ kind: 'rota', rota: 'secondary' }] },
      ],
      repeat: { times: 1, everySeconds: 600 },
    };
    expect(minutes(run(policy, [ev('opened', 0)], 100))).toEqual(['1.0@10', '1.1@20']);
    const withTarget = run(policy, [ev('opened', 0)], 100, { calendar: CALENDAR_24X7, targetMs: 1_800_000 });
    expect(minutes(withTarget)).toEqual(['0.0@15', '1.0@15', '0.1@25', '1.1@25']);
  });

  it('escalation time is wall-clock while it counts', () => {
    const s = escalationSegments([ev('opened', 0), ev('paused', 10), ev('resumed', 20)]);
    expect(tauAt(s, at(30))).toBe(20 * 60_000);
  });

  it('resolved: done with nothing owed', () => {
    const plan = planEscalation({ policy: ladder, events: [ev('opened', 0), ev('resolved', 1)], ack: null, fired: [], now: at(10) });
    expect(plan).toMatchObject({ fire: [], dueAt: null, phase: 'stopped' });
  });
});
