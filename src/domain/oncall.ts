/**
 * On-call rotas and escalation policies (docs/semantics.md §7): who is asked to act on an incident, and
 * when. Pure data; the schedule math is in src/oncall/.
 */
import type { ChannelRef } from './channel.ts';
import type { Priority } from './incident.ts';

/** Someone Pacta can page: a Slack user (U…), a Teams user (Entra object id) or a console user. */
export type Person = { platform: 'slack' | 'teams' | 'console'; id: string };

/** ISO weekday: Monday 1 … Sunday 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * When one member hands over to the next, in the rota's zone (wall-clock, so 09:00 stays 09:00 across
 * DST). `at` is `HH:MM`, 24-hour.
 */
export type Handoff =
  | { every: 'day'; at: string }
  | { every: 'week'; weekday: IsoWeekday; at: string }
  | { every: 'days'; days: number; at: string };

/** Someone on call instead of the rota's member from `from` until `until`. */
export type RotaOverride = { id: number; person: Person; from: Date; until: Date; createdAt: Date };

export type Rota = {
  name: string;
  /** IANA zone the hand-offs are in. */
  zone: string;
  handoff: Handoff;
  /** In rotation order; may be empty (nobody to page: escalation then says so in the channel). */
  members: Person[];
  /**
   * The hand-off instant at which `members[0]` went on call (the last hand-off at or before the rota
   * was created). Shift k runs from the k-th hand-off after it to the next.
   */
  anchor: Date;
  overrides: RotaOverride[];
};

/** One stretch of time one person is on call. */
export type Shift = { person: Person; from: Date; until: Date; override: RotaOverride | null };

/** Who is on call at an instant, until when, and who comes next. */
export type OnCallNow = {
  /** Null when the rota has no members and no override applies. */
  current: Shift | null;
  /** The next shift with a different person (or the next override), null when nobody else comes. */
  next: Shift | null;
};

/** Whom an escalation level pages. */
export type EscalationTarget =
  | { kind: 'rota'; rota: string }
  | { kind: 'person'; person: Person }
  /** A Slack user group, mentioned as `<!subteam^ID>`. */
  | { kind: 'group'; id: string; handle?: string }
  | { kind: 'channel'; channel: ChannelRef; name?: string };

/**
 * When a level fires: `after` a wall-clock time since the incident opened, or `at` a percentage of its
 * acknowledge target, on the acknowledge clock's calendar (so a business-hours policy waits for hours).
 */
export type EscalationTrigger = { kind: 'after'; seconds: number } | { kind: 'at'; percent: number };

export type EscalationLevel = { trigger: EscalationTrigger; targets: EscalationTarget[] };

export type EscalationPolicy = {
  serviceKey: string;
  /** Null: the service's policy for every priority without one of its own. */
  priority: Priority | null;
  levels: EscalationLevel[];
  /** After the last level: the whole ladder again `times` more times, each round `everySeconds` later. */
  repeat: { times: number; everySeconds: number } | null;
};
