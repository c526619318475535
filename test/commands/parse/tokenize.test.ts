import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripCommandWord, tokenize } from '../../../commands/parse/tokenize.ts';
import { bad, onlyBadArgument } from './bad.ts';

const values = (line: string): string[] => tokenize(line).map((t) => t.value);

describe('tokenize', () => {
  it('splits on any whitespace, including no-break spaces and line breaks', () => {
    expect(values('  ack   INC-1  ')).toEqual(['ack', 'INC-1']);
    expect(values('ack\u00a0INC-1\tnow\nlater')).toEqual(['ack', 'INC-1', 'now', 'later']);
    expect(values('')).toEqual([]);
    expect(values('   ')).toEqual([]);
  });

  it('honours straight double and single quotes', () => {
    expect(values('service add payments "Payments API" x')).toEqual(['service', 'add', 'payments', 'Payments API', 'x']);
    expect(values("note 'two words' x")).toEqual(['note', 'two words', 'x']);
    expect(values('"" x')).toEqual(['', 'x']);
  });

  it('honours typographic quotes from autocorrect, in matching or mismatched pairs', () => {
    expect(values('add “Payments API” x')).toEqual(['add', 'Payments API', 'x']);
    expect(values('add ‘Payments API’ x')).toEqual(['add', 'Payments API', 'x']);
    expect(values('add „Zahlungen API“ x')).toEqual(['add', 'Zahlungen API', 'x']);
    expect(values('add ”Payments API” x')).toEqual(['add', 'Payments API', 'x']);
    expect(values('add "Payments API” x')).toEqual(['add', 'Payments API', 'x']);
    expect(values('add “Payments API" x')).toEqual(['add', 'Payments API', 'x']);
  });

  it('keeps apostrophes inside words as letters, so free text never looks unterminated', () => {
    expect(values("waiting on the customer's reply")).toEqual(['waiting', 'on', 'the', "customer's", 'reply']);
    expect(values('don’t page ’90s')).toEqual(['don’t', 'page', '’90s']);
    expect(values("'it's fine' ok")).toEqual(["it's fine", 'ok']);
    expect(values('"a"b c"')).toEqual(['a"b c']);
  });

  it('applies backslash escapes inside double quotes only', () => {
    expect(values('"say \\"hi\\"" x')).toEqual(['say "hi"', 'x']);
    expect(values('"back\\\\slash"')).toEqual(['back\\slash']);
    expect(values('"C:\\temp"')).toEqual(['C:\\temp']);
    // Single quotes have no escapes: the backslash is kept and the quote after it closes the word.
    expect(values("'a\\b' x")).toEqual(['a\\b', 'x']);
    expect(values("'no \\' escapes'")).toEqual(['no \\', "escapes'"]);
    expect(values('a\\ b')).toEqual(['a\\', 'b']);
  });

  it('opens a quote right after "=" so --flag="a b" and key="a b" work', () => {
    expect(values('--hours="mon-fri 09:00-17:00" x')).toEqual(['--hours=mon-fri 09:00-17:00', 'x']);
    expect(values("name='Payments API'")).toEqual(['name=Payments API']);
    expect(values('a=b"c d"')).toEqual(['a=b"c', 'd"']);
  });

  it('marks words that began with a quote, and keeps raw text, leading space and offsets', () => {
    const [a, b, c] = tokenize('x  "--all"  --all');
    expect(a).toEqual({ value: 'x', raw: 'x', space: '', quoted: false, start: 0 });
    expect(b).toEqual({ value: '--all', raw: '"--all"', space: '  ', quoted: true, start: 3 });
    expect(c).toEqual({ value: '--all', raw: '--all', space: '  ', quoted: false, start: 12 });
  });

  it('rejects an unterminated quote, saying where it opened and how to close it', () => {
    for (const line of ['open payments P1 "Card failing', "note 'oops", 'x “abc', 'x "a\\"', '"', 'x ‘y z']) {
      const e = bad(() => tokenize(line));
      expect(e.message).toMatch(/never closed/);
      expect(e.message).toMatch(/e\.g\./);
    }
    expect(bad(() => tokenize('open payments P1 "Card failing')).message).toMatch(/character 18/);
  });

  it('never throws anything but BadArgumentError, on any string (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => onlyBadArgument(() => tokenize(s))), { numRuns: 5000 });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => onlyBadArgument(() => tokenize(s))),
      { numRuns: 5000 },
    );
    const quoteHeavy = fc.string({
      unit: fc.constantFrom('"', "'", '“', '”', '‘', '’', '„', '\\', ' ', '\u00a0', '\n', '-', '=', 'a', 'b'),
      maxLength: 60,
    });
    fc.assert(fc.property(quoteHeavy, (s) => onlyBadArgument(() => tokenize(s))), { numRuns: 10000 });
  });

  it('gives back the words of a line built by quoting arbitrary words (property)', () => {
    const quote = (w: string): string => `"${w.replace(/[\\"“”]/g, (c) => `\\${c}`)}"`;
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 8 }), (words) => {
        expect(values(words.map(quote).join(' '))).toEqual(words);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps every non-space character of unquoted plain words (property)', () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9@:#,.\-_/]{1,10}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (words) => {
        expect(values(words.join('  '))).toEqual(words);
      }),
    );
  });
});

describe('stripCommandWord', () => {
  it('removes a leading /sla in any case, and nothing else', () => {
    expect(stripCommandWord('/sla ack INC-1')).toBe('ack INC-1');
    expect(stripCommandWord('  /SLA   status ')).toBe('status');
    expect(stripCommandWord('/sla')).toBe('');
    expect(stripCommandWord('ack INC-1')).toBe('ack INC-1');
    expect(stripCommandWord('/slash x')).toBe('/slash x');
    expect(stripCommandWord('note INC-1 /sla was slow')).toBe('note INC-1 /sla was slow');
  });
});
