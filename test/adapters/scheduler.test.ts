/**
 * The scheduler (adapters/scheduler.ts) reports each run of a job: how late it started against its
 * schedule, how long it ran, and whether it failed — a failure logged and the next tick run as usual.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../adapters/logger.ts';
import { startScheduler, type ScheduledWork } from '../../adapters/scheduler.ts';

describe('startScheduler', () => {
  it('tells its metrics when each sweep tick started, how long it ran and whether it failed', async () => {
    const events: Array<[string, string, number, boolean?]> = [];
    let runs = 0;
    let done: () => void;
    const twoTicks = new Promise<void>((resolve) => (done = resolve));
    const idle = async () => ({ claimed: 0 });
    const work = {
      sweep: {
        run: async () => {
          runs++;
          if (runs === 1) throw new Error('database gone');
          return { claimed: 0, warnings: 0, breaches: 0 };
        },
      },
      escalations: { run: idle },
      dispatcher: { runOnce: async () => ({ claimed: 0, sent: 0, retried: 0, failed: 0 }), wake: () => {} },
      digests: { enqueueDue: async () => 0 },
      burns: { check: async () => ({ started: 0, escalated: 0, ended: 0 }) },
      monitoring: { releaseSuppressed: async () => ({ opened: 0, followUps: [] }), prune: async () => 0 },
      chartLinks: { prune: async () => 0 },
      metrics: {
        schedulerStarted: (job: string, lag: number) => void events.push(['started', job, lag]),
        schedulerFinished: (job: string, seconds: number, failed: boolean) => {
          events.push(['finished', job, seconds, failed]);
          if (events.filter((e) => e[0] === 'finished' && e[1] === 'sweep-and-deliver').length === 2) done();
        },
        schedulerSkipped: (job: string) => void events.push(['skipped', job, 0]),
      },
    } as unknown as ScheduledWork;
    const scheduler = startScheduler(work, silentLogger());
    try {
      await twoTicks;
    } finally {
      await scheduler.stop();
    }
    const sweeps = events.filter((e) => e[1] === 'sweep-and-deliver').slice(0, 4);
    expect(sweeps.map(([what, , , failed]) => [what, failed])).toEqual([
      ['started', undefined],
      ['finished', true],
      ['started', undefined],
      ['finished', false],
    ]);
    for (const [, , seconds] of sweeps) expect(seconds).toBeGreaterThanOrEqual(0);
  });
});
