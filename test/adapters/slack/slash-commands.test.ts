/**
 * `/sla …` through Pacta's HTTP server and the real Bolt app: replies in the ack when ready in time,
 * through `response_url` when not; cards posted with chat.postMessage; Web API failures (429,
 * not_in_channel, channel_not_found) answered fast with what to do.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SlackHost } from '../../../adapters/slack/listener-deps.ts';
import type { CommandAnswer, CommandInvocation, Inbound } from '../../../src/ports/inbound.ts';
import { ackAfter } from '../../../adapters/slack/command-listener.ts';
import type { SlackAdapterOptions } from '../../../adapters/slack/slack-app.ts';
import type { TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { slashCommand } from './slack-requests.ts';
import { ALICE, CHANNEL, expectWithinLimits, startHarness, visibleText, type SlackHarness, useSlackTestBed } from './slack-harness.ts';

let db: TestDatabase;
let api: FakeSlackApi;
let h: SlackHarness;

useSlackTestBed((d, a) => {
  db = d;
  api = a;
});
afterEach(async () => {
  await h?.stop();
  expect(api.violations).toEqual([]);
});

/** What the adapter sees, with its commands run through `command` (which may call the real door). */
function withCommand(command: (inbound: Inbound, inv: CommandInvocation) => Promise<CommandAnswer>): (host: SlackHost) => SlackHost {
  return (host) => ({
    ...host,
    inbound: {
      firstDelivery: (k) => host.inbound.firstDelivery(k),
      button: (c) => host.inbound.button(c),
      reaction: (r) => host.inbound.reaction(r),
      command: (inv) => command(host.inbound, inv),
    },
  });
}

async function start(o: { env?: Record<string, string>; adapter?: SlackAdapterOptions; wrap?: (host: SlackHost) => SlackHost } = {}): Promise<void> {
  h = await startHarness({ db: db.handle, api, ...o });
  await seedEstate(h.app.store, h.time);
}

const incidentCount = async () => (await h.app.store.read.incidents.list({ openOnly: false })).length;

describe('Slack /sla', () => {
  it('answers in the ack, ephemerally, in the user’s zone from users.info (looked up once per user)', async () => {
    await start();
    api.users.set(ALICE, { name: 'alice', tz: 'America/New_York', displayName: 'Alice A.' });
    const a = await h.slash('open payments P1 Card payments failing');
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ response_type: 'ephemeral' });
    // 10:15 in Berlin is 04:15 in New York: the asker's zone, named.
    expect((a.json as { text: string }).text).toMatch(/due Mon 23 Nov 04:15 EST/);
    const q = await h.slash('status payments');
    expect(q.json).toMatchObject({ response_type: 'ephemeral' });
    expect(visibleText(q.json)).toContain('payments');
    await h.slash('help');
    expect(api.callsOf('users.info')).toHaveLength(1);
    expect(api.callsOf('users.info')[0]!.params).toMatchObject({ user: ALICE });
    // The timeline keeps the display name for readers outside Slack.
    expect((await h.app.incidents.get(1)).incident.openedBy).toEqual({ platform: 'slack', id: ALICE, name: 'Alice A.' });
    // No auth.test: the bot ids are configured.
    expect(api.callsOf('auth.test')).toHaveLength(0);
    expect(api.responses).toEqual([]);
  });

  it('a bare /sla (and a renamed command) shows help; bad input says what was wrong, with usage', async () => {
    await start();
    const bare = await h.slash('');
    expect(visibleText(bare.json)).toMatch(/open/);
    const renamed = await h.send(slashCommand('help', { user: ALICE, channel: CHANNEL, responseUrl: api.responseUrl(), command: '/pacta' }));
    expect(renamed.status).toBe(200);
    expect(visibleText(renamed.json)).toMatch(/open/);
    const bad = await h.slash('open payments P9 Broken');
    expect(bad.json).toMatchObject({ response_type: 'ephemeral' });
    expect(visibleText(bad.json)).toMatch(/P9/);
    expect(visibleText(bad.json)).toMatch(/Usage/);
    expect(await incidentCount()).toBe(0);
  });

  it('open posts the incident card with chat.postMessage and records its ts', async () => {
    await start();
    const a = await h.slash('open payments P1 Card payments failing --impact outage');
    expect(visibleText(a.json)).toMatch(/INC-1.*opened/s);
    const posts = api.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.params.channel).toBe(CHANNEL);
    expect(posts[0]!.params).not.toHaveProperty('thread_ts');
    const ref = await h.app.store.read.messages.forIncident(1, 'card');
    expect(ref).toEqual([{ channel: { platform: 'slack', id: CHANNEL }, messageId: posts[0]!.answer!.ts, incidentNumber: 1, kind: 'card' }]);
  });

  it('a reply not ready within the budget is acked empty at the deadline and delivered to response_url', async () => {
    // The test decides when the budget is spent and when the reply is ready: no race with the clock.
    let expire!: () => void;
    const deadline = new Promise<void>((resolve) => (expire = resolve));
    let entered!: () => void;
    const handling = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const ready = new Promise<void>((resolve) => (release = resolve));
    const slow = withCommand(async (inbound, inv) => {
      entered();
      await ready;
      return inbound.command(inv);
    });
    await start({ adapter: { ackDeadline: () => deadline }, wrap: slow });
    const answer = h.slash('open payments P1 Card payments failing');
    await handling;
    expire();
    const a = await answer;
    // Acked while the command was still running: empty, and nothing at response_url yet.
    expect(a.status).toBe(200);
    expect(a.text).toBe('');
    expect(api.responses).toEqual([]);
    expect(await incidentCount()).toBe(0);
    release();
    await h.settle();
    expect(api.responses).toHaveLength(1);
    const late = api.responses[0]!;
    expect(a.responseUrl.endsWith(`/respond/${late.id}`)).toBe(true);
    expect(late.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(late.body)).toMatch(/INC-1.*opened/s);
    expect(api.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('a rate-limited chat.postMessage on open fails fast with a friendly reply; the incident is still open', async () => {
    await start();
    // An hour's Retry-After: a client sleeping through it could not answer within the test at all.
    api.script('chat.postMessage', { status: 429, retryAfter: 3600 });
    const a = await h.slash('open payments P1 Card payments failing');
    expect(a.status).toBe(200);
    const text = visibleText(a.json);
    expect(text).toMatch(/INC-1.*opened/s);
    expect(text).toMatch(/rate-limiting Pacta right now/);
    expect(text).toMatch(/wait 3600 s/);
    // Fail fast: one attempt, answered in the ack, no sleeping through Retry-After.
    expect(api.callsOf('chat.postMessage')).toHaveLength(1);
    expect(api.responses).toEqual([]);
    expect(await incidentCount()).toBe(1);
    expect(await h.app.store.read.messages.forIncident(1, 'card')).toEqual([]);
  });

  it.each([
    ['not_in_channel', /not a member of this channel.*\/invite @Pacta.*chat:write\.public/s],
    ['channel_not_found', /cannot see this channel.*\/invite @Pacta/s],
  ])('%s on open explains how to invite the bot', async (error, expected) => {
    await start();
    api.script('chat.postMessage', { error });
    const a = await h.slash('open payments P1 Card payments failing');
    expect(visibleText(a.json)).toMatch(expected);
    expect((a.json as { text: string }).text).toMatch(/invite @Pacta/);
    expect(await incidentCount()).toBe(1);
  });

  it('a viewer cannot open an incident: the refusal is ephemeral and nothing is posted', async () => {
    await start({ env: { PACTA_DEFAULT_ROLE: 'viewer' } });
    const a = await h.slash('open payments P1 Card payments failing');
    expect(a.json).toMatchObject({ response_type: 'ephemeral' });
    expect(visibleText(a.json)).toMatch(/needs the responder role/);
    expect(api.callsOf('chat.postMessage')).toEqual([]);
    expect(await incidentCount()).toBe(0);
  });

  it('a channel reply is sent in_channel; a crash becomes an apology with an error id', async () => {
    let calls = 0;
    const odd = withCommand(async (inbound, inv) => {
      calls++;
      if (inv.text === 'boom') throw new Error('database on fire');
      const out = await inbound.command(inv);
      return { ...out, reply: { ...out.reply, visibility: 'channel' as const } };
    });
    await start({ wrap: odd });
    const loud = await h.slash('status');
    expect(loud.json).toMatchObject({ response_type: 'in_channel' });
    const boom = await h.slash('boom');
    expect(boom.status).toBe(200);
    expect(boom.json).toMatchObject({ response_type: 'ephemeral' });
    expect(visibleText(boom.json)).toMatch(/error id [0-9a-f]{8}/);
    expect(calls).toBe(2);
  });

  it('the production deadline is Slack’s budget of real time: spent at 2.5 s, not before; cleared when the reply is first', async () => {
    vi.useFakeTimers();
    try {
      let spent = false;
      void ackAfter(2_500)(new AbortController().signal).then(() => (spent = true));
      await vi.advanceTimersByTimeAsync(2_499);
      expect(spent).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(spent).toBe(true);
      // A reply ready first aborts the wait: no timer is left behind.
      const done = new AbortController();
      void ackAfter(2_500)(done.signal);
      expect(vi.getTimerCount()).toBe(1);
      done.abort();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('every ack and late reply in this file stays within Block Kit limits', () => {
    // The harness checks each ack (expectWithinLimits) and the fake API each posted payload; this
    // guards the checker itself against passing everything.
    expect(() => expectWithinLimits({ text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] }, 'probe')).toThrow();
  });
});
