/**
 * OpenSLO v1 in and out (docs/semantics.md §8). `kind: Service` becomes a Pacta service; `kind: SLO`
 * becomes its availability objective: `target` or `targetPercent`, a rolling `timeWindow` in days or
 * weeks, or a calendar month or quarter. Pacta measures availability as time without an incident
 * counting against it, which is OpenSLO's `Timeslices`; whatever Pacta cannot express — an indicator's
 * queries, `Occurrences`, alert policies, a second objective — is listed by path, never dropped in
 * silence. Pacta-only settings travel in `metadata.annotations` under `pacta.dev/`, so export → import
 * gives the same services back.
 */
import { LineCounter, parseAllDocuments, stringify } from 'yaml';
import { API_VERSION, type ConfigDocument } from './documents.ts';
import type { Located, SourceFile } from './load.ts';

const PREFIX = 'pacta.dev/';
type ServiceDoc = Extract<ConfigDocument, { kind: 'Service' }>;
type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

export type OpenSloImport = { documents: Located[]; unmapped: string[]; errors: string[] };

/** OpenSLO's duration shorthand as a Pacta window: `28d`, `4w` → `28d`; `1M` → month; `1Q` → quarter. */
function windowOf(tw: unknown, at: string, unmapped: string[]): string | null {
  if (!Array.isArray(tw) || !isObj(tw[0])) return null;
  const w = tw[0];
  const d = typeof w.duration === 'string' ? /^(\d+)([mhdwMQY])$/.exec(w.duration) : null;
  if (!d) {
    unmapped.push(`${at}.timeWindow[0].duration: ${JSON.stringify(w.duration)} is not a duration shorthand`);
    return null;
  }
  const n = Number(d[1]);
  const unit = d[2]!;
  const calendarAligned = w.isRolling === false || (w.isRolling === undefined && w.calendar !== undefined);
  if (calendarAligned) {
    if (isObj(w.calendar)) unmapped.push(`${at}.timeWindow[0].calendar: Pacta starts calendar windows at the month's or quarter's start in the service's zone (startTime and timeZone are not used)`);
    if (n === 1 && unit === 'M') return 'month';
    if (n === 1 && unit === 'Q') return 'quarter';
    unmapped.push(`${at}.timeWindow[0]: a calendar window of ${w.duration}; Pacta has calendar months (1M) and quarters (1Q), or rolling windows`);
    return null;
  }
  const days = unit === 'd' ? n : unit === 'w' ? n * 7 : null;
  if (days === null || days < 1 || days > 366) {
    unmapped.push(`${at}.timeWindow[0].duration: a rolling window of ${w.duration}; Pacta counts rolling windows in whole days, 1 to 366`);
    return null;
  }
  return `${days}d`;
}

function annotation(meta: Obj, key: string): string | undefined {
  const a = isObj(meta.annotations) ? meta.annotations[`${PREFIX}${key}`] : undefined;
  return typeof a === 'string' ? a : undefined;
}

/** Reads OpenSLO v1 files into Pacta Service documents, listing what does not map. */
export function importOpenSlo(files: readonly SourceFile[]): OpenSloImport {
  const services = new Map<string, { doc: ServiceDoc; where: string }>();
  const unmapped: string[] = [];
  const errors: string[] = [];
  const serviceOf = (name: string, where: string): ServiceDoc => {
    let s = services.get(name);
    if (!s) services.set(name, (s = { doc: { apiVersion: API_VERSION, kind: 'Service', metadata: { name }, spec: { displayName: name } }, where }));
    return s.doc;
  };
  for (const file of files) {
    const lines = new LineCounter();
    const docs = parseAllDocuments(file.text, { lineCounter: lines });
    for (const [i, doc] of (Array.isArray(docs) ? docs : [docs]).entries()) {
      const start = lines.linePos((doc.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? 0);
      const where = `${file.name}:${start.line}:${start.col}`;
      if (doc.errors.length) {
        errors.push(...doc.errors.map((e) => `${file.name}:${lines.linePos(e.pos[0]).line}:${lines.linePos(e.pos[0]).col}: ${e.message.split('\n')[0]}`));
        continue;
      }
      let v: unknown;
      try {
        v = doc.toJS({ maxAliasCount: 50 });
      } catch (err) {
        errors.push(`${where}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      if (v === null || v === undefined) continue;
      const at = `${file.name}#${i + 1}`;
      if (!isObj(v) || v.apiVersion !== 'openslo/v1') {
        errors.push(`${where}: not an OpenSLO v1 document (apiVersion: openslo/v1).`);
        continue;
      }
      const meta = isObj(v.metadata) ? v.metadata : {};
      const spec = isObj(v.spec) ? v.spec : {};
      const name = typeof meta.name === 'string' ? meta.name.toLowerCase() : '';
      if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(name)) {
        errors.push(`${where}: metadata.name ${JSON.stringify(meta.name)} cannot name a Pacta object (letters, digits, - and _, at most 40).`);
        continue;
      }
      if (v.kind === 'Service') {
        const s = serviceOf(name, where);
        if (typeof meta.displayName === 'string' && meta.displayName.trim()) s.spec.displayName = meta.displayName.trim().slice(0, 200);
        const calendar = annotation(meta, 'calendar');
        if (calendar) s.spec.calendar = calendar;
        const weight = annotation(meta, 'degraded-weight');
        if (weight !== undefined) s.spec.degradedWeight = Number(weight);
        const channel = annotation(meta, 'channel');
        if (channel) s.spec.channel = channel;
        if (annotation(meta, 'public') === 'true') s.spec.public = true;
        if (spec.description !== undefined) unmapped.push(`${at} (Service ${name}).spec.description: Pacta services have no description`);
        continue;
      }
      if (v.kind !== 'SLO') {
        unmapped.push(`${at}: kind ${String(v.kind)} has no Pacta equivalent (only Service and SLO are read)`);
        continue;
      }
      const serviceName = typeof spec.service === 'string' ? spec.service.toLowerCase() : '';
      if (!serviceName) {
        errors.push(`${where}: SLO ${name} names no spec.service.`);
        continue;
      }
      const s = serviceOf(serviceName, where);
      const path = `${at} (SLO ${name}).spec`;
      const objectives = Array.isArray(spec.objectives) ? spec.objectives.filter(isObj) : [];
      const targets = objectives.map((o) => (typeof o.target === 'number' ? o.target * 100 : typeof o.targetPercent === 'number' ? o.targetPercent : null));
      const best = targets.reduce<number | null>((m, t) => (t !== null && (m === null || t > m) ? t : m), null);
      if (best === null || !(best > 0 && best < 100)) {
        errors.push(`${where}: SLO ${name} has no objective with a target (0–1) or targetPercent (0–100).`);
        continue;
      }
      targets.forEach((t, k) => {
        if (t !== best || k !== targets.indexOf(best)) unmapped.push(`${path}.objectives[${k}]: Pacta keeps one objective per service, the strictest (${round(best)} %)`);
      });
      const window = windowOf(spec.timeWindow, path, unmapped) ?? '30d';
      if (spec.timeWindow === undefined) unmapped.push(`${path}.timeWindow: absent; Pacta uses 30d`);
      if (s.spec.availability) unmapped.push(`${path}: ${serviceName} already has an objective from another SLO; this one replaces it`);
      s.spec.availability = { target: round(best), window };
      if (spec.budgetingMethod !== 'Timeslices') unmapped.push(`${path}.budgetingMethod: ${String(spec.budgetingMethod)}; Pacta measures time (Timeslices), not events`);
      for (const k of ['indicator', 'indicatorRef', 'alertPolicies', 'description']) if (spec[k] !== undefined) unmapped.push(`${path}.${k}: Pacta measures availability from its incidents, not from a metric`);
      objectives.forEach((o, k) => {
        for (const f of ['op', 'value', 'timeSliceTarget', 'timeSliceWindow', 'indicator', 'indicatorRef', 'compositeWeight']) if (o[f] !== undefined) unmapped.push(`${path}.objectives[${k}].${f}: not used by Pacta`);
      });
    }
  }
  return { documents: [...services.values()].map((s) => ({ doc: s.doc, where: s.where })), unmapped, errors };
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** OpenSLO's shorthand for a Pacta window. */
function shorthand(window: string): { duration: string; isRolling: boolean } {
  if (window === 'month') return { duration: '1M', isRolling: false };
  if (window === 'quarter') return { duration: '1Q', isRolling: false };
  return { duration: window, isRolling: true };
}

/** Pacta's services as OpenSLO v1: a Service each and, where it has an objective, an SLO. */
export function exportOpenSlo(docs: readonly ConfigDocument[]): string {
  const out: Obj[] = [];
  for (const d of docs) {
    if (d.kind !== 'Service') continue;
    const annotations: Record<string, string> = {};
    if (d.spec.calendar) annotations[`${PREFIX}calendar`] = d.spec.calendar;
    if (d.spec.degradedWeight !== undefined) annotations[`${PREFIX}degraded-weight`] = String(d.spec.degradedWeight);
    if (d.spec.channel) annotations[`${PREFIX}channel`] = d.spec.channel;
    if (d.spec.public) annotations[`${PREFIX}public`] = 'true';
    const metadata: Obj = { name: d.metadata.name, displayName: d.spec.displayName };
    if (Object.keys(annotations).length) metadata.annotations = annotations;
    out.push({ apiVersion: 'openslo/v1', kind: 'Service', metadata, spec: {} });
    if (!d.spec.availability) continue;
    const w = shorthand(d.spec.availability.window);
    out.push({
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: { name: `${d.metadata.name}-availability`, displayName: `${d.spec.displayName} availability` },
      spec: {
        service: d.metadata.name,
        indicator: {
          metadata: { name: `${d.metadata.name}-uptime`, displayName: 'Time without an incident counting against availability (Pacta)' },
          spec: { ratioMetric: { counter: false, good: { metricSource: { type: 'Pacta', spec: { measure: 'uptime' } } }, total: { metricSource: { type: 'Pacta', spec: { measure: 'time' } } } } },
        },
        timeWindow: [w.isRolling ? { duration: w.duration, isRolling: true } : { duration: w.duration, isRolling: false, calendar: { startTime: '2020-01-01 00:00:00', timeZone: 'UTC' } }],
        budgetingMethod: 'Timeslices',
        objectives: [{ displayName: 'Availability', target: round(d.spec.availability.target / 100), timeSliceTarget: 1, timeSliceWindow: '1m' }],
      },
    });
  }
  return out.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}
