/**
 * The public status page, `/status` (docs/dashboard.md): only services marked public, and only what a
 * customer may see — each service's current status, its availability over its objective's window, the
 * 90-day bar, and the current and recent incidents of those services with their status and times. An
 * incident's title shows only when the incident is marked public; otherwise it is "Service disruption".
 * No people, notes, internal titles, priorities, channels, keys, targets or budgets.
 */
import type { Impact, Incident } from '../../src/domain/incident.ts';
import type { Service } from '../../src/domain/service.ts';
import { storedText } from '../../src/messages/stored-text.ts';
import { count } from '../../src/messages/views/plain.ts';
import { attainmentPercent, calendarPeriodText, windowText } from '../../src/messages/views/service-line.ts';
import type { ServiceObjectiveStatus, ServiceStatus } from '../../src/model/status.ts';
import type { DayStatus } from '../../src/usecases/charts.ts';
import { dayBar, dayLegend } from './day-bar.ts';
import { html, timeHtml, type Html } from './html.ts';
import { page } from './layout.ts';
import { zoneForm } from './zones.ts';

/** What the page calls an incident whose title is not public. */
export const NEUTRAL_TITLE = 'Service disruption';

/** A service's state as customers see it now: the worst impact of its unresolved incidents. */
export type PublicState = 'operational' | 'degraded' | 'outage';

const STATE_WORD: Record<PublicState, string> = { operational: 'Operational', degraded: 'Degraded performance', outage: 'Outage' };
const IMPACT_WORD: Record<Impact, string> = { outage: 'Outage', degraded: 'Degraded performance', none: 'No customer impact' };

export type PublicData = {
  services: ServiceStatus[];
  days: ReadonlyMap<string, DayStatus[]>;
  /** Incidents of the public services, newest first: unresolved ones and those resolved lately. */
  incidents: Incident[];
  zone: string;
  now: Date;
};

/** Whether a customer should hear of an incident at all: it hurt the service, or someone made it public. */
export function customerVisible(i: Incident): boolean {
  return i.impact !== 'none' || i.public === true;
}

/** The title a customer sees: the incident's own when it is public (people in it unnamed), else neutral. */
export function publicTitle(i: Incident): string {
  if (!i.public) return NEUTRAL_TITLE;
  return storedText(i.title, i.openedBy)
    .map((s) => (typeof s === 'string' ? s : 'someone'))
    .join('');
}

export function publicState(service: Service, incidents: readonly Incident[]): PublicState {
  const open = incidents.filter((i) => i.serviceKey === service.key && i.status !== 'resolved');
  if (open.some((i) => i.impact === 'outage')) return 'outage';
  if (open.some((i) => i.impact === 'degraded')) return 'degraded';
  return 'operational';
}

/** `99.95% over the last 30 days`, `99.95% (December, 12 days in)`: the figure `status` shows, without the target. */
export function publicAvailability(o: ServiceObjectiveStatus): string {
  const figure = attainmentPercent(o.availability, o.target, o.remainingMs >= 0);
  return o.period ? `${figure} (${calendarPeriodText(o.period)})` : `${figure} over the ${windowText(o)}`;
}

function serviceName(s: Service): string {
  return s.name || s.key;
}

function incidentItem(i: Incident, names: ReadonlyMap<string, string>, zone: string): Html {
  const state = i.status === 'resolved' ? 'Resolved' : 'Ongoing';
  const resolved = i.resolvedAt ? html` · resolved ${timeHtml(i.resolvedAt, zone)}` : '';
  return html`<li class="card"><h3>${publicTitle(i)}</h3><p><strong>${state}</strong> · ${names.get(i.serviceKey) ?? ''} · ${IMPACT_WORD[i.impact]}</p><p>Started ${timeHtml(i.impactStart, zone)}${resolved}</p></li>`;
}

/** The whole page; with no public service, a plain page saying nothing is published. */
export function statusPage(d: PublicData): Html {
  const footer = html`<p>As of ${timeHtml(d.now, d.zone)} · times in ${d.zone}.</p>${zoneForm(d.zone)}`;
  if (d.services.length === 0) {
    return page({ title: 'Status', main: html`<h1>Status</h1><p>Nothing is published here yet.</p>`, footer, indexable: true });
  }
  const names = new Map(d.services.map((s) => [s.service.key, serviceName(s.service)]));
  const shown = d.incidents.filter(customerVisible);
  const states = d.services.map((s) => publicState(s.service, shown));
  const worst: PublicState = states.includes('outage') ? 'outage' : states.includes('degraded') ? 'degraded' : 'operational';
  const banner = worst === 'operational' ? 'All systems operational' : worst === 'outage' ? 'Some services are down' : 'Some services are degraded';
  const cards = d.services.map((s, k) => {
    const days = d.days.get(s.service.key);
    return html`<li class="card"><h3>${serviceName(s.service)}</h3><p><span class="badge ${states[k]!}">${STATE_WORD[states[k]!]}</span></p>${s.objective ? html`<p>Availability ${publicAvailability(s.objective)}</p>` : ''}${days ? dayBar(days, serviceName(s.service)) : ''}</li>`;
  });
  const current = shown.filter((i) => i.status !== 'resolved');
  const past = shown.filter((i) => i.status === 'resolved');
  const main = html`<h1>Status</h1>
<p class="banner ${worst}">${banner}</p>
<h2 id="services">Services</h2>
${dayLegend()}
<ul class="cards">${cards}</ul>
<h2 id="current">Current incidents</h2>
${current.length ? html`<ul class="cards">${current.map((i) => incidentItem(i, names, d.zone))}</ul>` : html`<p>No current incidents.</p>`}
<h2 id="past">Recent incidents</h2>
${past.length ? html`<ul class="cards">${past.map((i) => incidentItem(i, names, d.zone))}</ul>` : html`<p>No incidents in the last ${count(RECENT_DAYS, 'day')}.</p>`}`;
  return page({ title: `Status · ${banner}`, main, footer, indexable: true });
}

/** Resolved incidents are listed for this many days. */
export const RECENT_DAYS = 14;
