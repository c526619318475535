import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { inProcessChartImages, workerChartImages } from '../adapters/charts/images.ts';
import { renderPng, renderSvg, svgToPng } from '../adapters/charts/render.ts';
import type { AttainmentChart, AvailabilityChart, BudgetChart, Chart, ResponseTrendChart } from '../src/charts/chart.ts';
import { percentile } from './stats.ts';

/**
 * The chart renderer (adapters/charts/): what one chart costs, and whether a digest's charts hold up other
 * work. Figures beside baselines measured in the same run:
 *
 * - Cold: the first chart of a fresh worker (thread start, tsx, vega's modules, a JIT-cold first drawing),
 *   beside an empty worker thread's start; and the first chart drawn on this thread.
 * - Warm: 50 budget charts of 30 points, each with other figures so that no cache answers, drawn as SVG,
 *   SVG + PNG at 1× and 2×, and through the worker; beside the least a vega chart costs: a bare vega-lite
 *   line of the same 30 points, compiled and drawn to SVG, no layers, no configuration. Goal (issue): one
 *   chart under 100 ms warm.
 * - A digest: 20 different charts on the worker while the event loop's delay is recorded
 *   (perf_hooks.monitorEventLoopDelay), beside the same 20 drawn on this thread, the baseline.
 * - PNG sizes at 1× and 2× against Microsoft Teams' 28 KB card limit (a PNG inline in a card is base64,
 *   4/3 of its bytes).
 */

const DAY = 86_400_000;
const FROM = Date.UTC(2026, 10, 2, 23);
const WARM_RUNS = 50;
const GOAL_MS = 100;
const TEAMS_CARD_BYTES = 28 * 1024;
const ZONE = 'Europe/Berlin';

/** A small LCG, so every run draws the same charts. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** A 30-point budget chart whose figures depend on `seed`: no two seeds give the same chart. */
function budgetChart(seed: number): BudgetChart {
  const rnd = random(seed + 1);
  let left = 1;
  const points = Array.from({ length: 30 }, (_, i) => {
    if (i > 0 && rnd() < 0.2) left -= rnd() * 0.15;
    return { at: new Date(FROM + i * DAY), left };
  });
  const incidents = points.filter((_, i) => i > 0 && points[i]!.left < points[i - 1]!.left).map((p, i) => ({ at: p.at, label: `INC-${seed * 10 + i}` }));
  return { kind: 'budget', title: `Error budget of service ${seed} · 30d`, target: 0.999, from: new Date(FROM), to: new Date(FROM + 30 * DAY), points, incidents };
}

function otherCharts(): Chart[] {
  const rnd = random(7);
  const availability: AvailabilityChart = {
    kind: 'availability',
    title: 'Availability of Payments API per day',
    target: 0.999,
    bucket: 'day',
    points: Array.from({ length: 30 }, (_, i) => ({ from: new Date(FROM + i * DAY), availability: i > 27 ? null : rnd() < 0.15 ? 0.99 + rnd() * 0.01 : 1 })),
  };
  const attainment: AttainmentChart = {
    kind: 'attainment',
    title: 'SLA attainment per week · all services',
    weeks: [0, 1, 2, 3].flatMap((w) => ['P1', 'P2', 'P3'].map((priority) => ({ from: new Date(FROM + w * 7 * DAY), priority, ackMet: 0.7 + rnd() * 0.3, resolveMet: 0.6 + rnd() * 0.4 }))),
  };
  const response: ResponseTrendChart = {
    kind: 'response',
    title: 'MTTA and MTTR per week · all services',
    points: [0, 1, 2, 3].map((w) => ({ from: new Date(FROM + w * 7 * DAY), mttaMs: (5 + rnd() * 20) * 60_000, mttrMs: (1 + rnd() * 5) * 3_600_000 })),
  };
  return [availability, attainment, response];
}

/** The baseline of a warm chart: the same 30 points as a bare vega-lite line, compiled and drawn to SVG. */
async function bareLine(chart: BudgetChart): Promise<string> {
  const { spec } = compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: chart.points.map((p) => ({ t: p.at.getTime(), v: p.left })) },
    mark: 'line',
    encoding: { x: { field: 't', type: 'temporal' }, y: { field: 'v', type: 'quantitative' } },
  });
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Sorted ms of `runs` calls of `fn(i)`, each with its own chart. */
async function samples(runs: number, offset: number, fn: (chart: BudgetChart) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const chart = budgetChart(offset + i);
    out.push(await timed(() => fn(chart)));
  }
  return out.sort((a, b) => a - b);
}

/** Start of a worker thread that runs nothing, to its first message: the floor of any worker. */
async function emptyWorker(): Promise<number> {
  const t0 = performance.now();
  const w = new Worker("require('node:worker_threads').parentPort.postMessage(1)", { eval: true });
  await new Promise((resolve) => w.once('message', resolve));
  const ms = performance.now() - t0;
  await w.terminate();
  return ms;
}

/** Event-loop delay (ms, p99 and max) while `work` runs. */
async function loopDelay(work: () => Promise<unknown>): Promise<{ p99: number; max: number; wall: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  // The histogram's timer must have fired once before the work starts: it measures each delay from its
  // previous firing, so a first firing after a long block would record nothing of it.
  h.enable();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const wall = await timed(work);
  // One more turn of the loop, so that a last long task is recorded.
  await new Promise((resolve) => setTimeout(resolve, 5));
  h.disable();
  return { p99: h.percentile(99) / 1e6, max: h.max / 1e6, wall };
}

const f = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const bytes = (n: number): string => n.toLocaleString('en');

export async function benchCharts(): Promise<string[]> {
  const lines = [`charts: vega-lite → vega SVG → resvg PNG (adapters/charts/), 640 × 300 at 1×; goal one chart < ${GOAL_MS} ms warm`];

  // Cold.
  const floor = await emptyWorker();
  const coldWorker = workerChartImages({ zone: ZONE });
  const coldWorkerMs = await timed(() => coldWorker.png(budgetChart(0)));
  const coldLocalMs = await timed(() => renderPng(budgetChart(1), { zone: ZONE }));
  lines.push(
    `${'cold'.padEnd(52)}${'ms'.padStart(9)}`,
    `${'first chart of a fresh worker (start, load, draw, PNG)'.padEnd(52)}${f(coldWorkerMs).padStart(9)}`,
    `${'  baseline: empty worker thread, start to message'.padEnd(52)}${f(floor).padStart(9)}`,
    `${'first chart drawn on this thread (SVG + PNG)'.padEnd(52)}${f(coldLocalMs).padStart(9)}`,
    '',
  );

  // Warm: each run its own chart, so no cache answers; a few runs first to warm the JIT.
  await samples(10, 1000, (c) => renderPng(c, { zone: ZONE }));
  await samples(10, 1100, (c) => bareLine(c));
  const rows: Array<[string, number[]]> = [
    ['baseline: bare vega-lite line, 30 points, SVG', await samples(WARM_RUNS, 2000, (c) => bareLine(c))],
    ['budget chart, SVG', await samples(WARM_RUNS, 3000, (c) => renderSvg(c, { zone: ZONE }))],
    ['budget chart, SVG + PNG 1×', await samples(WARM_RUNS, 4000, (c) => renderPng(c, { zone: ZONE }))],
    ['budget chart, SVG + PNG 2×', await samples(WARM_RUNS, 5000, (c) => renderPng(c, { zone: ZONE, scale: 2 }))],
    ['budget chart, SVG + PNG 1×, worker round trip', await samples(WARM_RUNS, 6000, (c) => coldWorker.png(c))],
  ];
  const svg = await renderSvg(budgetChart(7000), { zone: ZONE });
  rows.push(['  of which PNG only (resvg, 1×)', await samples(WARM_RUNS, 7000, async () => svgToPng(svg))]);
  const base = percentile(rows[0]![1], 50);
  lines.push(`${`warm, ${WARM_RUNS} different 30-point budget charts (ms)`.padEnd(52)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'× baseline'.padStart(12)}`);
  for (const [label, s] of rows) {
    const p50 = percentile(s, 50);
    lines.push(`${label.padEnd(52)}${f(p50).padStart(9)}${f(percentile(s, 95)).padStart(9)}${`${(p50 / base).toFixed(1)}×`.padStart(12)}`);
  }
  const [p50, p95] = [percentile(rows[2]![1], 50), percentile(rows[2]![1], 95)];
  lines.push(`goal: one chart (SVG + PNG 1×) < ${GOAL_MS} ms warm: ${p95 < GOAL_MS ? 'met at p95' : p50 < GOAL_MS ? 'met at p50, not at p95' : 'missed'}`, '');

  // A digest: 20 different charts while the event loop is watched.
  const digest = Array.from({ length: 20 }, (_, i) => budgetChart(8000 + i));
  const onWorker = await loopDelay(() => Promise.all(digest.map((c) => coldWorker.png(c))));
  const local = inProcessChartImages({ zone: ZONE });
  const onThread = await loopDelay(async () => {
    for (const c of digest) await local.png(c);
  });
  lines.push(
    `${'20 charts for a digest (SVG + PNG 1×, ms)'.padEnd(52)}${'loop p99'.padStart(9)}${'loop max'.padStart(9)}${'all 20'.padStart(12)}`,
    `${'on the worker'.padEnd(52)}${f(onWorker.p99).padStart(9)}${f(onWorker.max).padStart(9)}${f(onWorker.wall).padStart(12)}`,
    `${'baseline: on this thread'.padEnd(52)}${f(onThread.p99).padStart(9)}${f(onThread.max).padStart(9)}${f(onThread.wall).padStart(12)}`,
    `(cache: ${coldWorker.stats.drawn} drawn, ${coldWorker.stats.cached} answered from it)`,
    '',
  );
  await coldWorker.close();

  // PNG sizes.
  lines.push(`${`PNG bytes (a Teams card holds ${bytes(TEAMS_CARD_BYTES)}; base64 is 4/3)`.padEnd(52)}${'1×'.padStart(9)}${'base64'.padStart(9)}${'2×'.padStart(12)}`);
  for (const chart of [budgetChart(9000), ...otherCharts()]) {
    const [one, two] = [await renderPng(chart, { zone: ZONE }), await renderPng(chart, { zone: ZONE, scale: 2 })];
    const b64 = Math.ceil(one.length / 3) * 4;
    const fits = b64 < TEAMS_CARD_BYTES ? 'fits inline' : 'too big inline';
    lines.push(`${`${chart.kind} (${fits} at 1×)`.padEnd(52)}${bytes(one.length).padStart(9)}${bytes(b64).padStart(9)}${bytes(two.length).padStart(12)}`);
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const l of await benchCharts()) console.log(l);
}
