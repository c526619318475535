/** Documents to YAML and back to text, the same bytes for the same configuration (export → apply → export). */
import { stringify } from 'yaml';
import type { ConfigDocument } from './documents.ts';

export function toYaml(docs: readonly ConfigDocument[]): string {
  return docs.map((d) => stringify(d, { lineWidth: 0, sortMapEntries: false })).join('---\n');
}
