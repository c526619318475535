/** Builders and walkers shared by the view tests: incident states without a database, and span walks. */
import { CALENDAR_24X7 } from '../../../src/calendar/types.ts';
import type { Actor, Incident, IncidentEvent } from '../../../src/domain/incident.ts';
import type { Block, Message, Span, Text } from '../../../src/messages/message.ts';
import type { StoredClock } from '../../../src/sla/types.ts';
import { evaluateClock, type ClockKind } from '../../../src/sla/clock.ts';
import type { IncidentState, MonitoringSource } from '../../../src/model/incident-state.ts';

export const ALICE: Actor = { platform: 'slack', id: 'U0ALICE', name: 'alice' };
export const BOB: Actor = { platform: 'slack', id: 'U0BOB', name: 'bob' };
export const T0 = new Date('2026-11-23T09:00:00Z'); // Monday 10:00 in Berlin
const MIN = 60_000;

export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * MIN);

type Step = { kind: IncidentEvent['kind']; min: number; text?: string; by?: Actor };

/**
 * An incident state as the use cases would leave it after `steps` (minutes after opening), evaluated
 * `nowMin` minutes after opening on the 24x7 calendar with 15 min / 4 h targets.
 */
export function incidentState(steps: Step[], nowMin: number, targets: Partial<Record<ClockKind, number>> = { ack: 15, resolve: 240 }): IncidentState {
  const events: IncidentEvent[] = [{ kind: 'opened', at: T0, actor: ALICE, text: 'Card payments failing', data: { priority: 'P1', impact: 'outage' } }];
  const incident: Incident = {
    number: 1, serviceKey: 'payments', priority: 'P1', title: 'Card payments failing', impact: 'outage', impactStart: T0, status: 'open',
    openedAt: T0, openedBy: ALICE, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null, channel: { platform: 'slack', id: 'C1' },
  };
  for (const s of steps) {
    const e: IncidentEvent = { kind: s.kind, at: at(s.min), actor: s.by ?? BOB, text: s.text ?? null };
    events.push(e);
    if (s.kind === 'acknowledged') Object.assign(incident, { acknowledgedAt: e.at, acknowledgedBy: e.actor, status: incident.status === 'open' ? 'acknowledged' : incident.status });
    if (s.kind === 'paused') incident.status = 'paused';
    if (s.kind === 'resumed' || s.kind === 'reopened') Object.assign(incident, { status: incident.acknowledgedAt ? 'acknowledged' : 'open', resolvedAt: null, resolvedBy: null });
    if (s.kind === 'resolved') Object.assign(incident, { status: 'resolved', resolvedAt: e.at, resolvedBy: e.actor });
  }
  const now = at(nowMin);
  const clocks = (Object.entries(targets) as Array<[ClockKind, number]>).map(([kind, minutes]) => {
    const evaluation = evaluateClock(kind, events, CALENDAR_24X7, minutes * MIN, now);
    const stored: StoredClock = {
      incidentNumber: 1, kind, targetSeconds: minutes * 60, calendar: '24x7', state: evaluation.state, elapsedSeconds: evaluation.elapsedMs / 1000,
      runningSince: evaluation.running ? now : null, dueAt: evaluation.dueAt, breachedAt: evaluation.breachedAt, warningThresholds: [75, 90],
      warningsFired: [], breachAlertedAt: null, nextCheckAt: null,
    };
    return { stored, evaluation };
  });
  return { incident, events, clocks, now };
}

/** Every span in a message's blocks (header text counts as a string span). */
export function spansOf(m: Message): Span[] {
  const out: Span[] = [];
  const add = (t: Text) => (Array.isArray(t) ? out.push(...t) : out.push(t));
  for (const b of m.blocks as Block[]) {
    if (b.type === 'header') out.push(b.text);
    else if (b.type === 'text' || b.type === 'context') add(b.text);
    else if (b.type === 'fields') b.fields.forEach((f) => add(f.value));
    else if (b.type === 'progress') add(b.caption);
    else if (b.type === 'list') b.items.forEach(add);
  }
  return out;
}

/** The time spans of a message. */
export function timesOf(m: Message): Array<Extract<Span, { time: Date }>> {
  return spansOf(m).filter((s): s is Extract<Span, { time: Date }> => typeof s === 'object' && 'time' in s);
}

/** What monitoring says an incident comes from, as the use cases fill it in (docs/semantics.md §6). */
export function monitoringSource(over: Partial<MonitoringSource> = {}): MonitoringSource {
  return {
    integration: 'alertmanager-prod',
    kind: 'alertmanager',
    firing: 3,
    labels: [['alertname', 'HighErrorRate'], ['service', 'payments'], ['severity', 'critical'], ['cluster', 'eu-1']],
    description: 'Error rate above 5% for 10 minutes on the card gateway.',
    runbookUrl: 'https://runbooks.example/payments/high-error-rate',
    sourceUrl: 'https://prometheus.example/graph?g0.expr=rate(http_errors_total%5B5m%5D)&g0.tab=1',
    lastDeliveryAt: at(1),
    ...over,
  };
}

/** {@link incidentState} of an incident monitoring opened, with `source`. */
export function monitoredState(source: Partial<MonitoringSource> = {}, steps: Step[] = [], nowMin = 5): IncidentState {
  return { ...incidentState(steps, nowMin), source: monitoringSource(source) };
}

/**
 * A source whose every field tries something: broadcasts and mentions for each platform, markup, a
 * terminal escape, 10 KB values, more labels than are shown, and a runbook link no button may open.
 */
export const HOSTILE_SOURCE: Partial<MonitoringSource> = {
  integration: '<!channel> *prod* <at>Boss</at>',
  labels: [
    ['alertname', '<!channel> *boom* `x`'],
    ['team', '@here _oncall_ @everyone'],
    ['owner', '<@U0BOB|bob> <@U0CAROL>'],
    ['link', '[click](http://evil.example) <http://evil.example|click>'],
    ['teams', '<at>Boss</at>'],
    ['term', '\u001b[2J\u001b]0;pwned\u0007'],
    ['huge', 'v'.repeat(10_000)],
    ['n'.repeat(10_000), 'x'],
    ['hidden', 'never shown'],
  ],
  description: `<!here> @channel *bold* _it_ ~gone~ > quote\n# heading\n[x](http://evil.example) <at>Boss</at> <@U0BOB> \u001b[2J ${'d'.repeat(10_000)}`,
  sourceUrl: `https://prometheus.example/graph?g0.expr=${'%7Bjob%3D%22api%22%7D'.repeat(100)}`,
  runbookUrl: 'javascript:alert(1)',
};
