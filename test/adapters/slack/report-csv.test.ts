/**
 * `/sla report … --csv` in Slack: an ephemeral answer in the channel, and the CSV (docs/semantics.md §10)
 * as a file in the asker's direct messages with Pacta, through the upload API as `export` sends its file.
 * The bytes are UTF-8 and read back with a strict RFC 4180 reader.
 */
import { expect, it } from 'vitest';
import { csvObjects } from '../../helpers/csv.ts';
import type { FakeSlackApi } from './fake-slack-api.ts';
import { ALICE, visibleText, type SlackHarness, useSeededSlackHarness } from './slack-harness.ts';

let h: SlackHarness;
let api: FakeSlackApi;
useSeededSlackHarness((bed) => {
  ({ h, api } = bed);
});

it('/sla report payments --csv sends the rows to the asker as a file in their DM with Pacta', async () => {
  await h.slash('open payments P1 "=1+2 🚀, \\"down\\"" --impact degraded');
  h.time.advance(10 * 60_000);
  const a = await h.slash('report payments --csv');
  expect(a.json).toMatchObject({ response_type: 'ephemeral' });
  expect(visibleText(a.json)).toContain('Report data for payments, last 30 days: 1 row in pacta-report-payments-30d-2026-11-23.csv');
  expect(visibleText(a.json)).toContain('pacta-report-payments-30d-2026-11-23.csv: sent to you as a file in your messages with Pacta');
  await api.until(() => api.callsOf('files.completeUploadExternal').length === 1);
  expect(api.callsOf('conversations.open')[0]!.params).toMatchObject({ users: ALICE });
  expect(api.callsOf('files.completeUploadExternal')[0]!.params).toMatchObject({ channel_id: `D${ALICE}` });
  const [upload] = [...api.uploads.values()];
  expect(upload).toMatchObject({ filename: 'pacta-report-payments-30d-2026-11-23.csv' });
  expect(upload!.length).toBe(Buffer.byteLength(upload!.bytes));
  const [row] = csvObjects(upload!.bytes);
  expect(row).toMatchObject({ service: 'payments', incident: 'INC-1', in_period: 'yes', impact: 'degraded', downtime_counted_seconds: '300', ack_state: 'running' });
  expect(row!.title).toBe(`'=1+2 🚀, "down"`);
  expect(upload!.bytes).toContain(`,"'=1+2 🚀, ""down""",`);
  expect(api.callsOf('files.upload')).toEqual([]);
});
