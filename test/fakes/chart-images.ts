/**
 * A recording ChartImages for adapter tests: a distinct, valid-looking PNG per chart (the PNG signature,
 * then the chart's title), so tests can tell which chart a file or an image carries without drawing it.
 */
import type { Chart } from '../../src/charts/chart.ts';
import type { ChartImages } from '../../src/ports/charts.ts';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export class FakeChartImages implements ChartImages {
  readonly drawn: Chart[] = [];
  /** Bytes of padding after the title, to make images larger than a card's room. */
  constructor(private readonly padding = 0) {}

  async svg(chart: Chart): Promise<string> {
    this.drawn.push(chart);
    return `<svg xmlns="http://www.w3.org/2000/svg"><title>${chart.title}</title></svg>`;
  }

  async png(chart: Chart): Promise<Uint8Array> {
    this.drawn.push(chart);
    return new Uint8Array(Buffer.concat([PNG_SIGNATURE, Buffer.from(chart.title), Buffer.alloc(this.padding, 7)]));
  }
}

/** A small budget chart. */
export function budgetChart(title = 'Error budget of Payments API · 30d'): Chart {
  return {
    kind: 'budget',
    title,
    target: 0.999,
    from: new Date('2026-11-01T00:00:00Z'),
    to: new Date('2026-12-01T00:00:00Z'),
    points: [
      { at: new Date('2026-11-01T00:00:00Z'), left: 1 },
      { at: new Date('2026-11-20T00:00:00Z'), left: 0.6 },
    ],
    incidents: [{ at: new Date('2026-11-10T00:00:00Z'), label: 'INC-3' }],
  };
}
