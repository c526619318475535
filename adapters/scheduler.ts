/**
 * Wakes the core on a timer (node-schedule): the clock sweep and the outbox every second, digests every
 * 15 seconds, burn rates every minute. Nothing here decides what happens once — that is claimed in the
 * database — so every replica runs the same scheduler. A job still running when its next tick comes is
 * skipped rather than stacked.
 */
import schedule from 'node-schedule';
import type { Logger } from 'pino';
import type { App } from './app.ts';

export type RunningScheduler = { stop(): Promise<void> };

/** Runs `fn` on a cron spec, never two at once; errors are logged and the next tick tries again. */
function every(spec: string, name: string, log: Logger, fn: () => Promise<void>): { job: schedule.Job; idle: () => Promise<void> } {
  let running: Promise<void> | null = null;
  const job = schedule.scheduleJob(name, spec, () => {
    if (running) return;
    running = fn()
      .catch((err: unknown) => log.error({ err, job: name }, 'scheduled job failed'))
      .finally(() => {
        running = null;
      });
  });
  return { job, idle: () => running ?? Promise.resolve() };
}

export function startScheduler(app: App, log: Logger): RunningScheduler {
  const jobs = [
    every('* * * * * *', 'sweep-and-deliver', log, async () => {
      // Drain due clocks in batches, then hand what they queued (and anything else due) to the chat APIs.
      for (let i = 0; i < 20; i++) if ((await app.sweep.run(200)).claimed < 200) break;
      for (let i = 0; i < 5; i++) if ((await app.dispatcher.runOnce(50)).claimed === 0) break;
    }),
    every('*/15 * * * * *', 'digests', log, async () => {
      const n = await app.digests.enqueueDue();
      if (n) log.info({ digests: n }, 'digests queued');
    }),
    every('30 * * * * *', 'burn-rates', log, async () => {
      const r = await app.burns.check();
      if (r.started || r.escalated || r.ended) log.info(r, 'burn-rate episodes changed');
    }),
  ];
  return {
    async stop() {
      for (const j of jobs) j.job.cancel();
      await Promise.all(jobs.map((j) => j.idle()));
    },
  };
}
