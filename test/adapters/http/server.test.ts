import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HttpServer, json } from '../../../adapters/http/server.ts';
import { silentLogger } from '../../../adapters/logger.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';

type Response = { status: number; body: string; headers: Record<string, string | string[] | undefined> };

/** One request on its own connection (no agent pooling, so connection counts are what the test says). */
function get(port: number, path: string, method = 'GET'): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function started(ping: () => Promise<void>, drainTimeoutMs?: number): Promise<{ server: HttpServer; port: number }> {
  const server = new HttpServer({ port: 0, host: '127.0.0.1', ping, log: silentLogger(), ...(drainTimeoutMs ? { drainTimeoutMs } : {}) });
  const { port } = await server.listen();
  return { server, port };
}

describe('HttpServer', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await db.close().catch(() => {});
  });

  it('answers /healthz, /readyz, mounted routes and 404', async () => {
    const { server, port } = await started(() => db.handle.ping());
    try {
      const health = await get(port, '/healthz');
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
      expect(health.headers['content-type']).toMatch(/application\/json/);

      const ready = await get(port, '/readyz?verbose=1');
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready', database: { ok: true } });

      server.route('/slack/events', (req, res) => json(res, 200, { mounted: req.method }));
      expect(JSON.parse((await get(port, '/slack/events', 'POST')).body)).toEqual({ mounted: 'POST' });

      const missing = await get(port, '/nope');
      expect(missing.status).toBe(404);
      expect(JSON.parse(missing.body)).toEqual({ error: 'not_found', path: '/nope' });
      expect(() => server.route('api/messages', () => {})).toThrow(/starts with "\/"/);
    } finally {
      await server.stop();
    }
  });

  it('turns a failing handler into a 500 and keeps serving', async () => {
    const { server, port } = await started(async () => {});
    try {
      server.route('/boom', async () => {
        throw new Error('kaboom');
      });
      const res = await get(port, '/boom');
      expect(res.status).toBe(500);
      expect(res.body).not.toContain('kaboom');
      expect((await get(port, '/healthz')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('/readyz adds the detail it is given (outbox counts and failures)', async () => {
    const server = new HttpServer({ port: 0, host: '127.0.0.1', ping: () => db.handle.ping(), log: silentLogger(), detail: async () => ({ outbox: { failed: 2 } }) });
    const { port } = await server.listen();
    try {
      expect(JSON.parse((await get(port, '/readyz')).body)).toMatchObject({ status: 'ready', outbox: { failed: 2 } });
    } finally {
      await server.stop();
    }
  });

  it('/readyz is 503 once the database is closed, while /healthz stays 200', async () => {
    const own = await openTestDatabase('pglite');
    const { server, port } = await started(() => own.handle.ping());
    try {
      expect((await get(port, '/readyz')).status).toBe(200);
      await own.close();
      const ready = await get(port, '/readyz');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body)).toMatchObject({ status: 'unavailable', database: { ok: false, error: expect.any(String) } });
      expect((await get(port, '/healthz')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('/readyz is 503 when the database hangs past the readiness timeout', async () => {
    const server = new HttpServer({ port: 0, host: '127.0.0.1', ping: () => new Promise(() => {}), log: silentLogger(), readyTimeoutMs: 100 });
    const { port } = await server.listen();
    try {
      const ready = await get(port, '/readyz');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body).database.error).toMatch(/timed out/);
    } finally {
      await server.stop();
    }
  });

  it('stops gracefully: refuses new connections, finishes the request in flight', async () => {
    const { server, port } = await started(async () => {});
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    server.route('/slow', async (_req, res) => {
      entered();
      await gate;
      json(res, 200, { done: true });
    });
    const slow = get(port, '/slow');
    await inHandler;
    let stopped = false;
    const stopping = server.stop().then(() => (stopped = true));
    await expect(get(port, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(stopped).toBe(false);
    release();
    const res = await slow;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ done: true });
    await stopping;
    expect(stopped).toBe(true);
    // Idempotent: a second stop (a second signal) resolves too.
    await server.stop();
  });

  it('bounds the drain: a request that never ends is cut at the deadline, not before', async () => {
    const { server, port } = await started(async () => {}, 60_000);
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    server.route('/hang', () => entered());
    const hanging = get(port, '/hang').catch((err: unknown) => err);
    await inHandler;
    // The drain deadline runs on a fake clock (sockets stay real): it is spent exactly when the test says.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let stopped = false;
      const stopping = server.stop().then(() => (stopped = true));
      await vi.advanceTimersByTimeAsync(59_999);
      expect(stopped).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await stopping;
      expect(stopped).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    expect(await hanging).toMatchObject({ code: 'ECONNRESET' });
  });
});
