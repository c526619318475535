/**
 * The one HTTP server of a Pacta process. It answers health checks itself and lets adapters mount their
 * endpoints (`/slack/events`, `/api/messages`) on it, so a deployment exposes a single port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

/** Handles one request on a mounted path. A thrown error becomes a 500 and is logged. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export type HttpServerOptions = {
  port: number;
  /** `0.0.0.0` in production; tests bind `127.0.0.1`. */
  host: string;
  /** Resolves when the database answers; `/readyz` turns it into 200 or 503. */
  ping: () => Promise<void>;
  log: Logger;
  /** How long `stop()` lets in-flight requests finish before cutting connections (default 10 s). */
  drainTimeoutMs?: number;
  /** More to report on `/readyz` once the database answers (e.g. outbox counts and failures). */
  detail?: () => Promise<Record<string, unknown>>;
  /** How long `/readyz` waits for the database before calling it unreachable (default 2 s). */
  readyTimeoutMs?: number;
};

/** How long a stopping server lets in-flight requests finish (and, in `pacta start`, the delivery in progress). */
export const DRAIN_TIMEOUT_MS = 10_000;

export class HttpServer {
  private readonly server: Server;
  private readonly routes = new Map<string, RouteHandler>();
  private readonly prefixes: Array<[string, RouteHandler]> = [];
  private inFlight = 0;
  private stopping: Promise<void> | null = null;
  private readonly drained = new Set<() => void>();

  constructor(private readonly options: HttpServerOptions) {
    this.server = createServer((req, res) => this.dispatch(req, res));
    this.routes.set('/healthz', (_req, res) => json(res, 200, { status: 'ok' }));
    this.routes.set('/readyz', (_req, res) => this.ready(res));
  }

  /** Mounts `handler` at exactly `path` (any method; the handler checks it). Later mounts replace earlier ones. */
  route(path: string, handler: RouteHandler): this {
    if (!path.startsWith('/')) throw new Error(`A route path starts with "/": got "${path}"`);
    this.routes.set(path, handler);
    return this;
  }

  /** Mounts `handler` for every path under `prefix` (ending in "/"), e.g. `/webhooks/<name>`. */
  routePrefix(prefix: string, handler: RouteHandler): this {
    if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`A route prefix starts and ends with "/": got "${prefix}"`);
    this.prefixes.push([prefix, handler]);
    return this;
  }

  /** Starts listening; resolves with the bound address (the real port when `port` is 0). */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', onError);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** The bound address, once listening. */
  address(): AddressInfo | null {
    const a = this.server.address();
    return a && typeof a === 'object' ? a : null;
  }

  /**
   * Stops accepting connections, lets in-flight requests finish (up to the drain timeout), then closes
   * what is left. Idempotent: a second call (a second SIGTERM) waits for the first.
   */
  stop(): Promise<void> {
    this.stopping ??= this.drain();
    return this.stopping;
  }

  private async drain(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Keep-alive connections with no request would otherwise hold `close()` open until they time out.
    this.server.closeIdleConnections();
    const timeout = this.options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      this.whenIdle().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeout);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) this.options.log.warn({ inFlight: this.inFlight, timeoutMs: timeout }, 'requests still running at the drain deadline; closing their connections');
    this.server.closeAllConnections();
    await closed;
  }

  private whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.add(resolve));
  }

  private dispatch(req: IncomingMessage, res: ServerResponse): void {
    this.inFlight++;
    res.once('close', () => {
      this.inFlight--;
      if (this.inFlight === 0) for (const done of this.drained) done();
      if (this.inFlight === 0) this.drained.clear();
    });
    // While draining, answer and close the connection so clients reconnect to another replica.
    if (this.stopping) res.setHeader('connection', 'close');
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const handler = this.routes.get(path) ?? this.prefixes.find(([p]) => path.startsWith(p) && path.length > p.length)?.[1];
    if (!handler) {
      json(res, 404, { error: 'not_found', path });
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        this.options.log.error({ err, method: req.method, path }, 'request handler failed');
        if (!res.headersSent) json(res, 500, { error: 'internal_error' });
        else res.destroy();
      });
  }

  private async ready(res: ServerResponse): Promise<void> {
    // A draining replica is alive but should get no new traffic from the load balancer.
    if (this.stopping) return json(res, 503, { status: 'stopping' });
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.options.ping(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('database ping timed out')), this.options.readyTimeoutMs ?? 2_000);
        }),
      ]);
      const ms = Math.round(performance.now() - started);
      const detail = this.options.detail ? await this.options.detail().catch((err: unknown) => ({ detailError: err instanceof Error ? err.message : String(err) })) : {};
      json(res, 200, { status: 'ready', database: { ok: true, ms }, ...detail });
    } catch (err) {
      this.options.log.warn({ err }, 'readiness check failed: database unreachable');
      json(res, 503, { status: 'unavailable', database: { ok: false, error: err instanceof Error ? err.message : String(err) } });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Sends `body` as JSON with `status`. */
export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
