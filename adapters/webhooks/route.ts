/**
 * `POST /webhooks/<name>`: where Alertmanager, Grafana and any tool deliver alerts (docs/semantics.md §6).
 * The answers: 2xx only once the delivery and its effects are committed; 401 for a bad or missing secret,
 * and the same 401 for an integration that does not exist; 400 naming what is malformed; 413 over 1 MiB;
 * 429 with Retry-After over the integration's request rate (per replica); 503 when the database cannot
 * take the delivery, so the sender retries. Nothing is half-applied: the use case runs in one transaction.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { UserError } from '../../src/errors.ts';
import type { AlertDelivery } from '../../src/ports/alerts.ts';
import type { Integration, Store } from '../../src/ports/store.ts';
import type { TimeSource } from '../../src/time-source.ts';
import type { IngestResult, KeyOutcome, MonitoringUseCases } from '../../src/usecases/monitoring.ts';
import { json, type RouteHandler } from '../http/server.ts';
import { parseAlertmanager } from './alertmanager.ts';
import { GRAFANA_SIGNATURE_HEADER, GRAFANA_TIMESTAMP_HEADER, matchingSecret, presentedSecret, verifyGrafanaSignature } from './auth.ts';
import { parseJsonBody } from './common.ts';
import { WebhookPayloadError } from './errors.ts';
import { parseGeneric } from './generic.ts';
import { parseGrafana } from './grafana.ts';

export const WEBHOOK_PREFIX = '/webhooks/';
export const MAX_BODY_BYTES = 1024 * 1024;

export type WebhookDeps = {
  store: Store;
  monitoring: MonitoringUseCases;
  time: TimeSource;
  log: Logger;
  /** Hands what a delivery queued (its cards) to the dispatcher at once. */
  deliver(keys: readonly string[]): void;
  /** Told what each delivery did (docs/metrics.md). */
  metrics?: WebhookMetrics;
};

/** What a refused delivery got: its answer, in words. */
export type WebhookRefusal = 'method_not_allowed' | 'too_large' | 'rejected_auth' | 'rate_limited' | 'bad_request' | 'unavailable' | 'error';

/**
 * `integration` is the name of an integration that exists, or null when the request named none that
 * does (or was refused before it was looked up): never the name from the URL, which anyone can type.
 * `outcome` is a refusal, or for an accepted delivery what one of its alert keys did (opened, attached…).
 */
export interface WebhookMetrics {
  webhookDelivery(integration: string | null, outcome: WebhookRefusal | KeyOutcome['outcome']): void;
}

const PARSERS: Record<Integration['kind'], (body: unknown) => AlertDelivery> = {
  alertmanager: parseAlertmanager,
  grafana: parseGrafana,
  generic: parseGeneric,
};

class TooLarge extends Error {}

/**
 * A sender still writing an oversized body is let finish (discarding it, up to this much) before the 413
 * goes out: closing on a client mid-write resets the connection, and the sender would see a network
 * error instead of the answer that tells it to lower max_alerts. Past it, the connection is cut.
 */
const DRAIN_LIMIT_BYTES = 8 * MAX_BODY_BYTES;

/** Reads the body, refusing (without buffering) past `max` bytes; an oversized one is drained, not kept. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? NaN) > max;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (size > DRAIN_LIMIT_BYTES) {
          req.destroy();
          reject(new TooLarge());
        }
      } else chunks.push(c);
    });
    req.on('end', () => (tooLarge ? reject(new TooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** Requests per minute per integration, on this replica: a token bucket refilled continuously. */
class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** 0 when allowed, else the seconds to wait. */
  take(name: string, perMinute: number, nowMs: number): number {
    const b = this.buckets.get(name) ?? { tokens: perMinute, at: nowMs };
    // A clock stepped back refills nothing (and takes nothing away).
    b.tokens = Math.min(perMinute, b.tokens + (Math.max(0, nowMs - b.at) * perMinute) / 60_000);
    b.at = Math.max(b.at, nowMs);
    this.buckets.set(name, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil(((1 - b.tokens) * 60) / perMinute));
  }
}

function authorized(i: Integration, req: IncomingMessage, body: Buffer, nowMs: number): boolean {
  const hashes = [i.secretHash];
  if (i.previousHash && i.previousUntil && i.previousUntil.getTime() > nowMs) hashes.push(i.previousHash);
  if (matchingSecret(presentedSecret(req.headers), hashes) >= 0) return true;
  if (!i.hmacKey) return false;
  const header = (name: string) => {
    const v = req.headers[name];
    return typeof v === 'string' ? v : null;
  };
  return verifyGrafanaSignature(i.hmacKey, header(GRAFANA_TIMESTAMP_HEADER), body, header(GRAFANA_SIGNATURE_HEADER), nowMs).ok;
}

export function webhookRoute(deps: WebhookDeps): RouteHandler {
  const limiter = new RateLimiter();
  const record = (integration: Integration | null, outcome: WebhookRefusal | KeyOutcome['outcome']) => deps.metrics?.webhookDelivery(integration?.name ?? null, outcome);
  // `seen` holds the integration once it is known, so that even a failure nobody foresaw is counted under it.
  const route = async (req: IncomingMessage, res: ServerResponse, seen: { integration: Integration | null }): Promise<void> => {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      record(null, 'method_not_allowed');
      return json(res, 405, { error: 'method_not_allowed' });
    }
    const name = decodeURIComponent((req.url ?? '').split('?', 1)[0]!.slice(WEBHOOK_PREFIX.length));
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (err) {
      if (err instanceof TooLarge) {
        res.setHeader('connection', 'close');
        record(null, 'too_large');
        return json(res, 413, { error: 'too_large', message: `The body is over ${MAX_BODY_BYTES} bytes; lower max_alerts.` });
      }
      throw err;
    }
    let integration: Integration | null;
    try {
      integration = await deps.store.read.integrations.get(name);
    } catch (err) {
      record(null, 'unavailable');
      return unavailable(deps, res, err);
    }
    seen.integration = integration;
    const nowMs = deps.time.now().getTime();
    // An unknown integration answers exactly like a wrong secret: nothing tells a prober which names exist.
    if (!integration || !authorized(integration, req, body, nowMs)) {
      res.setHeader('www-authenticate', 'Bearer realm="pacta"');
      record(integration, 'rejected_auth');
      return json(res, 401, { error: 'unauthorized' });
    }
    const wait = limiter.take(integration.name, integration.ratePerMinute, nowMs);
    if (wait > 0) {
      res.setHeader('retry-after', String(wait));
      record(integration, 'rate_limited');
      return json(res, 429, { error: 'rate_limited', retryAfterSeconds: wait });
    }
    let delivery: AlertDelivery;
    try {
      delivery = PARSERS[integration.kind](parseJsonBody(body));
    } catch (err) {
      if (!(err instanceof WebhookPayloadError)) throw err;
      record(integration, 'bad_request');
      return json(res, 400, { error: 'bad_request', message: err.message });
    }
    let result: IngestResult;
    try {
      result = await deps.monitoring.ingest(integration, delivery, body.toString('utf8'));
    } catch (err) {
      record(integration, err instanceof UserError ? 'bad_request' : 'unavailable');
      if (err instanceof UserError) return json(res, 400, { error: 'bad_request', message: err.message });
      return unavailable(deps, res, err);
    }
    for (const o of result.outcomes) record(integration, o.outcome);
    if (result.followUps.length) deps.deliver(result.followUps);
    json(res, 200, { status: 'ok', results: result.outcomes.map((o) => ({ key: o.key, outcome: o.outcome, incident: o.incident, service: o.service })) });
  };
  // What the route did not foresee becomes the server's 500; it is counted as an error all the same.
  return async (req, res) => {
    const seen = { integration: null as Integration | null };
    try {
      await route(req, res, seen);
    } catch (err) {
      record(seen.integration, 'error');
      throw err;
    }
  };
}

function unavailable(deps: WebhookDeps, res: ServerResponse, err: unknown): void {
  deps.log.error({ err }, 'webhook delivery not applied: the database did not take it');
  res.setHeader('retry-after', '5');
  json(res, 503, { error: 'unavailable', message: 'Pacta could not store this delivery; retry.' });
}
