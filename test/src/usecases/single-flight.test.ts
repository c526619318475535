import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../../src/usecases/single-flight.ts';

describe('SingleFlight', () => {
  it('shares one run among concurrent callers, and starts a fresh one once it settles', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 5));
      return runs;
    };
    const together = await Promise.all([flight.run(compute), flight.run(compute), flight.run(compute)]);
    expect(together).toEqual([1, 1, 1]);
    expect(runs).toBe(1);
    // Nothing is kept: the next call computes again.
    expect(await flight.run(compute)).toBe(2);
  });

  it('gathers callers that arrive in the same event-loop turn even when the work itself never yields', async () => {
    const flight = new SingleFlight<string>();
    let runs = 0;
    const compute = () => {
      runs++;
      return Promise.resolve('done');
    };
    const first = flight.run(compute);
    await Promise.resolve();
    const second = flight.run(compute);
    expect(await Promise.all([first, second])).toEqual(['done', 'done']);
    expect(runs).toBe(1);
  });

  it('passes a failure to every caller that shared the run, then recovers', async () => {
    const flight = new SingleFlight<number>();
    let fail = true;
    const compute = async () => {
      if (fail) throw new Error('database unreachable');
      return 7;
    };
    const results = await Promise.allSettled([flight.run(compute), flight.run(compute)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await flight.run(compute)).toBe(7);
  });

  it('does not hand a caller a run that started before a write it may have made (a new key)', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    const compute = async () => {
      const mine = ++runs;
      await new Promise((r) => setTimeout(r, 5));
      return mine;
    };
    const before = flight.run(compute, 1);
    const after = flight.run(compute, 2);
    expect(await Promise.all([before, after])).toEqual([1, 2]);
  });
});
