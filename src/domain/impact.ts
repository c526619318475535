import { effectiveEvents, type Impact, type Incident, type IncidentEvent } from './incident.ts';

/** `[start, end)` of one impact level; `end` null while it lasts. */
export type ImpactSegment = { impact: Impact; start: Date; end: Date | null };

/**
 * An incident's impact over time, from its timeline: from the impact start (which may precede opening)
 * to resolution; a reopen starts a new segment (the time between resolution and reopening is not
 * downtime); an impact change splits the segment at the change.
 */
export function impactSegments(incident: Incident, events: readonly IncidentEvent[]): ImpactSegment[] {
  const opened = events.find((e) => e.kind === 'opened');
  let impact = (opened?.data?.impact as Impact | undefined) ?? firstImpact(incident, events);
  let start: Date | null = incident.impactStart;
  const out: ImpactSegment[] = [];
  const close = (at: Date) => {
    if (start && at > start) out.push({ impact, start, end: at });
  };
  for (const e of effectiveEvents(events)) {
    if (e.kind === 'impact_changed' && e.data?.to) {
      if (start) {
        close(e.at);
        start = e.at;
      }
      impact = e.data.to as Impact;
    } else if (e.kind === 'resolved') {
      close(e.at);
      start = null;
    } else if (e.kind === 'reopened') {
      start = e.at;
    }
  }
  if (start) out.push({ impact, start, end: null });
  return out;
}

function firstImpact(incident: Incident, events: readonly IncidentEvent[]): Impact {
  const change = events.find((e) => e.kind === 'impact_changed');
  return (change?.data?.from as Impact | undefined) ?? incident.impact;
}
