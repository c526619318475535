/**
 * What a chart shows, in Pacta's words: the figures of one chart and nothing about how it is drawn. The
 * core computes these (src/usecases/charts.ts); the chart renderer (adapters/charts/) turns one into an SVG
 * or a PNG, and every platform and the dashboard show the same picture. Fractions are 0..1, instants are
 * Dates, durations milliseconds, as everywhere in the core.
 */

/**
 * Error budget burn-down over an objective window: the budget left at each point (1 = untouched, 0 = spent,
 * below 0 = overspent) against the ideal straight line from 1 at `from` to 0 at `to`, with the incidents
 * that took budget marked where their impact began.
 */
export type BudgetChart = {
  kind: 'budget';
  title: string;
  /** The zone its days and weeks were cut in, which its axis labels show; absent: the renderer's default. */
  zone?: string;
  /** The objective's target, e.g. 0.999. */
  target: number;
  from: Date;
  to: Date;
  /** Budget left at each instant, ascending, up to now (never past `to`). */
  points: Array<{ at: Date; left: number }>;
  /** Incidents with downtime in the window: where it began and a label such as `INC-7`. */
  incidents: Array<{ at: Date; label: string }>;
};

/** Availability per day or per week against the objective; null where the bucket has nothing measured yet. */
export type AvailabilityChart = {
  kind: 'availability';
  title: string;
  /** The zone its days and weeks were cut in, which its axis labels show; absent: the renderer's default. */
  zone?: string;
  target: number | null;
  bucket: 'day' | 'week';
  points: Array<{ from: Date; availability: number | null }>;
};

/**
 * SLA attainment per priority per week: of the clocks that ended (met or breached) among incidents opened that
 * week, the fraction met, for the acknowledge and the resolve clock. Null: no such clock ended that week.
 */
export type AttainmentChart = {
  kind: 'attainment';
  title: string;
  /** The zone its days and weeks were cut in, which its axis labels show; absent: the renderer's default. */
  zone?: string;
  weeks: Array<{ from: Date; priority: string; ackMet: number | null; resolveMet: number | null }>;
};

/** MTTA and MTTR per week (wall-clock means, as `report` shows them); null: nothing acknowledged/resolved. */
export type ResponseTrendChart = {
  kind: 'response';
  title: string;
  /** The zone its days and weeks were cut in, which its axis labels show; absent: the renderer's default. */
  zone?: string;
  points: Array<{ from: Date; mttaMs: number | null; mttrMs: number | null }>;
};

export type Chart = BudgetChart | AvailabilityChart | AttainmentChart | ResponseTrendChart;
export type ChartKind = Chart['kind'];
