/**
 * The chat ports under one contract (src/ports/chat.ts), each over what it really talks to: Slack's Web
 * API client against the fake Slack Web API, Teams' CloudAdapter against the fake Bot Connector, the
 * console's printer, and the recording fake the use-case tests lean on. A subject says how to read back
 * what its platform received and how to make the platform refuse; chat-port.contract.test.ts runs the
 * same cases against every one.
 */
import { webApi } from '@slack/bolt';
import type { Activity } from 'botbuilder';
import { renderText } from '../../adapters/console/render-text.ts';
import { ConsoleChatPort } from '../../adapters/console/console-chat-port.ts';
import { loadConfig } from '../../adapters/config.ts';
import { silentLogger } from '../../adapters/logger.ts';
import { slackClientOptions } from '../../adapters/slack/slack-app.ts';
import { SlackChatPort } from '../../adapters/slack/slack-chat-port.ts';
import { createCloudAdapter } from '../../adapters/teams/cloud-adapter.ts';
import { ConversationReferences } from '../../adapters/teams/conversations.ts';
import { TeamsChatPort } from '../../adapters/teams/teams-chat-port.ts';
import type { ChannelRef } from '../../src/domain/channel.ts';
import { ChatDeliveryError, type ChatPort } from '../../src/ports/chat.ts';
import { ManualTime } from '../fakes/manual-time.ts';
import { RecordingChatPort } from '../fakes/recording-chat.ts';
import { FakeSlackApi } from './slack/fake-slack-api.ts';
import { ANA, CHANNEL_ID, installationUpdate } from './teams/activities.ts';
import { startFakeConnector, type FakeConnector } from './teams/fake-connector.ts';

/** A message as the platform received it. `id` is absent where the platform's record does not show it. */
export type Landed = { channelId: string; id?: string; threadOf: string | null; text: string };

export type Call = 'post' | 'update';

/** One way the platform refuses for good (channel gone, bot removed, no access). */
export type Refusal = {
  what: string;
  /** Makes the next `call` fail this way; returns the channel to use when the refusal is "this channel". */
  arm(call: Call): ChannelRef | void;
};

export type ChatPortSubject = {
  name: string;
  port: ChatPort;
  /** A channel the port can post in. */
  channel: ChannelRef;
  /** Successful posts, oldest first, as the platform recorded them. */
  posted(): Landed[];
  /** Updates, oldest first, as the platform recorded them (`id`: the message replaced). */
  updated(): Landed[];
  /**
   * Makes the platform answer the next `call` with a rate limit; returns the retryAfterMs the contract
   * expects from the port. Null when the platform has no rate limits (with the reason in `cannotFail`).
   */
  rateLimit: {
    what: string;
    arm(call: Call): number;
    /** How many attempts the platform saw for the last armed call, and how many it should see. */
    attempts?: { seen(call: Call): number; expected: number; why: string };
  } | null;
  /** Permanent refusals the platform can express; empty only when the factory says `cannotFail`. */
  refusals: Refusal[];
  /** Forgets recorded calls and armed failures. */
  reset(): void;
  close(): Promise<void>;
};

/** A subject to start, with what its platform cannot do (known before it starts, for the test names). */
export type SubjectFactory = {
  name: string;
  /** Why the platform cannot fail at all, when it cannot. */
  cannotFail?: string;
  /** Why the platform cannot replace a message in place, when it cannot (`updated()` then has no ids). */
  cannotReplace?: string;
  start(): Promise<ChatPortSubject>;
};

/** SlackChatPort over the Bolt WebClient with Pacta's client options, against the fake Slack Web API. */
async function slackSubject(): Promise<ChatPortSubject> {
  const api = await new FakeSlackApi().start();
  const settings = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-contract', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: api.url }).slack;
  const port = new SlackChatPort(new webApi.WebClient('xoxb-contract', slackClientOptions(settings, silentLogger())));
  const landed = (method: string, id: (c: { params: Record<string, unknown>; answer?: Record<string, unknown> }) => unknown): Landed[] =>
    api
      .callsOf(method)
      .filter((c) => c.answer?.ok === true)
      .map((c) => ({
        channelId: String(c.params.channel),
        id: String(id(c)),
        threadOf: typeof c.params.thread_ts === 'string' ? c.params.thread_ts : null,
        text: String(c.params.text ?? ''),
      }));
  const method = (call: Call) => (call === 'post' ? 'chat.postMessage' : 'chat.update');
  const refusal = (error: string): Refusal => ({ what: `Slack answers \`${error}\``, arm: (call) => api.script(method(call), { error }) });
  return {
    name: 'SlackChatPort',
    port,
    channel: { platform: 'slack', id: 'C0CONTRACT' },
    posted: () => landed('chat.postMessage', (c) => c.answer!.ts),
    updated: () => landed('chat.update', (c) => c.params.ts),
    rateLimit: {
      what: 'Slack answers HTTP 429 with Retry-After: 42',
      arm: (call) => {
        api.script(method(call), { status: 429, retryAfter: 42 });
        return 42_000;
      },
      attempts: { seen: (call) => api.callsOf(method(call)).length, expected: 1, why: 'the client fails fast instead of sleeping through Retry-After' },
    },
    refusals: [refusal('channel_not_found'), refusal('not_in_channel')],
    reset: () => api.reset(),
    close: () => api.close(),
  };
}

/**
 * TeamsChatPort over Pacta's CloudAdapter (anonymous, as in local tools) against the fake Bot Connector,
 * with the channel's conversation reference stored from an `installationUpdate`, as an install does.
 */
async function teamsSubject(): Promise<ChatPortSubject> {
  const connector: FakeConnector = await startFakeConnector();
  const stored = new Map<string, unknown>();
  const repo: ConstructorParameters<typeof ConversationReferences>[0] = {
    save: async (key, _platform, reference) => void stored.set(key, reference),
    get: async (key) => stored.get(key) ?? null,
  };
  const references = new ConversationReferences(repo, new ManualTime());
  await references.remember(installationUpdate(connector.url, ANA) as unknown as Activity);
  const port = new TeamsChatPort(createCloudAdapter(loadConfig({}).teams), '', references);
  const split = (conversationId: string): { channelId: string; threadOf: string | null } => {
    const m = /^(.*);messageid=([^;]+)$/.exec(conversationId);
    return m ? { channelId: m[1]!, threadOf: m[2]! } : { channelId: conversationId, threadOf: null };
  };
  const kind = (call: Call) => (call === 'post' ? 'send' : 'update');
  const refusal = (status: number, code: string, message: string): Refusal => ({
    what: `the connector answers ${status} ${code}`,
    arm: (call) => void connector.failures.push({ kind: kind(call), status, body: { error: { code, message } } }),
  });
  return {
    name: 'TeamsChatPort',
    port,
    channel: { platform: 'teams', id: CHANNEL_ID },
    posted: () =>
      connector
        .of('send')
        .filter((c) => c.responseId !== null)
        .map((c) => ({ ...split(c.conversationId), id: c.responseId!, text: JSON.stringify(c.body) })),
    updated: () => connector.of('update').map((c) => ({ ...split(c.conversationId), id: c.targetId!, text: JSON.stringify(c.body) })),
    rateLimit: {
      // The SDK retries throttling itself, honouring Retry-After (0 s here, so the test does not wait);
      // the connector is still throttling on the last attempt, whose Retry-After the port must carry.
      what: 'the connector answers HTTP 429 on every attempt, Retry-After: 30 on the last',
      arm: (call) => {
        for (const after of ['0', '0', '0', '30']) connector.failures.push({ kind: kind(call), status: 429, headers: { 'retry-after': after } });
        return 30_000;
      },
      attempts: { seen: (call) => connector.of(kind(call)).length, expected: 4, why: 'the SDK retries throttling three times before giving up' },
    },
    refusals: [
      refusal(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.'),
      refusal(404, 'ConversationNotFound', 'Conversation not found.'),
      { what: 'Pacta was never installed in the conversation (no stored reference)', arm: () => ({ platform: 'teams', id: '19:never-installed@thread.tacv2' }) },
    ],
    reset: () => {
      connector.calls.length = 0;
      connector.failures.length = 0;
    },
    close: () => connector.close(),
  };
}

/** ConsoleChatPort printing into a list: each print is a frame `── Pacta posted in #console … ──`. */
async function consoleSubject(): Promise<ChatPortSubject> {
  const printed: string[] = [];
  const port = new ConsoleChatPort({ print: (text) => printed.push(text), render: (m) => renderText(m, { timezone: 'UTC' }) });
  const frames = (title: RegExp): Array<{ m: RegExpExecArray; body: string }> =>
    printed.flatMap((p) => {
      const [first = '', ...rest] = p.split('\n');
      const m = title.exec(first);
      return m ? [{ m, body: rest.join('\n') }] : [];
    });
  return {
    name: 'ConsoleChatPort',
    port,
    channel: { platform: 'console', id: 'console' },
    posted: () =>
      frames(/^── Pacta posted in #(\S+?)(?:, in the thread of message (\S+))? ──$/).map(({ m, body }) => ({ channelId: m[1]!, threadOf: m[2] ?? null, text: body })),
    updated: () => frames(/^── Pacta updated a message in #(\S+) ──$/).map(({ m, body }) => ({ channelId: m[1]!, threadOf: null, text: body })),
    rateLimit: null,
    refusals: [],
    reset: () => void (printed.length = 0),
    close: async () => {},
  };
}

/** The recording fake, failing on demand the way the adapters fail (ChatDeliveryError with details). */
async function recordingSubject(): Promise<ChatPortSubject> {
  const port = new RecordingChatPort();
  const fail = (call: Call, error: ChatDeliveryError) => {
    const thrower = (): never => {
      throw error;
    };
    if (call === 'post') port.failNext(thrower);
    else port.failNextUpdate(thrower);
  };
  return {
    name: 'RecordingChatPort',
    port,
    channel: { platform: 'slack', id: 'C0RECORDED' },
    posted: () => port.posts.map((p) => ({ channelId: p.channel.id, id: p.id, threadOf: p.threadOf ? (p.threadOf.threadId ?? p.threadOf.id) : null, text: p.message.fallback })),
    updated: () => port.updates.map((u) => ({ channelId: u.ref.channel.id, id: u.ref.id, threadOf: null, text: u.message.fallback })),
    rateLimit: {
      what: 'a queued ChatDeliveryError with retryAfterMs 20000',
      arm: (call) => {
        fail(call, new ChatDeliveryError('rate limited (recorded)', { retryAfterMs: 20_000 }));
        return 20_000;
      },
    },
    refusals: [{ what: 'a queued permanent ChatDeliveryError', arm: (call) => fail(call, new ChatDeliveryError('channel gone (recorded)', { permanent: true })) }],
    // Armed failures are consumed by the case that arms them.
    reset: () => {
      port.posts.length = 0;
      port.updates.length = 0;
    },
    close: async () => {},
  };
}

export const CHAT_PORT_SUBJECTS: SubjectFactory[] = [
  { name: 'SlackChatPort', start: slackSubject },
  { name: 'TeamsChatPort', start: teamsSubject },
  {
    name: 'ConsoleChatPort',
    cannotFail: 'the console prints to the terminal: there is no platform to rate-limit or refuse it',
    cannotReplace: 'a terminal cannot change what it printed',
    start: consoleSubject,
  },
  { name: 'RecordingChatPort', start: recordingSubject },
];
