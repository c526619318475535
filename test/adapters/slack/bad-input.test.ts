/**
 * Signed requests that do not have the shape Slack gives them — an event that is null, a reaction
 * without its item, a command without its user — through Pacta's HTTP server and the real Bolt app:
 * each gets the answer Slack expects (200 for an event, so Slack does not retry it; 400 for a command or
 * click), exactly one warning, no error, and no write.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { ALICE, BOB, CHANNEL, capturedLogger, snapshot, startHarness, type LogLine, type SlackHarness, useSlackTestBed } from './slack-harness.ts';
import { buttonClick, reactionEvent, slashCommand, type SlackRequest } from './slack-requests.ts';

let db: TestDatabase;
let api: FakeSlackApi;
let h: SlackHarness;
let lines: LogLine[];

useSlackTestBed((d, a) => {
  db = d;
  api = a;
});
beforeEach(async () => {
  const captured = capturedLogger();
  lines = captured.lines;
  h = await startHarness({ db: db.handle, api, log: captured.log });
  await seedEstate(h.app.store, h.time);
});
afterEach(async () => {
  await h?.stop();
});

/** A reaction_added on `ts` with its JSON edited by `edit`. */
function editedEvent(ts: string, edit: (body: Record<string, unknown>, event: Record<string, unknown>) => void): SlackRequest {
  const req = reactionEvent('reaction_added', { user: BOB, reaction: 'eyes', channel: CHANNEL, ts });
  const body = JSON.parse(req.body) as Record<string, unknown>;
  edit(body, body.event as Record<string, unknown>);
  return { body: JSON.stringify(body), contentType: 'application/json' };
}

/** A slash command or click with its form (or its `payload` JSON) edited. */
function editedForm(req: SlackRequest, edit: (fields: Record<string, unknown>) => void): SlackRequest {
  const form = new URLSearchParams(req.body);
  const payload = form.get('payload');
  if (payload !== null) {
    const json = JSON.parse(payload) as Record<string, unknown>;
    edit(json);
    return { body: new URLSearchParams({ payload: JSON.stringify(json) }).toString(), contentType: req.contentType };
  }
  const fields: Record<string, unknown> = Object.fromEntries(form);
  edit(fields);
  return { body: new URLSearchParams(fields as Record<string, string>).toString(), contentType: req.contentType };
}

describe('signed Slack requests Pacta cannot use', () => {
  const events: Array<[string, (ts: string) => SlackRequest]> = [
    ['an event_callback with "event": null', (ts) => editedEvent(ts, (b) => (b.event = null))],
    ['an event_callback with "event": "reaction_added"', (ts) => editedEvent(ts, (b) => (b.event = 'reaction_added'))],
    ['an event without a type', (ts) => editedEvent(ts, (_b, e) => delete e.type)],
    ['a reaction_added without item', (ts) => editedEvent(ts, (_b, e) => delete e.item)],
    ['a reaction_added with "item": null', (ts) => editedEvent(ts, (_b, e) => (e.item = null))],
    ['a reaction_added with a string item', (ts) => editedEvent(ts, (_b, e) => (e.item = `${CHANNEL}/${ts}`))],
    ['a reaction_added without user', (ts) => editedEvent(ts, (_b, e) => delete e.user)],
    ['a reaction_added with a numeric reaction', (ts) => editedEvent(ts, (_b, e) => (e.reaction = 42))],
    ['an event with "channel": null', (ts) => editedEvent(ts, (_b, e) => (e.channel = null))],
    ['an event with "authorizations": [null]', (ts) => editedEvent(ts, (b) => (b.authorizations = [null]))],
  ];
  const requests: Array<[string, (ts: string, responseUrl: string) => SlackRequest]> = [
    ['a slash command without user_id', (_ts, url) => editedForm(slashCommand('ack INC-1', { user: BOB, channel: CHANNEL, responseUrl: url }), (f) => delete f.user_id)],
    ['a slash command without channel_id', (_ts, url) => editedForm(slashCommand('ack INC-1', { user: BOB, channel: CHANNEL, responseUrl: url }), (f) => delete f.channel_id)],
    ['a click with "actions": [null]', (ts, url) => editedForm(buttonClick({ user: BOB, channel: CHANNEL, messageTs: ts, value: 'ack INC-1', responseUrl: url }), (p) => (p.actions = [null]))],
    ['a click with "user": null', (ts, url) => editedForm(buttonClick({ user: BOB, channel: CHANNEL, messageTs: ts, value: 'ack INC-1', responseUrl: url }), (p) => (p.user = null))],
  ];

  /** Opens INC-1 with a valid command (its card is what the bad requests point at); returns the card's ts. */
  async function openCard(): Promise<string> {
    await h.slash('open payments P1 Card payments failing', { user: ALICE });
    const ts = String(api.callsOf('chat.postMessage')[0]!.answer!.ts);
    api.reset();
    return ts;
  }

  async function expectIgnored(req: SlackRequest, status: number): Promise<void> {
    const before = await snapshot(db.handle);
    const mark = lines.length;
    const res = await h.send(req);
    await h.settle();
    expect(res.status).toBe(status);
    const loud = lines.slice(mark).filter((l) => l.level >= 40);
    expect(loud.map((l) => l.msg)).toHaveLength(1);
    expect(loud[0]).toMatchObject({ level: 40, problem: expect.any(String) });
    expect(await snapshot(db.handle)).toEqual(before);
    expect(api.calls).toEqual([]);
    expect(api.responses).toEqual([]);
  }

  it.each(events)('%s: a quiet 200, one warning, nothing written or sent', async (_what, make) => {
    const ts = await openCard();
    await expectIgnored(make(ts), 200);
  });

  it.each(requests)('%s: 400, one warning, nothing written or sent', async (_what, make) => {
    const ts = await openCard();
    await expectIgnored(make(ts, api.responseUrl()), 400);
  });

  it('the same reaction, whole, acknowledges (the control: the refusals above are about shape)', async () => {
    const ts = await openCard();
    const res = await h.send(reactionEvent('reaction_added', { user: BOB, reaction: 'eyes', channel: CHANNEL, ts }));
    await h.settle();
    expect(res.status).toBe(200);
    expect((await h.app.incidents.get(1)).incident.acknowledgedBy).toMatchObject({ platform: 'slack', id: BOB });
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });
});
