/**
 * CSV per RFC 4180, defused for spreadsheets (src/format/csv.ts): what is written reads back, field for
 * field, with a strict reader; a cell a spreadsheet would run as a formula gets a leading apostrophe.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvText } from '../../../src/format/csv.ts';
import { parseCsv } from '../../helpers/csv.ts';

describe('csv', () => {
  it('quotes a field with a comma, quote, CR or LF, doubles quotes, and ends every record with CRLF', () => {
    expect(csvText(['a', 'b'], [['1, 2', 'say "hi"'], ['line\nbreak', 'plain']])).toBe('a,b\r\n"1, 2","say ""hi"""\r\n"line\nbreak",plain\r\n');
    expect(csvField('')).toBe('');
    expect(csvField('🚀 fine')).toBe('🚀 fine');
  });

  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tTAB', "'\tTAB"],
    ['\r=x', '"\'\r=x"'],
    ['=HYPERLINK("http://x", "y")', '"\'=HYPERLINK(""http://x"", ""y"")"'],
  ])('defuses %j as %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('refuses a record of the wrong length', () => {
    expect(() => csvText(['a', 'b'], [['1']])).toThrow(/1 fields/);
  });

  it('reads back as written, but for the apostrophe on formula-like cells (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', '=', '+', '-', '@', '\t', ' ', '😀', "'"), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text, text), { maxLength: 8 }), (rows) => {
        const back = parseCsv(csvText(['x', 'y', 'z'], rows));
        expect(back[0]).toEqual(['x', 'y', 'z']);
        expect(back.slice(1)).toEqual(rows.map((r) => r.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v))));
      }),
      { numRuns: 1000 },
    );
  });
});
