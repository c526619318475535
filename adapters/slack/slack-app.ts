/**
 * The Slack adapter: a Bolt app wired to Pacta. HTTP mode shares Pacta's one server (`/slack/events`
 * takes commands, events and interactivity alike); Socket Mode (`SLACK_APP_TOKEN`) needs no public URL.
 * `SLACK_API_URL` points every Web API call elsewhere (proxies, GovSlack, tests); with `SLACK_BOT_ID` and
 * `SLACK_BOT_USER_ID` Pacta never calls `auth.test`, otherwise once, on the first event, cached.
 */
import { App as BoltApp, SocketModeReceiver, webApi, type Authorize, type Receiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackConfig } from '../config.ts';
import type { HttpServer, RouteHandler } from '../http/server.ts';
import { registerActionListener } from './action-listener.ts';
import { boltLogger } from './bolt-logger.ts';
import { ackAfter, registerCommandListener, type AckDeadline } from './command-listener.ts';
import { SlackHttpReceiver } from './http-receiver.ts';
import type { SlackHost } from './listener-deps.ts';
import { registerReactionListeners } from './reaction-listener.ts';
import { SlackChatPort } from './slack-chat-port.ts';
import { SlackUserDirectory } from './user-directory.ts';

/** Where Slack sends commands, events and interactivity in HTTP mode (the manifest's request URLs). */
export const SLACK_EVENTS_PATH = '/slack/events';

export type SlackSettings = SlackConfig;

export type SlackAdapterOptions = {
  /** Slash-command replies slower than this go to response_url (default 2,500 ms; Slack allows 3 s). */
  ackBudgetMs?: number;
  /** When the ack budget is spent; default `ackAfter(ackBudgetMs)`. Tests inject one to pick the path without racing the clock. */
  ackDeadline?: AckDeadline;
  /** Real time for signature freshness (tests of stale and future signatures move it). */
  nowMs?: () => number;
  bodyLimitBytes?: number;
  /** users.info wait before replying without the user's zone (default 1 s). */
  userLookupTimeoutMs?: number;
};

export type SlackAdapter = {
  mode: 'http' | 'socket';
  bolt: BoltApp;
  receiver: SlackHttpReceiver | SocketModeReceiver;
  /** Posts and updates Slack messages; registered as the `slack` chat port. */
  port: SlackChatPort;
  /** The `/slack/events` handler (HTTP mode), null in Socket Mode. */
  route: RouteHandler | null;
  /** Resolves when every request received so far is fully processed (HTTP mode; tests wait on it). */
  idle(): Promise<void>;
  /** Connects (Socket Mode); nothing to do in HTTP mode. */
  start(): Promise<void>;
  /** Finishes in-flight work (HTTP) or disconnects (Socket Mode). */
  stop(): Promise<void>;
};

/** `socket` when an app token is set (the explicit request for Socket Mode), else `http`. */
export function slackMode(settings: SlackSettings): 'http' | 'socket' | null {
  return settings.mode;
}

/**
 * Web API client options. Interactive paths must not block: a 429 is rejected at once (the caller tells
 * the user, or a background sender honours `retryAfter`), and a network failure is retried once, briefly.
 */
export function slackClientOptions(settings: SlackSettings, log: Logger): webApi.WebClientOptions {
  return {
    slackApiUrl: settings.apiUrl,
    logger: boltLogger(log),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 400, randomize: false },
    timeout: 10_000,
  };
}

/** Builds the Bolt app and its receiver for `settings` (HTTP or Socket Mode) without starting anything. */
export function createSlackAdapter(app: SlackHost, settings: SlackSettings, log: Logger, options: SlackAdapterOptions = {}): SlackAdapter {
  const mode = slackMode(settings);
  const token = settings.botToken;
  if (!mode || !token) throw new Error('Slack is not configured: set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN.');
  const slackLog = log.child({ component: 'slack' });
  const clientOptions = slackClientOptions(settings, log);
  const client = new webApi.WebClient(token, clientOptions);
  let receiver: SlackHttpReceiver | SocketModeReceiver;
  if (mode === 'socket') {
    receiver = new SocketModeReceiver({
      appToken: settings.appToken!,
      logger: boltLogger(log),
      // apps.connections.open goes through the configured API URL too.
      installerOptions: { clientOptions: { slackApiUrl: settings.apiUrl } },
    });
  } else {
    if (!settings.signingSecret) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET.');
    receiver = new SlackHttpReceiver({
      signingSecret: settings.signingSecret,
      log: slackLog,
      ...(options.nowMs ? { nowMs: options.nowMs } : {}),
      ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    });
  }
  const bolt = new BoltApp({
    receiver: receiver as Receiver,
    authorize: singleWorkspaceAuthorize(client, token, settings.botId, settings.botUserId),
    logger: boltLogger(log),
    clientOptions,
    // Bolt's conversation store keeps per-conversation state for listeners that ask for it; none of ours
    // does, and its lookup ran on every event (a few per cent of a `status`).
    convoStore: false,
  });
  bolt.error(async (err) => {
    slackLog.error({ err }, 'Slack listener failed');
  });
  const port = new SlackChatPort(client, app.charts ?? null, slackLog);
  const deps = {
    app,
    port,
    users: new SlackUserDirectory(client, { log: slackLog, ...(options.userLookupTimeoutMs ? { timeoutMs: options.userLookupTimeoutMs } : {}) }),
    log: slackLog,
    ackBudgetMs: options.ackBudgetMs ?? 2_500,
    ackDeadline: options.ackDeadline ?? ackAfter(options.ackBudgetMs ?? 2_500),
  };
  registerCommandListener(bolt, deps);
  registerActionListener(bolt, deps);
  registerReactionListeners(bolt, deps);
  const http = receiver instanceof SlackHttpReceiver ? receiver : null;
  return {
    mode,
    bolt,
    receiver,
    port,
    route: http ? http.handle : null,
    idle: () => (http ? http.idle() : Promise.resolve()),
    start: async () => {
      await bolt.start();
    },
    stop: async () => {
      await bolt.stop();
    },
  };
}

/**
 * Bolt's `authorize` for one workspace. Bolt's own (given `token`) calls `auth.test` in its constructor
 * (an unhandled rejection if Slack is unreachable at start) or on every event; this one never calls it
 * when both ids are configured, and otherwise once, lazily, retrying after a failure.
 */
export function singleWorkspaceAuthorize(client: webApi.WebClient, token: string, botId: string | null, botUserId: string | null): Authorize<boolean> {
  let ids: Promise<{ botId: string; botUserId: string }> | null = botId && botUserId ? Promise.resolve({ botId, botUserId }) : null;
  return async () => {
    ids ??= client.auth.test().then(
      (r) => ({ botId: r.bot_id ?? botId ?? '', botUserId: r.user_id ?? botUserId ?? '' }),
      (err: unknown) => {
        ids = null;
        throw err;
      },
    );
    return { botToken: token, ...(await ids) };
  };
}

/**
 * Starts Slack if it is configured: mounts `/slack/events` on `server` (HTTP mode) or connects in the
 * background (Socket Mode: a failed connection is logged, and the server keeps serving health checks).
 * The caller registers the returned adapter's `port` as the `slack` chat port. Returns null when Slack
 * is off.
 */
export async function startSlack(host: SlackHost, server: HttpServer, settings: SlackSettings, log: Logger, options: SlackAdapterOptions = {}): Promise<SlackAdapter | null> {
  if (!slackMode(settings)) return null;
  const adapter = createSlackAdapter(host, settings, log, options);
  if (adapter.route) {
    server.route(SLACK_EVENTS_PATH, adapter.route);
    await adapter.start();
    log.info({ path: SLACK_EVENTS_PATH }, `Slack: commands, events and interactivity at ${SLACK_EVENTS_PATH}`);
  } else {
    adapter.start().then(
      () => log.info('Slack: connected in Socket Mode'),
      (err: unknown) => log.error({ err }, 'Slack: Socket Mode could not connect; check SLACK_APP_TOKEN (xapp-…, with the connections:write scope)'),
    );
  }
  return adapter;
}
