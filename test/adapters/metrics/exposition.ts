/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line must
 * be a `# HELP`, a `# TYPE` or a sample of a family declared before it, with well-formed names, labels
 * and values — anything else throws, naming the line. Histograms must have their `_bucket` (with `le`,
 * ascending, ending at +Inf, counts never falling), `_sum` and `_count`, with `_count` equal to the +Inf
 * bucket.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
export type Sample = { name: string; labels: Record<string, string>; value: number };
export type Family = { name: string; type: MetricType; help: string; samples: Sample[] };
export type Exposition = Map<string, Family>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

export function parseExposition(text: string): Exposition {
  const families: Exposition = new Map();
  if (!text.endsWith('\n')) throw new Error('the exposition does not end with a line break');
  const lines = text.slice(0, -1).split('\n');
  for (const [i, line] of lines.entries()) {
    const where = `line ${i + 1} (${JSON.stringify(line.slice(0, 80))})`;
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) {
        if (/^# (HELP|TYPE)\b/.test(line)) throw new Error(`${where}: malformed ${line.slice(2, 6)}`);
        continue; // a comment
      }
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`${where}: bad metric name`);
      const family = families.get(name) ?? { name, type: 'untyped' as MetricType, help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!(TYPES as readonly string[]).includes(rest)) throw new Error(`${where}: unknown type ${rest}`);
        if (family.samples.length) throw new Error(`${where}: TYPE after samples`);
        family.type = rest as MetricType;
      } else family.help = rest;
      families.set(name, family);
      continue;
    }
    const sample = parseSample(line, where);
    const family = familyOf(families, sample.name);
    if (!family) throw new Error(`${where}: sample of no declared family`);
    family.samples.push(sample);
  }
  for (const f of families.values()) checkFamily(f);
  return families;
}

function familyOf(families: Exposition, sample: string): Family | undefined {
  const exact = families.get(sample);
  if (exact && exact.type !== 'histogram' && exact.type !== 'summary') return exact;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sample.endsWith(suffix)) continue;
    const f = families.get(sample.slice(0, -suffix.length));
    if (f && (f.type === 'histogram' || (f.type === 'summary' && suffix !== '_bucket'))) return f;
  }
  if (exact?.type === 'summary') return exact;
  return undefined;
}

function parseSample(line: string, where: string): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( -?\d+)?$/.exec(line);
  if (!m) throw new Error(`${where}: not a sample`);
  const labels = m[2] ? parseLabels(m[2].slice(1, -1), where) : {};
  const raw = m[3]!;
  // As Prometheus reads values (Go's ParseFloat): NaN and Inf in any case (prom-client writes `Nan`).
  if (!/^([-+]?inf|nan|[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?)$/i.test(raw)) throw new Error(`${where}: bad value ${raw}`);
  const value = /^nan$/i.test(raw) ? NaN : /^[-+]?inf$/i.test(raw) ? (raw.startsWith('-') ? -Infinity : Infinity) : Number(raw);
  return { name: m[1]!, labels, value };
}

function parseLabels(text: string, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`${where}: label without a value`);
    const name = text.slice(i, eq);
    if (!LABEL.test(name)) throw new Error(`${where}: bad label name ${name}`);
    if (name in out) throw new Error(`${where}: label ${name} twice`);
    if (text[eq + 1] !== '"') throw new Error(`${where}: label value not quoted`);
    let value = '';
    let j = eq + 2;
    for (;;) {
      if (j >= text.length) throw new Error(`${where}: unterminated label value`);
      const c = text[j]!;
      if (c === '"') break;
      if (c === '\\') {
        const next = text[j + 1];
        if (next === '\\') value += '\\';
        else if (next === '"') value += '"';
        else if (next === 'n') value += '\n';
        else throw new Error(`${where}: bad escape \\${next ?? ''}`);
        j += 2;
      } else if (c === '\n') throw new Error(`${where}: raw line break in a label value`);
      else {
        value += c;
        j++;
      }
    }
    out[name] = value;
    i = j + 1;
    if (i < text.length) {
      if (text[i] !== ',') throw new Error(`${where}: expected , between labels`);
      i++;
    }
  }
  return out;
}

function checkFamily(f: Family): void {
  if (f.type !== 'histogram') return;
  const series = new Map<string, Sample[]>();
  const key = (labels: Record<string, string>) =>
    JSON.stringify(
      Object.entries(labels)
        .filter(([k]) => k !== 'le')
        .sort(),
    );
  for (const s of f.samples) {
    if (s.name === `${f.name}_bucket` && !('le' in s.labels)) throw new Error(`${f.name}: a bucket without le`);
    series.set(key(s.labels), [...(series.get(key(s.labels)) ?? []), s]);
  }
  for (const [labels, samples] of series) {
    const buckets = samples.filter((s) => s.name === `${f.name}_bucket`);
    const count = samples.find((s) => s.name === `${f.name}_count`);
    const sum = samples.find((s) => s.name === `${f.name}_sum`);
    if (!count || !sum || buckets.length === 0) throw new Error(`${f.name}${labels}: a histogram needs _bucket, _sum and _count`);
    const les = buckets.map((b) => (b.labels.le === '+Inf' ? Infinity : Number(b.labels.le)));
    if (les.at(-1) !== Infinity) throw new Error(`${f.name}${labels}: the last bucket is not +Inf`);
    for (let k = 1; k < buckets.length; k++) {
      if (!(les[k]! > les[k - 1]!)) throw new Error(`${f.name}${labels}: buckets not ascending`);
      if (buckets[k]!.value < buckets[k - 1]!.value) throw new Error(`${f.name}${labels}: bucket counts fall`);
    }
    if (buckets.at(-1)!.value !== count.value) throw new Error(`${f.name}${labels}: _count is not the +Inf bucket`);
  }
}

/** The value of the one sample of `name` whose labels are exactly `labels`; 0 when there is none (a counter not yet moved). */
export function valueOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  const matches = samplesOf(exposition, name).filter((s) => sameLabels(s.labels, labels));
  if (matches.length > 1) throw new Error(`${name}${JSON.stringify(labels)}: ${matches.length} samples`);
  return matches[0]?.value ?? 0;
}

/** Every sample named `name` (a family's own name, or a histogram's `_bucket`, `_sum`, `_count`). */
export function samplesOf(exposition: Exposition, name: string): Sample[] {
  return [...exposition.values()].flatMap((f) => f.samples.filter((s) => s.name === name));
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** `[label value, sample value]` of each sample of `name`, in exposition order: a one-label family at a glance. */
export function seriesOf(exposition: Exposition, name: string, label: string): Array<[string | undefined, number]> {
  return samplesOf(exposition, name).map((s) => [s.labels[label], s.value]);
}

/** The gauges read from the database, each with no sample: what a scrape shows when those reads failed. */
export function databaseGaugesOf(exposition: Exposition): Record<string, number> {
  return Object.fromEntries(['pacta_outbox_backlog', 'pacta_outbox_oldest_due_age_seconds', 'pacta_incidents_open'].map((n) => [n, exposition.get(n)?.samples.length ?? -1]));
}

export const NO_DATABASE_GAUGES = { pacta_outbox_backlog: 0, pacta_outbox_oldest_due_age_seconds: 0, pacta_incidents_open: 0 };
