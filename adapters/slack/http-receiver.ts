/**
 * A Bolt `Receiver` for Pacta's own HTTP server. Bolt's HTTPReceiver wants a server of its own; Pacta
 * exposes one port for everything, so this receiver is a route handler instead (`/slack/events`): it
 * reads the body (with a size limit), verifies the signature (401 for anything unsigned, forged, stale or
 * from the future — before a single byte is parsed), answers `url_verification` and `ssl_check`, checks
 * the body has the shape of what it claims to be (payload-shape.ts), and hands it to `app.processEvent`
 * with an `ack` that writes the HTTP response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App as BoltApp, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from 'pino';
import { payloadProblem } from './payload-shape.ts';
import { verifySlackSignature } from './signature.ts';

/** Slack's payloads for commands, reactions and button clicks are a few KB; a card-heavy message far less than this. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export type SlackHttpReceiverOptions = {
  signingSecret: string;
  log: Logger;
  /** Requests larger than this get 413 without being read further. */
  bodyLimitBytes?: number;
  /** Real time in ms for the signature's freshness check (Slack's clock, not a test's manual clock). */
  nowMs?: () => number;
};

type Body = Record<string, unknown>;

class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

export class SlackHttpReceiver implements Receiver {
  private bolt: BoltApp | null = null;
  private readonly running = new Set<Promise<void>>();
  private readonly limit: number;
  private readonly nowMs: () => number;

  constructor(private readonly options: SlackHttpReceiverOptions) {
    this.limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
    this.nowMs = options.nowMs ?? Date.now;
  }

  init(app: BoltApp): void {
    this.bolt = app;
  }

  /** Nothing to open: Pacta's HTTP server is already listening. */
  async start(): Promise<void> {}

  /** Waits for events still being processed after their ack (a reaction's card update, a late reply). */
  async stop(): Promise<void> {
    await this.idle();
  }

  /** Resolves once every request received so far has been fully processed (listeners included). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** The route handler to mount at `/slack/events`. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const task = this.serve(req, res);
    this.running.add(task);
    try {
      await task;
    } finally {
      this.running.delete(task);
    }
  };

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const log = this.options.log;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' }).end(JSON.stringify({ error: 'method_not_allowed' }));
      return;
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, this.limit);
    } catch (err) {
      if (err instanceof RequestError) {
        log.warn({ status: err.status, limit: this.limit }, 'Slack request refused: body too large');
        // Stop the client from sending the rest; whatever it still sends is drained and discarded.
        res.writeHead(err.status, { connection: 'close', 'content-type': 'application/json' }).end(JSON.stringify({ error: err.code }));
        return;
      }
      throw err;
    }
    const contentType = String(req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    const check = verifySlackSignature(
      this.options.signingSecret,
      { signature: header(req, 'x-slack-signature'), timestamp: header(req, 'x-slack-request-timestamp') },
      raw,
      Math.floor(this.nowMs() / 1000),
    );
    if (!check.ok) {
      // Slack's SSL check carries nothing to act on and may come unsigned: answer it, act on nothing.
      if (contentType === 'application/x-www-form-urlencoded' && new URLSearchParams(raw.toString('utf8')).get('ssl_check') === '1') {
        res.writeHead(200).end();
        return;
      }
      log.warn({ reason: check.reason, ip: req.socket.remoteAddress }, 'Slack request refused: signature check failed');
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_signature' }));
      return;
    }
    let body: Body;
    try {
      body = parseBody(raw, contentType);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad_request' }));
      return;
    }
    if (body.ssl_check === '1') {
      res.writeHead(200).end();
      return;
    }
    if (body.type === 'url_verification') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ challenge: body.challenge }));
      return;
    }
    const bad = payloadProblem(body);
    if (bad) {
      // Signed, but not what Slack sends: nothing runs. An event is answered 200, because Slack retries
      // anything else and a retry carries the same unusable event; a command or click gets 400.
      log.warn({ problem: bad.problem, type: body.type, eventId: body.event_id }, `Slack request ignored: ${bad.problem}`);
      if (bad.kind === 'event') res.writeHead(200).end();
      else res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad_request' }));
      return;
    }
    await this.dispatch(req, res, body);
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, body: Body): Promise<void> {
    const log = this.options.log;
    if (!this.bolt) throw new Error('SlackHttpReceiver: init(app) was not called');
    let acked = false;
    const ack = async (response?: unknown): Promise<void> => {
      if (acked) {
        log.warn('Slack request acknowledged twice; the second ack is ignored');
        return;
      }
      acked = true;
      writeAck(res, response);
    };
    const retryNum = retryNumber(header(req, 'x-slack-retry-num'));
    const retryReason = header(req, 'x-slack-retry-reason');
    if (retryNum !== undefined) log.info({ retryNum, retryReason, eventId: body.event_id }, 'Slack retried a delivery');
    const event: ReceiverEvent = { body, ack, ...(retryNum !== undefined ? { retryNum } : {}), ...(retryReason ? { retryReason } : {}) };
    try {
      await this.bolt.processEvent(event);
    } catch (err) {
      log.error({ err, type: body.type }, 'Slack request failed');
      if (!acked) {
        acked = true;
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal_error' }));
      }
      return;
    }
    // No listener took it (an event type Pacta does not handle): Slack only needs to hear it arrived.
    if (!acked) {
      acked = true;
      writeAck(res, undefined);
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function retryNumber(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,4}$/.test(raw)) return undefined;
  return Number(raw);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new RequestError(413, 'payload_too_large'));
  }
  // Event listeners, not `for await`: leaving an async iterator early destroys the socket, and with it
  // the 413 the client should get. Past the limit, the rest is read and dropped.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(new RequestError(413, 'payload_too_large'));
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!over) reject(err);
    });
  });
}

/**
 * Slash commands arrive form-encoded, interactivity as a form field `payload` holding JSON, and the
 * Events API as JSON.
 */
export function parseBody(raw: Buffer, contentType: string): Body {
  const text = raw.toString('utf8');
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    if (payload !== null) return asObject(JSON.parse(payload));
    return Object.fromEntries(form);
  }
  return asObject(JSON.parse(text));
}

function asObject(x: unknown): Body {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Error('not an object');
  return x as Body;
}

// One reply object handed to many acks (a shared `status`, see slack-reply.ts) is serialised once.
const serialised = new WeakMap<object, { text: string; bytes: number }>();

function writeAck(res: ServerResponse, response: unknown): void {
  if (res.headersSent) return;
  if (response === undefined || response === null || response === '') {
    res.writeHead(200).end();
  } else if (typeof response === 'string') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(response);
  } else {
    let body = typeof response === 'object' ? serialised.get(response) : undefined;
    if (!body) {
      const text = JSON.stringify(response);
      body = { text, bytes: Buffer.byteLength(text) };
      if (typeof response === 'object') serialised.set(response, body);
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.bytes }).end(body.text);
  }
}
