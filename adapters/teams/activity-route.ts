/**
 * `POST /api/messages` on Pacta's HTTP server: the Bot Connector (or a local tool) delivers one activity
 * per request. The body is read and parsed here, the token checked by the CloudAdapter, and only then
 * does the bot see the activity — a request that fails authentication changes nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, ActivityHandler } from 'botbuilder';
import type { Logger } from 'pino';
import { json, type RouteHandler } from '../http/server.ts';
import { isAuthenticationFailure, type PactaCloudAdapter } from './cloud-adapter.ts';

/** Teams caps a message at 28 KB; with entities and channel data an activity stays far below this. */
const MAX_BODY_BYTES = 1024 * 1024;

export type ActivityRouteOptions = {
  adapter: PactaCloudAdapter;
  bot: ActivityHandler;
  /** No app id: nothing is authenticated, so only requests from this machine are taken. */
  anonymous: boolean;
  log: Logger;
};

export function activityRoute(options: ActivityRouteOptions): RouteHandler {
  const { adapter, bot, anonymous, log } = options;
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return json(res, 405, { error: 'method_not_allowed', message: 'The Bot Framework endpoint takes POST requests.' });
    }
    if (anonymous && !fromThisMachine(req)) {
      log.warn({ remote: req.socket.remoteAddress }, 'Teams: refused a request from another machine: /api/messages is anonymous (no MICROSOFT_APP_ID)');
      return unauthorized(res, 'This Teams endpoint runs without credentials (no MICROSOFT_APP_ID) and accepts only local tools on its own machine.');
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === 'too-large') return json(res, 413, { error: 'payload_too_large' });
    const parsed = parseActivity(body);
    if (typeof parsed === 'string') {
      // Bot Framework's own adapter answers 400 for an activity it cannot process; the connector does not
      // retry a 4xx, and retrying the same body could never succeed. Nothing is stored or run.
      log.warn({ problem: parsed, remote: req.socket.remoteAddress }, `Teams: refused an activity: ${parsed}`);
      return json(res, 400, { error: 'bad_request', message: `Not a Bot Framework activity Pacta can answer: ${parsed}.` });
    }
    const activity = parsed;

    const authorization = headerValue(req, 'authorization');
    let authenticated;
    try {
      authenticated = await adapter.authenticate(authorization, activity);
    } catch (err) {
      // A request Pacta cannot authenticate is refused, whatever the reason: a bad token, or signing keys
      // it cannot fetch to check a token with. Answering anything else (503) would tell whoever sent a
      // forged token that the key service is down, and run nothing anyway. The cause goes to the log.
      const remote = req.socket.remoteAddress;
      if (isAuthenticationFailure(err)) log.warn({ reason: errorText(err), type: activity.type, remote }, 'Teams: refused an unauthenticated request');
      else log.warn({ reason: errorText(err), type: activity.type, remote }, 'Teams: refused a request whose token could not be checked (is the Bot Framework key service reachable?)');
      return unauthorized(res, 'The request does not carry a valid Bot Framework token for this bot.');
    }

    let invokeResponse;
    try {
      invokeResponse = await adapter.run(authenticated, activity, (context) => bot.run(context));
    } catch (err) {
      log.error({ err, type: activity.type, id: activity.id, conversation: activity.conversation?.id }, 'Teams: activity failed');
      return json(res, 500, { error: 'internal_error' });
    }
    if (invokeResponse?.body !== undefined) return json(res, invokeResponse.status, invokeResponse.body);
    res.writeHead(invokeResponse?.status ?? 200);
    res.end();
  };
}

function nonEmpty(x: unknown): boolean {
  return typeof x === 'string' && x.trim() !== '';
}

function unauthorized(res: ServerResponse, message: string): void {
  res.setHeader('www-authenticate', 'Bearer');
  json(res, 401, { error: 'unauthorized', message });
}

/**
 * Loopback and not forwarded: a reverse proxy on the same host would otherwise make the whole internet
 * look local.
 */
function fromThisMachine(req: IncomingMessage): boolean {
  const remote = req.socket.remoteAddress ?? '';
  const loopback = remote === '::1' || /^(::ffff:)?127\./.test(remote);
  const forwarded = ['forwarded', 'x-forwarded-for', 'x-real-ip'].some((h) => req.headers[h] !== undefined);
  return loopback && !forwarded;
}

function headerValue(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      // Keep draining without storing, so the 413 reaches the client instead of a reset connection.
      if (!over) chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The parts of a conversation reference every Bot Framework channel sends with every activity, and that
 * Pacta needs to know who acted and to answer (docs/semantics.md §4): who (`from.id`), to whom
 * (`recipient.id`), where (`conversation.id`, `channelId`) and through which connector (`serviceUrl`).
 */
const REFERENCE_FIELDS = [
  ['from', 'id'],
  ['recipient', 'id'],
  ['conversation', 'id'],
  ['channelId', null],
  ['serviceUrl', null],
] as const;

/**
 * The activity in `body`, with its timestamps as dates (what the SDK's own request parsing does), or
 * what is wrong with it.
 */
function parseActivity(body: Buffer): Activity | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return 'the body is not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'the body is not a JSON object';
  const a = parsed as Record<string, unknown>;
  if (typeof a['type'] !== 'string' || a['type'] === '') return 'it has no type';
  for (const [field, id] of REFERENCE_FIELDS) {
    const value = a[field];
    const ok = id === null ? nonEmpty(value) : typeof value === 'object' && value !== null && nonEmpty((value as Record<string, unknown>)[id]);
    if (!ok) return `it has no ${id === null ? field : `${field}.${id}`}`;
  }
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = a[field];
    if (typeof value === 'string') {
      a[raw] = value;
      a[field] = new Date(value);
    }
  }
  return a as unknown as Activity;
}
