import type { TimeSource } from '../../src/time-source.ts';

/** A time source that moves only when the test says so. */
export class ManualTime implements TimeSource {
  private t: number;

  constructor(start: Date | string = '2026-11-23T09:00:00Z') {
    this.t = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }

  advance(ms: number): Date {
    this.t += ms;
    return this.now();
  }
}
