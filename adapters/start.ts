/**
 * `pacta start`: the long-running server. Opens (and migrates) the database, serves HTTP, and stops
 * cleanly on SIGTERM/SIGINT — the signals container platforms and process managers send.
 */
import type { Logger } from 'pino';
import { createApp, type App } from './app.ts';
import { describeAdapters, type Config } from './config.ts';
import { HttpServer } from './http/server.ts';

export type RunningServer = { app: App; server: HttpServer; url: string; stop(): Promise<void> };

/** Logs what is enabled, opens the app and listens. Resolves once the server accepts requests. */
export async function startServer(config: Config, log: Logger, version: string): Promise<RunningServer> {
  // First lines, before anything can fail slowly: an operator sees at once what this process will do.
  const summary = describeAdapters(config);
  log.info({ version, enabled: summary.enabled }, `Pacta ${version} starting`);
  for (const line of summary.enabled) log.info(`enabled: ${line}`);
  for (const line of summary.disabled) log.info(`to enable: ${line}`);

  const app = await createApp({ config, log });
  log.info({ driver: app.db.driver, location: app.db.location }, 'database ready (migrations applied)');
  const server = new HttpServer({ port: config.port, host: config.host, ping: () => app.db.ping(), log });
  // The Slack (/slack/events) and Teams (/api/messages) adapters mount their routes on `server` here.
  const address = await server.listen();
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info({ url, port: address.port }, `listening on ${url} (/healthz, /readyz)`);

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await server.stop();
      await app.close();
    })();
    return stopping;
  };
  return { app, server, url, stop };
}

/**
 * Stops `running` on the first SIGTERM or SIGINT (exit 0 once drained and the database is closed); a
 * second signal while draining exits at once with status 1.
 */
export function stopOnSignals(running: RunningServer, log: Logger): void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      log.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(1);
    }
    received = true;
    log.info({ signal }, 'stopping: no new connections; finishing requests in flight');
    running.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
