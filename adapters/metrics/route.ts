/**
 * `GET /metrics`: the Prometheus exposition of this app's registry, on the main port or on its own
 * (`PACTA_METRICS_PORT`). With a token (`PACTA_METRICS_TOKEN`) a scrape must carry
 * `Authorization: Bearer <token>`, compared in constant time; anything else gets one 401 that says no more.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, type RouteHandler } from '../http/server.ts';

export const METRICS_PATH = '/metrics';

export type Scrape = { scrape(): Promise<{ contentType: string; body: string }> };

export function metricsRoute(metrics: Scrape, token: string | null): RouteHandler {
  const expected = token === null ? null : digest(token);
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return json(res, 405, { error: 'method_not_allowed' });
    }
    if (expected && !authorized(req.headers.authorization, expected)) {
      res.setHeader('www-authenticate', 'Bearer realm="pacta-metrics"');
      return json(res, 401, { error: 'unauthorized' });
    }
    const { contentType, body } = await metrics.scrape();
    res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/** `Bearer <token>` (the scheme in any case); both sides hashed first, so the comparison has one length and one time. */
function authorized(header: string | undefined, expected: Buffer): boolean {
  const m = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return timingSafeEqual(digest(m?.[1] ?? ''), expected) && m !== null;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
