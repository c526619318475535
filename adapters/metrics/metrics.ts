/**
 * Pacta's Prometheus metrics (docs/metrics.md): one prom-client registry per app — never the global
 * default, so two apps in one process (tests, a console beside a server) keep their own counts — with
 * Node's process metrics, and Pacta's own: commands, buttons and reactions at the door, chat API calls
 * at the chat ports, webhook answers, scheduler ticks, breaches the sweep marked, and, read from the
 * database when Prometheus scrapes, the outbox backlog and the open incidents.
 *
 * Every label has a bounded set of values: names from the command registry, platforms, priorities,
 * clocks, job names, outcomes, and integration names (which admins create). No incident, user or
 * channel id and no free text is ever a label.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CLOCK_KINDS, type ClockKind } from '../../src/sla/clock.ts';
import { PRIORITIES, type Priority } from '../../src/domain/incident.ts';
import type { Metrics } from '../../src/ports/metrics.ts';
import type { IncidentReportRepository, OutboxBacklog, OutboxRepository } from '../../src/ports/store.ts';
import type { TimeSource } from '../../src/time-source.ts';

/** The reads behind the database gauges: one indexed query or two each, made at scrape time. */
export type MetricsReads = {
  outbox: Pick<OutboxRepository, 'backlog'>;
  reports: Pick<IncidentReportRepository, 'countOpenByPriority'>;
};

export type MetricsOptions = {
  /** Pacta's version, for `pacta_build_info`. */
  version: string;
  reads: MetricsReads;
  /** The app's clock: how long ago the oldest pending notification fell due. */
  time: TimeSource;
  /** How long a scrape waits for the database before leaving its gauges out (default 2 s). */
  collectTimeoutMs?: number;
  /** Told when a database read fails during a scrape (the scrape itself still answers). */
  onCollectError?: (source: CollectSource, err: unknown) => void;
  /**
   * Node's process metrics (CPU, memory, event loop, GC), from the first scrape on: an app nobody scrapes
   * (the console, a one-off command, most tests) watches no event loop and observes no garbage collection.
   * Default on.
   */
  processMetrics?: boolean;
};

export type Platform = 'slack' | 'teams' | 'console';
export type CommandOutcome = 'ok' | 'refused' | 'unavailable' | 'error';
export type InteractionKind = 'button' | 'reaction';
export type InteractionOutcome = 'ok' | 'refused' | 'duplicate' | 'ignored' | 'unavailable' | 'error';
export type ChatMethod = 'post' | 'update';
export type ChatCallOutcome = 'ok' | 'rate_limited' | 'error' | 'permanent';
export type CollectSource = 'outbox' | 'incidents';

/** The label of an integration nobody has created (a probe, a typo): never the name from the URL. */
export const UNKNOWN_INTEGRATION = '_unknown';
/** The label of a command line that named no command. */
export const UNKNOWN_COMMAND = 'unknown';

/**
 * Slack wants an answer within 3 s and Pacta switches to `response_url` at 2.5 s, after waiting up to 2 s
 * for a card: buckets at each of those, so the ack budget shows at a glance.
 */
export const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 3, 5, 10];
/** Scheduler lag and job durations: from a millisecond (a sweep with nothing due) to a minute. */
export const JOB_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const PLATFORMS: readonly Platform[] = ['slack', 'teams', 'console'];
const BACKLOG_STATUSES = ['pending', 'sending', 'failed'] as const;

type Reading = { backlog: OutboxBacklog | null; open: Map<Priority, number> | null };

export class PactaMetrics implements Metrics {
  /** This app's registry: what `/metrics` shows. */
  readonly registry = new Registry();
  private readonly commands: Counter<'platform' | 'command' | 'outcome'>;
  private readonly commandSeconds: Histogram<'platform' | 'command'>;
  private readonly interactions: Counter<'platform' | 'kind' | 'outcome'>;
  private readonly interactionSeconds: Histogram<'platform' | 'kind'>;
  private readonly chatCalls: Counter<'platform' | 'method' | 'outcome'>;
  private readonly rateLimited: Counter<'platform'>;
  private readonly webhooks: Counter<'integration' | 'outcome'>;
  private readonly lag: Histogram<'job'>;
  private readonly jobSeconds: Histogram<'job'>;
  private readonly jobFailures: Counter<'job'>;
  private readonly skipped: Counter<'job'>;
  private readonly breaches: Counter<'clock'>;
  private readonly collectErrors: Counter<'source'>;
  /** The database reading of the scrape under way, shared by its gauges. */
  private reading: Promise<Reading> | null = null;
  private processMetrics = false;

  constructor(private readonly options: MetricsOptions) {
    const registers = [this.registry];
    new Gauge({ name: 'pacta_build_info', help: 'Always 1: the Pacta version and the Node.js version running it.', labelNames: ['version', 'node'], registers }).set(
      { version: options.version, node: process.version },
      1,
    );
    this.commands = new Counter({ name: 'pacta_commands_total', help: 'Commands handled, by platform, command name (unknown when the line named none) and outcome (ok, refused, unavailable, error).', labelNames: ['platform', 'command', 'outcome'], registers });
    this.commandSeconds = new Histogram({ name: 'pacta_command_duration_seconds', help: 'Time from a command reaching Pacta to its answer, including the wait for the card it queued (Slack allows 3 s).', labelNames: ['platform', 'command'], buckets: ACK_BUCKETS, registers });
    this.interactions = new Counter({ name: 'pacta_interactions_total', help: 'Card button clicks and reactions handled, by platform, kind (button, reaction) and outcome (ok, refused, duplicate, ignored, unavailable, error).', labelNames: ['platform', 'kind', 'outcome'], registers });
    this.interactionSeconds = new Histogram({ name: 'pacta_interaction_duration_seconds', help: 'Time from a button click or reaction reaching Pacta to its answer.', labelNames: ['platform', 'kind'], buckets: ACK_BUCKETS, registers });
    this.chatCalls = new Counter({ name: 'pacta_chat_api_calls_total', help: 'Posts and updates the outbox made through the chat platforms, by platform, method (post, update) and outcome (ok, rate_limited, error, permanent).', labelNames: ['platform', 'method', 'outcome'], registers });
    this.rateLimited = new Counter({ name: 'pacta_chat_rate_limited_total', help: 'Chat API calls the platform refused with a rate limit (HTTP 429).', labelNames: ['platform'], registers });
    this.webhooks = new Counter({ name: 'pacta_webhook_deliveries_total', help: 'Monitoring webhook deliveries by integration and what they did: one per alert key for an accepted delivery (opened, attached, resolved, duplicate, ...), one per refused delivery (rejected_auth, bad_request, too_large, rate_limited, unavailable, ...).', labelNames: ['integration', 'outcome'], registers });
    this.lag = new Histogram({ name: 'pacta_scheduler_lag_seconds', help: 'How late a scheduled job started against its schedule.', labelNames: ['job'], buckets: JOB_BUCKETS, registers });
    this.jobSeconds = new Histogram({ name: 'pacta_scheduler_job_duration_seconds', help: 'How long a scheduled job ran.', labelNames: ['job'], buckets: JOB_BUCKETS, registers });
    this.jobFailures = new Counter({ name: 'pacta_scheduler_job_failures_total', help: 'Scheduled job runs that failed (logged; the next tick tries again).', labelNames: ['job'], registers });
    this.skipped = new Counter({ name: 'pacta_scheduler_ticks_skipped_total', help: 'Ticks skipped because the job was still running from the tick before.', labelNames: ['job'], registers });
    this.breaches = new Counter({ name: 'pacta_breaches_total', help: 'SLA clocks the sweep marked breached (their breach alerts queued), by clock (ack, resolve).', labelNames: ['clock'], registers });
    this.collectErrors = new Counter({ name: 'pacta_metrics_collect_errors_total', help: 'Database reads that failed or timed out during a scrape; their gauges were left out of that scrape.', labelNames: ['source'], registers });
    for (const clock of CLOCK_KINDS) this.breaches.inc({ clock }, 0);
    for (const source of ['outbox', 'incidents'] as const) this.collectErrors.inc({ source }, 0);
    for (const platform of ['slack', 'teams'] as const) this.rateLimited.inc({ platform }, 0);

    const read = () => this.reading ?? this.readDatabase();
    new Gauge({
      name: 'pacta_outbox_backlog',
      help: 'Notifications not yet sent, by status: pending (waiting to go), sending (claimed by a replica), failed (given up on).',
      labelNames: ['status'],
      registers,
      async collect() {
        const { backlog } = await read();
        this.reset();
        if (backlog) for (const status of BACKLOG_STATUSES) this.set({ status }, backlog[status]);
      },
    });
    const time = options.time;
    new Gauge({
      name: 'pacta_outbox_oldest_due_age_seconds',
      help: 'How long the oldest pending notification has been due (0 when none is due).',
      registers,
      async collect() {
        const { backlog } = await read();
        if (!backlog) return this.remove();
        const at = backlog.earliestPendingAt;
        this.set(at ? Math.max(0, (time.now().getTime() - at.getTime()) / 1000) : 0);
      },
    });
    new Gauge({
      name: 'pacta_incidents_open',
      help: 'Incidents not resolved (open, acknowledged or paused), by priority.',
      labelNames: ['priority'],
      registers,
      async collect() {
        const { open } = await read();
        this.reset();
        if (open) for (const priority of PRIORITIES) this.set({ priority }, open.get(priority) ?? 0);
      },
    });
  }

  /**
   * The exposition text. Never throws: a database read that fails or outlasts the timeout leaves its
   * gauges out of this scrape and counts `pacta_metrics_collect_errors_total`; the rest is answered.
   */
  async scrape(): Promise<{ contentType: string; body: string }> {
    if (!this.processMetrics && this.options.processMetrics !== false) {
      this.processMetrics = true;
      collectDefaultMetrics({ register: this.registry });
    }
    // Read first, so that this scrape's own faults are in the error counter it shows.
    const reading = this.readDatabase();
    this.reading = reading;
    await reading;
    try {
      return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    } finally {
      if (this.reading === reading) this.reading = null;
    }
  }

  command(platform: string, command: string | null | undefined, outcome: CommandOutcome, seconds: number): void {
    const labels = { platform: platformLabel(platform), command: command || UNKNOWN_COMMAND };
    this.commands.inc({ ...labels, outcome });
    this.commandSeconds.observe(labels, seconds);
  }

  interaction(platform: string, kind: InteractionKind, outcome: InteractionOutcome, seconds: number): void {
    const labels = { platform: platformLabel(platform), kind };
    this.interactions.inc({ ...labels, outcome });
    this.interactionSeconds.observe(labels, seconds);
  }

  chatCall(platform: string, method: ChatMethod, outcome: ChatCallOutcome): void {
    this.chatCalls.inc({ platform: platformLabel(platform), method, outcome });
    if (outcome === 'rate_limited') this.rateLimited.inc({ platform: platformLabel(platform) });
  }

  /** `integration`: the name of an integration that exists, or null (the URL named none, or was not read). */
  webhookDelivery(integration: string | null, outcome: string): void {
    this.webhooks.inc({ integration: integration ?? UNKNOWN_INTEGRATION, outcome });
  }

  schedulerStarted(job: string, lagSeconds: number): void {
    this.lag.observe({ job }, Math.max(0, lagSeconds));
  }

  schedulerFinished(job: string, seconds: number, failed: boolean): void {
    this.jobSeconds.observe({ job }, seconds);
    if (failed) this.jobFailures.inc({ job });
  }

  schedulerSkipped(job: string): void {
    this.skipped.inc({ job });
  }

  clockBreached(clock: ClockKind): void {
    this.breaches.inc({ clock });
  }

  private async readDatabase(): Promise<Reading> {
    const { reads } = this.options;
    const [backlog, open] = await Promise.all([this.guarded('outbox', () => reads.outbox.backlog()), this.guarded('incidents', () => reads.reports.countOpenByPriority())]);
    return { backlog, open };
  }

  private async guarded<T>(source: CollectSource, read: () => Promise<T>): Promise<T | null> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the database did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
          timer.unref();
        }),
      ]);
    } catch (err) {
      this.collectErrors.inc({ source });
      try {
        this.options.onCollectError?.(source, err);
      } catch {
        // A broken logger must not break the scrape.
      }
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  private get timeoutMs(): number {
    return this.options.collectTimeoutMs ?? 2000;
  }
}

function platformLabel(platform: string): Platform | 'other' {
  return (PLATFORMS as readonly string[]).includes(platform) ? (platform as Platform) : 'other';
}
