/**
 * Every line costs little, however long (docs/semantics.md §4): a line longer than the router reads is
 * answered without being read, each value parser refuses text far longer than any value before parsing
 * it and quotes back only its start, and "did you mean" computes a banded edit distance that gives up
 * past its budget. Costs are shown by counting work and by the answers to megabyte inputs, never by
 * timing (vitest's timeout is only a backstop).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitArgs } from '../../commands/parse/args.ts';
import { parseDigestSchedule } from '../../commands/parse/digest-schedule.ts';
import { parseDuration } from '../../commands/parse/duration.ts';
import { MAX_ECHO } from '../../commands/parse/echo.ts';
import { parseImpact } from '../../commands/parse/impact.ts';
import { parseIncidentId } from '../../commands/parse/incident-id.ts';
import { parsePriority } from '../../commands/parse/priority.ts';
import { parseServiceKey } from '../../commands/parse/service-key.ts';
import { boundedEditDistance, closestMatch, MAX_SUGGESTION_WORD, type DistanceWork } from '../../commands/parse/suggest.ts';
import { parseFutureTime, parseTime } from '../../commands/parse/time.ts';
import { parseTimeZone } from '../../commands/parse/time-zone.ts';
import { tokenize } from '../../commands/parse/tokenize.ts';
import { COMMANDS } from '../../commands/registry.ts';
import { MAX_LINE_LENGTH } from '../../commands/router.ts';
import { namesOf } from '../../commands/spec.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { RESPONDER, SETUP_LINES, expectRefused, fingerprint, messageText, runAll, setup } from './harness.ts';
import { bad } from './parse/bad.ts';

const MB = 1_000_000;

/** The full-matrix optimal-string-alignment distance: the reference the banded one must agree with. */
function fullOsa(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      const up = d[i - 1]!;
      row[j] = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** Runs `f`, expecting a BadArgumentError, and returns its message. */
const refusal = (f: () => unknown): string => bad(f).message;

describe('the banded edit distance', () => {
  it('equals the full OSA distance whenever that is within the budget, and is undefined otherwise (property)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 8 }), (a, b, budget) => {
        const full = fullOsa(a, b);
        expect(boundedEditDistance(a, b, budget)).toBe(full <= budget ? full : undefined);
      }),
      { numRuns: 5000 },
    );
  });

  it('computes nothing for lengths further apart than the budget, however long', () => {
    const work: DistanceWork = { cells: 0 };
    expect(boundedEditDistance('x'.repeat(MB), 'status', 5, work)).toBeUndefined();
    expect(boundedEditDistance('status', 'x'.repeat(MB), 5, work)).toBeUndefined();
    expect(work.cells).toBe(0);
  });

  it('computes at most (length + 1) × (2 × budget + 1) cells, and stops at the first row over budget', () => {
    const work: DistanceWork = { cells: 0 };
    const a = 'ab'.repeat(5_000);
    expect(boundedEditDistance(a, `${a.slice(0, -3)}xyz`, 3, work)).toBe(3);
    expect(work.cells).toBeLessThanOrEqual((a.length + 1) * 7);
    expect(work.cells).toBeGreaterThan(0);

    // Nothing in common: every cell of row 4 is over a budget of 3, so four rows of at most 7 cells.
    const lost: DistanceWork = { cells: 0 };
    expect(boundedEditDistance('a'.repeat(10_000), 'b'.repeat(10_000), 3, lost)).toBeUndefined();
    expect(lost.cells).toBeLessThanOrEqual(4 * 7);
  });
});

describe('closestMatch', () => {
  const names = namesOf(COMMANDS);

  it('looks at no word longer than any typo of a name, however long', () => {
    const work: DistanceWork = { cells: 0 };
    expect(closestMatch('x'.repeat(MB), names, work)).toBeUndefined();
    expect(closestMatch('s'.repeat(MAX_SUGGESTION_WORD + 1), names, work)).toBeUndefined();
    expect(work.cells).toBe(0);
  });

  it('does bounded work for the longest word it looks at, and still finds typos', () => {
    const work: DistanceWork = { cells: 0 };
    const word = 'subscriptions'.repeat(5).slice(0, MAX_SUGGESTION_WORD);
    closestMatch(word, names, work);
    const budget = Math.floor(MAX_SUGGESTION_WORD / 3);
    expect(work.cells).toBeLessThanOrEqual(names.length * (MAX_SUGGESTION_WORD + 1) * (2 * budget + 1));
    expect(closestMatch('subscirptions', names)).toBe('subscriptions');
    expect(closestMatch('stauts', names)).toBe('status');
  });
});

describe('value parsers given a megabyte', () => {
  const ctx = { now: new Date('2026-11-23T09:00:00Z'), timezone: 'Europe/Berlin' };
  const short = (message: string) => {
    // The message quotes at most MAX_ECHO characters of the input, plus its own words.
    expect(message.length).toBeLessThan(MAX_ECHO + 300);
    return message;
  };

  it('refuse it with a short message that quotes only its start', () => {
    expect(short(refusal(() => parseDuration('1'.repeat(MB))))).toMatch(/^"1{59}…" is too long for a duration; write one e\.g\. 90s/);
    expect(short(refusal(() => parseDuration(`${'1h'.repeat(MB / 2)}`)))).toMatch(/too long for a duration/);
    expect(short(refusal(() => parseTime(`${'1'.repeat(MB)}m ago`, ctx)))).toMatch(/too long for a time/);
    expect(short(refusal(() => parseFutureTime(`2026-11-25 ${'1'.repeat(MB)}`, ctx)))).toMatch(/too long for a time/);
    expect(short(refusal(() => parseDigestSchedule('* '.repeat(MB / 2))))).toMatch(/too long for a digest schedule/);
    expect(short(refusal(() => parseTimeZone(`Europe/${'x'.repeat(MB)}`)))).toMatch(/is not a time zone/);
    expect(short(refusal(() => parseServiceKey('p'.repeat(MB))))).toMatch(/at most 40 characters/);
    expect(short(refusal(() => parseIncidentId(`INC-${'9'.repeat(MB)}`)))).toMatch(/is not an incident id/);
    expect(short(refusal(() => parsePriority('P'.repeat(MB))))).toMatch(/is not a priority/);
    expect(short(refusal(() => parseImpact('o'.repeat(MB))))).toMatch(/is not an impact/);
  });

  it('an unknown flag of a megabyte is refused with its start quoted and no suggestion searched', () => {
    const message = short(refusal(() => splitArgs(tokenize(`--${'x'.repeat(MB)}`), { valueFlags: ['impact', 'since'] })));
    expect(message).toMatch(/^Unknown option --x+…\. Options here: --impact, --since\./);
  });

  it('the tokenizer reads a megabyte of quotes, of spaces and of one word in one pass, correctly', () => {
    const quotes = tokenize('"'.repeat(MB));
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toMatchObject({ quoted: true, start: 0 });
    expect(quotes[0]!.value).toBe('"'.repeat(MB - 2));
    expect(tokenize(' '.repeat(MB))).toEqual([]);
    const pairs = tokenize('" " '.repeat(MB / 4));
    expect(pairs).toHaveLength(MB / 4);
    expect(pairs.every((t) => t.value === ' ' && t.quoted)).toBe(true);
    const word = tokenize(`  ${'w'.repeat(MB)}  `);
    expect(word).toHaveLength(1);
    expect(word[0]!.value.length).toBe(MB);
    expect(() => tokenize(`"${'x'.repeat(MB)}`)).toThrow(/The quote " at character 1 is never closed/);
  });
});

describeEachDatabase('the router given very long lines', (db) => {
  const prepared = async () => {
    const h = await setup(db());
    await runAll(h, SETUP_LINES);
    return h;
  };
  const TOO_LONG = /^That is 1,0\d\d,\d{3} characters, more than I read in one command \(8,000\)\. A title has at most 200 characters and a note at most 2,000/;

  it('answers a line of a megabyte at once, whatever it holds, and changes nothing', async () => {
    const h = await prepared();
    const d = db();
    const lines: Array<[string, string]> = [
      ['an unknown command word', 'x'.repeat(MB)],
      ['a flag', `status --${'x'.repeat(MB)}`],
      ['a title', `open payments P1 ${'Card payments failing '.repeat(MB / 22 + 1)}`],
      ['quotes', '"'.repeat(MB)],
      ['whitespace', ' \t\n'.repeat(MB / 3 + 1)],
      ['a duration', `maintenance payments +1h ${'1'.repeat(MB)}h`],
      ['a time', `open payments P1 Broken --since ${'2026-11-25 '.repeat(MB / 11 + 1)}`],
    ];
    for (const [what, line] of lines) {
      expect(line.length, what).toBeGreaterThanOrEqual(MB);
      const text = await expectRefused(h, d, line, [TOO_LONG]);
      expect(text.length, what).toBeLessThan(400);
    }
  });

  it('names the usage of the command a too-long line starts with', async () => {
    const h = await prepared();
    const text = await expectRefused(h, db(), `/sla note INC-1 ${'a'.repeat(MB)}`, [TOO_LONG, /Usage: note <id> <text>/]);
    expect(text).not.toMatch(/aaaaaaaaaa/);
  });

  it('reads a line of exactly the limit, and every answer quotes at most the start of what it repeats', async () => {
    const h = await prepared();
    const d = db();
    const fill = (prefix: string, unit: string, suffix = '') => {
      const n = MAX_LINE_LENGTH - prefix.length - suffix.length;
      const line = prefix + unit.repeat(Math.ceil(n / unit.length)).slice(0, n) + suffix;
      expect(line.length).toBe(MAX_LINE_LENGTH);
      return line;
    };
    const cases: Array<[string, RegExp]> = [
      [fill('', 'x'), /^I don't know the command x{39}…\. help lists the commands\./],
      [fill('service ', 'x'), /^service has no x{39}…: use one of add, set, remove, list\./],
      [fill('open payments P1 Broken --', 'x'), /^Unknown option --x{57}…\. Options here: --impact, --since\./],
      [fill('open payments P1 ', 'Card payments failing '), /^The title is 7\d{3} characters; keep it under 200\./],
      [fill('open payments P1 "', 'x', '"'), /^The title is 7\d{3} characters; keep it under 200\./],
      [fill('open payments P1 Broken --since ', '1', 'm ago'), /is too long for a time/],
      [fill('maintenance payments +1h ', '1', 'h'), /^"1{59}…" is too long for a duration/],
      [fill('subscribe payments --digest "', '* ', '"'), /too long for a digest schedule/],
      [fill('calendar add biz --hours 24x7 --tz ', 'x'), /^"x{59}…" is not a time zone/],
      [fill('status payments ', 'extra '), /^Too many arguments: "extra" "extra" "extra" and \d+ more were not expected/],
      [fill('ack INC-', '9'), /^"INC-9{55}…" is not an incident id/],
      [fill('', '"'), /I don't know the command/],
    ];
    for (const [line, pattern] of cases) {
      const text = await expectRefused(h, d, line, [pattern], line.startsWith('calendar') || line.startsWith('maint') || line.startsWith('subscribe') ? undefined : RESPONDER);
      expect(text.length, line.slice(0, 40)).toBeLessThan(600);
    }
    // A line of the limit that is only whitespace is a bare `/sla`: the help.
    expect(messageText((await h.run(' '.repeat(MAX_LINE_LENGTH))).reply.message)).toMatch(/^Pacta commands/);
    // A line one over the limit is not read at all.
    const before = await fingerprint(d);
    expect(messageText((await h.run(' '.repeat(MAX_LINE_LENGTH + 1))).reply.message)).toMatch(/^That is 8,001 characters/);
    expect(await fingerprint(d)).toBe(before);
  });
});
