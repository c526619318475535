/**
 * Draws a chart: its vega-lite spec (specs.ts) compiled to vega, run headless (no canvas, no DOM) to an
 * SVG document, and that SVG rasterised to PNG by resvg with only the font that ships with Pacta
 * (fonts.ts). No system font is read, so a chart is the same bytes on every machine. Vega escapes the
 * texts it writes; nothing here builds markup by hand.
 *
 * This is synchronous work of tens of milliseconds: images.ts runs it on a worker thread.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { Chart } from '../../src/charts/chart.ts';
import { FONT_FAMILY, FONT_FILES, vegaTextWidth } from './fonts.ts';
import { chartSpec, type SpecOptions } from './specs.ts';

/** How one chart is drawn. */
export type DrawOptions = SpecOptions & {
  /** Pixels per CSS pixel of the PNG (1 → 640 × 300, 2 → 1280 × 600). Default 1. */
  scale?: number;
};

// Vega measures text to lay out titles, axes and legends; without a canvas it guesses 0.8 em a
// character. The font's own widths make the layout match what resvg draws (vega's documented hook).
(vega as unknown as { textMetrics: { width: typeof vegaTextWidth } }).textMetrics.width = vegaTextWidth;

/** Vega-lite's and vega's warnings are about the spec, which is ours: silent here, tested in specs. */
const quiet = { level: () => quiet, error: () => quiet, warn: () => quiet, info: () => quiet, debug: () => quiet } as never;

/** The chart as a standalone SVG document. */
export async function renderSvg(chart: Chart, opts: DrawOptions = {}): Promise<string> {
  const { spec } = compile(chartSpec(chart, opts), { logger: quiet });
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** An SVG document (one of {@link renderSvg}'s) as PNG bytes at `scale`. */
export function svgToPng(svg: string, scale = 1): Uint8Array {
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 8)) throw new RangeError(`PNG scale must be above 0 and at most 8, got ${scale}.`);
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
      serifFamily: FONT_FAMILY,
      monospaceFamily: FONT_FAMILY,
    },
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    background: 'white',
    logLevel: 'off',
  });
  return resvg.render().asPng();
}

/** The chart as PNG bytes. */
export async function renderPng(chart: Chart, opts: DrawOptions = {}): Promise<Uint8Array> {
  return svgToPng(await renderSvg(chart, opts), opts.scale ?? 1);
}
