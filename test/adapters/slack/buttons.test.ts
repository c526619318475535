/**
 * Card buttons through the real Bolt app: a `block_actions` payload (form field `payload`) runs the
 * button's command as the clicking user; the card is refreshed in place; refusals go only to the clicker.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { buttonClick } from './slack-requests.ts';
import type { App as BoltApp } from '@slack/bolt';
import { registerActionListener } from '../../../adapters/slack/action-listener.ts';
import type { ListenerDeps } from '../../../adapters/slack/listener-deps.ts';
import { LINK_ACTION_ID } from '../../../adapters/slack/render-blocks.ts';
import { ALICE, BOB, CHANNEL, snapshot, startHarness, visibleText, type SlackHarness, useSlackTestBed } from './slack-harness.ts';

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

async function start(env: Record<string, string> = {}): Promise<string> {
  h = await startHarness({ db: db.handle, api, env });
  await seedEstate(h.app.store, h.time);
  await h.slash('open payments P1 Card payments failing', { user: 'U0ADMIN' });
  const ts = String(api.callsOf('chat.postMessage')[0]!.answer!.ts);
  api.reset();
  return ts;
}

describe('Slack buttons', () => {
  it('Resolve: acked at once, resolved as the clicker, card updated in place, nothing said to anyone', async () => {
    const ts = await start();
    const click = await h.click({ user: BOB, messageTs: ts, value: 'resolve INC-1' });
    expect(click.status).toBe(200);
    expect(click.text).toBe('');
    await h.settle();
    const state = await h.app.incidents.get(1);
    expect(state.incident.status).toBe('resolved');
    expect(state.incident.resolvedBy).toMatchObject({ platform: 'slack', id: BOB });
    const [update] = api.callsOf('chat.update');
    expect(update!.params).toMatchObject({ channel: CHANNEL, ts });
    expect(visibleText(update!.params)).toMatch(/Resolved/);
    expect(JSON.stringify(update!.params.blocks)).toContain('"value":"reopen INC-1"');
    expect(api.responses).toEqual([]);
  });

  it('Acknowledge twice: the second clicker alone hears who already has it', async () => {
    const ts = await start();
    await h.click({ user: BOB, messageTs: ts, value: 'ack INC-1' });
    await h.settle();
    api.reset();
    const second = await h.click({ user: ALICE, messageTs: ts, value: 'ack INC-1' });
    await h.settle();
    expect(api.callsOf('chat.update')).toEqual([]);
    expect(api.responses).toHaveLength(1);
    const r = api.responses[0]!;
    expect(second.responseUrl.endsWith(`/respond/${r.id}`)).toBe(true);
    expect(r.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(r.body)).toMatch(/already acknowledged/);
    expect((await h.app.incidents.get(1)).incident.acknowledgedBy).toMatchObject({ id: BOB });
  });

  it('a viewer’s click is refused ephemerally and changes nothing', async () => {
    const ts = await start({ PACTA_DEFAULT_ROLE: 'viewer' });
    const before = await snapshot(db.handle);
    await h.click({ user: BOB, messageTs: ts, value: 'resolve INC-1' });
    await h.settle();
    expect(await snapshot(db.handle)).toEqual(before);
    expect(api.callsOf('chat.update')).toEqual([]);
    expect(visibleText(api.responses[0]!.body)).toMatch(/needs the responder role/);
  });

  it('a button value Pacta never made is refused without running anything', async () => {
    const ts = await start();
    const before = await snapshot(db.handle);
    await h.click({ user: BOB, messageTs: ts, value: 'role grant U0BOB admin' });
    await h.settle();
    expect(await snapshot(db.handle)).toEqual(before);
    expect(visibleText(api.responses[0]!.body)).toMatch(/out of date/);
  });

  it('a link button (Source, Runbook) is acknowledged and runs nothing: its page opens in the browser', async () => {
    const ts = await start();
    const before = await snapshot(db.handle);
    const click = await h.send(buttonClick({ user: BOB, channel: CHANNEL, messageTs: ts, value: '', actionId: 'pacta-link:1', responseUrl: api.responseUrl() }));
    await h.settle();
    expect(click.status).toBe(200);
    expect(click.text).toBe('');
    expect(await snapshot(db.handle)).toEqual(before);
    expect(api.callsOf('chat.update')).toEqual([]);
    expect(api.responses).toEqual([]);
  });

  it('a rate-limited card update is told to the clicker; the change is kept', async () => {
    const ts = await start();
    api.script('chat.update', { status: 429, retryAfter: 20 });
    await h.click({ user: BOB, messageTs: ts, value: 'pause INC-1' });
    await h.settle();
    expect((await h.app.incidents.get(1)).incident.status).toBe('paused');
    expect(api.callsOf('chat.update')).toHaveLength(1);
    expect(visibleText(api.responses[0]!.body)).toMatch(/could not update the incident card: Slack is rate-limiting Pacta/s);
  });
});

describe('Slack link buttons, in any receiver', () => {
  it('acknowledge the click themselves, since Socket Mode answers nothing no listener acknowledges', async () => {
    const listeners: Array<{ id: unknown; run: (args: { ack: () => Promise<void> }) => Promise<void> }> = [];
    const bolt = { action: (id: unknown, run: (args: { ack: () => Promise<void> }) => Promise<void>) => void listeners.push({ id, run }) };
    registerActionListener(bolt as unknown as BoltApp, {} as ListenerDeps);
    const link = listeners.find((l) => l.id === LINK_ACTION_ID);
    expect(link).toBeDefined();
    let acked = 0;
    await link!.run({ ack: async () => void acked++ });
    expect(acked).toBe(1);
  });
});
