/**
 * A chart on a dashboard page: the picture the chat platforms show (the ChartImages port's SVG), with the
 * words of its alt text, and its figures in a table that opens on demand — for screen readers, for copying,
 * and in place of the picture where no renderer is wired.
 *
 * The SVG is shown as an `<img>` of a `data:` URL rather than spliced into the page: the page's CSP allows
 * exactly that (`img-src data:`), nothing inside the picture can run or fetch anything, and the ids of two
 * charts cannot collide.
 */
import { DateTime } from 'luxon';
import type { Chart } from '../../src/charts/chart.ts';
import { formatDuration } from '../../src/format/duration.ts';
import { formatPercent } from '../../src/format/percent.ts';
import { chartAlt } from '../../src/charts/alt.ts';
import { html, type Html } from './html.ts';

/** Draws a chart as SVG, its axes in the chart's zone (or the one given): the ChartImages port (adapters/charts/). */
export type SvgCharts = { svg(chart: Chart, opts?: { zone?: string }): Promise<string> };

const pct = (x: number | null) => (x === null ? 'no data' : formatPercent(x, 2, { rounding: 'down' }));
const ms = (x: number | null) => (x === null ? 'none' : formatDuration(x, { style: 'compact' }));

function localDay(t: Date, zone: string, withTime = false): string {
  return DateTime.fromJSDate(t, { zone }).setLocale('en-GB').toFormat(withTime ? 'd LLL HH:mm' : 'ccc d LLL');
}

/** The chart's figures as a table with headers. */
export function chartTable(chart: Chart, zone: string): Html {
  const head = (cols: string[]) => html`<thead><tr>${cols.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>`;
  const row = (first: string, rest: string[]) => html`<tr><th scope="row">${first}</th>${rest.map((c) => html`<td>${c}</td>`)}</tr>`;
  let body: Html;
  switch (chart.kind) {
    case 'budget':
      body = html`${head(['At', 'Budget left'])}<tbody>${chart.points.map((p) => row(localDay(p.at, zone, true), [formatPercent(p.left, 1, { rounding: 'down' })]))}</tbody>`;
      break;
    case 'availability':
      body = html`${head([chart.bucket === 'day' ? 'Day' : 'Week from', 'Availability'])}<tbody>${chart.points.map((p) => row(localDay(p.from, zone), [pct(p.availability)]))}</tbody>`;
      break;
    case 'attainment':
      body = html`${head(['Week from', 'Priority', 'Acknowledged in time', 'Resolved in time'])}<tbody>${chart.weeks.map((w) => row(localDay(w.from, zone), [w.priority, pct(w.ackMet), pct(w.resolveMet)]))}</tbody>`;
      break;
    case 'response':
      body = html`${head(['Week from', 'MTTA', 'MTTR'])}<tbody>${chart.points.map((p) => row(localDay(p.from, zone), [ms(p.mttaMs), ms(p.mttrMs)]))}</tbody>`;
      break;
  }
  return html`<div class="table"><table>${body}</table></div>`;
}

/**
 * The chart as a figure: the picture (when a renderer is wired) with its alt text (src/charts/alt.ts) and its
 * title as the caption — or, without a picture, the alt text as the caption — and the figures on demand.
 */
export async function chartFigure(chart: Chart, zone: string, images: SvgCharts | null | undefined, onError: (err: unknown) => void): Promise<Html> {
  const words = chartAlt(chart, zone);
  let picture: Html | null = null;
  if (images) {
    try {
      // Axis labels in the viewer's zone, whichever zone the chart's figures were cut in.
      const svg = await images.svg({ ...chart, zone }, { zone });
      picture = html`<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" alt="${words}">`;
    } catch (err) {
      // A renderer that failed costs the picture, not the page: the words and figures are still there.
      onError(err);
    }
  }
  return html`<figure class="chart">${picture}<figcaption>${picture ? chart.title : words}</figcaption><details><summary>Figures: ${chart.title}</summary>${chartTable(chart, zone)}</details></figure>`;
}
