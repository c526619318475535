import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS, parseDuration } from '../../../commands/parse/duration.ts';
import { bad, onlyBadArgument } from './bad.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

/** Canonical form: largest units first, zero parts left out (1h30m, 2d, 1w3d4s). */
function formatCanonical(ms: number): string {
  let left = ms;
  let out = '';
  for (const [unit, size] of [['w', 7 * D], ['d', D], ['h', H], ['m', M], ['s', S]] as const) {
    const n = Math.floor(left / size);
    if (n > 0) out += `${n}${unit}`;
    left -= n * size;
  }
  return out;
}

describe('parseDuration', () => {
  it('reads every unit, case-insensitively', () => {
    expect(parseDuration('90s')).toBe(90 * S);
    expect(parseDuration('15m')).toBe(15 * M);
    expect(parseDuration('4h')).toBe(4 * H);
    expect(parseDuration('2d')).toBe(48 * H);
    expect(parseDuration('1w')).toBe(7 * D);
    expect(parseDuration('4H')).toBe(4 * H);
    expect(parseDuration(' 15M ')).toBe(15 * M);
    expect(parseDuration('015m')).toBe(15 * M);
  });

  it('reads combinations, largest unit first', () => {
    expect(parseDuration('1h30m')).toBe(90 * M);
    expect(parseDuration('1d2h')).toBe(26 * H);
    expect(parseDuration('1w2d3h4m5s')).toBe(9 * D + 3 * H + 4 * M + 5 * S);
    expect(parseDuration('0h30m')).toBe(30 * M);
    expect(parseDuration('3650d')).toBe(MAX_DURATION_MS);
  });

  it.each([
    ['', /Missing duration/],
    ['   ', /Missing duration/],
    ['0', /longer than zero/],
    ['0m', /longer than zero/],
    ['0h0m', /longer than zero/],
    ['-5m', /can't be negative/],
    ['5', /needs a unit: s, m, h, d or w — e\.g\. 5m/],
    ['5x', /Unknown unit "x" in "5x"/],
    ['m5', /Put the number before the unit: 5m/],
    ['1h2h', /"h" appears twice/],
    ['30m1h', /largest to smallest: e\.g\. 1h30m/],
    ['1h30', /ends in a number without a unit/],
    ['1.5h', /whole numbers/],
    ['1h 30m', /without spaces/],
    ['15min', /Write "min" as m/],
    ['2hours', /Write "hours" as h/],
    ['500ms', /Milliseconds/],
    ['3651d', /too long/],
    ['522w', /too long/],
    ['99999999999999999999h', /too long/],
    ['h', /not a duration/],
    ['+5m', /not a duration/],
    ['1h-30m', /not a duration/],
  ])('rejects %j with a clear message', (input, message) => {
    const e = bad(() => parseDuration(input));
    expect(e.message).toMatch(message);
  });

  it('round-trips with the canonical formatter for every whole-second duration (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_DURATION_MS / S }), (seconds) => {
        const ms = seconds * S;
        expect(parseDuration(formatCanonical(ms))).toBe(ms);
      }),
      { numRuns: 5000 },
    );
  });

  it('sums the parts of any well-ordered combination (property)', () => {
    const part = (max: number) => fc.option(fc.integer({ min: 0, max }), { nil: undefined });
    fc.assert(
      fc.property(part(500), part(20), part(200), part(1000), part(100000), (w, d, h, m, s) => {
        const parts: Array<[number | undefined, string, number]> = [[w, 'w', 7 * D], [d, 'd', D], [h, 'h', H], [m, 'm', M], [s, 's', S]];
        const text = parts.filter(([n]) => n !== undefined).map(([n, u]) => `${n}${u}`).join('');
        const total = parts.reduce((acc, [n, , size]) => acc + (n ?? 0) * size, 0);
        if (text === '' || total === 0 || total > MAX_DURATION_MS) {
          bad(() => parseDuration(text));
        } else {
          expect(parseDuration(text)).toBe(total);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws anything but BadArgumentError (property)', () => {
    const s = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: fc.constantFrom('1', '0', '9', 'h', 'm', 'd', 'w', 's', 'x', '-', '.', ' '), maxLength: 12 }));
    fc.assert(fc.property(s, (x) => onlyBadArgument(() => parseDuration(x))), { numRuns: 3000 });
  });
});
