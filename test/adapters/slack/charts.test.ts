/**
 * Charts in Slack, through the real renderer: a digest's budget charts are shared into the subscribed
 * channel right after the digest, as PNG files drawn by vega with the shipped font, with alt text — by
 * Slack's current upload API (`files.getUploadURLExternal`, the bytes, `files.completeUploadExternal`
 * with `channel_id`); the retired `files.upload` is never called.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { TestDatabase } from '../../helpers/databases.ts';
import { ALICE as SEED_ACTOR, seedEstate } from '../../helpers/seed.ts';
import { PNG_SIGNATURE } from '../../fakes/chart-images.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { ADMIN, CHANNEL, startHarness, visibleText, type SlackHarness, useSlackTestBed } from './slack-harness.ts';

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
  // The README shows this very chart (PACTA_SCREENSHOTS=docs/images npm test -- test/adapters/slack/charts.test.ts).
  if (process.env.PACTA_SCREENSHOTS) writeFileSync(join(process.env.PACTA_SCREENSHOTS, 'digest-budget.png'), upload.data);
});

it('/sla report <service> --chart answers at once and sends the four charts to the asker, as one file share in their DM', async () => {
  h = await startHarness({ db: db.handle, api });
  h.time.set('2026-11-24T08:00:00Z');
  await seedEstate(h.app.store, h.time);
  await h.slash('open payments P1 "Checkout down" --impact degraded', { user: ADMIN });
  h.time.advance(3 * 3_600_000);
  await h.slash('resolve INC-1', { user: ADMIN });
  api.reset();
  const a = await h.slash('report payments --chart', { user: ADMIN });
  expect(a.json).toMatchObject({ response_type: 'ephemeral' });
  expect(visibleText(a.json)).toContain('4 charts: sent to you as files in your messages with Pacta');
  await api.until(() => api.callsOf('files.completeUploadExternal').length === 1);
  expect(api.callsOf('files.completeUploadExternal')[0]!.params).toMatchObject({ channel_id: `D${ADMIN}` });
  const files = JSON.parse(String(api.callsOf('files.completeUploadExternal')[0]!.params.files)) as Array<{ id: string; title: string }>;
  expect(files.map((f) => f.title)).toEqual(['Error budget of Payments API · 30d', 'Availability of Payments API per day', 'SLA attainment per week · payments', 'MTTA and MTTR per week · payments']);
  for (const f of files) expect(api.uploads.get(f.id)!.data.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  if (process.env.PACTA_SCREENSHOTS) {
    writeFileSync(join(process.env.PACTA_SCREENSHOTS, 'report-budget.png'), api.uploads.get(files[0]!.id)!.data);
    writeFileSync(join(process.env.PACTA_SCREENSHOTS, 'report-availability.png'), api.uploads.get(files[1]!.id)!.data);
  }
});
