/**
 * CSV as RFC 4180 writes it: a header record, fields separated by commas, every record ended by CRLF, a
 * field quoted when it holds a comma, a quote, CR or LF, quotes inside doubled. Text is UTF-8 as the
 * caller encodes it (no byte-order mark).
 *
 * Cells are also defused for spreadsheets (OWASP's "CSV injection"): a cell that begins with `=`, `+`,
 * `-`, `@`, a tab or CR would be read as a formula by Excel, LibreOffice or Google Sheets, and titles come
 * from people and from monitoring; such a cell gets a leading apostrophe, which spreadsheets show as
 * text. The apostrophe is part of the field for any other reader.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field as it is written: defused, then quoted if it must be. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The whole text: `header`, then each record, each line ended by CRLF. */
export function csvText(header: readonly string[], records: ReadonlyArray<readonly string[]>): string {
  const line = (fields: readonly string[]) => `${fields.map(csvField).join(',')}\r\n`;
  let out = line(header);
  for (const r of records) {
    if (r.length !== header.length) throw new Error(`a CSV record has ${r.length} fields, the header ${header.length}`);
    out += line(r);
  }
  return out;
}
