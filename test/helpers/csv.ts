/**
 * A strict RFC 4180 reader for tests: it refuses what a writer must not produce (a bare LF or CR line
 * end, a quote inside an unquoted field, text after a closing quote, records of different lengths, a
 * missing final CRLF), so a test that reads a file back also checks how it was written.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`CSV at ${i}: ${why}`);
  };
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) fail('unclosed quote');
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
            } else {
              i++;
              break;
            }
          } else field += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          if (text[i] === '"') fail('quote in an unquoted field');
          field += text[i++];
        }
      }
      record.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text.startsWith('\r\n', i)) {
        i += 2;
        break;
      }
      fail(i >= text.length ? 'no CRLF after the last record' : `unexpected ${JSON.stringify(text[i])}`);
    }
    if (records.length && record.length !== records[0]!.length) fail(`a record of ${record.length} fields after ${records[0]!.length}`);
    records.push(record);
  }
  return records;
}

/** The records as objects keyed by the header's names. */
export function csvObjects(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('CSV without a header');
  return rows.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]!])));
}
