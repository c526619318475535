/**
 * Where `/metrics` is served: on the main port by default, or with `PACTA_METRICS_PORT` on a listener of
 * its own (on `PACTA_HOST`), so a deployment can keep metrics off the public port. That listener is an
 * {@link HttpServer} like the main one: it drains on stop and answers `/healthz` and `/readyz` too.
 */
import type { Logger } from 'pino';
import { HttpServer } from '../http/server.ts';
import { METRICS_PATH, metricsRoute, type Scrape } from './route.ts';

export type MetricsSettings = { port: number | null; token: string | null; host: string };

/**
 * Mounts `/metrics` on `main`, or, with a port, on a new listener that it returns unstarted (the caller
 * listens and stops it beside `main`). `ping` is the database check of the listener's `/readyz`.
 */
export function mountMetrics(metrics: Scrape, settings: MetricsSettings, main: HttpServer, ping: () => Promise<void>, log: Logger): HttpServer | null {
  const route = metricsRoute(metrics, settings.token);
  if (settings.port === null) {
    main.route(METRICS_PATH, route);
    return null;
  }
  return new HttpServer({ port: settings.port, host: settings.host, ping, log }).route(METRICS_PATH, route);
}
