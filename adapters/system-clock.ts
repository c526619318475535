import type { Clock } from '../src/clock.ts';

/** The real clock: the only place production reads the time (the core never calls `Date.now()`). */
export const systemClock: Clock = {
  now: () => new Date(),
};
