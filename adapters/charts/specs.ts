/**
 * The one place Pacta's chart specs live: a function per chart kind turning a neutral chart
 * (src/charts/chart.ts) into a vega-lite spec with its data inline. render.ts compiles and draws them.
 *
 * Every chart is the same size (WIDTH × HEIGHT, title, axes and legend included), on white, in DejaVu Sans
 * (fonts.ts), in colours from the Okabe–Ito palette that keep at least 3:1 against white, told apart by
 * dash or shape as well as colour.
 *
 * Times: the chart's instants are UTC; axes show local time in the zone asked for. Instants are shifted by
 * the zone's offset at each instant and drawn on UTC scales, so a tick at "midnight UTC" of the shifted
 * line is local midnight, summer time or not. Day and week buckets are categories labelled with their
 * local date (`12 Nov`), so a 23- or 25-hour day is one bar like any other.
 */
import { DateTime } from 'luxon';
import type { TopLevelSpec } from 'vega-lite';
import type { AttainmentChart, AvailabilityChart, BudgetChart, Chart, ResponseTrendChart } from '../../src/charts/chart.ts';
import { pickZone } from '../../src/messages/time-text.ts';
import { targetText } from '../../src/messages/views/service-line.ts';
import { FONT_FAMILY, fitText, textWidth } from './fonts.ts';

/** Size of every chart in CSS pixels, everything included; a PNG at scale s is (s·WIDTH) × (s·HEIGHT). */
export const WIDTH = 640;
export const HEIGHT = 300;
const PADDING = 8;
const TITLE_SIZE = 14;
const LABEL_SIZE = 11;

/** Okabe–Ito colours with ≥ 3:1 contrast on white (orange, yellow and sky blue are too light for lines). */
export const COLOURS = {
  blue: '#0072B2',
  vermillion: '#D55E00',
  green: '#007A5A',
  purple: '#A8538A',
  brown: '#8C510A',
  grey: '#666666',
  ink: '#222222',
} as const;
const SERIES = [COLOURS.vermillion, COLOURS.blue, COLOURS.green, COLOURS.purple, COLOURS.brown, COLOURS.grey, '#000000'];

export type SpecOptions = {
  /** IANA zone of the axis labels; default the chart's own `zone`, else UTC. An unknown zone is UTC. */
  zone?: string;
};

/** The vega-lite spec of any chart. */
export function chartSpec(chart: Chart, opts: SpecOptions = {}): TopLevelSpec {
  switch (chart.kind) {
    case 'budget':
      return budgetSpec(chart, opts);
    case 'availability':
      return availabilitySpec(chart, opts);
    case 'attainment':
      return attainmentSpec(chart, opts);
    case 'response':
      return responseSpec(chart, opts);
  }
}

/** Error budget left (solid) against the ideal straight line (dashed), the zero line, and the incidents that took budget. */
export function budgetSpec(chart: BudgetChart, opts: SpecOptions = {}): TopLevelSpec {
  const zone = pickZone(opts.zone ?? chart.zone);
  const from = shifted(chart.from, zone);
  const to = Math.max(shifted(chart.to, zone), from + 1);
  const lines = [
    ...chart.points.map((p) => ({ t: shifted(p.at, zone), v: p.left, series: 'Budget left' })),
    { t: from, v: 1, series: 'Ideal' },
    { t: to, v: 0, series: 'Ideal' },
  ];
  const lowest = Math.min(0, ...chart.points.map((p) => p.left).filter(Number.isFinite));
  const spanDays = (to - from) / 86_400_000;
  // Labels of incidents close together would overlap: they take three rows in turn, and past twelve
  // incidents only the rules are drawn (the alt text and the digest name them).
  const incidents = chart.incidents.map((inc, i) => ({ t: shifted(inc.at, zone), label: fitText(inc.label, 90, 10), row: 4 + (i % 3) * 12 }));
  const layers: unknown[] = [
    { mark: { type: 'rule', color: COLOURS.ink, strokeWidth: 1 }, encoding: { y: { datum: 0 } } },
    {
      data: { values: lines },
      mark: { type: 'line', strokeWidth: 2, clip: true },
      encoding: {
        x: { field: 't', type: 'temporal', scale: { type: 'utc', domain: [from, to] }, axis: timeAxis(spanDays, zone) },
        y: {
          field: 'v',
          type: 'quantitative',
          scale: { domain: [lowest, 1], nice: true, zero: true },
          axis: { format: '.0%', title: 'Budget left', tickCount: 6 },
        },
        color: { field: 'series', type: 'nominal', scale: { domain: ['Budget left', 'Ideal'], range: [COLOURS.blue, COLOURS.grey] }, legend: { title: null } },
        strokeDash: { field: 'series', type: 'nominal', scale: { domain: ['Budget left', 'Ideal'], range: [[1, 0], [6, 4]] }, legend: { title: null } },
      },
    },
  ];
  if (chart.points.length === 1) {
    layers.push({
      data: { values: lines.slice(0, 1) },
      mark: { type: 'point', filled: true, size: 40, color: COLOURS.blue },
      encoding: { x: { field: 't', type: 'temporal' }, y: { field: 'v', type: 'quantitative' } },
    });
  }
  if (chart.points.length === 0) layers.push(noData());
  if (incidents.length) {
    layers.push({
      data: { values: incidents },
      mark: { type: 'rule', color: COLOURS.vermillion, strokeDash: [2, 2], strokeWidth: 1.5, clip: true },
      encoding: { x: { field: 't', type: 'temporal' } },
    });
    if (incidents.length <= 12) {
      layers.push({
        data: { values: incidents },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, fontSize: 10, color: COLOURS.vermillion, clip: true },
        encoding: { x: { field: 't', type: 'temporal' }, y: { field: 'row', type: 'quantitative', scale: null }, text: { field: 'label' } },
      });
    }
  }
  return frame(chart, { layer: layers });
}

/** Availability per day or week as bars (below target in vermillion), the target as a dashed rule. */
export function availabilitySpec(chart: AvailabilityChart, opts: SpecOptions = {}): TopLevelSpec {
  const zone = pickZone(opts.zone ?? chart.zone);
  const labels = bucketLabels(chart.points.map((p) => p.from), zone);
  const target = chart.target != null && Number.isFinite(chart.target) ? chart.target : null;
  const rows = chart.points.map((p, i) => ({
    key: labels[i]!,
    availability: p.availability != null && Number.isFinite(p.availability) ? p.availability : null,
    status: target == null ? 'measured' : p.availability != null && p.availability < target ? 'below target' : 'met target',
  }));
  const measured = rows.map((r) => r.availability).filter((a): a is number => a !== null);
  const { lo, format } = percentDomain(Math.min(target ?? 1, ...measured));
  const colour =
    target == null
      ? { value: COLOURS.blue }
      : { field: 'status', type: 'nominal', scale: { domain: ['met target', 'below target'], range: [COLOURS.blue, COLOURS.vermillion] }, legend: { title: null } };
  const layers: unknown[] = [
    {
      mark: { type: 'bar', clip: true },
      encoding: {
        x: categoryAxis(labels, `${chart.bucket === 'day' ? 'Day' : 'Week starting'} (${zone})`),
        y: { field: 'availability', type: 'quantitative', scale: { domain: [lo, 1], zero: false, nice: false }, axis: { format, title: 'Availability', tickCount: 5 } },
        y2: { datum: lo },
        color: colour,
      },
    },
  ];
  if (target != null) {
    // The target is a dashed rule, named in the legend: a label on the plot would sit on the bars.
    const name = `target ${targetText(target)}`;
    layers.push({
      data: { values: [{ target, name }] },
      mark: { type: 'rule', color: COLOURS.ink, strokeWidth: 1.5 },
      encoding: {
        y: { field: 'target', type: 'quantitative' },
        strokeDash: { field: 'name', type: 'nominal', scale: { domain: [name], range: [[5, 3]] }, legend: { title: null, symbolType: 'stroke', symbolStrokeColor: COLOURS.ink } },
      },
    });
  }
  if (measured.length === 0) layers.push(noData());
  return frame(chart, { data: { values: rows }, layer: layers });
}

/** Of the SLA clocks that ended each week, the fraction met: a colour per priority, acknowledge solid, resolve dashed. */
export function attainmentSpec(chart: AttainmentChart, opts: SpecOptions = {}): TopLevelSpec {
  const zone = pickZone(opts.zone ?? chart.zone);
  const weeks = weekGrid(chart.weeks.map((w) => w.from), zone);
  const labels = bucketLabels(weeks, zone);
  const priorities = [...new Set(chart.weeks.map((w) => w.priority))].sort();
  const names = new Map(priorities.map((p) => [p, fitText(p, 120, LABEL_SIZE)]));
  // Every week × priority × clock has a row, null where no clock ended: a line breaks there instead of
  // joining the weeks either side of a gap.
  const figures = new Map(chart.weeks.map((w) => [`${weekKey(w.from, zone)} ${w.priority}`, w]));
  const rows = weeks.flatMap((week, i) =>
    priorities.flatMap((p) => {
      const w = figures.get(`${weekKey(week, zone)} ${p}`);
      const base = { key: labels[i]!, priority: names.get(p)! };
      return [
        { ...base, clock: 'acknowledge', dash: 'acknowledge', met: finiteOrNull(w?.ackMet ?? null) },
        { ...base, clock: 'resolve', dash: 'resolve', met: finiteOrNull(w?.resolveMet ?? null) },
      ];
    }),
  );
  const shown = priorities.map((p) => names.get(p)!);
  const layers: unknown[] = [
    {
      mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 36 } },
      encoding: {
        x: categoryAxis(labels, `Week starting (${zone})`, 'point'),
        y: { field: 'met', type: 'quantitative', scale: { domain: [0, 1], nice: false }, axis: { format: '.0%', title: 'Clocks met', tickCount: 5 } },
        color: { field: 'priority', type: 'nominal', scale: { domain: shown, range: SERIES }, legend: { title: 'Priority' } },
        strokeDash: { field: 'dash', type: 'nominal', scale: { domain: ['acknowledge', 'resolve'], range: [[1, 0], [5, 3]] }, legend: null },
        shape: { field: 'clock', type: 'nominal', scale: { domain: ['acknowledge', 'resolve'], range: ['circle', 'square'] }, legend: { title: 'Clock' } },
        detail: { field: 'clock' },
      },
    },
  ];
  if (!rows.some((r) => r.met !== null)) layers.push(noData());
  return frame(chart, { data: { values: rows }, layer: layers });
}

/** MTTA and MTTR per week in minutes or hours, whichever the figures call for. */
export function responseSpec(chart: ResponseTrendChart, opts: SpecOptions = {}): TopLevelSpec {
  const zone = pickZone(opts.zone ?? chart.zone);
  const labels = bucketLabels(chart.points.map((p) => p.from), zone);
  const all = chart.points.flatMap((p) => [p.mttaMs, p.mttrMs]).filter((x): x is number => x !== null && Number.isFinite(x));
  const unit = responseUnit(Math.max(0, ...all));
  const rows = chart.points.flatMap((p, i) => [
    { key: labels[i]!, metric: 'MTTA (acknowledge)', dash: 'MTTA', value: inUnit(p.mttaMs, unit) },
    { key: labels[i]!, metric: 'MTTR (resolve)', dash: 'MTTR', value: inUnit(p.mttrMs, unit) },
  ]);
  const metrics = ['MTTA (acknowledge)', 'MTTR (resolve)'];
  const layers: unknown[] = [
    {
      mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 36 } },
      encoding: {
        x: categoryAxis(labels, `Week starting (${zone})`, 'point'),
        y: { field: 'value', type: 'quantitative', scale: all.length ? { zero: true, nice: true } : { domain: [0, 60] }, axis: { title: unit.name, format: unit.format, tickCount: 5 } },
        color: { field: 'metric', type: 'nominal', scale: { domain: metrics, range: [COLOURS.blue, COLOURS.vermillion] }, legend: { title: null } },
        strokeDash: { field: 'dash', type: 'nominal', scale: { domain: ['MTTA', 'MTTR'], range: [[1, 0], [5, 3]] }, legend: null },
        shape: { field: 'metric', type: 'nominal', scale: { domain: metrics, range: ['circle', 'square'] }, legend: { title: null } },
      },
    },
  ];
  if (all.length === 0) layers.push(noData());
  return frame(chart, { data: { values: rows }, layer: layers });
}

export type ResponseUnit = { name: 'minutes' | 'hours'; ms: number; format: string };

/** Minutes while the largest figure is under two hours, else hours. */
export function responseUnit(maxMs: number): ResponseUnit {
  return maxMs < 2 * 3_600_000 ? { name: 'minutes', ms: 60_000, format: ',.0f' } : { name: 'hours', ms: 3_600_000, format: ',.1~f' };
}

function inUnit(ms: number | null, unit: ResponseUnit): number | null {
  return ms !== null && Number.isFinite(ms) ? ms / unit.ms : null;
}

/** What every chart shares: size, white background, font, title, colours of text and grid. */
function frame(chart: Chart, body: Record<string, unknown>): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    padding: PADDING,
    background: 'white',
    title: { text: fitText(chart.title, WIDTH - 2 * PADDING, TITLE_SIZE, true), anchor: 'start', fontSize: TITLE_SIZE, fontWeight: 'bold', color: '#111111', offset: 6 },
    config: {
      font: FONT_FAMILY,
      view: { stroke: null },
      mark: { aria: false },
      axis: {
        aria: false,
        labelColor: '#333333',
        labelFontSize: LABEL_SIZE,
        titleColor: COLOURS.ink,
        titleFontSize: LABEL_SIZE,
        titleFontWeight: 'normal',
        gridColor: '#e4e4e4',
        domainColor: '#888888',
        tickColor: '#888888',
        labelLimit: 0,
      },
      legend: { aria: false, orient: 'top', direction: 'horizontal', labelColor: COLOURS.ink, labelFontSize: LABEL_SIZE, titleFontSize: LABEL_SIZE, titleColor: COLOURS.ink, labelLimit: 0, symbolStrokeWidth: 2 },
      title: { limit: 0 },
    },
    ...body,
  } as TopLevelSpec;
}

/** "No data yet" in the middle of an empty plot. */
function noData(): unknown {
  return {
    data: { values: [{}] },
    mark: { type: 'text', fontSize: 12, color: COLOURS.grey, align: 'center', baseline: 'middle' },
    encoding: { x: { value: { expr: 'width / 2' } }, y: { value: { expr: 'height / 2' } }, text: { value: 'No data yet' } },
  };
}

/** The instant as the local wall-clock time in `zone`, read as UTC milliseconds. */
function shifted(t: Date, zone: string): number {
  const ms = t.getTime();
  return ms + DateTime.fromMillis(ms, { zone }).offset * 60_000;
}

/** Time axis of the budget chart: dates over a few days and more, times of day over less. */
function timeAxis(spanDays: number, zone: string): Record<string, unknown> {
  return { title: zone, format: spanDays >= 3 ? '%-d %b' : spanDays >= 1 ? '%-d %b %H:%M' : '%H:%M', tickCount: 8, labelOverlap: 'greedy', labelFlush: true };
}

/** A categorical x axis over the buckets in order, empty buckets kept, with at most as many labels as fit. */
function categoryAxis(labels: string[], title: string, type: 'band' | 'point' = 'band'): Record<string, unknown> {
  const widest = Math.max(0, ...labels.map((l) => textWidth(l, LABEL_SIZE)));
  const fit = Math.max(1, Math.floor((WIDTH - 80) / (widest + 12)));
  const step = Math.ceil(labels.length / fit);
  return {
    field: 'key',
    type: 'ordinal',
    sort: null,
    scale: type === 'band' ? { type: 'band', domain: labels, paddingInner: 0.2, paddingOuter: 0.1 } : { type: 'point', domain: labels, padding: 0.5 },
    axis: { title, labelAngle: 0, values: labels.filter((_, i) => i % step === 0), labelOverlap: false },
  };
}

/** Local dates (`12 Nov`) of the buckets starting at `starts`, with the year when two would read the same. */
export function bucketLabels(starts: Date[], zone: string): string[] {
  const days = starts.map((d) => DateTime.fromJSDate(d, { zone }).setLocale('en-GB'));
  const short = days.map((d) => d.toFormat('d LLL'));
  return new Set(short).size === short.length ? short : days.map((d) => d.toFormat('d LLL yyyy'));
}

/** Monday of the local week of `t`, as `YYYY-MM-DD`. */
function weekKey(t: Date, zone: string): string {
  return DateTime.fromJSDate(t, { zone }).startOf('week').toISODate()!;
}

/**
 * The weeks from the first to the last of `starts`, weeks with nothing in between included: the first
 * bucket may start after its Monday (a period starts mid-week), and keeps its own start.
 */
function weekGrid(starts: Date[], zone: string): Date[] {
  if (starts.length === 0) return [];
  const sorted = [...starts].sort((a, b) => a.getTime() - b.getTime());
  const own = new Map(sorted.map((d) => [weekKey(d, zone), d]));
  const out: Date[] = [];
  const last = DateTime.fromJSDate(sorted[sorted.length - 1]!, { zone }).startOf('week');
  for (let w = DateTime.fromJSDate(sorted[0]!, { zone }).startOf('week'); w <= last; w = w.plus({ weeks: 1 })) {
    out.push(own.get(w.toISODate()!) ?? w.toJSDate());
  }
  return out;
}

/** A percent axis from a little below `lowest` to 100 %, with as many decimals as its ticks need. */
export function percentDomain(lowest: number): { lo: number; format: string } {
  const low = Number.isFinite(lowest) ? Math.min(1, Math.max(0, lowest)) : 1;
  const gap = Math.max(1 - low, 0.001);
  const step = 10 ** Math.floor(Math.log10(gap * 1.3)) / 2;
  const lo = Math.max(0, Math.floor((low - gap * 0.3) / step + 1e-9) * step);
  // About five ticks: as many decimals as a tick step of a fifth of the axis needs.
  const digits = Math.min(3, Math.max(0, Math.ceil(-Math.log10(((1 - lo) / 5) * 100) - 1e-9)));
  return { lo: Number(lo.toPrecision(12)), format: `.${digits}%` };
}

function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}
