/**
 * `pacta start`: the long-running server. Opens (and migrates) the database, serves HTTP, and stops
 * cleanly on SIGTERM/SIGINT — the signals container platforms and process managers send.
 */
import { CHARTS_PREFIX } from '../http/chart-route.ts';
import { mountDashboard } from '../dashboard/route.ts';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/client.ts';
import type { TimeSource } from '../../src/time-source.ts';
import { mountMetrics } from '../metrics/serve.ts';
import { createApp, type App } from './app.ts';
import { describeAdapters, type Config } from '../config.ts';
import { DRAIN_TIMEOUT_MS, HttpServer } from '../http/server.ts';
import { startScheduler } from '../scheduler.ts';
import { startSlack, type SlackAdapter, type SlackAdapterOptions } from '../slack/slack-app.ts';
import { webhookRoute, WEBHOOK_PREFIX } from '../webhooks/route.ts';
import { startTeams, TEAMS_PATH, type TeamsAdapter, type TeamsOptions } from '../teams/start-teams.ts';

/** The port cannot be bound: a configuration problem to report plainly, not a crash. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

export type RunningServer = {
  app: App;
  server: HttpServer;
  url: string;
  /** `/metrics` on its own port (`PACTA_METRICS_PORT`), else null: it is under `url`. */
  metricsUrl: string | null;
  stop(): Promise<void>;
};

/** For tests: a database already open, a clock, Slack adapter options. `pacta start` passes none. */
export type ServerOptions = { db?: DatabaseHandle; time?: TimeSource; slack?: SlackAdapterOptions };

/** Logs what is enabled, opens the app and listens. Resolves once the server accepts requests. */
export async function startServer(config: Config, log: Logger, version: string, options: ServerOptions = {}): Promise<RunningServer> {
  // First lines, before anything can fail slowly: an operator sees at once what this process will do.
  const summary = describeAdapters(config);
  log.info({ version }, `Pacta ${version} starting`);
  for (const line of summary.enabled) log.info(`enabled: ${line}`);
  for (const line of summary.disabled) log.info(`to enable: ${line}`);

  const app = await createApp({ config, log, version, ...(options.db ? { db: options.db } : {}), ...(options.time ? { time: options.time } : {}) });
  log.info({ driver: app.db.driver, location: app.db.location }, 'database ready (migrations applied)');
  const server = new HttpServer({
    port: config.port,
    host: config.host,
    ping: () => app.db.ping(),
    log,
    // Notifications given up on are not a reason to take the replica out of rotation, but operators
    // should see them: counts by status and the latest failures.
    detail: async () => {
      const [counts, failures] = await Promise.all([app.store.read.outbox.counts(), app.store.read.outbox.failures(null, 5)]);
      return { outbox: { ...counts, latestFailures: failures.map((f) => ({ key: f.key, attempts: f.attempts, error: f.lastError, at: f.at.toISOString() })) } };
    },
  });
  // The Slack (/slack/events) and Teams (/api/messages) adapters mount their routes on `server` here.
  server.route(TEAMS_PATH, mountTeams(app).route);
  server.routePrefix(
    WEBHOOK_PREFIX,
    webhookRoute({
      store: app.store,
      monitoring: app.monitoring,
      time: app.time,
      log,
      metrics: app.metrics,
      deliver: (keys) => {
        void app.dispatcher.settled(keys, 2000).catch(() => undefined);
        app.dispatcher.wake();
      },
    }),
  );
  // Chart images Teams cards show by signed URL (adapters/http/chart-route.ts).
  server.routePrefix(CHARTS_PREFIX, app.chartLinks.route);
  // The dashboard behind signed links (/dashboard/<token>/…) and the public status page (/status): docs/dashboard.md.
  mountDashboard(server, { queries: app.queries, incidents: app.incidents, charts: app.charts, images: app.chartImages, signer: app.links, time: app.time, timezone: app.config.timezone, log });
  // Prometheus metrics (docs/metrics.md): on this port, or on a listener of their own.
  const metricsServer = mountMetrics(app.metrics, { ...config.metrics, host: config.host }, server, () => app.db.ping(), log);
  const slack = await mountSlack(app, server, log, options.slack);
  let address;
  try {
    address = await server.listen();
  } catch (err) {
    await slack?.stop();
    await app.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ListenError(`Port ${config.port} on ${config.host} is already in use: stop the process using it, or set PORT to another port.`);
    if (code === 'EACCES') throw new ListenError(`Port ${config.port} needs privileges this process lacks: set PORT to 1024 or above.`);
    if (code === 'EADDRNOTAVAIL') throw new ListenError(`PACTA_HOST ${config.host} is not an address of this machine.`);
    throw err;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info({ url, port: address.port }, `listening on ${url} (/healthz, /readyz)`);
  let metricsUrl: string | null = null;
  if (metricsServer) {
    try {
      const a = await metricsServer.listen();
      metricsUrl = `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
      log.info({ url: metricsUrl, port: a.port }, `metrics on ${metricsUrl}/metrics`);
    } catch (err) {
      await server.stop();
      await slack?.stop();
      await app.close();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new ListenError(`PACTA_METRICS_PORT ${config.metrics.port} on ${config.host} is already in use: stop the process using it, or pick another port.`);
      if (code === 'EACCES') throw new ListenError(`PACTA_METRICS_PORT ${config.metrics.port} needs privileges this process lacks: use 1024 or above.`);
      throw err;
    }
  }

  // Alerts, deliveries and digests: every replica runs the scheduler; the database decides who does what.
  const scheduler = startScheduler(app, log);

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      // Deliveries first: nothing is claimed or posted from now on, the post in flight gets the drain
      // timeout to finish, and the claims on notifications not yet started are handed back, so another
      // replica delivers them now rather than after the lease (README: Alerts and digests).
      const delivered = app.dispatcher.stop(DRAIN_TIMEOUT_MS).then((r) => log.info(r, 'deliveries stopped; claims on notifications not started handed back'));
      await Promise.race([scheduler.stop(), delivered]);
      await server.stop();
      await metricsServer?.stop();
      // Slack events acknowledged before the stop may still be updating cards: let them finish.
      await slack?.stop();
      await delivered;
      await app.close();
    })();
    return stopping;
  };
  return { app, server, url, metricsUrl, stop };
}

/** Starts the Teams adapter on the door and registers its chat port; the caller mounts its route. */
export function mountTeams(app: App, options: TeamsOptions = {}): TeamsAdapter {
  const teams = startTeams(
    { host: { inbound: app.inbound, reactions: app.reactionsFor('teams'), charts: { charts: app.chartImages, publisher: app.chartLinks } }, settings: app.config.teams, conversations: app.store.read.conversations, time: app.time, log: app.log },
    options,
  );
  app.chat.register('teams', teams.chat);
  return teams;
}

/** Starts Slack on the door if it is configured (mounting `/slack/events` on `server`) and registers its chat port. */
export async function mountSlack(app: App, server: HttpServer, log: Logger, options: SlackAdapterOptions = {}): Promise<SlackAdapter | null> {
  const slack = await startSlack({ inbound: app.inbound, reactions: app.reactionsFor('slack'), charts: app.chartImages }, server, app.config.slack, log, options);
  if (slack) app.chat.register('slack', slack.port);
  return slack;
}

/**
 * Runs the server until SIGTERM or SIGINT, then drains it and closes the database; resolves with the exit
 * status (0 after a clean stop). Signals are watched from the start: one that arrives while the database
 * is still opening stops the server as soon as it is up, instead of killing the process mid-migration.
 * A second signal while stopping exits at once with status 1.
 */
export async function serveUntilSignal(config: Config, log: Logger, version: string): Promise<number> {
  let received: NodeJS.Signals | null = null;
  let wake: (() => void) | null = null;
  const signalled = new Promise<void>((resolve) => (wake = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      log.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(1);
    }
    received = signal;
    log.info({ signal }, 'stopping: no new connections; finishing requests in flight');
    wake?.();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const running = await startServer(config, log, version);
  await signalled;
  try {
    await running.stop();
    log.info('stopped');
    return 0;
  } catch (err) {
    log.error({ err }, 'error while stopping');
    return 1;
  }
}
