/**
 * A fake Bot Connector on loopback: the `serviceUrl` the test activities name, so every reply, post,
 * update and member lookup the real CloudAdapter makes lands here and is recorded. Nothing leaves the
 * machine.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ConnectorCall = {
  method: string;
  /** `send` (POST …/activities), `reply` (POST …/activities/{id}), `update` (PUT …/activities/{id}), `member` (GET …/members/{id}). */
  kind: 'send' | 'reply' | 'update' | 'member' | 'other';
  /** Decoded conversation id from the path. */
  conversationId: string;
  /** Decoded activity id (reply, update) or member id, from the path. */
  targetId: string | null;
  authorization: string | null;
  body: Record<string, unknown> | null;
  /** The id the connector gave a posted message (send, reply). */
  responseId: string | null;
};

export type Member = { id: string; name: string; aadObjectId: string };

/** An error the connector answers the next call of `kind` with (Teams throttling, a removed bot). */
export type InjectedFailure = { kind: ConnectorCall['kind']; status: number; headers?: Record<string, string>; body?: unknown };

export type FakeConnector = {
  /** The service URL to put in activities (with a trailing slash, as Teams sends it). */
  url: string;
  calls: ConnectorCall[];
  /** Members the connector knows, for `GET /v3/conversations/{id}/members/{userId}`. */
  members: Map<string, Member>;
  /** Failures to answer with, first matching call first. */
  failures: InjectedFailure[];
  /** Calls of a kind, in order. */
  of(kind: ConnectorCall['kind']): ConnectorCall[];
  close(): Promise<void>;
};

const ROUTE = /^\/v3\/conversations\/([^/]+)(?:\/(activities|members)(?:\/([^/]+))?)?\/?$/;

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const members = new Map<string, Member>();
  const failures: InjectedFailure[] = [];
  let seq = 0;
  const server: Server = createServer(async (req, res) => {
    const body = await readJson(req);
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const m = ROUTE.exec(path);
    const conversationId = m ? decodeURIComponent(m[1]!) : '';
    const targetId = m?.[3] ? decodeURIComponent(m[3]) : null;
    const kind: ConnectorCall['kind'] =
      m?.[2] === 'activities' && req.method === 'POST'
        ? targetId
          ? 'reply'
          : 'send'
        : m?.[2] === 'activities' && req.method === 'PUT' && targetId
          ? 'update'
          : m?.[2] === 'members' && req.method === 'GET' && targetId
            ? 'member'
            : 'other';
    const call: ConnectorCall = { method: req.method ?? '', kind, conversationId, targetId, authorization: req.headers.authorization ?? null, body, responseId: null };
    calls.push(call);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
      res.end(text);
    };
    const failure = failures.findIndex((f) => f.kind === kind);
    if (failure >= 0) {
      const f = failures.splice(failure, 1)[0]!;
      return send(f.status, f.body ?? { error: { code: 'Injected', message: `injected ${f.status}` } }, f.headers);
    }
    if (kind === 'send' || kind === 'reply') {
      call.responseId = String(1_763_999_000_000 + ++seq);
      return send(201, { id: call.responseId });
    }
    if (kind === 'update') return send(200, { id: targetId });
    if (kind === 'member') {
      const member = members.get(targetId!);
      return member ? send(200, { ...member, userRole: 'user' }) : send(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
    }
    send(404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    members,
    failures,
    of: (kind) => calls.filter((c) => c.kind === kind),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? (JSON.parse(text) as Record<string, unknown>) : null);
      } catch {
        resolve(null);
      }
    });
  });
}
