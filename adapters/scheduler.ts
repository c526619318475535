/**
 * Wakes the core on a timer: the clock sweep and the outbox four times a second (an alert is due to the
 * second; a sweep with nothing due is one index probe), digests every 15 seconds and burn rates every
 * minute through node-schedule. Nothing here decides what happens once — that is claimed in the
 * database — so every replica runs the same scheduler. A job still running when its next tick comes is
 * skipped rather than stacked.
 */
import schedule from 'node-schedule';
import type { Logger } from 'pino';
import type { BurnAlertUseCase } from '../src/usecases/burn-alerts.ts';
import type { DigestUseCase } from '../src/usecases/digests.ts';
import type { Dispatcher } from '../src/usecases/dispatch.ts';
import type { SweepUseCase } from '../src/usecases/sweep.ts';
import type { EscalationSweep } from '../src/usecases/escalation.ts';
import type { MonitoringUseCases } from '../src/usecases/monitoring.ts';

/** The work the scheduler wakes, and where it reports its ticks (docs/metrics.md). */
export type ScheduledWork = {
  sweep: SweepUseCase;
  escalations: EscalationSweep;
  dispatcher: Dispatcher;
  digests: DigestUseCase;
  burns: BurnAlertUseCase;
  monitoring: MonitoringUseCases;
  chartLinks: { prune(): Promise<number> };
  metrics?: SchedulerMetrics;
};

/** How the scheduler's jobs run: how late each started, how long it took, whether it failed, ticks skipped. */
export interface SchedulerMetrics {
  schedulerStarted(job: string, lagSeconds: number): void;
  schedulerFinished(job: string, seconds: number, failed: boolean): void;
  schedulerSkipped(job: string): void;
}

const NO_SCHEDULER_METRICS: SchedulerMetrics = { schedulerStarted() {}, schedulerFinished() {}, schedulerSkipped() {} };

export type RunningScheduler = { stop(): Promise<void> };

/** Where jobs say how they went: failures to the log, every run to the metrics. */
type Reporting = { log: Logger; metrics: SchedulerMetrics };

/** Runs `fn` as job `name`, `lagMs` after it was due: logs a failure, and reports the run to `metrics`. */
function run(name: string, lagMs: number, { log, metrics }: Reporting, fn: () => Promise<void>): Promise<void> {
  // Timers may fire a millisecond early by the wall clock's rounding: that is on time.
  metrics.schedulerStarted(name, Math.max(0, lagMs) / 1000);
  const started = performance.now();
  let failed = false;
  return fn()
    .catch((err: unknown) => {
      failed = true;
      log.error({ err, job: name }, 'scheduled job failed');
    })
    .finally(() => metrics.schedulerFinished(name, (performance.now() - started) / 1000, failed));
}

/** Runs `fn` on a cron spec, never two at once; errors are logged and the next tick tries again. */
function every(spec: string, name: string, reporting: Reporting, fn: () => Promise<void>): { job: schedule.Job; idle: () => Promise<void> } {
  let running: Promise<void> | null = null;
  const job = schedule.scheduleJob(name, spec, (fireDate: Date) => {
    if (running) return reporting.metrics.schedulerSkipped(name);
    running = run(name, Date.now() - fireDate.getTime(), reporting, fn).finally(() => {
      running = null;
    });
  });
  return { job, idle: () => running ?? Promise.resolve() };
}

/** Sweep then deliver, every `SWEEP_TICK_MS`: node-schedule's finest step is a second, too coarse here. */
export const SWEEP_TICK_MS = 250;

/** Drains due clocks in batches, then hands what they queued (and anything else due) to the chat APIs. */
export async function sweepAndDeliver(app: Pick<ScheduledWork, 'sweep' | 'dispatcher'> & Partial<Pick<ScheduledWork, 'escalations'>>): Promise<void> {
  for (let i = 0; i < 20; i++) if ((await app.sweep.run(200)).claimed < 200) break;
  // Escalations due (docs/semantics.md §7): found by index, so a tick with none due is one probe.
  if (app.escalations) for (let i = 0; i < 20; i++) if ((await app.escalations.run(100)).claimed < 100) break;
  for (let i = 0; i < 10; i++) if ((await app.dispatcher.runOnce(200)).claimed === 0) break;
}

function loop(ms: number, name: string, reporting: Reporting, fn: () => Promise<void>): { stop: () => Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let due = Date.now() + ms;
  const tick = () => {
    const started = Date.now();
    running = run(name, started - due, reporting, fn).finally(() => {
      if (stopped) return;
      const wait = Math.max(0, ms - (Date.now() - started));
      due = Date.now() + wait;
      timer = setTimeout(tick, wait);
    });
  };
  timer = setTimeout(tick, ms);
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export function startScheduler(app: ScheduledWork, log: Logger): RunningScheduler {
  const reporting: Reporting = { log, metrics: app.metrics ?? NO_SCHEDULER_METRICS };
  const sweeper = loop(SWEEP_TICK_MS, 'sweep-and-deliver', reporting, () => sweepAndDeliver(app));
  const jobs = [
    every('*/15 * * * * *', 'digests', reporting, async () => {
      const n = await app.digests.enqueueDue();
      if (n) log.info({ digests: n }, 'digests queued');
    }),
    every('30 * * * * *', 'burn-rates', reporting, async () => {
      const r = await app.burns.check();
      if (r.started || r.escalated || r.ended) log.info(r, 'burn-rate episodes changed');
    }),
    // Alert keys held back by a maintenance window open their incidents once it ends (docs/semantics.md §6).
    every('*/10 * * * * *', 'monitoring', reporting, async () => {
      const r = await app.monitoring.releaseSuppressed();
      if (r.opened) log.info({ opened: r.opened }, 'maintenance ended: incidents opened for alerts still firing');
      if (r.followUps.length) app.dispatcher.wake();
    }),
    every('17 3 * * * *', 'monitoring-retention', reporting, async () => {
      const n = await app.monitoring.prune();
      if (n) log.info({ deleted: n }, 'old webhook deliveries deleted');
    }),
    every('41 7 * * * *', 'chart-retention', reporting, async () => {
      const n = await app.chartLinks.prune();
      if (n) log.info({ deleted: n }, 'chart images whose URLs expired deleted');
    }),
  ];
  return {
    async stop() {
      for (const j of jobs) j.job.cancel();
      await Promise.all([sweeper.stop(), ...jobs.map((j) => j.idle())]);
    },
  };
}
