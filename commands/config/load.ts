/**
 * Reads configuration documents from YAML text (docs/semantics.md §8): every problem is reported with
 * file, line and column — a syntax error, an unknown kind, an unknown or misspelt field, a value of the
 * wrong shape, two objects with the same identity — and nothing is returned to apply while any remains.
 */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { identity, KINDS, SCHEMAS, type ConfigDocument, type Kind } from './documents.ts';

export type SourceFile = { name: string; text: string };
/** A document, where it starts, and where any of its fields is (`locate(['spec', 'calendar'])`). */
export type Located = { doc: ConfigDocument; where: string; locate?: (path: ReadonlyArray<string | number>) => string };
export type LoadResult = { documents: Located[]; errors: string[] };

/** The most documents one apply reads: more is not a configuration but a mistake. */
const MAX_DOCUMENTS = 10_000;

function positionOf(doc: Document, lines: LineCounter, path: ReadonlyArray<PropertyKey>, key?: string): number {
  const target = key !== undefined ? [...path, key] : path;
  for (let n = target.length; n >= 0; n--) {
    const at = target.slice(0, n) as Array<string | number>;
    if (key !== undefined && n === target.length) {
      // An unknown field: point at its key, not its value.
      const parent = at.length > 1 ? doc.getIn(at.slice(0, -1), true) : doc.contents;
      const items = (parent as { items?: Array<{ key?: { value?: unknown; range?: [number, number, number] } }> } | null)?.items;
      const pair = items?.find((p) => p.key?.value === key);
      if (pair?.key?.range) return pair.key.range[0];
      continue;
    }
    const node = at.length ? doc.getIn(at, true) : doc.contents;
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return range[0];
  }
  return 0;
}

function where(file: string, lines: LineCounter, offset: number): string {
  const { line, col } = lines.linePos(offset);
  return `${file}:${line}:${col}`;
}

export function loadDocuments(files: readonly SourceFile[]): LoadResult {
  const documents: Located[] = [];
  const errors: string[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const lines = new LineCounter();
    let docs: Document.Parsed[];
    try {
      docs = parseAllDocuments(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }) as Document.Parsed[];
    } catch (err) {
      errors.push(`${file.name}:1:1: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    if (!Array.isArray(docs)) docs = [docs];
    for (const doc of docs) {
      if (documents.length + errors.length > MAX_DOCUMENTS) {
        errors.push(`${file.name}: more than ${MAX_DOCUMENTS} documents; split the configuration.`);
        return { documents: [], errors };
      }
      if (doc.errors.length) {
        for (const e of doc.errors) errors.push(`${where(file.name, lines, e.pos[0])}: ${e.message.split('\n')[0]}`);
        continue;
      }
      if (doc.contents === null) continue;
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 50 });
      } catch (err) {
        errors.push(`${where(file.name, lines, 0)}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      const at = (path: ReadonlyArray<PropertyKey>, key?: string) => where(file.name, lines, positionOf(doc, lines, path, key));
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        errors.push(`${at([])}: a document is a mapping with apiVersion, kind, metadata and spec.`);
        continue;
      }
      const kind = (value as { kind?: unknown }).kind;
      if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
        errors.push(`${at(['kind'])}: ${kind === undefined ? 'no kind' : `unknown kind ${JSON.stringify(kind)}`}; kinds are ${KINDS.join(', ')}.`);
        continue;
      }
      const parsed = SCHEMAS[kind as Kind].safeParse(value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          if (issue.code === 'unrecognized_keys') {
            for (const key of issue.keys) errors.push(`${at(issue.path, key)}: unknown field ${[...issue.path, key].join('.')} in a ${kind}.`);
          } else {
            const field = issue.path.length ? issue.path.join('.') : 'the document';
            errors.push(`${at(issue.path)}: ${field}: ${issue.message}`);
          }
        }
        continue;
      }
      const d = parsed.data as ConfigDocument;
      const id = `${d.kind} ${identity(d)}`;
      const here = at([]);
      const before = seen.get(id);
      if (before) errors.push(`${here}: ${id} is defined twice (also at ${before}).`);
      else seen.set(id, here);
      documents.push({ doc: d, where: here, locate: (path) => at(path) });
    }
  }
  return errors.length ? { documents: [], errors } : { documents, errors };
}
