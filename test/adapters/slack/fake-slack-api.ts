/**
 * A fake Slack Web API on loopback (`SLACK_API_URL` points at it). It records every call the way Slack
 * receives it (form fields, `blocks` as JSON), answers like Slack, and can be told to answer the next
 * calls of a method with a 429 and `Retry-After`, a platform error (`not_in_channel`), or slowly. It also
 * serves `response_url`s (`/respond/<id>`), so late replies are recorded too. Every Block Kit payload it
 * receives is checked against Slack's limits.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBlockKitLimits, type SlackMessagePayload } from '../../../adapters/slack/block-kit-limits.ts';

/** One Web API call: what was sent, and what the fake answered (`answer.ts` is a posted message's ts). */
export type ApiCall = { method: string; params: Record<string, unknown>; at: number; answer?: Record<string, unknown> };
export type ResponseUrlPost = { id: string; body: Record<string, unknown>; at: number };
export type Scripted = { status: 429; retryAfter: number } | { error: string } | { delayMs: number };

export type FakeUser = { name?: string; tz?: string; displayName?: string };

export class FakeSlackApi {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  /** Block Kit limit violations seen in any payload, with where they came from. */
  readonly violations: string[] = [];
  readonly users = new Map<string, FakeUser>();
  /** Bytes posted to the upload URLs `files.getUploadURLExternal` handed out, by file id. */
  readonly uploads = new Map<string, { filename: string; length: number; altText?: string; bytes: string; data: Buffer }>();
  readonly botUserId = 'U0PACTABOT';
  readonly botId = 'B0PACTA';
  private readonly scripts = new Map<string, Scripted[]>();
  private readonly server: Server;
  private seq = 0;
  private waiters: Array<() => void> = [];
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      void this.serve(req).then(
        ({ status, headers, body }) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
          for (const w of this.waiters.splice(0)) w();
        },
        (err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        },
      );
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A fresh response_url served by this fake. */
  responseUrl(): string {
    return `${this.url.replace(/\/api\/$/, '')}/respond/${++this.seq}`;
  }

  /** The next `times` calls of `method` get `answer`. */
  script(method: string, answer: Scripted, times = 1): void {
    const list = this.scripts.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(answer);
    this.scripts.set(method, list);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.violations.length = 0;
    this.scripts.clear();
  }

  /** Resolves once `check()` holds, re-checking after every request (rejects after `ms`: a guard against a hang, generous for loaded machines). */
  async until(check: () => boolean, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`fake Slack API: condition not met in ${ms} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private async serve(req: IncomingMessage): Promise<{ status: number; headers?: Record<string, string>; body: unknown }> {
    const body = await readAll(req);
    const raw = body.toString('utf8');
    const path = (req.url ?? '').split('?', 1)[0]!;
    const upload = /^\/upload\/(F\w+)$/.exec(path);
    if (upload) {
      const u = this.uploads.get(upload[1]!);
      if (!u) return { status: 404, body: { ok: false } };
      // Slack takes exactly the length announced in files.getUploadURLExternal.
      if (body.length !== u.length) return { status: 400, body: { ok: false, error: 'length_mismatch' } };
      u.bytes = raw;
      u.data = body;
      this.calls.push({ method: 'upload', params: { file_id: upload[1], length: body.length }, at: Date.now() });
      return { status: 200, body: { ok: true } };
    }
    const respond = /^\/respond\/(\d+)$/.exec(path);
    if (respond) {
      const body = JSON.parse(raw) as Record<string, unknown>;
      this.check(`response_url ${respond[1]}`, body);
      this.responses.push({ id: respond[1]!, body, at: Date.now() });
      return { status: 200, body: { ok: true } };
    }
    const method = path.replace(/^\/api\//, '');
    const params = parseParams(raw, String(req.headers['content-type'] ?? ''));
    const call: ApiCall = { method, params, at: Date.now() };
    this.calls.push(call);
    if (method === 'chat.postMessage' || method === 'chat.update' || method === 'chat.postEphemeral') this.check(method, params);
    const scripted = this.scripts.get(method)?.shift();
    if (scripted && 'delayMs' in scripted) await new Promise((r) => setTimeout(r, scripted.delayMs));
    if (scripted && 'status' in scripted) return { status: 429, headers: { 'retry-after': String(scripted.retryAfter) }, body: { ok: false, error: 'ratelimited' } };
    if (scripted && 'error' in scripted) return { status: 200, body: { ok: false, error: scripted.error } };
    call.answer = this.answer(method, params);
    return { status: 200, body: call.answer };
  }

  private answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://pacta-test.slack.com/', team: 'Pacta Test', user: 'pacta', team_id: 'T0PACTA', user_id: this.botUserId, bot_id: this.botId };
      case 'chat.postMessage':
        return { ok: true, channel: params.channel, ts: this.nextTs(), message: { text: params.text } };
      case 'chat.update':
        return { ok: true, channel: params.channel, ts: params.ts, text: params.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(params.users)}` } };
      // Slack's upload API (files.upload is retired): a URL to post the bytes to, then complete into a channel.
      case 'files.getUploadURLExternal': {
        const id = `F${String(++this.seq).padStart(8, '0')}`;
        this.uploads.set(id, { filename: String(params.filename), length: Number(params.length), ...(params.alt_text ? { altText: String(params.alt_text) } : {}), bytes: '', data: Buffer.alloc(0) });
        return { ok: true, upload_url: `${this.url.replace(/\/api\/$/, '')}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = JSON.parse(String(params.files)) as Array<{ id: string; title?: string }>;
        const missing = files.filter((f) => !this.uploads.get(f.id)?.data.length);
        if (missing.length) return { ok: false, error: 'file_not_found' };
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'users.info': {
        const id = String(params.user);
        const u = this.users.get(id) ?? {};
        const name = u.name ?? id.toLowerCase();
        return { ok: true, user: { id, name, real_name: name, tz: u.tz ?? 'Europe/Berlin', profile: { display_name: u.displayName ?? name } } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private nextTs(): string {
    return `1764000000.${String(++this.seq).padStart(6, '0')}`;
  }

  private check(where: string, params: Record<string, unknown>): void {
    if (!Array.isArray(params.blocks)) return;
    const problems = checkBlockKitLimits(params as unknown as SlackMessagePayload);
    this.violations.push(...problems.map((p) => `${where}: ${p}`));
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The Web API client sends form fields, with objects (blocks) as JSON strings; JSON bodies are accepted too. */
function parseParams(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.startsWith('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = (k === 'blocks' || k === 'attachments') && v.startsWith('[') ? JSON.parse(v) : v;
  }
  return out;
}
