/**
 * The one font charts are drawn in: DejaVu Sans, shipped in adapters/charts/fonts/ (licence beside it), so a
 * chart is the same bytes on every machine whatever fonts it has installed. Vega lays text out by its width;
 * without a canvas it would guess 0.8 em per character, which makes legends and titles far wider than they
 * draw. The widths here are the font's own advance widths (no kerning, which moves a label by a fraction of a
 * pixel), read from the font files once.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FONT_FAMILY = 'DejaVu Sans';
export const FONT_FILES = {
  regular: fileURLToPath(new URL('./fonts/DejaVuSans.ttf', import.meta.url)),
  bold: fileURLToPath(new URL('./fonts/DejaVuSans-Bold.ttf', import.meta.url)),
} as const;

/** Advance widths of one font, in em. */
type Metrics = { advance(codePoint: number): number };

function readMetrics(file: string): Metrics {
  const b = readFileSync(file);
  const tables = new Map<string, number>();
  const numTables = b.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    tables.set(b.toString('latin1', rec, rec + 4), b.readUInt32BE(rec + 8));
  }
  const table = (tag: string): number => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`${file} has no ${tag} table`);
    return at;
  };
  const unitsPerEm = b.readUInt16BE(table('head') + 18);
  const numberOfHMetrics = b.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const glyphAdvance = (glyph: number): number => b.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1)) / unitsPerEm;

  // Character → glyph: the Unicode full-repertoire subtable (format 12) if there is one, else the BMP one (format 4).
  const cmap = table('cmap');
  let format4 = -1;
  let format12 = -1;
  for (let i = 0; i < b.readUInt16BE(cmap + 2); i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = b.readUInt16BE(rec);
    const encoding = b.readUInt16BE(rec + 2);
    const sub = cmap + b.readUInt32BE(rec + 4);
    const format = b.readUInt16BE(sub);
    if (platform === 3 && encoding === 10 && format === 12) format12 = sub;
    if (platform === 3 && encoding === 1 && format === 4) format4 = sub;
  }
  let glyphOf: (cp: number) => number;
  if (format12 >= 0) {
    const groups = b.readUInt32BE(format12 + 12);
    glyphOf = (cp) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const g = format12 + 16 + 12 * mid;
        if (cp < b.readUInt32BE(g)) hi = mid - 1;
        else if (cp > b.readUInt32BE(g + 4)) lo = mid + 1;
        else return b.readUInt32BE(g + 8) + cp - b.readUInt32BE(g);
      }
      return 0;
    };
  } else if (format4 >= 0) {
    const segCount = b.readUInt16BE(format4 + 6) / 2;
    const ends = format4 + 14;
    const starts = ends + 2 * segCount + 2;
    const deltas = starts + 2 * segCount;
    const ranges = deltas + 2 * segCount;
    glyphOf = (cp) => {
      if (cp > 0xffff) return 0;
      for (let i = 0; i < segCount; i++) {
        if (cp > b.readUInt16BE(ends + 2 * i)) continue;
        const start = b.readUInt16BE(starts + 2 * i);
        if (cp < start) return 0;
        const delta = b.readInt16BE(deltas + 2 * i);
        const range = b.readUInt16BE(ranges + 2 * i);
        if (range === 0) return (cp + delta) & 0xffff;
        const glyph = b.readUInt16BE(ranges + 2 * i + range + 2 * (cp - start));
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      }
      return 0;
    };
  } else throw new Error(`${file} has no Unicode character map`);

  // Charts are mostly ASCII and Latin-1: those are looked up once; anything else is remembered as met.
  const latin = new Float64Array(256).map((_, cp) => glyphAdvance(glyphOf(cp)));
  const other = new Map<number, number>();
  return {
    advance(cp) {
      if (cp < 256) return latin[cp]!;
      let w = other.get(cp);
      if (w === undefined) {
        w = glyphAdvance(glyphOf(cp));
        if (other.size > 10_000) other.clear();
        other.set(cp, w);
      }
      return w;
    },
  };
}

let fonts: { regular: Metrics; bold: Metrics } | null = null;

/** Width in pixels of one line of `text` in DejaVu Sans at `fontSize` px. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  fonts ??= { regular: readMetrics(FONT_FILES.regular), bold: readMetrics(FONT_FILES.bold) };
  const m = bold ? fonts.bold : fonts.regular;
  let em = 0;
  for (const ch of text) em += m.advance(ch.codePointAt(0)!);
  return em * fontSize;
}

/**
 * `text` on one line (control characters and runs of white space become one space), cut with `…` to at
 * most `maxWidth` px. A surrogate pair is never split.
 */
export function fitText(text: string, maxWidth: number, fontSize: number, bold = false): string {
  const line = text.replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/gu, ' ').trim();
  if (textWidth(line, fontSize, bold) <= maxWidth) return line;
  const chars = [...line];
  const room = maxWidth - textWidth('…', fontSize, bold);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (textWidth(chars.slice(0, mid).join(''), fontSize, bold) <= room) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/** Vega's text metrics hook: the width of a text item as DejaVu Sans draws it. */
export function vegaTextWidth(item: { fontSize?: number; fontWeight?: string | number }, text: unknown): number {
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  const weight = item.fontWeight;
  const bold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
  return textWidth(text == null ? '' : String(text).trim(), size, bold);
}
