/**
 * The chart specs and the renderer on the calling thread: every kind draws its title and axes, PNGs are
 * the size asked for and the same bytes every time, and the edge cases (nothing, one point, all null,
 * overspent, 100 %, 90 days, hostile text) give valid pictures.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { fitText, textWidth } from '../../../adapters/charts/fonts.ts';
import { renderPng, renderSvg, svgToPng } from '../../../adapters/charts/render.ts';
import { chartSpec, HEIGHT, percentDomain, responseUnit, WIDTH } from '../../../adapters/charts/specs.ts';
import type { Chart } from '../../../src/charts/chart.ts';
import { attainment, availability, budget, day, everyKind, PNG_SIGNATURE, pngSize, response, ZONE } from './charts.ts';

/** Text of every <text> element, entities decoded. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
  );
}

/** A well-formed SVG document: resvg's XML parser accepts it, and it draws at the chart's size. */
function expectValidSvg(svg: string): void {
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  const r = new Resvg(svg, { font: { loadSystemFonts: false } });
  expect([r.width, r.height]).toEqual([WIDTH, HEIGHT]);
}

const hostile = `<script>alert("x")</script> & 'single' "double" 🚀🔥 ${'ü'.repeat(20)}${'x'.repeat(480)}`;

describe('chart specs', () => {
  it('compile and run without a warning from vega-lite or vega', async () => {
    const edge: Chart[] = [
      budget({ points: [] }),
      budget({ points: [{ at: day(0), left: 1 }], incidents: [] }),
      availability({ points: [] }),
      availability({ target: null, points: [{ from: day(0), availability: null }] }),
      attainment({ weeks: [] }),
      response({ points: [] }),
    ];
    for (const chart of [...everyKind(), ...edge]) {
      const warnings: unknown[] = [];
      const logger = {
        level: () => logger,
        warn: (...a: unknown[]) => (warnings.push(a), logger),
        error: (...a: unknown[]) => (warnings.push(a), logger),
        info: () => logger,
        debug: () => logger,
      };
      const { spec } = compile(chartSpec(chart, { zone: ZONE }), { logger: logger as never });
      const view = new vega.View(vega.parse(spec), { renderer: 'none', logger: logger as never, logLevel: vega.Warn });
      await view.runAsync();
      view.finalize();
      expect({ chart: chart.title, warnings }).toEqual({ chart: chart.title, warnings: [] });
    }
  });

  it('are vega-lite v6 with inline data, white, of the fixed size', () => {
    for (const chart of everyKind()) {
      const spec = chartSpec(chart) as unknown as Record<string, unknown>;
      expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
      expect([spec.width, spec.height, spec.background]).toEqual([WIDTH, HEIGHT, 'white']);
      expect(JSON.stringify(spec)).not.toMatch(/"url"/);
    }
  });

  it('choose a percent axis from a little below the lowest figure, with the decimals its ticks need', () => {
    expect(percentDomain(0.992)).toEqual({ lo: 0.985, format: '.1%' });
    expect(percentDomain(0.999)).toEqual({ lo: 0.9985, format: '.2%' });
    expect(percentDomain(1)).toEqual({ lo: 0.9995, format: '.2%' });
    expect(percentDomain(0.5)).toEqual({ lo: 0.35, format: '.0%' });
    expect(percentDomain(0)).toEqual({ lo: 0, format: '.0%' });
    expect(percentDomain(Number.NaN).lo).toBeLessThan(1);
  });

  it('show response times in minutes under two hours, in hours from there', () => {
    expect(responseUnit(119 * 60_000).name).toBe('minutes');
    expect(responseUnit(2 * 3_600_000).name).toBe('hours');
  });
});

describe('renderSvg', () => {
  it('draws every kind with its title, axis titles and labels, in the shipped font only', async () => {
    const expected: Record<Chart['kind'], string[]> = {
      budget: ['Budget left', 'Ideal', ZONE, '100%', '0%', 'INC-7', 'INC-9', '8 Nov'],
      availability: ['Availability', `Day (${ZONE})`, 'met target', 'below target', 'target 99.9%', '1 Nov', '100.0%'],
      attainment: ['Clocks met', `Week starting (${ZONE})`, 'Priority', 'P1', 'P2', 'acknowledge', 'resolve', '2 Nov', '100%'],
      response: ['minutes', `Week starting (${ZONE})`, 'MTTA (acknowledge)', 'MTTR (resolve)', '2 Nov', '30 Nov'],
    };
    for (const chart of everyKind()) {
      const svg = await renderSvg(chart, { zone: ZONE });
      expectValidSvg(svg);
      const t = texts(svg);
      expect(t).toContain(chart.title);
      for (const text of expected[chart.kind]) expect(t, `${chart.kind}: ${text}`).toContain(text);
      expect([...new Set(svg.match(/font-family="[^"]*"/g))]).toEqual(['font-family="DejaVu Sans"']);
    }
  });

  it('labels days in the zone asked for, across a change of summer time', async () => {
    const points = [0, 1, 2].map((i) => ({ from: day(i, '2026-10-24'), availability: 1 }));
    const berlin = texts(await renderSvg(availability({ points }), { zone: ZONE }));
    expect(berlin).toEqual(expect.arrayContaining(['24 Oct', '25 Oct', '26 Oct']));
    // The same instants in UTC are the evenings before.
    const utc = texts(await renderSvg(availability({ points })));
    expect(utc).toEqual(expect.arrayContaining(['23 Oct', '24 Oct', '25 Oct', 'Day (UTC)']));
    // Without a zone asked for, the chart's own zone; a zone asked for wins.
    expect(texts(await renderSvg(availability({ points, zone: ZONE })))).toEqual(berlin);
    expect(texts(await renderSvg(availability({ points, zone: ZONE }), { zone: 'UTC' }))).toEqual(utc);
  });

  it('keeps a hostile title as text: escaped, cut to the width, no script element', async () => {
    for (const chart of [budget({ title: hostile, incidents: [{ at: day(3), label: '<img src=x onerror=alert(1)>' }] }), attainment({ title: hostile, weeks: [{ from: day(1), priority: '<b>"P1"</b> & co', ackMet: 1, resolveMet: 0.5 }] })]) {
      const svg = await renderSvg(chart, { zone: ZONE });
      expectValidSvg(svg);
      expect(svg).not.toMatch(/<script|<img|<b>/i);
      const title = texts(svg).find((t) => t.startsWith('<script>'))!;
      expect(title.startsWith(`<script>alert("x")</script> & 'single' "double" 🚀🔥`)).toBe(true);
      expect(title.endsWith('…')).toBe(true);
      expect(textWidth(title, 14, true)).toBeLessThanOrEqual(WIDTH);
      expect(svg).toContain('&lt;script&gt;');
      expect(svg).toContain('&amp;');
    }
  });

  it('draws the edge cases as valid charts', async () => {
    const cases: Chart[] = [
      budget({ points: [], incidents: [] }),
      budget({ points: [{ at: day(0), left: 1 }], incidents: [] }),
      // Overspent: the line goes below zero and the axis follows it.
      budget({ points: Array.from({ length: 31 }, (_, i) => ({ at: day(i), left: 1 - i * 0.1 })), incidents: Array.from({ length: 20 }, (_, i) => ({ at: day(i), label: `INC-${i}` })) }),
      // A window shorter than a day has times of day on its axis.
      budget({ from: day(0), to: new Date(day(0).getTime() + 6 * 3_600_000), points: [{ at: day(0), left: 1 }] }),
      availability({ points: [] }),
      availability({ points: [0, 1, 2].map((i) => ({ from: day(i), availability: null })) }),
      availability({ target: null, points: [0, 1, 2].map((i) => ({ from: day(i), availability: 1 })) }),
      availability({ points: Array.from({ length: 90 }, (_, i) => ({ from: day(i), availability: 1 - (i % 7) / 1000 })) }),
      availability({ bucket: 'week', points: [0, 7, 14].map((d) => ({ from: day(d), availability: 0.9995 })) }),
      attainment({ weeks: [] }),
      attainment({ weeks: [{ from: day(1), priority: 'P1', ackMet: null, resolveMet: null }] }),
      attainment({ weeks: [{ from: day(1), priority: 'P1', ackMet: 1, resolveMet: 1 }] }),
      response({ points: [] }),
      response({ points: [{ from: day(1), mttaMs: null, mttrMs: null }] }),
      response({ points: [{ from: day(1), mttaMs: 3 * 3_600_000, mttrMs: 30 * 3_600_000 }] }),
    ];
    for (const chart of cases) {
      const svg = await renderSvg(chart, { zone: ZONE });
      expectValidSvg(svg);
      expect(svg).toContain(chart.title);
    }
    const overspent = texts(await renderSvg(cases[2]!, { zone: ZONE }));
    expect(overspent).toContain('−200%');
    const short = texts(await renderSvg(cases[3]!, { zone: ZONE }));
    expect(short).toContain('03:00');
    const empty = texts(await renderSvg(cases[5]!, { zone: ZONE }));
    expect(empty).toContain('No data yet');
    // 90 days: every bar, but only as many date labels as fit.
    const ninety = await renderSvg(cases[7]!, { zone: ZONE });
    const labels = texts(ninety).filter((t) => /^\d+ [A-Z][a-z]{2}$/.test(t));
    expect(labels.length).toBeGreaterThan(5);
    expect(labels.length).toBeLessThanOrEqual(16);
    const hours = texts(await renderSvg(cases[14]!, { zone: ZONE }));
    expect(hours).toContain('hours');
  });
});

describe('renderPng', () => {
  it('gives a PNG of 640 × 300 at scale 1 and 1280 × 600 at scale 2', async () => {
    const svg = await renderSvg(budget(), { zone: ZONE });
    const one = svgToPng(svg);
    expect([...one.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(one)).toEqual({ width: WIDTH, height: HEIGHT });
    expect(pngSize(svgToPng(svg, 2))).toEqual({ width: 2 * WIDTH, height: 2 * HEIGHT });
    expect(() => svgToPng(svg, 0)).toThrow(RangeError);
  });

  it('gives the same bytes for the same chart, every time', async () => {
    for (const chart of everyKind()) {
      const a = await renderPng(chart, { zone: ZONE });
      const b = await renderPng(structuredClone(chart), { zone: ZONE });
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    }
  });
});

describe('fonts', () => {
  it('measure with the font’s own widths and cut text with an ellipsis', () => {
    // DejaVu Sans: "i" is far narrower than "W"; a space is 0.318 em.
    expect(textWidth('i', 10)).toBeLessThan(textWidth('W', 10) / 2);
    expect(textWidth(' ', 1000)).toBeCloseTo(318, 0);
    expect(textWidth('abc', 11, true)).toBeGreaterThan(textWidth('abc', 11));
    expect(fitText('short', 100, 11)).toBe('short');
    expect(fitText('a\nb\tc\u0000d', 100, 11)).toBe('a b c d');
    const cut = fitText('🚀'.repeat(200), 100, 11);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
