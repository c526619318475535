import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BadArgumentError } from '../../../src/errors.ts';
import { formatPercent } from '../../../src/format/percent.ts';

describe('formatPercent', () => {
  it('formats a fraction with fixed decimals and no space', () => {
    expect(formatPercent(0.9995)).toBe('99.95%');
    expect(formatPercent(0.999, 1)).toBe('99.9%');
    expect(formatPercent(1)).toBe('100.00%');
    expect(formatPercent(0.5, 0)).toBe('50%');
    expect(formatPercent(0.305556, 3)).toBe('30.556%');
  });

  it('is not fooled by binary noise (0.57 × 100 = 56.99999999999999)', () => {
    expect(0.57 * 100).not.toBe(57);
    expect(formatPercent(0.57, 2, { rounding: 'down' })).toBe('57.00%');
    expect(formatPercent(0.0007, 2, { rounding: 'down' })).toBe('0.07%');
    expect(formatPercent(0.9995, 2, { rounding: 'down' })).toBe('99.95%');
    expect(formatPercent(0.99895)).toBe('99.90%');
  });

  it("'down' never rounds a miss up to the target or to 100 %", () => {
    expect(formatPercent(0.99895, 2, { rounding: 'down' })).toBe('99.89%');
    expect(formatPercent(0.999999, 2, { rounding: 'down' })).toBe('99.99%');
    expect(formatPercent(0.999999)).toBe('100.00%');
  });

  it('handles negative fractions (an overspent budget) and never prints -0', () => {
    expect(formatPercent(-0.12345)).toBe('-12.35%');
    expect(formatPercent(-0.12345, 2, { rounding: 'down' })).toBe('-12.35%');
    expect(formatPercent(-0.1234, 2, { rounding: 'down' })).toBe('-12.34%');
    expect(formatPercent(-0.00001)).toBe('0.00%');
    expect(formatPercent(-0)).toBe('0.00%');
  });

  it('rounds half away from zero', () => {
    expect(formatPercent(0.00125)).toBe('0.13%');
    expect(formatPercent(-0.00125)).toBe('-0.13%');
  });

  it('does not throw on non-finite input', () => {
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe('∞%');
    expect(formatPercent(Number.NEGATIVE_INFINITY)).toBe('-∞%');
    expect(formatPercent(Number.NaN)).toBe('n/a');
  });

  it('rejects bad digit counts', () => {
    expect(() => formatPercent(0.5, -1)).toThrow(BadArgumentError);
    expect(() => formatPercent(0.5, 1.5)).toThrow(BadArgumentError);
    expect(() => formatPercent(0.5, 11)).toThrow(BadArgumentError);
  });

  it("is within half a last digit of the value, and 'down' never above it (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: 0, max: 4 }), (x, digits) => {
        const unit = 10 ** -digits;
        const nearest = Number.parseFloat(formatPercent(x, digits));
        const down = Number.parseFloat(formatPercent(x, digits, { rounding: 'down' }));
        expect(Math.abs(nearest - x * 100)).toBeLessThanOrEqual(unit / 2 + 1e-6);
        expect(down).toBeLessThanOrEqual(x * 100 + 1e-6);
        expect(x * 100 - down).toBeLessThan(unit + 1e-6);
      }),
    );
  });
});
