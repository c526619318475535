/**
 * A small estate with a row in every table Pacta has, made the way Pacta makes them: commands through the
 * app's door, the dispatcher posting to a recording chat port, the clock, escalation, burn-rate and
 * digest sweeps, a monitoring delivery, and the few things only a platform or a chart does (a Teams
 * conversation reference, a dashboard link's signing key, a chart image). For the tests that move a
 * database (pacta db copy, backup and restore): `emptyTables` says which tables the seed missed, so a
 * table a later migration adds fails those tests until the seed fills it.
 */
import { expect } from 'vitest';
import { createApp, type App } from '../../adapters/root/app.ts';
import { loadConfig } from '../../adapters/config.ts';
import { parseGeneric } from '../../adapters/webhooks/generic.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { DrizzleStore } from '../../db/store.ts';
import type { TableChecksum } from '../../db/transfer.ts';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { Actor } from '../../src/domain/incident.ts';
import { IncidentUseCases } from '../../src/usecases/incidents.ts';
import { QueryUseCases } from '../../src/usecases/queries.ts';
import { ManualTime } from '../fakes/manual-time.ts';
import { RecordingChatPort } from '../fakes/recording-chat.ts';

export const ESTATE_ADMIN: Actor = { platform: 'slack', id: 'U0ADMIN', name: 'admin' };
export const ESTATE_CHANNEL: ChannelRef = { platform: 'slack', id: 'C0OPS' };
/** Monday 23 November 2026, 10:00 in Berlin. */
export const ESTATE_START = '2026-11-23T09:00:00Z';

const MIN = 60_000;

/** The app over `db`, as `pacta start` wires it (admins, zone), on a manual clock. */
export async function estateApp(db: DatabaseHandle, time: ManualTime): Promise<App> {
  const config = loadConfig({ PACTA_ADMINS: `slack:${ESTATE_ADMIN.id}`, PACTA_TIMEZONE: 'Europe/Berlin', PACTA_PUBLIC_URL: 'https://pacta.example.com' });
  return createApp({ config, time, db });
}

/** Seeds the estate into `db` (empty, migrated); leaves `time` where the seed ended. Closes nothing. */
export async function seedFullEstate(db: DatabaseHandle, time: ManualTime = new ManualTime(ESTATE_START)): Promise<{ time: ManualTime; incidents: number[] }> {
  const app = await estateApp(db, time);
  const chat = new RecordingChatPort(() => time.now().getTime());
  app.chat.register('slack', chat);
  const say = async (text: string, actor: Actor = ESTATE_ADMIN) => {
    const answer = await app.inbound.command({ text, actor, channel: ESTATE_CHANNEL });
    expect(answer.outcome, `${text}: ${JSON.stringify(answer.reply)}`).toBe('ok');
  };
  const deliver = async () => {
    for (let i = 0; i < 20 && (await app.dispatcher.runOnce(50)).claimed > 0; i++) time.advance(2_000);
  };
  for (const line of [
    'calendar add business --tz Europe/Berlin --hours "mon-fri 09:00-17:00"',
    'calendar holiday business 2026-12-24',
    'calendar holiday business --country DE --region BY --years 2026',
    'service add payments "Payments API" --availability 99.9 --window 30d --calendar business',
    'service add search "Search" --availability 99.5 --window month',
    'service set payments --credits "99.9=10%,99=25%" --public',
    'policy set payments P1 ack=15m resolve=4h',
    'policy set search P2 ack=30m resolve=8h',
    'subscribe payments search --digest daily@09:00 --tz Europe/Berlin',
    'role grant slack:U0BOB responder',
    'oncall add primary --handoff "weekly mon 09:00" --tz Europe/Berlin slack:U0ALICE slack:U0BOB',
    'oncall override primary slack:U0CAROL until wed 18:00',
    'escalation set payments "after 5m: oncall primary; after 15m: slack:U0LEAD"',
    'maintenance search +2h 30m index rebuild',
    'integration add ci --kind generic --service search',
    'open payments P1 Card payments failing --impact outage',
    'open search P2 Slow queries --impact degraded',
    'ack INC-2',
    'pause INC-2 waiting on the vendor',
    'note INC-2 vendor says an hour',
  ]) {
    await say(line);
  }
  await deliver();
  time.advance(6 * MIN);
  await app.escalations.run();
  await app.sweep.run();
  await deliver();
  await say('resume INC-2');
  // Monitoring: a delivery that opens INC-3 on search.
  const ci = (await app.store.read.integrations.get('ci'))!;
  await app.monitoring.ingest(ci, parseGeneric({ dedup_key: 'disk-db1', status: 'firing', summary: 'Disk 95% full on db1', service: 'search', severity: 'critical' }), '{"dedup_key":"disk-db1"}');
  time.advance(54 * MIN);
  await say('resolve INC-1 rolled back the release');
  await app.burns.check();
  await app.sweep.run();
  await deliver();
  // The next morning's digest (09:00 in Berlin).
  time.set('2026-11-24T08:00:30Z');
  await app.digests.enqueueDue();
  await deliver();
  // What only a platform, the dashboard or a chart writes.
  await app.inbound.firstDelivery('slack:Ev0123');
  await app.store.transaction((tx) => tx.conversations.save('teams:19:conv@thread.tacv2', 'teams', { conversation: { id: '19:conv@thread.tacv2' }, serviceUrl: 'https://smba.example.com/' }, time.now()));
  await app.links.dashboardToken({ expiresAt: new Date(time.now().getTime() + 24 * 3600_000), timezone: 'Europe/Berlin' });
  await app.store.read.charts.put('chart-0123', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), time.now(), new Date(time.now().getTime() + 90 * 24 * 3600_000));
  await app.chartRenderer.close();
  return { time, incidents: [1, 2, 3] };
}

/** Tables the seed left empty (it must leave none). */
export function emptyTables(sums: readonly TableChecksum[]): string[] {
  return sums.filter((s) => s.rows === 0).map((s) => s.table);
}

/**
 * What the app answers about the estate in `db` at `time`: status, reports, incident lists and every
 * incident with its clocks and timeline. Two databases holding the same estate answer the same.
 */
export async function estateAnswers(db: DatabaseHandle, time: ManualTime, incidents: readonly number[]): Promise<unknown> {
  const store = new DrizzleStore(db.db);
  const queries = new QueryUseCases(store, time, 'Europe/Berlin');
  const incidentCases = new IncidentUseCases(store, time, 'Europe/Berlin');
  return {
    overview: await queries.overview(),
    payments: await queries.service('payments'),
    report: await queries.report(null, '30d'),
    month: await queries.report('payments', 'month'),
    open: await queries.incidents(null, false),
    all: await queries.incidents(null, true),
    incidents: await Promise.all(incidents.map((n) => incidentCases.get(n))),
  };
}
