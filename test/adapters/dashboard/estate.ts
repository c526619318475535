/**
 * One seeded estate for the dashboard's tests, and the server that shows it: two public services (one with
 * a hostile name), one private, open and resolved incidents with clocks, notes, a person in a title, a
 * maintenance window — and the use cases the pages must agree with.
 */
import { HttpServer } from '../../../adapters/http/server.ts';
import { LinkSigner } from '../../../adapters/http/signed-links.ts';
import { silentLogger } from '../../../adapters/logger.ts';
import { mountDashboard, type DashboardDeps } from '../../../adapters/dashboard/route.ts';
import type { SvgCharts } from '../../../adapters/dashboard/charts.ts';
import type { Actor } from '../../../src/domain/incident.ts';
import type { Store } from '../../../src/ports/store.ts';
import { AdminUseCases } from '../../../src/usecases/admin.ts';
import { ChartUseCases } from '../../../src/usecases/charts.ts';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { QueryUseCases } from '../../../src/usecases/queries.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { seedEstate } from '../../helpers/seed.ts';

export const ZONE = 'Europe/Berlin';
/** Monday 23 Nov 2026, 10:00 in Berlin. */
export const NOW = '2026-11-23T09:00:00Z';

export const ALICE: Actor = { platform: 'slack', id: 'U0ALICE', name: 'alice' };
export const BOB: Actor = { platform: 'slack', id: 'U0BOB', name: 'bob' };

/** A name and a title that would run script or break out of an attribute if printed unescaped. */
export const HOSTILE = `<script>alert("x")</script> "q" 'a' & <img src=x onerror=alert(1)>`;
export const HOSTILE_KEY = 'evil';

/** Text that must never reach the public page. */
export const SECRETS = {
  privateService: 'Search',
  privateTitle: 'Search index corrupted by the nightly job',
  internalTitle: 'Card payments failing at acquirer Zeta',
  note: 'rolled back build 4711 on host db-7',
  people: ['alice', 'bob', 'U0ALICE', 'U0BOB'],
  channel: 'C0PAY',
};
export const PUBLIC_TITLE = 'Checkout was slow for some customers';

export type Estate = {
  time: ManualTime;
  queries: QueryUseCases;
  incidents: IncidentUseCases;
  charts: ChartUseCases;
  signer: LinkSigner;
  /** Incident numbers by role in the estate (`hostile` 0 when seeded without it). */
  open: number;
  resolved: number;
  hostile: number;
  privateOpen: number;
};

/**
 * Seeds `store` at {@link NOW}: payments (public; an open P1 outage with an internal title, a resolved
 * public degraded incident two days ago), search (private; an open incident), identity (public, healthy),
 * evil (public; a hostile name and a hostile incident title and note; left out with `hostile: false`), and
 * resolved incidents weeks back for the daily bars.
 */
export async function seedDashboardEstate(store: Store, opts: { hostile?: boolean } = {}): Promise<Estate> {
  const hostileToo = opts.hostile ?? true;
  const time = new ManualTime(NOW);
  const admin: AdminUseCases = await seedEstate(store, time);
  await admin.setService({ key: 'payments', public: true, channel: { platform: 'slack', id: SECRETS.channel } });
  if (hostileToo) {
    await admin.addService({ key: HOSTILE_KEY, name: HOSTILE, availabilityPercent: 99.5, window: '7d', public: true });
    await admin.setPolicy({ serviceKey: HOSTILE_KEY, priority: 'P2', ackSeconds: 3600, resolveSeconds: 8 * 3600 });
  }
  await admin.addService({ key: 'identity', name: 'Sign-in', availabilityPercent: 99.95, window: '30d', public: true });
  await admin.addMaintenance('payments', new Date('2026-11-10T22:00:00Z'), 2 * 3600_000, 'database upgrade', ALICE);
  const incidents = new IncidentUseCases(store, time, ZONE);

  // History for the daily bars: resolved incidents weeks back.
  const past = async (key: string, impact: 'outage' | 'degraded', from: string, minutes: number) => {
    time.set(from);
    const n = (await incidents.open({ serviceKey: key, priority: key === 'search' ? 'P2' : 'P1', title: `Earlier trouble on ${key}`, impact, actor: ALICE })).incident.number;
    time.advance(minutes * 60_000);
    await incidents.resolve(n, ALICE, null);
  };
  await past('payments', 'degraded', '2026-10-12T07:00:00Z', 180);
  await past('search', 'outage', '2026-10-30T14:00:00Z', 45);
  await past('payments', 'outage', '2026-11-03T06:00:00Z', 20);
  await past('identity', 'degraded', '2026-11-16T10:00:00Z', 30);

  // Two days ago: a degraded incident on payments, public, resolved after 90 minutes.
  time.set('2026-11-21T08:00:00Z');
  const resolved = (await incidents.open({ serviceKey: 'payments', priority: 'P1', title: PUBLIC_TITLE, impact: 'degraded', actor: ALICE })).incident.number;
  time.set('2026-11-21T08:10:00Z');
  await incidents.acknowledge(resolved, BOB);
  time.set('2026-11-21T09:30:00Z');
  await incidents.resolve(resolved, BOB, 'cache warmed');
  await incidents.setPublic(resolved, true);

  // Five days ago: the private service's incident, still open.
  time.set('2026-11-18T12:00:00Z');
  const privateOpen = (await incidents.open({ serviceKey: 'search', priority: 'P2', title: SECRETS.privateTitle, impact: 'outage', actor: BOB })).incident.number;

  // This morning: an open outage on payments with an internal title and notes, and one on evil.
  time.set('2026-11-23T08:40:00Z');
  const open = (await incidents.open({ serviceKey: 'payments', priority: 'P1', title: SECRETS.internalTitle, impact: 'outage', actor: ALICE })).incident.number;
  await incidents.addNote(open, BOB, SECRETS.note);
  let hostile = 0;
  if (hostileToo) {
    time.set('2026-11-23T08:45:00Z');
    hostile = (await incidents.open({ serviceKey: HOSTILE_KEY, priority: 'P2', title: HOSTILE, impact: 'degraded', actor: ALICE })).incident.number;
    await incidents.addNote(hostile, ALICE, `note ${HOSTILE}`);
    await incidents.setPublic(hostile, true);
  }
  time.set(NOW);

  return {
    time,
    queries: new QueryUseCases(store, time, ZONE),
    incidents,
    charts: new ChartUseCases(store, time, ZONE),
    signer: new LinkSigner(store.read.settings),
    open,
    resolved,
    hostile,
    privateOpen,
  };
}

/** A renderer stand-in: an SVG that says which chart it is, so tests see it was asked and placed. */
export const fakeCharts: SvgCharts = {
  svg: async (chart, opts) => `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="300" viewBox="0 0 640 300"><text x="10" y="20">${chart.kind} in ${chart.zone ?? opts?.zone ?? 'UTC'}</text></svg>`,
};

export type Served = { server: HttpServer; base: string; deps: DashboardDeps };

/** The dashboard on a real server at 127.0.0.1; `deps` may be replaced field by field between tests. */
export async function serveDashboard(deps: DashboardDeps): Promise<Served> {
  const server = new HttpServer({ port: 0, host: '127.0.0.1', ping: async () => {}, log: silentLogger() });
  mountDashboard(server, deps);
  const a = await server.listen();
  return { server, base: `http://127.0.0.1:${a.port}`, deps };
}

/** Dashboard deps over an estate. */
export function dashboardDeps(e: Estate, images: SvgCharts | null = fakeCharts): DashboardDeps {
  return { queries: e.queries, incidents: e.incidents, charts: e.charts, images, signer: e.signer, time: e.time, timezone: ZONE, log: silentLogger(), publicCacheMs: 0 };
}

/** A dashboard token for the estate, valid for a day, in `zone`. */
export function tokenFor(e: Estate, zone = ZONE, ms = 24 * 3600_000): Promise<string> {
  return e.signer.dashboardToken({ expiresAt: new Date(e.time.now().getTime() + ms), timezone: zone });
}
