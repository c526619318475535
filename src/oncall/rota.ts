/**
 * Schedule math for on-call rotas (docs/semantics.md §7): when hand-offs happen, who is on call at an
 * instant, and the shifts over a span. Pure functions of the rota and the instants passed in.
 *
 * Hand-offs are wall-clock times on local calendar dates in the rota's zone, so a daily 09:00 hand-off
 * stays at 09:00 across DST and the shift that spans a transition is 23 or 25 hours long. The k-th
 * hand-off after the anchor is found from its local date directly (anchor date + k × step days), so a
 * lookup costs a few table look-ups whatever the rota's age, never a walk over past shifts.
 *
 * Local times become instants through the calendars' zone tables (src/calendar/zone-table.ts): the
 * offsets Luxon reports for the zone, scanned once per zone and year and shared with every calendar in
 * that zone. A Luxon DateTime per hand-off costs 20–80 µs (getPossibleOffsets for the fall-back case), and
 * one lookup needs several hand-offs; a table read costs well under a microsecond.
 *
 * Wall-clock times follow docs/semantics.md §1, as parseTime and the calendars do:
 * - a HH:MM that does not exist that day (spring-forward gap) moves forward by the gap, which is also
 *   what Luxon's DateTime.fromObject does: 02:30 on 2026-03-29 in Europe/Berlin is 03:30 CEST (01:30Z).
 *   That is not the first instant after the gap (03:00 CEST); a hand-off in a one-hour gap keeps its
 *   minutes past the hour;
 * - an ambiguous HH:MM (fall-back) is its first occurrence: 02:30 on 2026-10-25 in Europe/Berlin is
 *   02:30 CEST (00:30Z). Luxon's fromObject picks the second (CET, 01:30Z); the tests check the first
 *   against the earliest of Luxon's getPossibleOffsets().
 *
 * Overrides: among the overrides with from ≤ t < until, the one created last wins (createdAt, then the
 * higher id, then the later one in the array). An override with until ≤ from is ignored.
 */
import { DAY_MS, MINUTE_MS, weekdayIndex } from '../calendar/local-date.ts';
import { isIanaZoneName } from '../calendar/zone-name.ts';
import { localToInstant, zoneYear } from '../calendar/zone-table.ts';
import type { Handoff, OnCallNow, Person, Rota, RotaOverride, Shift } from '../domain/oncall.ts';

/** The longest span `schedule` lays out: a bit more than a year, enough for any view anyone reads. */
export const MAX_SCHEDULE_DAYS = 400;
/** The most shifts `schedule` returns; overrides can cut a span into many more pieces than hand-offs. */
export const MAX_SCHEDULE_SHIFTS = 5000;

/** The latest hand-off instant ≤ t: a new rota's `anchor`. For `every N days`, t's own day is a hand-off day. */
export function handoffAtOrBefore(handoff: Handoff, zone: string, t: Date): Date {
  const clock = clockOf(handoff, zone);
  return new Date(lastHandoffAtOrBefore(clock, instant(t, 't')).at);
}

/** The index k of the shift containing t: handoffInstant(k) ≤ t < handoffInstant(k + 1); negative before the anchor. */
export function shiftIndexAt(rota: Rota, t: Date): number {
  return shiftAt(compile(rota), instant(t, 't')).k;
}

/** The k-th hand-off after the anchor (k = 0 is the anchor's own hand-off; k may be negative). */
export function handoffInstant(rota: Rota, k: number): Date {
  if (!Number.isSafeInteger(k)) throw new RangeError(`A shift index must be a whole number (got ${k})`);
  const ctx = compile(rota);
  return new Date(handoffOf(ctx, k));
}

/**
 * Who is on call at `at` and who comes next (docs/semantics.md §7).
 *
 * `current` is the stretch around `at` as hand-offs and overrides bound it: when an override applies,
 * the part of it that wins around `at`; otherwise the shift from hand-off to hand-off, cut where an
 * override starts or ends inside it, and joined with the neighbouring shifts when consecutive members are
 * the same person. When every member is the same person (a rota of one) shifts are not joined, since the
 * stretch would never end: `current` then ends at the next hand-off.
 *
 * `next` is the first stretch after `current` with someone else on call (shifts and overrides of the
 * same person are skipped, so a rota of one has next null unless an override comes), bounded the same
 * way. With no members and no override at `at`, `current` is null and `next` is the next override.
 */
export function whoIsOnCall(rota: Rota, at: Date): OnCallNow {
  const ctx = compile(rota);
  const t = instant(at, 'at');
  const overrides = prepare(rota.overrides, -Infinity, Infinity);
  const walk: Walk = { ctx, overrides, members: rota.members, joinShifts: !allSamePerson(rota.members) };
  const here = pieceAt(walk, t);
  const current = here.person === null ? null : stretch(walk, here);
  const next = nextStretch(walk, current === null ? t : current.until, current?.person ?? null);
  return { current: current && toShift(current), next: next && toShift(next) };
}

/**
 * The shifts covering [from, until) in order, overrides spliced in: an override cuts the regular shift it
 * overlaps, overlapping overrides yield to the one created last, and adjacent stretches of the same
 * person are merged (regular shifts with regular shifts across hand-offs; an override only with itself).
 * The first and last shift are clipped to the span. Stretches with nobody on call (a rota without
 * members, outside overrides) are left out, so shifts are contiguous whenever the rota has members.
 * Throws RangeError for a span longer than MAX_SCHEDULE_DAYS or more than MAX_SCHEDULE_SHIFTS shifts.
 */
export function schedule(rota: Rota, from: Date, until: Date): Shift[] {
  const ctx = compile(rota);
  const a = instant(from, 'from');
  const b = instant(until, 'until');
  if (b < a) throw new RangeError(`A schedule must end after it starts (${from.toISOString()} to ${until.toISOString()})`);
  if (b - a > MAX_SCHEDULE_DAYS * DAY_MS) throw new RangeError(`A schedule can span at most ${MAX_SCHEDULE_DAYS} days`);
  // Overrides outside the span only shape pieces outside it, which are clipped away anyway.
  const walk: Walk = { ctx, overrides: prepare(rota.overrides, a, b), members: rota.members, joinShifts: true };
  const out: Piece[] = [];
  for (let t = a; t < b; ) {
    const p = pieceAt(walk, t);
    const end = Math.min(p.until, b);
    if (p.person !== null) {
      const last = out[out.length - 1];
      if (last !== undefined && last.until === t && joinable(last, p)) last.until = end;
      else if (out.length >= MAX_SCHEDULE_SHIFTS) throw new RangeError(`A schedule can hold at most ${MAX_SCHEDULE_SHIFTS} shifts; ask for a shorter span`);
      else out.push({ ...p, from: t, until: end });
    }
    t = end;
  }
  return out.map(toShift);
}

// ---------------------------------------------------------------------------------------------------

/** A hand-off rule resolved for arithmetic: every `step` local days at hour:minute in the zone named `zoneName`. */
type Clock = { zoneName: string; step: number; minuteOfDay: number; handoff: Handoff };

type Compiled = Clock & {
  /** Local day number (days since 1970-01-01) of hand-off 0. */
  baseDay: number;
  /** What the compiled fields were computed from, to notice a rota object that was changed. */
  key: string;
};

type Prepared = { o: RotaOverride; from: number; until: number; created: number; id: number; index: number };

/** A stretch with one person (or nobody) on call; `k` is the shift index of a regular stretch, else null. */
type Piece = { person: Person | null; override: RotaOverride | null; from: number; until: number; k: number | null };

type Walk = { ctx: Compiled; overrides: Prepared[]; members: Person[]; joinShifts: boolean };

// Rotas are read from the store and asked about many times; checking the zone and finding the anchor's
// hand-off day is the costly part of a lookup, so keep the result per rota object.
const compiledCache = new WeakMap<Rota, Compiled>();

function compile(rota: Rota): Compiled {
  const key = `${rota.zone}|${rota.anchor instanceof Date ? rota.anchor.getTime() : NaN}|${handoffKey(rota.handoff)}`;
  const cached = compiledCache.get(rota);
  if (cached !== undefined && cached.key === key) return cached;
  const clock = clockOf(rota.handoff, rota.zone);
  const anchor = instant(rota.anchor, `anchor of rota "${rota.name}"`);
  // An anchor that is not itself a hand-off (data written by hand) counts from the hand-off before it.
  const compiled: Compiled = { ...clock, baseDay: lastHandoffAtOrBefore(clock, anchor).day, key };
  compiledCache.set(rota, compiled);
  return compiled;
}

function handoffKey(h: Handoff): string {
  switch (h.every) {
    case 'day':
      return `day ${h.at}`;
    case 'week':
      return `week ${h.weekday} ${h.at}`;
    case 'days':
      return `days ${h.days} ${h.at}`;
  }
}

/** Checks a hand-off read from storage; the chat parser (commands/parse/handoff.ts) already refused bad input. */
function clockOf(handoff: Handoff, zone: string): Clock {
  if (!isIanaZoneName(zone)) throw new RangeError(`"${zone}" is not an IANA time zone`);
  const m = /^(\d{1,2}):(\d{2})$/.exec(handoff.at);
  const hour = Number(m?.[1]);
  const minute = Number(m?.[2]);
  if (!m || hour > 23 || minute > 59) throw new RangeError(`A hand-off time must be HH:MM from 00:00 to 23:59 (got "${handoff.at}")`);
  let step: number;
  if (handoff.every === 'day') step = 1;
  else if (handoff.every === 'week') {
    if (!Number.isInteger(handoff.weekday) || handoff.weekday < 1 || handoff.weekday > 7) {
      throw new RangeError(`A hand-off weekday must be 1 (Monday) to 7 (Sunday) (got ${handoff.weekday})`);
    }
    step = 7;
  } else {
    if (!Number.isInteger(handoff.days) || handoff.days < 1 || handoff.days > 28) {
      throw new RangeError(`A hand-off every N days needs N from 1 to 28 (got ${handoff.days})`);
    }
    step = handoff.days;
  }
  return { zoneName: zone, step, minuteOfDay: hour * 60 + minute, handoff };
}

function instant(date: Date, name: string): number {
  const t = date instanceof Date ? date.getTime() : NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${name} must be a valid date`);
  return t;
}

/** The local day number of instant t in the clock's zone. */
function localDay(clock: Clock, t: number): number {
  // The table of t's UTC year reaches a few days into the next and previous year, so it covers t.
  const { starts, offsets } = zoneYear(clock.zoneName, new Date(t).getUTCFullYear());
  let i = offsets.length - 1;
  while (i > 0 && starts[i]! > t) i--;
  return Math.floor((t + offsets[i]!) / DAY_MS);
}

/** The instant of the hand-off time on local day `day`: a gap time moves forward by the gap, an ambiguous one is its first occurrence. */
function handoffOn(clock: Clock, day: number): number {
  // A day number is whole UTC days, so its UTC year is the local date's year.
  const year = new Date(day * DAY_MS).getUTCFullYear();
  if (!Number.isFinite(year)) throw new RangeError(`No hand-off can be computed on day ${day}`);
  return localToInstant(zoneYear(clock.zoneName, year), day * DAY_MS + clock.minuteOfDay * MINUTE_MS);
}

function lastHandoffAtOrBefore(clock: Clock, t: number): { day: number; at: number } {
  const today = localDay(clock, t);
  let day = today;
  if (clock.handoff.every === 'week') day -= (weekdayIndex(today) + 1 - clock.handoff.weekday + 7) % 7;
  // Every N days without an anchor hands off on t's own day, so, like daily, it steps back one day.
  const back = clock.handoff.every === 'week' ? 7 : 1;
  // Once back is enough: a hand-off on an earlier local day is before t. The bound only guards a zone
  // whose gap pushes a late hand-off past midnight.
  for (let i = 0; i < 4; i++, day -= back) {
    const at = handoffOn(clock, day);
    if (at <= t) return { day, at };
  }
  throw new RangeError(`No hand-off found before ${new Date(t).toISOString()}`);
}

function handoffOf(ctx: Compiled, k: number): number {
  return handoffOn(ctx, ctx.baseDay + ctx.step * k);
}

/** The shift containing t, from its local date: one division, then at most a step either way. */
function shiftAt(ctx: Compiled, t: number): { k: number; from: number; until: number } {
  let k = Math.floor((localDay(ctx, t) - ctx.baseDay) / ctx.step);
  let from = handoffOf(ctx, k);
  // The hand-off on t's own local date may still be ahead (t before HH:MM); a gap pushing a hand-off past
  // midnight could make it a second step. Hand-offs on distinct days are distinct, so this ends at once.
  for (let i = 0; from > t; i++) {
    if (i > 3) throw new RangeError(`No shift found at ${new Date(t).toISOString()}`);
    k -= 1;
    from = handoffOf(ctx, k);
  }
  let until = handoffOf(ctx, k + 1);
  for (let i = 0; until <= t; i++) {
    if (i > 3) throw new RangeError(`No shift found at ${new Date(t).toISOString()}`);
    k += 1;
    from = until;
    until = handoffOf(ctx, k + 1);
  }
  return { k, from, until };
}

function prepare(overrides: readonly RotaOverride[], from: number, until: number): Prepared[] {
  const out: Prepared[] = [];
  overrides.forEach((o, index) => {
    const a = instant(o.from, `override ${o.id} from`);
    const b = instant(o.until, `override ${o.id} until`);
    if (b <= a || b <= from || a >= until) return;
    out.push({ o, from: a, until: b, created: instant(o.createdAt, `override ${o.id} createdAt`), id: o.id, index });
  });
  return out;
}

/** Whether a was created after b: the later one wins where they overlap. */
function outranks(a: Prepared, b: Prepared): boolean {
  if (a.created !== b.created) return a.created > b.created;
  if (a.id !== b.id) return a.id > b.id;
  return a.index > b.index;
}

function member(members: Person[], k: number): Person | null {
  const n = members.length;
  return n === 0 ? null : (members[((k % n) + n) % n] ?? null);
}

export function samePerson(a: Person, b: Person): boolean {
  return a.platform === b.platform && a.id === b.id;
}

function allSamePerson(members: Person[]): boolean {
  const first = members[0];
  return first === undefined || members.every((m) => samePerson(m, first));
}

/**
 * The piece containing t: constant person, not crossing a hand-off unless an override spans it. Pieces
 * partition the timeline: the piece at p.until starts exactly at p.until.
 */
function pieceAt(walk: Walk, t: number): Piece {
  const { overrides } = walk;
  let winner: Prepared | null = null;
  for (const o of overrides) if (o.from <= t && t < o.until && (winner === null || outranks(o, winner))) winner = o;
  if (winner !== null) {
    // Only overrides created later can take the winner's time away.
    let from = winner.from;
    let until = winner.until;
    for (const o of overrides) {
      if (!outranks(o, winner)) continue;
      if (o.from > t && o.from < until) until = o.from;
      if (o.until <= t && o.until > from) from = o.until;
    }
    return { person: winner.o.person, override: winner.o, from, until, k: null };
  }
  const shift = shiftAt(walk.ctx, t);
  let from = shift.from;
  let until = shift.until;
  // No override covers t, so nothing between the last override end before t and the next start after it.
  for (const o of overrides) {
    if (o.from > t && o.from < until) until = o.from;
    if (o.until <= t && o.until > from) from = o.until;
  }
  return { person: member(walk.members, shift.k), override: null, from, until, k: shift.k };
}

function joinable(a: Piece, b: Piece): boolean {
  if (a.person === null || b.person === null || !samePerson(a.person, b.person)) return false;
  return a.override === null ? b.override === null : a.override === b.override;
}

/** The piece grown across hand-offs to neighbouring regular shifts of the same person. */
function stretch(walk: Walk, piece: Piece): Piece {
  const out = { ...piece };
  if (out.override !== null || !walk.joinShifts) return out;
  // Some member differs, so within one turn of the rota the person changes (or an override cuts in).
  const limit = walk.members.length + 1;
  for (let i = 0; i < limit; i++) {
    const after = pieceAt(walk, out.until);
    if (!joinable(out, after)) break;
    out.until = after.until;
  }
  for (let i = 0; i < limit; i++) {
    const before = pieceAt(walk, out.from - 1);
    if (!joinable(before, out)) break;
    out.from = before.from;
  }
  return out;
}

/** The first stretch from `start` on with someone other than `than` on call, or null when nobody else comes. */
function nextStretch(walk: Walk, start: number, than: Person | null): Piece | null {
  const { overrides, members } = walk;
  // Each step passes an override boundary or jumps to a hand-off with a different member, so this bound
  // is never reached; it only turns a bug into an error instead of a hang.
  const limit = 4 * overrides.length + 2 * members.length + 8;
  let t = start;
  for (let step = 0; step < limit; step++) {
    const p = pieceAt(walk, t);
    if (p.person !== null && (than === null || !samePerson(p.person, than))) return stretch(walk, p);
    if (p.override !== null) {
      t = p.until;
      continue;
    }
    // Nobody, or the same person, on the rota itself: skip to where that can change, not shift by shift.
    let jump = Infinity;
    for (const o of overrides) if (o.from > t && o.from < jump) jump = o.from;
    if (p.person !== null && p.k !== null) {
      for (let j = 1; j <= members.length; j++) {
        const m = member(members, p.k + j);
        if (m !== null && !samePerson(m, p.person)) {
          jump = Math.min(jump, handoffOf(walk.ctx, p.k + j));
          break;
        }
      }
    }
    if (jump === Infinity) return null;
    t = jump;
  }
  throw new Error(`whoIsOnCall: no end to the walk after ${limit} steps`);
}

function toShift(p: Piece): Shift {
  // Pieces with nobody on call never become shifts; callers check before converting.
  if (p.person === null) throw new Error('a stretch with nobody on call is not a shift');
  return { person: p.person, from: new Date(p.from), until: new Date(p.until), override: p.override };
}
