/**
 * `GET /metrics` (adapters/metrics/route.ts) on Pacta's HttpServer: the exposition with its content type,
 * HEAD, 405 for other methods, and with a token, one 401 for every way of not presenting it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer } from '../../../adapters/http/server.ts';
import { silentLogger } from '../../../adapters/logger.ts';
import { METRICS_PATH, metricsRoute } from '../../../adapters/metrics/route.ts';

const TOKEN = 'a-scrape-token-of-some-length-0123456789';
const exposition = { scrape: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: '# HELP x An example.\n# TYPE x gauge\nx 1\n' }) };

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function serve(token: string | null): Promise<string> {
  server = new HttpServer({ port: 0, host: '127.0.0.1', ping: async () => {}, log: silentLogger() });
  server.route(METRICS_PATH, metricsRoute(exposition, token));
  const { port } = await server.listen();
  return `http://127.0.0.1:${port}${METRICS_PATH}`;
}

describe('/metrics', () => {
  it('answers the exposition, uncached; HEAD without a body; other methods 405', async () => {
    const url = await serve(null);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe('# HELP x An example.\n# TYPE x gauge\nx 1\n');
    const head = await fetch(url, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    const post = await fetch(url, { method: 'POST' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('with a token: 200 for the bearer of it, one 401 for everything else', async () => {
    const url = await serve(TOKEN);
    const status = async (authorization?: string) => {
      const res = await fetch(url, authorization === undefined ? {} : { headers: { authorization } });
      return { status: res.status, challenge: res.headers.get('www-authenticate'), body: await res.text() };
    };
    const refusals = await Promise.all([
      status(),
      status(''),
      status('Bearer'),
      status(`Bearer ${TOKEN}x`),
      status(`Bearer ${TOKEN.slice(0, -1)}`),
      status(`Basic ${Buffer.from(`prometheus:${TOKEN}`).toString('base64')}`),
      status(TOKEN),
      status(`Bearer ${TOKEN} extra`),
    ]);
    expect(new Set(refusals.map((r) => JSON.stringify(r)))).toEqual(new Set([JSON.stringify({ status: 401, challenge: 'Bearer realm="pacta-metrics"', body: '{"error":"unauthorized"}' })]));
    expect((await status(`Bearer ${TOKEN}`)).status).toBe(200);
    // The scheme is case-insensitive (RFC 9110).
    expect((await status(`bearer ${TOKEN}`)).status).toBe(200);
  });
});
