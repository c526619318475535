import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseIncidentId } from '../../../commands/parse/incident-id.ts';
import { parseButtonCommand } from '../../../src/messages/button-action.ts';
import { formatIncidentRef, isIncidentNumber, MAX_INCIDENT_NUMBER, parseIncidentRef, readIncidentId } from '../../../src/domain/incident-id.ts';

describe('the incident number bound', () => {
  it('is the largest value of the PostgreSQL integer column incidents are numbered in', () => {
    expect(MAX_INCIDENT_NUMBER).toBe(2 ** 31 - 1);
  });

  it('admits 1 to the bound and nothing else', () => {
    for (const n of [1, 2, 42, MAX_INCIDENT_NUMBER - 1, MAX_INCIDENT_NUMBER]) expect(isIncidentNumber(n)).toBe(true);
    for (const x of [0, -1, 1.5, MAX_INCIDENT_NUMBER + 1, Number.MAX_SAFE_INTEGER, Number.NaN, Infinity, '1', null, undefined, 1n]) {
      expect(isIncidentNumber(x)).toBe(false);
    }
  });

  it('is the same at every door: typed ids, written refs and button values', () => {
    for (const [n, ok] of [[1, true], [MAX_INCIDENT_NUMBER, true], [0, false], [MAX_INCIDENT_NUMBER + 1, false]] as const) {
      const ref = `INC-${n}`;
      expect(readIncidentId(ref)).toBe(ok ? n : null);
      expect(parseIncidentRef(ref)).toBe(ok ? n : null);
      expect(parseButtonCommand(`ack ${ref}`)).toEqual(ok ? { id: 'ack', incident: n } : null);
      if (ok) expect(parseIncidentId(ref)).toBe(n);
      else expect(() => parseIncidentId(ref)).toThrow(/is not an incident id/);
    }
  });
});

describe('formatIncidentRef / parseIncidentRef', () => {
  it('writes INC-<n> and reads exactly that back', () => {
    expect(formatIncidentRef(42)).toBe('INC-42');
    expect(formatIncidentRef(MAX_INCIDENT_NUMBER)).toBe('INC-2147483647');
    fc.assert(fc.property(fc.integer({ min: 1, max: MAX_INCIDENT_NUMBER }), (n) => parseIncidentRef(formatIncidentRef(n)) === n));
  });

  it('refuses to format what cannot be an incident', () => {
    for (const n of [0, -1, 1.5, MAX_INCIDENT_NUMBER + 1, Number.NaN]) expect(() => formatIncidentRef(n)).toThrow(RangeError);
  });

  it('reads back nothing formatIncidentRef does not write', () => {
    for (const s of ['', 'INC-', 'INC-0', 'INC-01', 'inc-1', 'INC1', '#1', '1', ' INC-1', 'INC-1 ', 'INC--1', 'INC-1.5', 'INC-2147483648', 'INC-99999999999']) {
      expect(parseIncidentRef(s)).toBeNull();
    }
    fc.assert(fc.property(fc.string(), (s) => {
      const n = parseIncidentRef(s);
      return n === null || formatIncidentRef(n) === s;
    }));
  });
});

describe('readIncidentId', () => {
  it('reads ids as people write them', () => {
    for (const [s, n] of [['INC-42', 42], ['inc-42', 42], ['INC42', 42], ['#42', 42], ['42', 42], [' INC-7 ', 7], ['INC-007', 7], ['000000000001', 1]] as const) {
      expect(readIncidentId(s)).toBe(n);
    }
  });

  it('reads nothing else', () => {
    for (const s of ['', 'INC-', '#', '0', 'INC-0', '-4', '4.5', '# 42', 'ABC-4', '2147483648', '0000000000001', `INC-${'9'.repeat(10_000)}`]) {
      expect(readIncidentId(s)).toBeNull();
    }
  });
});
