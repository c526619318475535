import type { ClockKind } from '../sla/clock.ts';

/**
 * What the core reports for monitoring (docs/metrics.md). Everything else Pacta measures is seen from
 * the adapters (commands at the door, chat API calls at the chat ports, webhook answers, scheduler ticks)
 * or read from the database at scrape time; only what the core alone knows comes through here. The
 * adapter behind it (adapters/metrics/) keeps the counters; the core never sees how.
 */
export interface Metrics {
  /** The sweep marked a clock breached (its breach alert is queued), after the marking committed. */
  clockBreached(clock: ClockKind): void;
}

/** Reports nothing: the default where no metrics are kept (tests, benchmarks). */
export const NO_METRICS: Metrics = { clockBreached() {} };
