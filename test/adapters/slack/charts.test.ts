/**
 * Charts in Slack, through the real renderer: a digest's budget charts are shared into the subscribed
 * channel right after the digest, as PNG files drawn by vega with the shipped font, with alt text — by
 * Slack's current upload API (`files.getUploadURLExternal`, the bytes, `files.completeUploadExternal`
 * with `channel_id`); the retired `files.upload` is never called.
 */
import { afterEach, expect, it } from 'vitest';
import type { TestDatabase } from '../../helpers/databases.ts';
import { ALICE as SEED_ACTOR, seedEstate } from '../../helpers/seed.ts';
import { PNG_SIGNATURE } from '../../fakes/chart-images.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { ADMIN, CHANNEL, startHarness, type SlackHarness, useSlackTestBed } from './slack-harness.ts';

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

it('a digest carries the budget chart of the service that lost budget, shared as a PNG after it', async () => {
  h = await startHarness({ db: db.handle, api });
  h.time.set('2026-11-24T08:00:00Z');
  const admin = await seedEstate(h.app.store, h.time);
  await admin.subscribe({ channel: { platform: 'slack', id: CHANNEL }, services: [], allServices: true, digestSpec: 'daily@09:00', digestCron: '0 9 * * *', timezone: 'Europe/Berlin', createdBy: SEED_ACTOR });
  await h.slash('open search P2 "Search is down" --impact outage', { user: ADMIN });
  h.time.advance(40 * 60_000);
  await h.slash('resolve INC-1', { user: ADMIN });
  h.time.set('2026-11-25T08:00:30Z'); // 09:00:30 in Berlin
  api.reset();
  expect(await h.app.digests.enqueueDue()).toBe(1);
  for (let i = 0; i < 5 && (await h.app.dispatcher.runOnce(50)).claimed > 0; i++);

  const posts = api.callsOf('chat.postMessage');
  expect(posts).toHaveLength(1);
  expect(String(posts[0]!.params.text)).toMatch(/^Digest/);
  const complete = api.callsOf('files.completeUploadExternal');
  expect(complete).toHaveLength(1);
  expect(complete[0]!.params).toMatchObject({ channel_id: CHANNEL });
  expect(complete[0]!.params).not.toHaveProperty('thread_ts');
  const files = JSON.parse(String(complete[0]!.params.files)) as Array<{ id: string; title: string }>;
  // Search lost 40 minutes of its month's budget; payments lost none, so it has no chart.
  expect(files.map((f) => f.title)).toEqual(['Error budget of Search · month']);
  const upload = api.uploads.get(files[0]!.id)!;
  expect(upload.data.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  expect(upload.data.length).toBe(upload.length);
  expect(upload.altText).toMatch(/Search/);
  expect(upload.altText).toMatch(/%/);
  expect(api.callsOf('files.upload')).toEqual([]);
});
