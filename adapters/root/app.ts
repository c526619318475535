/**
 * The composition root: the one place that turns configuration into a running Pacta — database, store,
 * use cases, command router, the inbound door, the dispatcher and chat ports. `main.ts` decides which
 * front ends run (server, console); each adapter gets only the door and its own slice of the
 * configuration, never the {@link App}.
 */
import { chartImages, type ChartRenderer } from '../charts/images.ts';
import { ChartLinks } from '../http/chart-route.ts';
import { LinkSigner } from '../http/signed-links.ts';
import type { Chart } from '../../src/charts/chart.ts';
import type { ChartImages } from '../../src/ports/charts.ts';
import { ChartUseCases } from '../../src/usecases/charts.ts';
import type { Logger } from 'pino';
import { createRouter } from '../../commands/router.ts';
import type { CommandRouter, LocalFiles } from '../../commands/types.ts';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { DrizzleStore } from '../../db/store.ts';
import type { TimeSource } from '../../src/time-source.ts';
import { incidentCard } from '../../src/messages/views/incident-card.ts';
import { setYearTime } from '../../src/messages/time-text.ts';
import type { Inbound } from '../../src/ports/inbound.ts';
import { AdminUseCases } from '../../src/usecases/admin.ts';
import { HolidayUseCases } from '../../src/usecases/holidays.ts';
import { countryHolidays } from '../calendar/countries.ts';
import { icsHolidayParser } from '../calendar/ics.ts';
import { ButtonUseCase } from '../../src/usecases/buttons.ts';
import type { IncidentState } from '../../src/model/incident-state.ts';
import { IncidentUseCases } from '../../src/usecases/incidents.ts';
import { nodeHasher } from '../webhooks/auth.ts';
import { IntegrationUseCases } from '../../src/usecases/integrations.ts';
import { OncallUseCases } from '../../src/usecases/oncall.ts';
import { exportDocuments } from '../../commands/config/export.ts';
import { exportOpenSlo } from '../../commands/config/openslo.ts';
import { toYaml } from '../../commands/config/yaml.ts';
import { MonitoringUseCases } from '../../src/usecases/monitoring.ts';
import { QueryUseCases } from '../../src/usecases/queries.ts';
import { ReactionUseCase } from '../../src/usecases/reactions.ts';
import { BurnAlertUseCase } from '../../src/usecases/burn-alerts.ts';
import { DigestUseCase } from '../../src/usecases/digests.ts';
import { Dispatcher } from '../../src/usecases/dispatch.ts';
import { NotificationRenderer } from '../../src/usecases/notifications.ts';
import { RolePolicy } from '../../src/usecases/roles.ts';
import { SweepUseCase } from '../../src/usecases/sweep.ts';
import { EscalationSweep } from '../../src/usecases/escalation.ts';
import { DB_ACQUIRE_TIMEOUT_MS, DB_PERSON_WAIT_MS, type Config } from '../config.ts';
import { silentLogger } from '../logger.ts';
import { systemTime } from '../system-time.ts';
import { meteredChatPorts } from '../metrics/chat-ports.ts';
import { meteredInbound } from '../metrics/inbound.ts';
import { PactaMetrics } from '../metrics/metrics.ts';
import { ChatPortRegistry } from './chat-ports.ts';
import { PactaInbound, personWaiting } from './inbound.ts';

export type AppOptions = {
  config: Config;
  /** Default: the system time. */
  time?: TimeSource;
  /**
   * An open database, or `memory` for a throw-away in-memory PGlite (`--db memory`). Default: PostgreSQL
   * when `DATABASE_URL` is set, else PGlite in `PACTA_DATA_DIR` (locked against a second process).
   */
  db?: DatabaseHandle | 'memory';
  log?: Logger;
  /** Files on this machine, for `calendar import`: the console passes them; the server (Slack, Teams) does not. */
  files?: LocalFiles;
  /** Pacta's version, for `pacta_build_info` (default `dev`). */
  version?: string;
};

export type App = {
  config: Config;
  time: TimeSource;
  log: Logger;
  db: DatabaseHandle;
  store: DrizzleStore;
  incidents: IncidentUseCases;
  admin: AdminUseCases;
  integrations: IntegrationUseCases;
  /** Monitoring webhooks: alerts in, incidents out. */
  monitoring: MonitoringUseCases;
  queries: QueryUseCases;
  /** The figures behind charts (budget burn-down, availability per day, attainment, MTTA/MTTR per week). */
  charts: ChartUseCases;
  /** Draws charts on a worker thread; axis labels in each chart's zone, else the deployment's. */
  chartImages: ChartImages;
  /** The same renderer with per-call options (the dashboard draws in the viewer's zone). */
  chartRenderer: ChartRenderer;
  /** Signs and checks dashboard links and chart URLs with the key kept in the database. */
  links: LinkSigner;
  /** Chart images Teams cards show by signed URL, and the `/charts/` route serving them. */
  chartLinks: ChartLinks;
  roles: RolePolicy;
  sweep: SweepUseCase;
  escalations: EscalationSweep;
  /** Delivers queued notifications (cards, alerts, notices, digests) through the chat ports. */
  dispatcher: Dispatcher;
  digests: DigestUseCase;
  burns: BurnAlertUseCase;
  router: CommandRouter;
  /** The one door platform adapters use (commands, buttons, reactions). */
  inbound: Inbound;
  /** Chat ports by platform: the console, Slack and Teams ports are registered here as they start. */
  chat: ChatPortRegistry;
  /** This app's Prometheus registry and what feeds it (docs/metrics.md); `/metrics` shows it. */
  metrics: PactaMetrics;
  /** The reaction names of one platform (its slice of the configuration, for its adapter). */
  reactionsFor(platform: 'slack' | 'teams'): { ack: readonly string[]; resolve: readonly string[] };
  /** Closes the database (and releases the PGlite directory lock). */
  close(): Promise<void>;
};

/** Opens the database (migrating it) and wires Pacta. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const time = options.time ?? systemTime;
  const log = options.log ?? silentLogger();
  // Dates in text show their year unless it is this one, in the reader's zone.
  setYearTime(time);
  const db =
    options.db === 'memory'
      ? await openDatabase()
      : (options.db ?? (await openDatabase(config.databaseUrl ? { url: config.databaseUrl, ...poolOptions(config) } : { dataDir: config.dataDir })));
  const store = new DrizzleStore(db.db);
  const incidents = new IncidentUseCases(store, time, config.timezone);
  const admin = new AdminUseCases(store, time);
  const queries = new QueryUseCases(store, time, config.timezone);
  const roles = new RolePolicy(store, config.admins, config.defaultRole);
  const integrations = new IntegrationUseCases(store, time, nodeHasher);
  const monitoring = new MonitoringUseCases(store, time, nodeHasher, config.timezone);
  const oncall = new OncallUseCases(store, time);
  const configuration = {
    export: async (format: 'pacta' | 'openslo') => {
      const docs = await exportDocuments(store.read);
      return { text: format === 'openslo' ? exportOpenSlo(docs) : toYaml(docs), documents: docs.length };
    },
  };
  const holidays = new HolidayUseCases(store, time, { ics: icsHolidayParser, countries: countryHolidays });
  const charts = new ChartUseCases(store, time, config.timezone);
  const router = createRouter({ time, incidents, admin, holidays, queries, charts, roles, oncall, configuration, integrations, publicUrl: config.publicUrl, links: { dashboard: (expiresAt, timezone) => links.dashboardToken({ expiresAt, timezone }) }, timezone: config.timezone, log, ...(options.files ? { files: options.files } : {}) });
  const chat = new ChatPortRegistry();
  const metrics = new PactaMetrics({
    version: options.version ?? 'dev',
    reads: store.read,
    time,
    onCollectError: (source, err) => log.warn({ err, source }, 'metrics: a database read failed during a scrape; its gauges are left out'),
  });
  const card = (state: IncidentState) => incidentCard(state, { timezone: config.timezone });
  const chartRenderer = chartImages();
  const drawIn = (chart: Chart) => ({ zone: chart.zone ?? config.timezone });
  const images: ChartImages = { svg: (c) => chartRenderer.svg(c, drawIn(c)), png: (c) => chartRenderer.png(c, drawIn(c)) };
  const links = new LinkSigner(store.read.settings);
  const chartLinks = new ChartLinks(store.read.charts, links, time, config.publicUrl);
  const digests = new DigestUseCase(store, time, queries, charts);
  // Notifications show times in the subscription's zone when the channel has one.
  const zoneOf = async (channel: Parameters<typeof store.read.subscriptions.forChannel>[0]) => (await store.read.subscriptions.forChannel(channel))?.timezone ?? config.timezone;
  const renderer = new NotificationRenderer(store, incidents, queries, zoneOf, (sub, period, late) => digests.render(sub, period, late), card);
  // The dispatcher's posts and updates are counted at the chat ports; `chat` itself keeps the ports as registered.
  const dispatcher = new Dispatcher(store, time, meteredChatPorts(chat, metrics), (n) => renderer.render(n), log, { leaseMs: config.deliveryLeaseMs });
  const reactionsFor = (platform: 'slack' | 'teams') => ({ ack: config.reactions.ack[platform], resolve: config.reactions.resolve[platform] });
  const reactions = new ReactionUseCase(store, incidents, roles, (platform) => (platform === 'console' ? { ack: [], resolve: [] } : reactionsFor(platform)));
  // A person waits on the door: its statements wait at most DB_PERSON_WAIT_MS for a pooled connection.
  const inbound = meteredInbound(personWaiting(new PactaInbound({ store, time, router, buttons: new ButtonUseCase(incidents, roles), reactions, incidents, dispatcher, card }), DB_PERSON_WAIT_MS), metrics);
  let closed: Promise<void> | null = null;
  return {
    config,
    time,
    log,
    db,
    store,
    incidents,
    admin,
    integrations,
    monitoring,
    queries,
    charts,
    chartImages: images,
    chartRenderer,
    links,
    chartLinks,
    roles,
    sweep: new SweepUseCase(store, time, metrics),
    escalations: new EscalationSweep(store, time),
    dispatcher,
    digests,
    burns: new BurnAlertUseCase(store, time, queries),
    router,
    inbound,
    chat,
    metrics,
    reactionsFor,
    close() {
      closed ??= chartRenderer.close().then(() => db.close());
      return closed;
    },
  };
}

/**
 * How `pacta start` and the console use a PostgreSQL pool (adapters/config.ts `database`): its size, the
 * statement timeout, and a bounded wait for a free connection, so an outage or an exhausted pool is
 * answered in seconds as "cannot reach its database right now".
 */
function poolOptions(config: Config): { poolSize: number; statementTimeoutMs: number; acquireTimeoutMs: number } {
  return { poolSize: config.database.poolSize, statementTimeoutMs: config.database.statementTimeoutMs, acquireTimeoutMs: DB_ACQUIRE_TIMEOUT_MS };
}
