/**
 * The pieces the three webhook body parsers share: reading the body as JSON, zod schemas for the field
 * kinds monitoring payloads use (bounded label and annotation maps, Go's RFC 3339 times, http(s) links,
 * status words), and turning the first problem zod finds into one sentence with its JSON path.
 *
 * Every parser ends in `parseWith`, which throws only `WebhookPayloadError`: an input zod cannot describe
 * or a bug becomes the generic `UNREADABLE` message rather than another exception.
 */
import { z } from 'zod';
import type { AlertStatus } from '../../src/ports/alerts.ts';
import { WebhookPayloadError } from './errors.ts';
import { LIMITS } from './limits.ts';

/** The message of a failure no rule describes; the fuzz tests hold that no input reaches it. */
export const UNREADABLE = 'the body could not be read';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a request body as JSON (UTF-8, a leading byte order mark ignored). */
export function parseJsonBody(body: Uint8Array | string): unknown {
  let text: string;
  if (typeof body === 'string') text = body;
  else {
    try {
      text = utf8.decode(body);
    } catch {
      throw new WebhookPayloadError('the body is not UTF-8 text');
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WebhookPayloadError('the body is not JSON');
  }
}

/** Cuts `s` to at most `max` characters, ending in `…` when cut, never splitting a surrogate pair. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${s.slice(0, end)}…`;
}

/** A value as a sender would recognise it in a message, at most a few dozen characters. */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(clip(v, 40));
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return clip(String(v), 40);
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `alerts[2].labels["team name"]`; the whole body is "the body". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      if (IDENT.test(key) && key.length <= 64) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(clip(key, 40))}]`;
    }
  }
  return out === '' ? 'the body' : out;
}

function plainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Sets an own property even for `__proto__`, so a label named so is kept as data, not a prototype. */
function put(out: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

type Ctx = z.core.$RefinementCtx<unknown>;

function fail(ctx: Ctx, input: unknown, message: string, path: PropertyKey[] = []): typeof z.NEVER {
  ctx.issues.push({ code: 'custom', message, input, path });
  return z.NEVER;
}

/**
 * A map of strings (labels or annotations). Absent or null (Go's nil map) reads as empty. Counts and
 * name lengths over the caps are refused; over-long values are refused for labels (they identify and
 * route) and cut for annotations (they are only shown).
 */
export function stringMap(kind: 'label' | 'annotation', required = false) {
  const maxEntries = kind === 'label' ? LIMITS.labels : LIMITS.annotations;
  const maxName = kind === 'label' ? LIMITS.labelName : LIMITS.annotationName;
  const maxValue = kind === 'label' ? LIMITS.labelValue : LIMITS.annotationValue;
  return z.unknown().optional().transform((v, ctx): Record<string, string> => {
    if (v === undefined && required) return fail(ctx, v, 'is missing');
    if (v === undefined || v === null) return {};
    if (!plainObject(v)) return fail(ctx, v, `is not an object (of ${kind}s)`);
    const out: Record<string, string> = {};
    let n = 0;
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      if (++n > maxEntries) return fail(ctx, v, `has more than ${maxEntries} ${kind}s`);
      if (key.length > maxName) return fail(ctx, v, `has a ${kind} name longer than ${maxName} characters`);
      const value = v[key];
      if (typeof value !== 'string') return fail(ctx, value, `is not a string`, [key]);
      if (value.length > maxValue) {
        if (kind === 'label') return fail(ctx, value, `is longer than ${maxValue} characters`, [key]);
        put(out, key, clip(value, maxValue));
      } else put(out, key, value);
    }
    return out;
  });
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Go's zero `time.Time`, which Alertmanager and Grafana send for "no time". */
export const GO_ZERO_TIME_MS = -62_135_596_800_000;

/** An RFC 3339 instant as Go writes them (up to nanoseconds, `Z` or an offset), to the millisecond. */
function rfc3339(s: string): Date | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return undefined;
  const days = new Date(Date.UTC(2000, mo, 0)).getUTCDate();
  const leap = mo === 2 && d === 29 && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0);
  if (d > days || leap) return undefined;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMin = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, se, ms);
  return new Date(t.getTime() - offsetMin * 60_000);
}

/** A required RFC 3339 time; Go's zero time reads as null. */
export const goTime = z.unknown().optional().transform((v, ctx): Date | null => {
  if (v === undefined) return fail(ctx, v, 'is missing');
  if (typeof v !== 'string') return fail(ctx, v, 'is not a date (an RFC 3339 string)');
  const t = v.length <= 64 ? rfc3339(v) : undefined;
  if (!t) return fail(ctx, v, `is not a date: ${shown(v)}`);
  return t.getTime() === GO_ZERO_TIME_MS ? null : t;
});

/** An optional link: absent, null or empty reads as null, and so does one over the cap or not http(s). */
export const link = z.unknown().optional().transform((v, ctx): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') return fail(ctx, v, 'is not a string');
  if (v.length > LIMITS.url || !/^https?:\/\//i.test(v)) return null;
  return URL.canParse(v) ? v : null;
});

/** Optional text for people, cut at `max`; absent, null or empty reads as null. */
export function text(max: number) {
  return z.unknown().optional().transform((v, ctx): string | null => {
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string') return fail(ctx, v, 'is not a string');
    return clip(v, max);
  });
}

/** A required identity string (a group key, a fingerprint): non-empty, refused over `max`. */
export function key(max: number) {
  return z.unknown().optional().transform((v, ctx): string => {
    if (v === undefined) return fail(ctx, v, 'is missing');
    if (typeof v !== 'string') return fail(ctx, v, 'is not a string');
    if (v === '') return fail(ctx, v, 'is empty');
    if (v.length > max) return fail(ctx, v, `is longer than ${max} characters`);
    return v;
  });
}

/** A required word from a fixed set, e.g. a payload `version`. */
export function oneOf<const T extends string>(values: readonly T[], hint = '') {
  const expected = values.map((x) => JSON.stringify(x)).join(' or ');
  return z.unknown().optional().transform((v, ctx): T => {
    if (v === undefined) return fail(ctx, v, `is missing; expected ${expected}${hint}`);
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    return fail(ctx, v, `is ${shown(v)}; expected ${expected}${hint}`);
  });
}

export const status = oneOf<AlertStatus>(['firing', 'resolved']);

/**
 * A payload `version` that must be `expected` (`what` names whose it is: "Alertmanager's"). `others`
 * explains other versions (and `missing` a body without one), so a body sent to the wrong kind of
 * integration is told so.
 */
export function payloadVersion(expected: string, what: string, others: Record<string, string>, missing?: string) {
  return z.unknown().optional().transform((v, ctx): string => {
    if (v === expected) return v;
    if (v === undefined) return fail(ctx, v, `is missing; ${what} payloads have "${expected}"${missing ? ` (${missing})` : ''}`);
    const elsewhere = typeof v === 'string' && Object.hasOwn(others, v) ? others[v] : undefined;
    return fail(ctx, v, `is ${shown(v)}, not ${what} "${expected}"${elsewhere ? `: ${elsewhere}` : ''}`);
  });
}

/** A non-negative whole number (`truncatedAlerts`); absent or null reads as 0. */
export const count = z.unknown().optional().transform((v, ctx): number => {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return fail(ctx, v, `is not a whole number of at least 0: ${shown(v)}`);
  return v;
});

const EXPECTED: Record<string, string> = { int: 'a whole number', number: 'a number', string: 'a string', object: 'an object', array: 'an array', boolean: 'true or false' };

/** One sentence for the first problem zod found, its path prefixed by `prefix`. */
function describe(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): string {
  const path = formatPath([...prefix, ...issue.path]);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'custom':
      return `${path} ${issue.message}`;
    case 'invalid_type':
      if (input === undefined) return `${path} is missing`;
      return `${path} is not ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}`;
    case 'too_small':
      return issue.origin === 'array' ? `${path} is empty` : `${path} is smaller than ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' ? `${path} is longer than ${String(issue.maximum)} characters` : `${path} is too big`;
    default:
      return `${path} is not valid`;
  }
}

/**
 * Parses `input` with `schema`, or throws a `WebhookPayloadError` naming the first problem (its path
 * prefixed with `prefix`, e.g. `['alerts', 2]` when one alert is parsed alone).
 */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, prefix: readonly PropertyKey[] = []): T {
  const r = schema.safeParse(input, { reportInput: true });
  if (r.success) return r.data;
  const first = r.error.issues[0];
  if (!first) throw new WebhookPayloadError(UNREADABLE);
  throw new WebhookPayloadError(describe(first, prefix), formatPath([...prefix, ...first.path]));
}

/**
 * Runs a whole parse and makes sure nothing but `WebhookPayloadError` leaves it: a body that is not an
 * object is refused first, and any other exception (a bug) becomes `UNREADABLE`.
 */
export function guarded<T>(input: unknown, parse: (body: Record<string, unknown>) => T): T {
  try {
    if (!plainObject(input)) throw new WebhookPayloadError(`the body is ${shown(input)}, not a JSON object`);
    return parse(input);
  } catch (err) {
    if (err instanceof WebhookPayloadError) throw err;
    throw new WebhookPayloadError(UNREADABLE, null, { cause: err });
  }
}

/**
 * Reads the alerts of a group: at most `LIMITS.alerts` of them, each with `alert`; the ones past the cap
 * are neither read nor kept, and their number is returned. Throws on the first bad alert, naming it.
 */
export function readAlerts<A>(body: Record<string, unknown>, alert: z.ZodType<A>): { alerts: A[]; skipped: number } {
  const list = body['alerts'];
  if (list === undefined) throw new WebhookPayloadError('alerts is missing', 'alerts');
  if (!Array.isArray(list)) throw new WebhookPayloadError('alerts is not an array', 'alerts');
  if (list.length === 0) throw new WebhookPayloadError('alerts is empty', 'alerts');
  const n = Math.min(list.length, LIMITS.alerts);
  const alerts: A[] = [];
  for (let i = 0; i < n; i++) alerts.push(parseWith(alert, list[i], ['alerts', i]));
  return { alerts, skipped: list.length - n };
}

/**
 * Holds a group's status to its alerts, as Alertmanager and Grafana compute it over the alerts they send:
 * `firing` when one of them fires, else `resolved`. (When Pacta skipped alerts past its cap, a firing
 * one may be among them, so a firing group without a firing alert read is let through.)
 */
export function checkGroupStatus(groupStatus: AlertStatus, alerts: readonly { status: AlertStatus }[], skipped: number): void {
  const firing = alerts.findIndex((a) => a.status === 'firing');
  if (groupStatus === 'resolved' && firing >= 0) throw new WebhookPayloadError(`status is "resolved" but alerts[${firing}] is firing`, 'status');
  if (groupStatus === 'firing' && firing < 0 && skipped === 0) throw new WebhookPayloadError('status is "firing" but none of its alerts is', 'status');
}

/** The fields of an `AlertEvent` only Grafana fills: null for every other source. */
export const NOT_GRAFANA = { silenceUrl: null, dashboardUrl: null, panelUrl: null, imageUrl: null, value: null } as const;
