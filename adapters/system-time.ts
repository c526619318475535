import type { TimeSource } from '../src/time-source.ts';

/** The real time source: the only place production reads the time (the core never calls `Date.now()`). */
export const systemTime: TimeSource = {
  now: () => new Date(),
};
