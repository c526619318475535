import type { Calendar } from '../calendar/types.ts';
import type { ChannelRef } from './channel.ts';
import type { Priority } from './incident.ts';

/** A calendar stored under a name (`24x7` is built in). */
export type NamedCalendar = Calendar & {
  name: string;
  /** Where each holiday came from, by date (`manual`, `ics:<file>`, `country:DE-BY`); absent: by hand. */
  holidaySources?: Record<string, string>;
};

/**
 * A service credit tier (docs/semantics.md §8): a period whose availability is below `below` percent
 * earns `credit` percent. Tiers are kept with `below` descending; the lowest tier the period is under wins.
 */
export type CreditTier = { below: number; credit: number };

/** Availability objective, e.g. 99.9 % over a rolling 30 days or per calendar month. */
export type AvailabilityObjective = {
  /** Fraction, e.g. 0.999. */
  target: number;
  /** `30d`, `7d`, `month`, `quarter`, … (see src/slo/window.ts). */
  window: string;
};

export type Service = {
  key: string;
  name: string;
  /** Calendar name; null means the built-in 24x7. */
  calendar: string | null;
  objective: AvailabilityObjective | null;
  /** Weight of `degraded` impact in downtime (docs/semantics.md §3, default 0.5). */
  degradedWeight: number;
  /**
   * Where cards of incidents opened by monitoring go (`service set <key> --channel`); absent or null: the
   * service's first subscribed channel (docs/semantics.md §6).
   */
  channel?: ChannelRef | null;
  /** Service credits, highest threshold first; absent or null: none. */
  credits?: CreditTier[] | null;
  /**
   * Shown on the public status page (`service set <key> --public`, docs/dashboard.md): its status,
   * availability and daily bar, and its incidents without their titles unless those are public too.
   * Absent: false.
   */
  public?: boolean;
};

export const DEFAULT_DEGRADED_WEIGHT = 0.5;
export const DEFAULT_WARNING_THRESHOLDS: readonly number[] = [75, 90];

/** Per service and priority: targets counted on a calendar. */
export type SlaPolicy = {
  serviceKey: string;
  priority: Priority;
  ackTargetSeconds: number | null;
  resolveTargetSeconds: number | null;
  /** Calendar name for these clocks; null means the service's calendar. */
  calendar: string | null;
  /** Percent thresholds at which to warn, ascending, each in (0, 100). */
  warningThresholds: number[];
};

export type MaintenanceWindow = {
  id: number;
  serviceKey: string;
  start: Date;
  end: Date;
  reason: string | null;
  createdBy: string;
};
