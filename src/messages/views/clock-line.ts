/**
 * One SLA clock as a progress line, shared by the incident card, the incident detail and service
 * status, so a clock reads the same everywhere: elapsed of target, percent, and either when it is due,
 * why it is not counting, or that it was met or breached.
 */
import type { ClockKind, ClockState, ClockStop } from '../../sla/clock.ts';
import { formatDuration } from '../../format/duration.ts';
import type { Block, Span, Tone } from '../message.ts';
import { progressPercent } from '../text-fit.ts';
import { at } from './plain.ts';

/** What a clock line needs; both a fresh `ClockEvaluation` and a stored `LiveClock` provide it. */
export type ClockView = {
  kind: ClockKind;
  targetMs: number;
  elapsedMs: number;
  state: ClockState;
  running: boolean;
  dueAt: Date | null;
  breachedAt: Date | null;
  /** Why it stopped, when the timeline was read (evaluations); absent for stored clocks. */
  stoppedBy?: ClockStop | null;
};

/** Percent at which a running clock is shown as a warning: the first default warning threshold. */
const WARN_FRACTION = 0.75;

/** `Acknowledge` or `Resolve`. */
export function clockLabel(kind: ClockKind): string {
  return kind === 'ack' ? 'Acknowledge' : 'Resolve';
}

export function clockFraction(c: ClockView): number {
  return c.targetMs > 0 ? c.elapsedMs / c.targetMs : 0;
}

/** Colour of a clock: breached red, met green, running amber from the first warning threshold. */
export function clockTone(c: ClockView): Tone {
  if (c.state === 'breached') return 'danger';
  if (c.state === 'met') return 'good';
  if (c.state === 'running' && clockFraction(c) >= WARN_FRACTION) return 'warning';
  return 'neutral';
}

/** `12m of 15m · 80% · due 10:15 CET`, `30m of 4h · 12% · paused since … (reason)`, `met · …`. */
export function clockCaption(c: ClockView, zone: string): Span[] {
  const d = (ms: number) => formatDuration(ms, { style: 'compact' });
  const figures = `${d(c.elapsedMs)} of ${d(c.targetMs)} · ${progressPercent(clockFraction(c))}`;
  switch (c.state) {
    case 'running':
      return c.dueAt ? [`${figures} · due `, at(c.dueAt, zone)] : [figures];
    case 'paused': {
      const stop = c.stoppedBy?.kind === 'paused' ? c.stoppedBy : null;
      if (!stop) return [`${figures} · paused`];
      return [`${figures} · paused since `, at(stop.at, zone), ...(stop.reason ? [` (${stop.reason})`] : [])];
    }
    case 'met':
      return [`met · ${figures}`];
    case 'breached': {
      const when: Span[] = c.breachedAt ? [' since ', at(c.breachedAt, zone)] : [];
      return [`BREACHED${c.running ? '' : ' (stopped)'} · ${figures}`, ...when];
    }
  }
}

/** The clock as a `progress` block. */
export function clockProgress(c: ClockView, zone: string): Block {
  return { type: 'progress', label: clockLabel(c.kind), fraction: clockFraction(c), caption: clockCaption(c, zone), tone: clockTone(c) };
}
