/**
 * Any body, however mangled, is either read into a bounded delivery or refused with one
 * WebhookPayloadError sentence: never another exception, never the catch-all, never unbounded output.
 * Mutations start from the real fixtures: keys deleted, values replaced by other JSON, huge strings,
 * deep nesting, wrong versions and times, arrays grown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertDelivery } from '../../../src/ports/alerts.ts';
import { parseAlertmanager } from '../../../adapters/webhooks/alertmanager.ts';
import { UNREADABLE, parseJsonBody } from '../../../adapters/webhooks/common.ts';
import { WebhookPayloadError } from '../../../adapters/webhooks/errors.ts';
import { parseGeneric } from '../../../adapters/webhooks/generic.ts';
import { parseGrafana } from '../../../adapters/webhooks/grafana.ts';
import { LIMITS } from '../../../adapters/webhooks/limits.ts';
import { ALERTMANAGER, GENERIC, GRAFANA, fixture } from './fixtures.ts';

const SOURCES = [...ALERTMANAGER, ...GRAFANA, ...GENERIC].map((name) => JSON.stringify(fixture(name)));
const PARSERS = [parseAlertmanager, parseGrafana, parseGeneric];

const HUGE = 'x'.repeat(300_000);
let deep: unknown = 'bottom';
for (let i = 0; i < 20_000; i++) deep = i % 2 ? [deep] : { d: deep };

const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom<unknown>(
      '4', '1', 4, '', null, true, -1, 0.5, 1e308, -0, Number.MAX_SAFE_INTEGER, 2 ** 64,
      'firing', 'resolved', 'alerting', 'ok',
      '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999999999-23:59', '2026-02-29T00:00:00Z', '2026-03-02T10:00:00',
      'javascript:alert(1)', 'https://example.com/a', '__proto__', {}, [], [[]], { __proto__: 'x' },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(HUGE, deep, { [HUGE.slice(0, 5_000)]: 'v' }) },
  { weight: 1, arbitrary: fc.nat({ max: 300 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`]))) },
);

type Mutation = { path: number[]; op: 'delete' | 'set' | 'grow'; value: unknown; key: string; length: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(), { minLength: 0, maxLength: 5 }),
  op: fc.constantFrom('delete', 'set', 'set', 'grow'),
  value,
  // What an array grows to: a few more items mostly, now and then past the cap on alerts.
  length: fc.oneof({ weight: 100, arbitrary: fc.integer({ min: 2, max: 8 }) }, { weight: 1, arbitrary: fc.constant(LIMITS.alerts + 200) }),
  key: fc.constantFrom('version', 'groupKey', 'status', 'alerts', 'labels', 'startsAt', 'endsAt', 'fingerprint', 'extra', '__proto__', 'dedup_key', 'details'),
});

/** Walks into `root` by `path` (each step picks a child by index modulo the child count) and applies `m`. */
function mutate(root: Record<string, unknown>, m: Mutation): unknown {
  let node: unknown = root;
  let parent: Record<string, unknown> | unknown[] | null = null;
  let at: string | number = '';
  for (const step of m.path) {
    if (typeof node !== 'object' || node === null) break;
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0) break;
    parent = node as Record<string, unknown>;
    at = keys[step % keys.length]!;
    node = (node as Record<string | number, unknown>)[at];
  }
  if (parent === null) {
    if (m.op === 'set' && m.path.length === 0 && typeof m.value !== 'object') return m.value;
    if (m.op === 'delete') delete root[m.key];
    else root[m.key] = m.value;
    return root;
  }
  const p = parent as Record<string | number, unknown>;
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(at as number, 1);
    else delete p[at];
  } else if (m.op === 'grow' && Array.isArray(node)) {
    const n = node.length === 0 ? 0 : m.length;
    for (let i = node.length; i < n; i++) node.push(node[i % node.length]);
  } else if (typeof node === 'object' && node !== null && !Array.isArray(node) && m.op === 'grow') {
    Object.defineProperty(node, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  } else p[at] = m.value;
  return root;
}

/** Holds, without `expect` (too slow for a million checks), that a delivery is within the caps. */
function bounded(d: AlertDelivery): void {
  const fail = (what: string) => {
    throw new Error(`unbounded delivery: ${what}`);
  };
  if (d.alerts.length < 1 || d.alerts.length > LIMITS.alerts) fail('alerts');
  if (!Number.isSafeInteger(d.truncated) || d.truncated < 0) fail('truncated');
  if (d.groupKey.length === 0 || d.groupKey.length > LIMITS.groupKey) fail('groupKey');
  if ((d.title ?? '').length > LIMITS.title || (d.receiver ?? '').length > LIMITS.title) fail('title');
  if ((d.message ?? '').length > LIMITS.message) fail('message');
  for (const a of d.alerts) {
    if (a.fingerprint.length === 0 || a.fingerprint.length > LIMITS.fingerprint) fail('fingerprint');
    const labels = Object.values(a.labels);
    if (labels.length > LIMITS.labels || labels.some((v) => typeof v !== 'string' || v.length > LIMITS.labelValue)) fail('labels');
    const annotations = Object.values(a.annotations);
    // A generic event's summary comes on top of its details.
    if (annotations.length > LIMITS.annotations + 1 || annotations.some((v) => typeof v !== 'string' || v.length > LIMITS.annotationValue)) fail('annotations');
    for (const u of [a.sourceUrl, a.silenceUrl, a.dashboardUrl, a.panelUrl, a.imageUrl]) if (u !== null && (u.length > LIMITS.url || !/^https?:\/\//i.test(u))) fail('url');
    for (const t of [a.startsAt, a.endsAt]) if (t !== null && Number.isNaN(t.getTime())) fail('time');
    if ((a.value ?? '').length > LIMITS.message) fail('value');
  }
}

function check(parse: (body: unknown) => AlertDelivery, body: unknown): void {
  let d: AlertDelivery;
  try {
    d = parse(body);
  } catch (err) {
    if (!(err instanceof WebhookPayloadError)) throw err;
    if (err.message === UNREADABLE) throw new Error('the catch-all was reached', { cause: err.cause });
    if (err.message.length > 300) throw new Error(`an over-long message: ${err.message.slice(0, 100)}…`);
    return;
  }
  bounded(d);
}

describe('webhook parsers under fuzzing', () => {
  it('10,000 mutated fixtures: a bounded delivery or a WebhookPayloadError, from every parser', () => {
    let parsed = 0;
    fc.assert(
      fc.property(fc.nat({ max: SOURCES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.nat({ max: 49 }), (i, ms, viaJson) => {
        let body: unknown = JSON.parse(SOURCES[i]!) as Record<string, unknown>;
        for (const m of ms) body = typeof body === 'object' && body !== null && !Array.isArray(body) ? mutate(body as Record<string, unknown>, m) : body;
        if (viaJson === 0) {
          // Now and then through the bytes, as the route will (deep nesting and all).
          let bytes: string;
          try {
            bytes = JSON.stringify(body);
          } catch {
            return;
          }
          try {
            body = parseJsonBody(Buffer.from(bytes ?? 'null'));
          } catch (err) {
            expect(err).toBeInstanceOf(WebhookPayloadError);
            return;
          }
        }
        for (const parse of PARSERS) check(parse, body);
        parsed++;
      }),
      { numRuns: 10_000 },
    );
    expect(parsed).toBeGreaterThan(9_000);
  });

  it('any JSON value at all is refused cleanly', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (body) => {
        for (const parse of PARSERS) check(parse, body);
      }),
      { numRuns: 1_000 },
    );
  });

  it('every fixture parses with its own parser (the mutations start from valid bodies)', () => {
    for (const n of ALERTMANAGER) bounded(parseAlertmanager(fixture(n)));
    for (const n of GRAFANA) bounded(parseGrafana(fixture(n)));
    for (const n of GENERIC) bounded(parseGeneric(fixture(n)));
  });
});
