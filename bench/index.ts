/**
 * `npm run bench`: prints the figures the README quotes, each beside its baseline measured in the same
 * run. PostgreSQL parts run when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set; the default is the
 * local cluster at postgres://postgres@127.0.0.1:5432/test if it answers.
 */
import postgres from 'postgres';
import { benchAlerts } from './alerts.ts';
import { benchCalendar } from './calendar.ts';
import { benchCardUpdate } from './card-update.ts';
import { benchCharts } from './charts.ts';
import { benchDueClocks } from './due-clocks.ts';
import { benchEscalations } from './escalations.ts';
import { benchOncall } from './oncall.ts';
import { benchSlack } from './slack.ts';
import { benchSoak, soakOptions } from './soak.ts';
import { benchStartup } from './startup.ts';
import { peakRssMb } from './stats.ts';
import { benchStatus } from './status.ts';
import { benchWebhooks } from './webhooks.ts';

async function postgresUrl(): Promise<string | null> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return url;
  } catch {
    return null;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const pg = await postgresUrl();
console.log(`Pacta benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
if (want('calendar')) {
  for (const l of await benchCalendar()) console.log(l);
  console.log();
}
if (want('due-clocks')) {
  for (const l of await benchDueClocks(pg)) console.log(l);
  console.log();
}
if (want('status')) {
  for (const l of await benchStatus(pg)) console.log(l);
  console.log();
}
if (want('alerts')) {
  for (const l of await benchAlerts(pg)) console.log(l);
  console.log();
}
if (want('cards')) {
  for (const l of await benchCardUpdate(pg)) console.log(l);
  console.log();
}
if (want('slack')) {
  for (const l of await benchSlack(pg)) console.log(l);
  console.log();
}
if (want('oncall')) {
  for (const l of await benchOncall()) console.log(l);
  console.log();
}
if (want('escalations')) {
  for (const l of await benchEscalations(pg)) console.log(l);
  console.log();
}
if (want('webhooks')) {
  for (const l of await benchWebhooks(pg)) console.log(l);
  console.log();
}
if (want('charts')) {
  for (const l of await benchCharts()) console.log(l);
  console.log();
}
if (want('startup')) {
  for (const l of await benchStartup()) console.log(l);
  console.log();
}
// The soak run takes 30 minutes by default: only when named (`npm run bench -- soak --minutes 30`), never in a plain `npm run bench`.
if (only.includes('soak')) {
  for (const l of await benchSoak(pg, soakOptions(only, process.env))) console.log(l);
  console.log();
}
console.log(`peak RSS ${peakRssMb()} MB`);
