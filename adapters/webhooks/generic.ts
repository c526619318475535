/**
 * Reads Pacta's generic JSON event — for any tool that can POST JSON — into an `AlertDelivery` of one
 * alert:
 *
 * ```
 * { "dedup_key": "disk-full-db1",        required: the event's identity; the same key updates it
 *   "status": "firing" | "resolved",     required
 *   "summary": "Disk 95% full on db1",   required: the title
 *   "service": "payments",               optional: routes it (becomes the `service` label)
 *   "severity": "critical",              optional: the `severity` label (mapped to a priority)
 *   "source_url": "https://…",           optional: the card's "Source" link (http or https)
 *   "details": { "host": "db1", "used_pct": 95, "runbook_url": "https://…" } }
 *                                        optional: strings, numbers, booleans or null
 * ```
 *
 * The alert's labels are `service` and `severity` when given; its annotations are `details` as strings
 * (numbers and booleans written as JSON writes them, null entries left out) plus `summary`, which wins
 * over a detail of that name. A detail named `runbook_url` or `description` is shown like Alertmanager's
 * annotations of those names. The group key and the fingerprint are both `dedup_key`; the event carries
 * no times (the core counts from when Pacta received it). Other fields are ignored. Caps: `limits.ts`.
 */
import { z } from 'zod';
import type { AlertDelivery } from '../../src/ports/alerts.ts';
import { clip, guarded, key, link, parseWith, status, NOT_GRAFANA } from './common.ts';
import { LIMITS } from './limits.ts';

/** An optional label value: absent, null or empty is none; over the label cap is refused. */
const labelValue = z.unknown().optional().transform((v, ctx): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') ctx.issues.push({ code: 'custom', message: 'is not a string', input: v });
  else if (v.length > LIMITS.labelValue) ctx.issues.push({ code: 'custom', message: `is longer than ${LIMITS.labelValue} characters`, input: v });
  else return v;
  return z.NEVER;
});

const summary = z.unknown().optional().transform((v, ctx): string => {
  if (typeof v === 'string' && v.trim() !== '') return clip(v, LIMITS.title);
  const message = v === undefined ? 'is missing' : typeof v === 'string' ? 'is empty' : 'is not a string';
  ctx.issues.push({ code: 'custom', message, input: v });
  return z.NEVER;
});

/** `details`: an object of scalars, as strings. */
const details = z.unknown().optional().transform((v, ctx): Array<[string, string]> => {
  if (v === undefined || v === null) return [];
  if (typeof v !== 'object' || Array.isArray(v)) {
    ctx.issues.push({ code: 'custom', message: 'is not an object', input: v });
    return z.NEVER;
  }
  const out: Array<[string, string]> = [];
  let n = 0;
  for (const name in v) {
    if (!Object.hasOwn(v, name)) continue;
    if (++n > LIMITS.annotations) {
      ctx.issues.push({ code: 'custom', message: `has more than ${LIMITS.annotations} entries`, input: v });
      return z.NEVER;
    }
    if (name.length > LIMITS.annotationName) {
      ctx.issues.push({ code: 'custom', message: `has a name longer than ${LIMITS.annotationName} characters`, input: v });
      return z.NEVER;
    }
    const x = (v as Record<string, unknown>)[name];
    if (x === null) continue;
    if (typeof x === 'string') out.push([name, clip(x, LIMITS.annotationValue)]);
    else if (typeof x === 'number' || typeof x === 'boolean') out.push([name, JSON.stringify(x)]);
    else {
      ctx.issues.push({ code: 'custom', message: 'is not a string, number, boolean or null', input: x, path: [name] });
      return z.NEVER;
    }
  }
  return out;
});

const event = z.object({
  dedup_key: key(LIMITS.fingerprint),
  status,
  summary,
  service: labelValue,
  severity: labelValue,
  source_url: link,
  details,
});

function record(entries: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * Reads a parsed JSON body (see `parseJsonBody`). Throws `WebhookPayloadError` naming the first problem,
 * and nothing else, on any input.
 */
export function parseGeneric(body: unknown): AlertDelivery {
  return guarded(body, (b) => {
    const e = parseWith(event, b);
    const labels = record([
      ...(e.service !== null ? [['service', e.service] as [string, string]] : []),
      ...(e.severity !== null ? [['severity', e.severity] as [string, string]] : []),
    ]);
    const annotations = record([...e.details.filter(([k]) => k !== 'summary'), ['summary', e.summary]]);
    return {
      kind: 'generic',
      groupKey: e.dedup_key,
      status: e.status,
      alerts: [
        {
          fingerprint: e.dedup_key,
          status: e.status,
          startsAt: null,
          endsAt: null,
          labels,
          annotations,
          sourceUrl: e.source_url,
          ...NOT_GRAFANA,
        },
      ],
      truncated: 0,
      commonLabels: record(Object.entries(labels)),
      commonAnnotations: record(Object.entries(annotations)),
      groupLabels: {},
      externalUrl: null,
      receiver: null,
      reason: null,
      orgId: null,
      title: e.summary,
      message: null,
    };
  });
}
