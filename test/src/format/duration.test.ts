import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatDuration } from '../../../src/format/duration.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const UNIT_MS: Record<string, number> = { d: DAY, h: HOUR, m: MIN, s: SEC };

/** Reads formatDuration's output back into ms, to check it loses nothing it claims to keep. */
function parse(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  let total = 0;
  for (const part of text.replace(/^-/, '').split(' ')) {
    const m = /^(\d+(?:\.\d+)?)([dhms])$/.exec(part);
    if (!m) throw new Error(`unexpected part ${part} in ${text}`);
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  return sign * Math.round(total);
}

describe('formatDuration, precise (default)', () => {
  it.each([
    [43 * MIN + 12 * SEC, '43m 12s'],
    [10 * MIN + 4_800, '10m 4.8s'],
    [MIN + 26_400, '1m 26.4s'],
    [8 * HOUR + 45 * MIN + 36 * SEC, '8h 45m 36s'],
    [2 * DAY + 3 * HOUR, '2d 3h'],
    [0, '0s'],
    [-5 * MIN, '-5m'],
    [365 * DAY, '365d'],
    [DAY + 1, '1d 0.001s'],
    [250, '0.25s'],
    [HOUR + 5 * SEC, '1h 5s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(formatDuration(ms, { style: 'precise' })).toBe(text);
  });

  it('rounds sub-millisecond input to the ms, and never prints -0s', () => {
    expect(formatDuration(1_800_000.4)).toBe('30m');
    expect(formatDuration(0.6)).toBe('0.001s');
    expect(formatDuration(-0.2)).toBe('0s');
    expect(formatDuration(-0)).toBe('0s');
  });

  it('keeps every millisecond (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400 * DAY, max: 400 * DAY }), (ms) => {
        expect(parse(formatDuration(ms))).toBe(ms);
      }),
    );
  });
});

describe('formatDuration, compact', () => {
  const compact = (ms: number): string => formatDuration(ms, { style: 'compact' });

  it.each([
    [2 * HOUR + 5 * MIN, '2h 5m'],
    [2 * HOUR + 4 * MIN + 59 * SEC, '2h 5m'],
    [43 * MIN + 12 * SEC, '43m 12s'],
    [10 * MIN + 4_800, '10m 5s'],
    [8 * HOUR + 45 * MIN + 36 * SEC, '8h 46m'],
    [2 * DAY + 3 * HOUR + 29 * MIN, '2d 3h'],
    [2 * DAY + 3 * HOUR + 30 * MIN, '2d 4h'],
    [2 * DAY + 20 * MIN, '2d'],
    [27_400, '27s'],
    [0, '0s'],
    [400, '0s'],
    [600, '1s'],
    [-5 * MIN, '-5m'],
    [-(HOUR + 90 * SEC), '-1h 2m'],
  ])('%d ms → %s', (ms, text) => {
    expect(compact(ms)).toBe(text);
  });

  it('carries into the larger unit when rounding', () => {
    expect(compact(59 * MIN + 59_600)).toBe('1h');
    expect(compact(DAY - 1)).toBe('1d');
    expect(compact(23 * HOUR + 59 * MIN + 40 * SEC)).toBe('1d');
  });

  it('shows at most two adjacent units and is within half the smaller one (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400 * DAY, max: 400 * DAY }), (ms) => {
        const text = compact(ms);
        const parts = text.replace(/^-/, '').split(' ');
        expect(parts.length).toBeLessThanOrEqual(2);
        const order = 'dhms';
        if (parts.length === 2) {
          expect(order.indexOf(parts[1]!.slice(-1))).toBe(order.indexOf(parts[0]!.slice(-1)) + 1);
        }
        const abs = Math.abs(ms);
        const step = abs >= DAY ? HOUR : abs >= HOUR ? MIN : SEC;
        expect(Math.abs(parse(text) - ms)).toBeLessThanOrEqual(step / 2);
      }),
    );
  });
});

describe('formatDuration, non-finite input', () => {
  it('does not throw', () => {
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatDuration(Number.NEGATIVE_INFINITY)).toBe('-∞');
    expect(formatDuration(Number.NaN)).toBe('n/a');
  });
});
