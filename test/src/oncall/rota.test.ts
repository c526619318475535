import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Handoff, Person, Rota, RotaOverride, Shift } from '../../../src/domain/oncall.ts';
import {
  MAX_SCHEDULE_SHIFTS,
  handoffAtOrBefore,
  handoffInstant,
  schedule,
  shiftIndexAt,
  whoIsOnCall,
} from '../../../src/oncall/rota.ts';

/**
 * docs/semantics.md §7 rotas. Expected instants are written in UTC, worked out by hand from the 2026
 * transitions: Europe/Berlin springs forward 2026-03-29 01:00Z (02:00→03:00) and falls back 2026-10-25
 * 01:00Z (03:00→02:00); America/New_York 2026-03-08 07:00Z and 2026-11-01 06:00Z.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (iso: string): Date => new Date(`${iso}Z`);
const person = (id: string): Person => ({ platform: 'slack', id });
const [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map(person) as [Person, Person, Person, Person];

function rota(zone: string, handoff: Handoff, members: Person[], createdAt: Date, overrides: RotaOverride[] = []): Rota {
  return { name: 'ops', zone, handoff, members, anchor: handoffAtOrBefore(handoff, zone, createdAt), overrides };
}

let nextId = 1;
function override(who: Person, from: string, until: string, createdAt = '2026-01-01T00:00'): RotaOverride {
  return { id: nextId++, person: who, from: utc(from), until: utc(until), createdAt: utc(createdAt) };
}

/** A shift as readable text: `alice 2026-03-02T08:00–2026-03-03T08:00` (UTC, minutes), `*` for an override. */
function show(s: Shift | null): string {
  if (s === null) return 'nobody';
  const t = (d: Date): string => d.toISOString().slice(0, 16);
  return `${s.person.id}${s.override ? '*' : ''} ${t(s.from)}–${t(s.until)}`;
}
const who = (r: Rota, at: string): [string, string] => {
  const now = whoIsOnCall(r, utc(at));
  return [show(now.current), show(now.next)];
};
const lengths = (r: Rota, from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => (handoffInstant(r, from + i + 1).getTime() - handoffInstant(r, from + i).getTime()) / HOUR);

describe('handoffAtOrBefore: the anchor of a new rota', () => {
  const berlin = 'Europe/Berlin';
  it('daily: today’s hand-off, or yesterday’s before it', () => {
    const h: Handoff = { every: 'day', at: '09:00' };
    expect(handoffAtOrBefore(h, berlin, utc('2026-03-04T10:00'))).toEqual(utc('2026-03-04T08:00'));
    expect(handoffAtOrBefore(h, berlin, utc('2026-03-04T07:59'))).toEqual(utc('2026-03-03T08:00'));
    // A hand-off instant is its own anchor.
    expect(handoffAtOrBefore(h, berlin, utc('2026-03-04T08:00'))).toEqual(utc('2026-03-04T08:00'));
  });

  it('weekly: the last such weekday, a week back when today’s is still ahead', () => {
    const h: Handoff = { every: 'week', weekday: 1, at: '09:00' };
    // 2026-03-04 is a Wednesday; Monday 2026-03-02 09:00 CET.
    expect(handoffAtOrBefore(h, berlin, utc('2026-03-04T12:00'))).toEqual(utc('2026-03-02T08:00'));
    expect(handoffAtOrBefore(h, berlin, utc('2026-03-02T07:00'))).toEqual(utc('2026-02-23T08:00'));
    expect(handoffAtOrBefore({ every: 'week', weekday: 7, at: '23:30' }, berlin, utc('2026-03-02T00:00'))).toEqual(utc('2026-03-01T22:30'));
  });

  it('every N days: the hand-off day is the day of t itself', () => {
    const h: Handoff = { every: 'days', days: 3, at: '09:00' };
    expect(handoffAtOrBefore(h, berlin, utc('2026-03-04T10:00'))).toEqual(utc('2026-03-04T08:00'));
    expect(handoffAtOrBefore(h, berlin, utc('2026-03-04T07:00'))).toEqual(utc('2026-03-03T08:00'));
  });

  it('reads local dates in the zone, not in UTC', () => {
    // 2026-03-04T23:30Z is already Thursday 00:30 in Berlin, and still Wednesday 18:30 in New York.
    expect(handoffAtOrBefore({ every: 'day', at: '00:15' }, berlin, utc('2026-03-04T23:30'))).toEqual(utc('2026-03-04T23:15'));
    expect(handoffAtOrBefore({ every: 'day', at: '00:15' }, 'America/New_York', utc('2026-03-04T23:30'))).toEqual(utc('2026-03-04T05:15'));
  });

  it('refuses a bad zone or hand-off', () => {
    expect(() => handoffAtOrBefore({ every: 'day', at: '09:00' }, 'Mars/Base', utc('2026-03-04T10:00'))).toThrow(RangeError);
    expect(() => handoffAtOrBefore({ every: 'day', at: '24:00' }, berlin, utc('2026-03-04T10:00'))).toThrow(RangeError);
    expect(() => handoffAtOrBefore({ every: 'days', days: 0, at: '09:00' }, berlin, utc('2026-03-04T10:00'))).toThrow(RangeError);
    expect(() => handoffAtOrBefore({ every: 'day', at: '09:00' }, berlin, new Date(NaN))).toThrow(RangeError);
  });
});

describe('rotation', () => {
  // Monday 2026-03-02 09:00 CET = 08:00Z.
  const daily = rota('Europe/Berlin', { every: 'day', at: '09:00' }, [alice, bob, carol], utc('2026-03-02T12:00'));

  it('daily: one member a day, in order, round and round', () => {
    expect(daily.anchor).toEqual(utc('2026-03-02T08:00'));
    expect(who(daily, '2026-03-02T12:00')).toEqual(['alice 2026-03-02T08:00–2026-03-03T08:00', 'bob 2026-03-03T08:00–2026-03-04T08:00']);
    expect(who(daily, '2026-03-03T08:00')[0]).toBe('bob 2026-03-03T08:00–2026-03-04T08:00');
    expect(who(daily, '2026-03-04T07:59')[0]).toBe('bob 2026-03-03T08:00–2026-03-04T08:00');
    expect(who(daily, '2026-03-05T09:00')[0]).toBe('alice 2026-03-05T08:00–2026-03-06T08:00');
    expect(shiftIndexAt(daily, utc('2026-03-05T09:00'))).toBe(3);
  });

  it('before the anchor k is negative and the member is a true modulo', () => {
    expect(shiftIndexAt(daily, utc('2026-03-02T07:59'))).toBe(-1);
    expect(who(daily, '2026-03-02T07:59')).toEqual(['carol 2026-03-01T08:00–2026-03-02T08:00', 'alice 2026-03-02T08:00–2026-03-03T08:00']);
    expect(shiftIndexAt(daily, utc('2026-02-26T12:00'))).toBe(-4);
    expect(who(daily, '2026-02-26T12:00')[0]).toBe('carol 2026-02-26T08:00–2026-02-27T08:00');
    expect(handoffInstant(daily, -30)).toEqual(utc('2026-01-31T08:00'));
  });

  it('far from the anchor, in either direction, without walking the shifts in between', () => {
    expect(shiftIndexAt(daily, utc('2036-03-02T12:00'))).toBe(3653);
    expect(handoffInstant(daily, 3653)).toEqual(utc('2036-03-02T08:00'));
    // 2016-03-02 to 2026-03-02 has two leap days (2020, 2024); 2026 to 2036 has three.
    expect(shiftIndexAt(daily, utc('2016-03-02T12:00'))).toBe(-3652);
  });

  it('weekly: a week each, from the weekday’s hand-off', () => {
    const weekly = rota('Europe/Berlin', { every: 'week', weekday: 1, at: '09:00' }, [alice, bob], utc('2026-03-04T12:00'));
    expect(who(weekly, '2026-03-04T12:00')).toEqual(['alice 2026-03-02T08:00–2026-03-09T08:00', 'bob 2026-03-09T08:00–2026-03-16T08:00']);
    expect(who(weekly, '2026-03-20T12:00')[0]).toBe('alice 2026-03-16T08:00–2026-03-23T08:00');
    expect(shiftIndexAt(weekly, utc('2026-03-01T12:00'))).toBe(-1);
  });

  it('every 3 days: hand-offs three local days apart, from the day the rota was set', () => {
    const r = rota('Europe/Berlin', { every: 'days', days: 3, at: '09:00' }, [alice, bob], utc('2026-03-04T12:00'));
    expect(r.anchor).toEqual(utc('2026-03-04T08:00'));
    expect(who(r, '2026-03-06T12:00')).toEqual(['alice 2026-03-04T08:00–2026-03-07T08:00', 'bob 2026-03-07T08:00–2026-03-10T08:00']);
    expect(handoffInstant(r, -1)).toEqual(utc('2026-03-01T08:00'));
    // Across the spring transition: Mar 28 09:00 CET (08:00Z) to Mar 31 09:00 CEST (07:00Z) is 71 h.
    expect(handoffInstant(r, 8)).toEqual(utc('2026-03-28T08:00'));
    expect(handoffInstant(r, 9)).toEqual(utc('2026-03-31T07:00'));
  });

  it('an anchor that is not a hand-off counts from the hand-off before it', () => {
    const r: Rota = { ...daily, anchor: utc('2026-03-02T15:00') };
    expect(handoffInstant(r, 0)).toEqual(utc('2026-03-02T08:00'));
    expect(who(r, '2026-03-02T12:00')[0]).toBe('alice 2026-03-02T08:00–2026-03-03T08:00');
  });
});

describe('DST: Europe/Berlin 2026', () => {
  const zone = 'Europe/Berlin';

  it('weekly Sunday 02:30: the gap moves it forward by the gap, the overlap takes the first 02:30', () => {
    const r = rota(zone, { every: 'week', weekday: 7, at: '02:30' }, [alice, bob], utc('2026-03-16T00:00'));
    expect(r.anchor).toEqual(utc('2026-03-15T01:30'));
    // 2026-03-29 02:30 does not exist: 03:30 CEST = 01:30Z (what Luxon does; not 03:00, the gap's end).
    expect([1, 2, 3].map((k) => handoffInstant(r, k))).toEqual([utc('2026-03-22T01:30'), utc('2026-03-29T01:30'), utc('2026-04-05T00:30')]);
    expect(lengths(r, 1, 3)).toEqual([7 * 24, 7 * 24 - 1]);
    // 2026-10-25 02:30 happens twice: the first is 02:30 CEST = 00:30Z.
    const k = shiftIndexAt(r, utc('2026-10-20T00:00'));
    expect([k, k + 1, k + 2].map((i) => handoffInstant(r, i))).toEqual([utc('2026-10-18T00:30'), utc('2026-10-25T00:30'), utc('2026-11-01T01:30')]);
    expect(lengths(r, k, k + 2)).toEqual([7 * 24, 7 * 24 + 1]);
    expect(shiftIndexAt(r, utc('2026-10-25T00:29'))).toBe(k);
    expect(shiftIndexAt(r, utc('2026-10-25T00:30'))).toBe(k + 1);
    // At the second 02:30 CET (01:30Z) the hand-off is already an hour past.
    expect(shiftIndexAt(r, utc('2026-10-25T01:30'))).toBe(k + 1);
  });

  it('daily 09:00: the shifts over the transitions are 23 h and 25 h long', () => {
    const r = rota(zone, { every: 'day', at: '09:00' }, [alice, bob, carol], utc('2026-03-02T12:00'));
    const spring = shiftIndexAt(r, utc('2026-03-28T12:00'));
    expect(handoffInstant(r, spring)).toEqual(utc('2026-03-28T08:00'));
    expect(handoffInstant(r, spring + 1)).toEqual(utc('2026-03-29T07:00'));
    expect(lengths(r, spring - 1, spring + 2)).toEqual([24, 23, 24]);
    const autumn = shiftIndexAt(r, utc('2026-10-24T12:00'));
    expect(handoffInstant(r, autumn)).toEqual(utc('2026-10-24T07:00'));
    expect(handoffInstant(r, autumn + 1)).toEqual(utc('2026-10-25T08:00'));
    expect(lengths(r, autumn - 1, autumn + 2)).toEqual([24, 25, 24]);
    const now = whoIsOnCall(r, utc('2026-03-29T06:59'));
    expect(now.current!.until.getTime() - now.current!.from.getTime()).toBe(23 * HOUR);
  });

  it('schedule over the spring and the autumn week', () => {
    const r = rota(zone, { every: 'day', at: '09:00' }, [alice, bob], utc('2026-03-23T12:00'));
    // Monday 00:00 to Monday 00:00, local.
    const spring = schedule(r, utc('2026-03-22T23:00'), utc('2026-03-29T22:00'));
    expect(spring.map(show)).toEqual([
      'bob 2026-03-22T23:00–2026-03-23T08:00',
      'alice 2026-03-23T08:00–2026-03-24T08:00',
      'bob 2026-03-24T08:00–2026-03-25T08:00',
      'alice 2026-03-25T08:00–2026-03-26T08:00',
      'bob 2026-03-26T08:00–2026-03-27T08:00',
      'alice 2026-03-27T08:00–2026-03-28T08:00',
      'bob 2026-03-28T08:00–2026-03-29T07:00',
      'alice 2026-03-29T07:00–2026-03-29T22:00',
    ]);
    const autumn = schedule(r, utc('2026-10-18T22:00'), utc('2026-10-25T23:00'));
    expect(autumn.map(show).slice(-3)).toEqual([
      'alice 2026-10-23T07:00–2026-10-24T07:00',
      'bob 2026-10-24T07:00–2026-10-25T08:00',
      'alice 2026-10-25T08:00–2026-10-25T23:00',
    ]);
    expect(autumn.reduce((sum, s) => sum + s.until.getTime() - s.from.getTime(), 0)).toBe(7 * DAY + HOUR);
  });
});

describe('DST: America/New_York 2026', () => {
  const zone = 'America/New_York';
  it('a daily 02:30 hand-off in the March gap is 03:30 EDT; daily 01:30 in November is the first (EDT) one', () => {
    const gap = rota(zone, { every: 'day', at: '02:30' }, [alice, bob], utc('2026-03-01T12:00'));
    const k = shiftIndexAt(gap, utc('2026-03-07T12:00'));
    expect([k, k + 1, k + 2].map((i) => handoffInstant(gap, i))).toEqual([utc('2026-03-07T07:30'), utc('2026-03-08T07:30'), utc('2026-03-09T06:30')]);
    const overlap = rota(zone, { every: 'day', at: '01:30' }, [alice, bob], utc('2026-10-25T12:00'));
    const j = shiftIndexAt(overlap, utc('2026-10-31T12:00'));
    // 01:30 EDT = 05:30Z (the second 01:30, EST, would be 06:30Z).
    expect([j, j + 1, j + 2].map((i) => handoffInstant(overlap, i))).toEqual([utc('2026-10-31T05:30'), utc('2026-11-01T05:30'), utc('2026-11-02T06:30')]);
    expect(lengths(overlap, j, j + 2)).toEqual([24, 25]);
  });

  it('weekly Monday 09:00 keeps 09:00 local on both sides', () => {
    const r = rota(zone, { every: 'week', weekday: 1, at: '09:00' }, [alice, bob], utc('2026-03-02T15:00'));
    expect(handoffInstant(r, 0)).toEqual(utc('2026-03-02T14:00'));
    expect(handoffInstant(r, 1)).toEqual(utc('2026-03-09T13:00'));
    expect(lengths(r, 0, 1)).toEqual([7 * 24 - 1]);
  });
});

describe('overrides', () => {
  // Daily 09:00 UTC: alice Mar 2, bob Mar 3, carol Mar 4, alice Mar 5 …
  const base = (overrides: RotaOverride[], members = [alice, bob, carol]): Rota =>
    rota('UTC', { every: 'day', at: '09:00' }, members, utc('2026-03-02T12:00'), overrides);

  it('inside a shift: the override person for its bounds; the shift around it is cut', () => {
    const r = base([override(dave, '2026-03-02T12:00', '2026-03-02T18:00')]);
    expect(who(r, '2026-03-02T13:00')).toEqual(['dave* 2026-03-02T12:00–2026-03-02T18:00', 'alice 2026-03-02T18:00–2026-03-03T09:00']);
    expect(who(r, '2026-03-02T10:00')).toEqual(['alice 2026-03-02T09:00–2026-03-02T12:00', 'dave* 2026-03-02T12:00–2026-03-02T18:00']);
    expect(who(r, '2026-03-02T20:00')).toEqual(['alice 2026-03-02T18:00–2026-03-03T09:00', 'bob 2026-03-03T09:00–2026-03-04T09:00']);
    expect(schedule(r, utc('2026-03-02T09:00'), utc('2026-03-03T09:00')).map(show)).toEqual([
      'alice 2026-03-02T09:00–2026-03-02T12:00',
      'dave* 2026-03-02T12:00–2026-03-02T18:00',
      'alice 2026-03-02T18:00–2026-03-03T09:00',
    ]);
  });

  it('spanning a hand-off: one stretch, and the next shift starts when it ends', () => {
    const r = base([override(dave, '2026-03-02T20:00', '2026-03-03T12:00')]);
    expect(who(r, '2026-03-03T10:00')).toEqual(['dave* 2026-03-02T20:00–2026-03-03T12:00', 'bob 2026-03-03T12:00–2026-03-04T09:00']);
    expect(schedule(r, utc('2026-03-02T09:00'), utc('2026-03-04T09:00')).map(show)).toEqual([
      'alice 2026-03-02T09:00–2026-03-02T20:00',
      'dave* 2026-03-02T20:00–2026-03-03T12:00',
      'bob 2026-03-03T12:00–2026-03-04T09:00',
    ]);
  });

  it('overlapping overrides: the one created last wins where they overlap', () => {
    const early = override(dave, '2026-03-02T10:00', '2026-03-02T20:00', '2026-02-01T00:00');
    const late = override(bob, '2026-03-02T14:00', '2026-03-02T16:00', '2026-02-02T00:00');
    // The array order does not matter; createdAt does.
    const r = base([late, early]);
    expect(who(r, '2026-03-02T12:00')).toEqual(['dave* 2026-03-02T10:00–2026-03-02T14:00', 'bob* 2026-03-02T14:00–2026-03-02T16:00']);
    expect(who(r, '2026-03-02T15:00')).toEqual(['bob* 2026-03-02T14:00–2026-03-02T16:00', 'dave* 2026-03-02T16:00–2026-03-02T20:00']);
    expect(who(r, '2026-03-02T17:00')).toEqual(['dave* 2026-03-02T16:00–2026-03-02T20:00', 'alice 2026-03-02T20:00–2026-03-03T09:00']);
    expect(schedule(r, utc('2026-03-02T09:00'), utc('2026-03-02T21:00')).map(show)).toEqual([
      'alice 2026-03-02T09:00–2026-03-02T10:00',
      'dave* 2026-03-02T10:00–2026-03-02T14:00',
      'bob* 2026-03-02T14:00–2026-03-02T16:00',
      'dave* 2026-03-02T16:00–2026-03-02T20:00',
      'alice 2026-03-02T20:00–2026-03-02T21:00',
    ]);
    // Created later but wholly covered by nothing: the earlier, wider one hides under it only where they overlap.
    const wide = override(carol, '2026-03-02T00:00', '2026-03-03T00:00', '2026-02-03T00:00');
    expect(who(base([early, late, wide]), '2026-03-02T15:00')[0]).toBe('carol* 2026-03-02T00:00–2026-03-03T00:00');
  });

  it('equal createdAt: the higher id wins', () => {
    const a = { ...override(dave, '2026-03-02T10:00', '2026-03-02T20:00'), id: 7 };
    const b = { ...override(bob, '2026-03-02T10:00', '2026-03-02T20:00'), id: 8 };
    expect(who(base([b, a]), '2026-03-02T12:00')[0]).toBe('bob* 2026-03-02T10:00–2026-03-02T20:00');
  });

  it('an override of the person already on call is still reported as the override; next skips that person', () => {
    const r = base([override(alice, '2026-03-02T12:00', '2026-03-02T18:00')]);
    expect(who(r, '2026-03-02T13:00')).toEqual(['alice* 2026-03-02T12:00–2026-03-02T18:00', 'bob 2026-03-03T09:00–2026-03-04T09:00']);
    expect(who(r, '2026-03-02T10:00')).toEqual(['alice 2026-03-02T09:00–2026-03-02T12:00', 'bob 2026-03-03T09:00–2026-03-04T09:00']);
  });

  it('an override past the end of a shift, and of the schedule span, is clipped only by the span', () => {
    const r = base([override(dave, '2026-03-03T20:00', '2026-03-06T09:00')]);
    expect(who(r, '2026-03-05T12:00')).toEqual(['dave* 2026-03-03T20:00–2026-03-06T09:00', 'bob 2026-03-06T09:00–2026-03-07T09:00']);
    expect(schedule(r, utc('2026-03-03T09:00'), utc('2026-03-04T12:00')).map(show)).toEqual([
      'bob 2026-03-03T09:00–2026-03-03T20:00',
      'dave* 2026-03-03T20:00–2026-03-04T12:00',
    ]);
  });

  it('ignores empty overrides and ones long past', () => {
    const r = base([override(dave, '2026-03-02T12:00', '2026-03-02T12:00'), override(dave, '2025-01-01T00:00', '2025-01-02T00:00')]);
    expect(who(r, '2026-03-02T13:00')[0]).toBe('alice 2026-03-02T09:00–2026-03-03T09:00');
  });
});

describe('small rotas', () => {
  const daily = (members: Person[], overrides: RotaOverride[] = []): Rota =>
    rota('UTC', { every: 'day', at: '09:00' }, members, utc('2026-03-02T12:00'), overrides);

  it('an empty rota: nobody on call, and the next override when one comes', () => {
    expect(who(daily([]), '2026-03-02T12:00')).toEqual(['nobody', 'nobody']);
    const r = daily([], [override(dave, '2026-03-10T00:00', '2026-03-11T00:00'), override(bob, '2026-03-20T00:00', '2026-03-21T00:00')]);
    expect(who(r, '2026-03-02T12:00')).toEqual(['nobody', 'dave* 2026-03-10T00:00–2026-03-11T00:00']);
    expect(who(r, '2026-03-10T12:00')).toEqual(['dave* 2026-03-10T00:00–2026-03-11T00:00', 'bob* 2026-03-20T00:00–2026-03-21T00:00']);
    expect(who(r, '2026-03-20T12:00')).toEqual(['bob* 2026-03-20T00:00–2026-03-21T00:00', 'nobody']);
    // The gaps with nobody on call are left out.
    expect(schedule(r, utc('2026-03-01T00:00'), utc('2026-04-01T00:00')).map(show)).toEqual([
      'dave* 2026-03-10T00:00–2026-03-11T00:00',
      'bob* 2026-03-20T00:00–2026-03-21T00:00',
    ]);
  });

  it('a rota of one: current ends at the next hand-off, next is null until an override comes', () => {
    expect(who(daily([alice]), '2026-03-02T12:00')).toEqual(['alice 2026-03-02T09:00–2026-03-03T09:00', 'nobody']);
    const r = daily([alice], [override(bob, '2026-03-05T12:00', '2026-03-05T18:00')]);
    expect(who(r, '2026-03-02T12:00')).toEqual(['alice 2026-03-02T09:00–2026-03-03T09:00', 'bob* 2026-03-05T12:00–2026-03-05T18:00']);
    expect(who(r, '2026-03-05T13:00')).toEqual(['bob* 2026-03-05T12:00–2026-03-05T18:00', 'alice 2026-03-05T18:00–2026-03-06T09:00']);
    expect(who(r, '2026-03-06T13:00')[1]).toBe('nobody');
    expect(schedule(r, utc('2026-03-02T00:00'), utc('2026-03-09T00:00')).map(show)).toEqual([
      'alice 2026-03-02T00:00–2026-03-05T12:00',
      'bob* 2026-03-05T12:00–2026-03-05T18:00',
      'alice 2026-03-05T18:00–2026-03-09T00:00',
    ]);
  });

  it('next skips consecutive shifts of the same person, and their shifts are merged', () => {
    const r = daily([alice, bob, bob, carol]);
    expect(who(r, '2026-03-02T12:00')).toEqual(['alice 2026-03-02T09:00–2026-03-03T09:00', 'bob 2026-03-03T09:00–2026-03-05T09:00']);
    expect(who(r, '2026-03-03T12:00')).toEqual(['bob 2026-03-03T09:00–2026-03-05T09:00', 'carol 2026-03-05T09:00–2026-03-06T09:00']);
    expect(who(r, '2026-03-04T12:00')).toEqual(['bob 2026-03-03T09:00–2026-03-05T09:00', 'carol 2026-03-05T09:00–2026-03-06T09:00']);
    // The last member and the first are the same person across the turn of the rota.
    const wrap = daily([alice, bob, alice]);
    expect(who(wrap, '2026-03-04T12:00')).toEqual(['alice 2026-03-04T09:00–2026-03-06T09:00', 'bob 2026-03-06T09:00–2026-03-07T09:00']);
    expect(schedule(r, utc('2026-03-02T09:00'), utc('2026-03-06T09:00')).map(show)).toEqual([
      'alice 2026-03-02T09:00–2026-03-03T09:00',
      'bob 2026-03-03T09:00–2026-03-05T09:00',
      'carol 2026-03-05T09:00–2026-03-06T09:00',
    ]);
  });

  it('next skips an override of the current person and what follows it', () => {
    const r = daily([alice, bob], [override(alice, '2026-03-03T09:00', '2026-03-03T15:00')]);
    expect(who(r, '2026-03-02T12:00')).toEqual(['alice 2026-03-02T09:00–2026-03-03T09:00', 'bob 2026-03-03T15:00–2026-03-04T09:00']);
  });
});

describe('schedule limits', () => {
  const r = rota('UTC', { every: 'day', at: '09:00' }, [alice, bob], utc('2026-03-02T12:00'));
  it('an empty span is no shifts; a span ending before it starts is refused', () => {
    expect(schedule(r, utc('2026-03-02T12:00'), utc('2026-03-02T12:00'))).toEqual([]);
    expect(() => schedule(r, utc('2026-03-03T12:00'), utc('2026-03-02T12:00'))).toThrow(RangeError);
  });

  it('refuses more than 400 days or more than 5000 shifts', () => {
    expect(schedule(r, utc('2026-01-01T00:00'), new Date(utc('2026-01-01T00:00').getTime() + 400 * DAY))).toHaveLength(401);
    expect(() => schedule(r, utc('2026-01-01T00:00'), new Date(utc('2026-01-01T00:00').getTime() + 400 * DAY + 1))).toThrow(RangeError);
    const start = utc('2026-03-02T09:00').getTime();
    // 6000 one-minute overrides alternating between two people cut one day into more than 5000 shifts.
    const many = Array.from({ length: 6000 }, (_, i) => ({
      id: i,
      person: i % 2 === 0 ? carol : dave,
      from: new Date(start + i * 10_000),
      until: new Date(start + (i + 1) * 10_000),
      createdAt: utc('2026-01-01T00:00'),
    }));
    expect(() => schedule({ ...r, overrides: many }, utc('2026-03-02T09:00'), utc('2026-03-03T09:00'))).toThrow(
      new RangeError(`A schedule can hold at most ${MAX_SCHEDULE_SHIFTS} shifts; ask for a shorter span`),
    );
  });
});

describe('properties', () => {
  const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC', 'America/Santiago', 'Australia/Lord_Howe', 'Pacific/Auckland'];
  const START = Date.UTC(2020, 0, 1);
  const SPAN = 10 * 365 * DAY;
  const pool = [alice, bob, carol];
  const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const handoff: fc.Arbitrary<Handoff> = fc.oneof(
    clock.map((at): Handoff => ({ every: 'day', at })),
    fc.tuple(fc.integer({ min: 1, max: 7 }), clock).map(([weekday, at]): Handoff => ({ every: 'week', weekday: weekday as 1, at })),
    fc.tuple(fc.integer({ min: 1, max: 28 }), clock).map(([days, at]): Handoff => ({ every: 'days', days, at })),
  );
  // Instants to the minute, so the DST transitions (on whole minutes) are hit often enough.
  const instantNear = (around: number, spread: number) => fc.integer({ min: -spread, max: spread }).map((m) => around + m * 60_000);
  const arbitrary = fc
    .record({
      zone: fc.constantFrom(...ZONES),
      handoff,
      members: fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 5 }),
      created: fc.integer({ min: 0, max: SPAN / 60_000 }).map((m) => START + m * 60_000),
    })
    .chain((r) =>
      fc.record({
        rota: fc.constant(r),
        overrides: fc.array(
          fc.record({
            who: fc.constantFrom(...pool, dave),
            from: instantNear(r.created, 40 * 1440),
            minutes: fc.integer({ min: 1, max: 10 * 1440 }),
            createdMinutes: fc.integer({ min: 0, max: 20 }),
          }),
          { maxLength: 6 },
        ),
        at: instantNear(r.created, 60 * 1440),
      }),
    )
    .map(({ rota: r, overrides, at }) => {
      const built = rota(
        r.zone,
        r.handoff,
        r.members,
        new Date(r.created),
        overrides.map((o, i) => ({ id: i + 1, person: o.who, from: new Date(o.from), until: new Date(o.from + o.minutes * 60_000), createdAt: new Date(START + o.createdMinutes * 60_000) })),
      );
      return { rota: built, at: new Date(at) };
    });

  /** Independent of src/oncall/rota.ts: step the anchor's local date with Luxon, then take the earliest reading. */
  function oracleHandoff(r: Rota, k: number): number {
    const step = r.handoff.every === 'day' ? 1 : r.handoff.every === 'week' ? 7 : r.handoff.days;
    const [hour, minute] = r.handoff.at.split(':').map(Number) as [number, number];
    const day = DateTime.fromJSDate(r.anchor, { zone: r.zone }).startOf('day').plus({ days: step * k });
    const dt = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone: r.zone });
    return Math.min(...dt.getPossibleOffsets().map((d) => d.toMillis()));
  }

  it('the anchor is a hand-off, and hand-offs match an oracle and strictly increase', () => {
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: -400, max: 400 }), ({ rota: r }, k) => {
        expect(handoffInstant(r, 0)).toEqual(r.anchor);
        expect(handoffInstant(r, k).getTime()).toBe(oracleHandoff(r, k));
        expect(handoffInstant(r, k + 1).getTime()).toBeGreaterThan(handoffInstant(r, k).getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('the shift index brackets the instant', () => {
    fc.assert(
      fc.property(arbitrary, ({ rota: r, at }) => {
        const k = shiftIndexAt(r, at);
        expect(handoffInstant(r, k).getTime()).toBeLessThanOrEqual(at.getTime());
        expect(handoffInstant(r, k + 1).getTime()).toBeGreaterThan(at.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('current contains the instant; next is someone else, later, with only the current person in between', () => {
    fc.assert(
      fc.property(arbitrary, ({ rota: r, at }) => {
        const { current, next } = whoIsOnCall(r, at);
        expect(current).not.toBeNull();
        expect(current!.from.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(current!.until.getTime()).toBeGreaterThan(at.getTime());
        if (next === null) return;
        expect(next.person).not.toEqual(current!.person);
        expect(next.from.getTime()).toBeGreaterThanOrEqual(current!.until.getTime());
        expect(next.until.getTime()).toBeGreaterThan(next.from.getTime());
        if (next.from.getTime() - current!.until.getTime() < 300 * DAY) {
          for (const s of schedule(r, current!.until, next.from)) expect(s.person).toEqual(current!.person);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('schedule is contiguous, covers the span, merges, and agrees with whoIsOnCall at every midpoint', () => {
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 1, max: 30 * 1440 }), ({ rota: r, at }, minutes) => {
        const until = new Date(at.getTime() + minutes * 60_000);
        const shifts = schedule(r, at, until);
        expect(shifts[0]!.from).toEqual(at);
        expect(shifts[shifts.length - 1]!.until).toEqual(until);
        shifts.forEach((s, i) => {
          expect(s.until.getTime()).toBeGreaterThan(s.from.getTime());
          const prev = shifts[i - 1];
          if (prev) {
            expect(s.from).toEqual(prev.until);
            const sameKind = prev.override === null ? s.override === null : prev.override === s.override;
            expect(sameKind && prev.person.id === s.person.id).toBe(false);
          }
          const mid = new Date(Math.floor((s.from.getTime() + s.until.getTime()) / 2));
          const now = whoIsOnCall(r, mid);
          expect(now.current?.person).toEqual(s.person);
          expect(now.current?.override ?? null).toBe(s.override);
        });
      }),
      { numRuns: 200 },
    );
  });
});
