/**
 * The raw data behind a report (docs/semantics.md §10): one row per incident the report counts, plus the
 * earlier incidents whose downtime its availability figures include, with what each contributes. The
 * report query computes them from the same reads as the figures; `report --csv` writes them.
 */
import type { Incident } from '../domain/incident.ts';
import type { ClockState } from '../sla/clock.ts';
import type { Report } from './report.ts';

/** One SLA clock of a row, as the report computed it (at the period's end or now, whichever is first). */
export type ReportRowClock = { elapsedMs: number; targetMs: number; state: ClockState };

export type ReportRow = {
  incident: Incident;
  /** Opened in the report's period: counted in opened, resolved, breaches, MTTA and MTTR. */
  inPeriod: boolean;
  /** First acknowledgement and resolution as of the period's end (null before then or never). */
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  ack: ReportRowClock | null;
  resolve: ReportRowClock | null;
  /** A clock breached: what `breaches` counts. */
  breached: boolean;
  /**
   * Weighted downtime in ms this incident contributes to its service's availability over the report's
   * availability window (each moment attributed to one incident); null for a service the report does
   * not list (removed since).
   */
  downtimeMs: number | null;
  /** The service's availability denominator: the window's length less its maintenance, in ms. */
  measuredMs: number | null;
};

/** A report and its rows, from one read; rows ordered by service key, then incident number. */
export type ReportTable = { report: Report; rows: ReportRow[] };
