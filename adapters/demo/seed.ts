/**
 * Seeds the demo estate through the real use cases, replaying a month of incidents on a clock that moves
 * through time — so the stored clocks, breaches and timelines are exactly what live use would produce.
 */
import { DateTime } from 'luxon';
import { parseWeeklyHours } from '../../src/calendar/validate.ts';
import type { TimeSource } from '../../src/time-source.ts';
import type { Actor } from '../../src/domain/incident.ts';
import type { Store } from '../../src/ports/store.ts';
import { AdminUseCases } from '../../src/usecases/admin.ts';
import { IncidentUseCases } from '../../src/usecases/incidents.ts';
import { DEMO_CALENDAR, DEMO_INCIDENTS, DEMO_MAINTENANCE, DEMO_PEOPLE, DEMO_SERVICES, type DemoIncident } from './estate.ts';

export type SeedResult = { seeded: boolean; services: number; incidents: number; open: number };

const MINUTE = 60_000;

/**
 * Seeds the demo estate ending at `now`, unless the database already has services (idempotent: a second
 * `--demo` on the same data directory changes nothing).
 */
export async function seedDemo(store: Store, now: Date): Promise<SeedResult> {
  if ((await store.read.services.list()).length > 0) return { seeded: false, services: 0, incidents: 0, open: 0 };
  let current = new Date(now);
  const time: TimeSource = { now: () => current };
  const admin = new AdminUseCases(store, time);
  const incidents = new IncidentUseCases(store, time);
  const setup = person(0);

  // Configuration is dated a little before the oldest incident, as if the estate had been set up then.
  current = new Date(now.getTime() - 31 * 24 * 60 * MINUTE);
  await admin.addCalendar(DEMO_CALENDAR.name, { timezone: DEMO_CALENDAR.timezone, weekly: parseWeeklyHours(DEMO_CALENDAR.hours), holidays: germanHolidays(now) });
  for (const s of DEMO_SERVICES) {
    await admin.addService({ key: s.key, name: s.name, availabilityPercent: s.availability, window: s.window, calendar: s.calendar });
    for (const [priority, targets] of Object.entries(s.policies)) {
      await admin.setPolicy({ serviceKey: s.key, priority: priority as keyof typeof s.policies, ackSeconds: targets[0] * 60, resolveSeconds: targets[1] * 60 });
    }
  }
  const m = DEMO_MAINTENANCE;
  await admin.addMaintenance(m.service, berlin(now, m.daysAgo, m.at), m.minutes * MINUTE, m.reason, setup);

  // Every step of every incident, in time order, so the clock only moves forward.
  const steps = DEMO_INCIDENTS.flatMap((spec, i) => plan(spec, i, now)).sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  const numbers = new Map<number, number>();
  for (const step of steps) {
    if (step.at > now) continue;
    current = step.at;
    const n = numbers.get(step.incident);
    if (step.kind === 'open') {
      const state = await incidents.open({ ...step.open, actor: step.actor });
      numbers.set(step.incident, state.incident.number);
    } else if (n !== undefined) {
      await step.apply(incidents, n, step.actor);
    }
  }
  const open = DEMO_INCIDENTS.filter((i) => !i.resolve).length;
  return { seeded: true, services: DEMO_SERVICES.length, incidents: numbers.size, open };
}

type Step =
  | { kind: 'open'; incident: number; at: Date; order: number; actor: Actor; open: Omit<Parameters<IncidentUseCases['open']>[0], 'actor'> }
  | { kind: 'change'; incident: number; at: Date; order: number; actor: Actor; apply: (uc: IncidentUseCases, n: number, a: Actor) => Promise<unknown> };

function plan(spec: DemoIncident, index: number, now: Date): Step[] {
  const opened = 'minutesAgo' in spec.opened ? new Date(now.getTime() - spec.opened.minutesAgo * MINUTE) : berlin(now, spec.opened.daysAgo, spec.opened.at);
  const at = (minutes: number) => new Date(opened.getTime() + minutes * MINUTE);
  // Rotate who opens and who responds, so timelines name different people.
  const opener = person(index);
  const responder = person(index + 1);
  const steps: Step[] = [
    {
      kind: 'open',
      incident: index,
      at: opened,
      order: 0,
      actor: opener,
      open: {
        serviceKey: spec.service,
        priority: spec.priority,
        title: spec.title,
        impact: spec.impact,
        ...(spec.impactEarlier ? { impactStart: new Date(opened.getTime() - spec.impactEarlier * MINUTE) } : {}),
      },
    },
  ];
  const change = (minutes: number, order: number, apply: Extract<Step, { kind: 'change' }>['apply'], actor = responder) =>
    steps.push({ kind: 'change', incident: index, at: at(minutes), order, actor, apply });
  if (spec.priorityTo) {
    const p = spec.priorityTo.priority;
    change(spec.priorityTo.after, 1, (uc, n, a) => uc.changePriority(n, a, p), opener);
  }
  if (spec.ack !== undefined) change(spec.ack, 2, (uc, n, a) => uc.acknowledge(n, a));
  if (spec.note) {
    const text = spec.note.text;
    change(spec.note.after, 3, (uc, n, a) => uc.addNote(n, a, text));
  }
  if (spec.pause) {
    const { reason, after } = spec.pause;
    change(after, 4, (uc, n, a) => uc.pause(n, a, reason));
    if (spec.pause.for !== null) change(after + spec.pause.for, 5, (uc, n, a) => uc.resume(n, a));
  }
  if (spec.resolve) {
    const note = spec.resolve.note;
    change(spec.resolve.after, 6, (uc, n, a) => uc.resolve(n, a, note));
  }
  return steps;
}

function person(i: number): Actor {
  const name = DEMO_PEOPLE[i % DEMO_PEOPLE.length]!;
  return { platform: 'slack', id: `U0DEMO${name.toUpperCase()}`, name };
}

/** `daysAgo` days before `now`, at a Berlin wall-clock time (DST handled by Luxon). */
function berlin(now: Date, daysAgo: number, at: string): Date {
  const [hour, minute] = at.split(':').map(Number) as [number, number];
  return DateTime.fromJSDate(now, { zone: DEMO_CALENDAR.timezone }).minus({ days: daysAgo }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/**
 * Germany's nationwide public holidays plus Berlin's Women's Day, for the years around `now`, so the demo
 * calendar is right whenever it is seeded.
 */
export function germanHolidays(now: Date): string[] {
  const year = now.getUTCFullYear();
  const out: string[] = [];
  for (const y of [year - 1, year, year + 1]) {
    const easter = easterSunday(y);
    const rel = (days: number) => easter.plus({ days }).toISODate()!;
    out.push(`${y}-01-01`, `${y}-03-08`, rel(-2), rel(1), `${y}-05-01`, rel(39), rel(50), `${y}-10-03`, `${y}-12-25`, `${y}-12-26`);
  }
  return out.sort();
}

/** Gregorian Easter Sunday (the anonymous Gregorian algorithm, as in Meeus). */
function easterSunday(y: number): DateTime {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.utc(y, month, day);
}
