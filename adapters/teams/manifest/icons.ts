/**
 * Pacta's Teams icons, drawn from shapes: a stopwatch (an SLA clock) whose hand stands at a check-mark
 * angle. Teams wants a 192×192 full-colour icon (symbol in white on the accent colour; Teams rounds the
 * corners itself) and a 32×32 outline icon (white on transparent). Edges are anti-aliased by sampling
 * each pixel on a 4×4 grid.
 */
import type { Rgba } from './png.ts';

/** Pacta's accent colour, also the manifest's `accentColor`. */
export const ACCENT = '#3949AB';

type Point = { x: number; y: number };
/** Signed distance from a point to a shape: negative inside. */
type Shape = (p: Point) => number;

const ring = (c: Point, radius: number, width: number): Shape => (p) => Math.abs(Math.hypot(p.x - c.x, p.y - c.y) - radius) - width / 2;

/** A line segment with round ends. */
const stroke = (a: Point, b: Point, width: number): Shape => (p) => {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy)) - width / 2;
};

const union = (...shapes: Shape[]): Shape => (p) => Math.min(...shapes.map((s) => s(p)));

/** The stopwatch, in a 0..1 square: ring, crown, and two hands forming a tick. */
function stopwatch(line: number): Shape {
  const c = { x: 0.5, y: 0.58 };
  const r = 0.34;
  return union(
    ring(c, r, line),
    stroke({ x: 0.5, y: c.y - r - line * 0.5 }, { x: 0.5, y: c.y - r - line * 1.6 }, line), // stem
    stroke({ x: 0.4, y: c.y - r - line * 1.6 }, { x: 0.6, y: c.y - r - line * 1.6 }, line), // crown
    stroke({ x: c.x - 0.15, y: c.y + 0.0 }, { x: c.x - 0.04, y: c.y + 0.11 }, line), // short stroke of the tick
    stroke({ x: c.x - 0.04, y: c.y + 0.11 }, { x: c.x + 0.17, y: c.y - 0.14 }, line), // long stroke
  );
}

/** Coverage (0..1) of `shape`, drawn into a `size`-pixel square with `margin` pixels around it. */
function coverage(shape: Shape, size: number, margin: number): Float64Array {
  const out = new Float64Array(size * size);
  const span = size - 2 * margin;
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let inside = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const p = { x: (x + (sx + 0.5) / n - margin) / span, y: (y + (sy + 0.5) / n - margin) / span };
          if (shape(p) <= 0) inside++;
        }
      }
      out[y * size + x] = inside / (n * n);
    }
  }
  return out;
}

function hex(color: string): [number, number, number] {
  const v = parseInt(color.slice(1), 16);
  return [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
}

/** 192×192: a white stopwatch on the accent colour, inside Teams' 96-pixel-ish safe area plus room. */
export function colorIcon(): Rgba {
  const size = 192;
  const cover = coverage(stopwatch(0.085), size, 44);
  const [r, g, b] = hex(ACCENT);
  const data = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const a = cover[i]!;
    data[i * 4] = Math.round(r + (255 - r) * a);
    data[i * 4 + 1] = Math.round(g + (255 - g) * a);
    data[i * 4 + 2] = Math.round(b + (255 - b) * a);
    data[i * 4 + 3] = 255;
  }
  return { width: size, height: size, data };
}

/** 32×32: the same stopwatch in white on transparent, with a pixel of padding. */
export function outlineIcon(): Rgba {
  const size = 32;
  const cover = coverage(stopwatch(0.1), size, 1);
  const data = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const alpha = Math.round(cover[i]! * 255);
    // Fully transparent pixels carry no colour, so the file holds only white and transparency.
    const white = alpha > 0 ? 255 : 0;
    data.set([white, white, white, alpha], i * 4);
  }
  return { width: size, height: size, data };
}
