/**
 * Files in Slack replies: `/sla export` (admins) answers ephemerally and sends the configuration as a
 * file in the admin's direct messages with Pacta, through Slack's current upload API —
 * `conversations.open`, `files.getUploadURLExternal`, the bytes to the upload URL,
 * `files.completeUploadExternal` into the DM — never `files.upload`, and never into the channel.
 */
import { afterEach, expect, it } from 'vitest';
import type { TestDatabase } from '../../helpers/databases.ts';
import { seedEstate } from '../../helpers/seed.ts';
import { FakeSlackApi } from './fake-slack-api.ts';
import { ADMIN, ALICE, startHarness, visibleText, type SlackHarness, useSlackTestBed } from './slack-harness.ts';

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

it('/sla export sends pacta.yaml to the admin as a file in their DM with Pacta, with the upload API', async () => {
  h = await startHarness({ db: db.handle, api });
  await seedEstate(h.app.store, h.time);
  const a = await h.slash('export', { user: ADMIN });
  expect(a.json).toMatchObject({ response_type: 'ephemeral' });
  expect(visibleText(a.json)).toContain('pacta.yaml: sent to you as a file in your messages with Pacta');
  await api.until(() => api.callsOf('files.completeUploadExternal').length === 1);
  expect(api.calls.map((c) => c.method).filter((m) => /^(conversations|files|upload)/.test(m))).toEqual(['conversations.open', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
  expect(api.callsOf('conversations.open')[0]!.params).toMatchObject({ users: ADMIN });
  expect(api.callsOf('files.completeUploadExternal')[0]!.params).toMatchObject({ channel_id: `D${ADMIN}` });
  const [upload] = [...api.uploads.values()];
  expect(upload).toMatchObject({ filename: 'pacta.yaml' });
  expect(upload!.bytes).toContain('kind: Service\nmetadata:\n  name: payments\n');
  expect(upload!.length).toBe(Buffer.byteLength(upload!.bytes));
  expect(api.callsOf('files.upload')).toEqual([]);

  // Not an admin: refused, nothing uploaded.
  const refused = await h.slash('export', { user: ALICE });
  expect(visibleText(refused.json)).toMatch(/admin/i);
  expect(api.callsOf('files.getUploadURLExternal')).toHaveLength(1);
});
