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
import { BIG_ARRAY, MUTATED_KEYS, mutate, mutations } from './mutations.ts';

const SOURCES = [...ALERTMANAGER, ...GRAFANA, ...GENERIC].map((name) => JSON.stringify(fixture(name)));
const PARSERS = [parseAlertmanager, parseGrafana, parseGeneric];

const mutation = mutations({ huge: 'x'.repeat(300_000), deepLevels: 20_000, keys: MUTATED_KEYS, bigArray: BIG_ARRAY, bigWeight: 100 });

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
