import type { Chart } from '../charts/chart.ts';

/**
 * Draws charts (adapters/charts/): the same chart gives the same bytes on every machine (the font ships with
 * Pacta). Implementations render off the event loop and keep recent results, so a digest full of charts
 * does not hold up other work.
 */
export interface ChartImages {
  /** The chart as a standalone SVG document (the dashboard inlines it). */
  svg(chart: Chart): Promise<string>;
  /** The chart as a PNG image, for chat platforms. */
  png(chart: Chart): Promise<Uint8Array>;
}
