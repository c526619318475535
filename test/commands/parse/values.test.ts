import { describe, expect, it } from 'vitest';
import { parseIncidentId } from '../../../commands/parse/incident-id.ts';
import { formatIncidentRef } from '../../../src/domain/incident-id.ts';
import { PRIORITIES, parsePriority } from '../../../commands/parse/priority.ts';
import { parseServiceKey } from '../../../commands/parse/service-key.ts';
import { closestMatch } from '../../../commands/parse/suggest.ts';
import { parseTimeZone } from '../../../commands/parse/time-zone.ts';
import { bad } from './bad.ts';

describe('parsePriority', () => {
  it.each([
    ['P1', 'P1'], ['p1', 'P1'], ['1', 'P1'], ['P2', 'P2'], ['3', 'P3'], ['p4', 'P4'], [' P4 ', 'P4'],
  ])('reads %j as %s', (input, want) => {
    expect(parsePriority(input)).toBe(want);
  });

  it.each(['P0', 'P5', '0', '5', 'PP1', 'P1x', 'high', 'P 1', '', 'sev1'])('rejects %j', (input) => {
    expect(bad(() => parsePriority(input)).message).toMatch(/is not a priority: use P1 \(most urgent\), P2, P3 or P4, e\.g\. P2/);
  });

  it('lists exactly the priorities it accepts, most urgent first, as its refusal names them', () => {
    const accepted = Array.from({ length: 10 }, (_, n) => `P${n}`).filter((p) => {
      try {
        return parsePriority(p) === p;
      } catch {
        return false;
      }
    });
    expect([...PRIORITIES].sort()).toEqual(accepted);
    // The refusal names them in the list's order, the first as the most urgent.
    const named = /use (.+), e\.g\./.exec(bad(() => parsePriority('P9')).message)![1]!;
    expect(named).toBe(`${PRIORITIES[0]} (most urgent), ${PRIORITIES.slice(1, -1).join(', ')} or ${PRIORITIES.at(-1)}`);
  });
});

describe('parseIncidentId / formatIncidentRef', () => {
  it.each([
    ['INC-42', 42], ['inc-42', 42], ['Inc-7', 7], ['INC42', 42], ['#42', 42], ['42', 42], [' INC-1 ', 1], ['INC-007', 7],
    ['2147483647', 2_147_483_647],
  ])('reads %j as %d', (input, want) => {
    expect(parseIncidentId(input)).toBe(want);
  });

  it.each(['', 'INC-', 'INC-0', '0', '#', 'INC--4', 'INC-4a', 'ABC-4', '-4', '4.5', '# 42', '2147483648', '9999999999999'])(
    'rejects %j',
    (input) => {
      expect(bad(() => parseIncidentId(input)).message).toMatch(/is not an incident id: write it like INC-42 \(or just 42\)/);
    },
  );

  it('formats ids the way people write them and round-trips', () => {
    expect(formatIncidentRef(42)).toBe('INC-42');
    for (const n of [1, 9, 10, 12345]) expect(parseIncidentId(formatIncidentRef(n))).toBe(n);
    expect(() => formatIncidentRef(0)).toThrow(RangeError);
    expect(() => formatIncidentRef(1.5)).toThrow(RangeError);
  });
});

describe('parseServiceKey', () => {
  it.each([
    ['payments', 'payments'], ['Payments', 'payments'], ['CARD-API', 'card-api'], ['db_2', 'db_2'], ['42', '42'],
    ['ab', 'ab'], ['a'.repeat(40), 'a'.repeat(40)], ['9lives', '9lives'], [' search ', 'search'],
  ])('reads %j as %j', (input, want) => {
    expect(parseServiceKey(input)).toBe(want);
  });

  it.each([
    ['', /Missing service key/],
    ['a', /at least 2 characters/],
    ['a'.repeat(41), /at most 40 characters; "a+" has 41/],
    ['-payments', /start with a letter or digit/],
    ['_x', /start with a letter or digit/],
    ['pay.ments', /contains "\."/],
    ['paymènts', /contains "è"/],
    ['pay🚀', /contains "🚀"/],
    ['Payments API', /one word.*service add payments "Payments API"/],
    ['all', /"all" is reserved/],
    ['ALL', /"all" is reserved/],
  ])('rejects %j', (input, message) => {
    expect(bad(() => parseServiceKey(input)).message).toMatch(message);
  });
});

describe('parseTimeZone', () => {
  it('accepts IANA names in any case and returns the canonical spelling', () => {
    expect(parseTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(parseTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(parseTimeZone('America/New_York')).toBe('America/New_York');
    expect(parseTimeZone('UTC')).toBe('UTC');
  });

  it.each(['', 'Mars/Base', 'Berlin', '+01:00', 'GMT+25'])('rejects %j', (input) => {
    expect(bad(() => parseTimeZone(input)).message).toMatch(/is not a time zone: use an IANA name such as Europe\/Berlin/);
  });
});

describe('closestMatch', () => {
  const known = ['status', 'subscribe', 'subscriptions', 'incident', 'incidents'];
  it('finds typos, transpositions and abbreviations', () => {
    expect(closestMatch('stauts', known)).toBe('status');
    expect(closestMatch('subscirbe', known)).toBe('subscribe');
    expect(closestMatch('incdent', known)).toBe('incident');
    expect(closestMatch('STATUS', known)).toBe('status');
  });
  it('suggests nothing for unrelated words', () => {
    expect(closestMatch('deploy', known)).toBeUndefined();
    expect(closestMatch('', known)).toBeUndefined();
    expect(closestMatch('x', [])).toBeUndefined();
  });
});
