/**
 * The dashboard's pages (docs/dashboard.md): the overview of every service, one service with its charts
 * and incidents, and one incident with its clocks and timeline. Pure functions of what the use cases
 * computed; every figure is worded by the same view helpers chat uses (src/messages/views/), so the
 * dashboard and `status` say the same thing the same way.
 */
import { formatIncidentRef } from '../../src/domain/incident-id.ts';
import type { Incident } from '../../src/domain/incident.ts';
import type { Block, Text, Tone } from '../../src/messages/message.ts';
import { storedText } from '../../src/messages/stored-text.ts';
import { formatRelative } from '../../src/messages/time-text.ts';
import { clockCaption, clockFraction, clockLabel, clockTone, type ClockView } from '../../src/messages/views/clock-line.ts';
import { incidentFields, incidentTitle, statusText } from '../../src/messages/views/incident-card.ts';
import { explainClock } from '../../src/messages/views/incident-detail.ts';
import { count } from '../../src/messages/views/plain.ts';
import { availabilityText, budgetText } from '../../src/messages/views/service-line.ts';
import { serviceStatus } from '../../src/messages/views/service-status.ts';
import { eventLine } from '../../src/messages/views/timeline.ts';
import type { IncidentState } from '../../src/model/incident-state.ts';
import type { Health, OpenIncident, ServiceStatus, StatusOverview } from '../../src/model/status.ts';
import type { DayStatus } from '../../src/usecases/charts.ts';
import { dayBar, dayLegend } from './day-bar.ts';
import { Html, html, textHtml, timeHtml } from './html.ts';
import { page, type Crumb } from './layout.ts';
import { zoneForm } from './zones.ts';

/** Relative addresses from the page being drawn, the token kept (it is in the path) and `?tz=` if chosen. */
export type Links = { overview: string; service(key: string): string; incident(n: number): string };

/** What every dashboard page knows besides its own figures. */
export type PageContext = { zone: string; now: Date; links: Links; expiresAt: Date };

const HEALTH_WORD: Record<Health, string> = { breached: 'breached', at_risk: 'at risk', healthy: 'healthy' };

/** Services drawn with their 90-day bar on the overview; past this the rest are listed without it. */
export const OVERVIEW_BARS = 100;

function healthBadge(h: Health): Html {
  return html`<span class="badge ${h}">${HEALTH_WORD[h]}</span>`;
}

function footer(ctx: PageContext): Html {
  return html`<p>As of ${timeHtml(ctx.now, ctx.zone)} · times in ${ctx.zone} · this link works until ${timeHtml(ctx.expiresAt, ctx.zone)}.</p>${zoneForm(ctx.zone)}`;
}

function serviceTitle(s: { key: string; name: string }): string {
  return s.name && s.name !== s.key ? `${s.key} · ${s.name}` : s.key;
}

/** A clock as a bar (decoration: the caption says the same in words) and its caption. */
function clockItem(c: ClockView, zone: string): Html {
  const tone: Tone = clockTone(c);
  const width = Math.max(0, Math.min(100, Math.round(clockFraction(c) * 100)));
  return html`<li><strong>${clockLabel(c.kind)}</strong>: ${textHtml(clockCaption(c, zone))}<span class="meter ${tone}" aria-hidden="true"><span style="width:${width}%"></span></span></li>`;
}

function clocksList(clocks: readonly ClockView[], zone: string): Html {
  if (!clocks.length) return html`<span class="muted">no SLA clocks</span>`;
  return html`<ul class="clocks">${clocks.map((c) => clockItem(c, zone))}</ul>`;
}

/** The unmet clock due first: `ack due Mon 23 Nov 10:15 CET (in 15m)`, `resolve breached`, or why none is due. */
export function timeToBreach(o: OpenIncident, ctx: PageContext): Html {
  let first: OpenIncident['clocks'][number] | null = null;
  for (const c of o.clocks) if (c.state !== 'met' && c.dueAt && (!first || c.dueAt < first.dueAt!)) first = c;
  if (!first) return html`<span class="muted">${o.clocks.some((c) => c.state === 'paused') ? 'paused' : 'nothing due'}</span>`;
  if (first.state === 'breached') return html`<strong class="breached">${first.kind} breached</strong>${first.breachedAt ? html` ${formatRelative(first.breachedAt, ctx.now)}` : ''}`;
  return html`${first.kind} due ${timeHtml(first.dueAt!, ctx.zone)} (${formatRelative(first.dueAt!, ctx.now)})`;
}

function incidentCell(i: Incident, ctx: PageContext): Html {
  return html`<a href="${ctx.links.incident(i.number)}">${formatIncidentRef(i.number)}</a> · ${i.priority}<br>${textHtml(storedText(i.title, i.openedBy))}`;
}

/** Open incidents with their time to breach and clocks. */
function openTable(open: readonly OpenIncident[], ctx: PageContext, withService: boolean, caption: string): Html {
  const head = html`<thead><tr><th scope="col">Incident</th>${withService ? html`<th scope="col">Service</th>` : ''}<th scope="col">Status</th><th scope="col">Time to breach</th><th scope="col">Clocks</th></tr></thead>`;
  const rows = open.map(
    (o) =>
      html`<tr><td data-label="Incident">${incidentCell(o.incident, ctx)}</td>${withService ? html`<td data-label="Service"><a href="${ctx.links.service(o.incident.serviceKey)}">${o.incident.serviceKey}</a></td>` : ''}<td data-label="Status">${statusText(o.incident)}, ${o.incident.impact}</td><td data-label="Time to breach">${timeToBreach(o, ctx)}</td><td data-label="Clocks">${clocksList(o.clocks, ctx.zone)}</td></tr>`,
  );
  return html`<div class="table"><table class="stack"><caption>${caption}</caption>${head}<tbody>${rows}</tbody></table></div>`;
}

function nearestHtml(s: ServiceStatus, ctx: PageContext): Html | string {
  const n = s.nearest;
  if (!n) return '';
  const ref = html`<a href="${ctx.links.incident(n.incident)}">${formatIncidentRef(n.incident)}</a> ${n.kind}`;
  return n.breached ? html`; ${ref} <strong class="breached">breached</strong>` : html`; ${ref} due ${timeHtml(n.dueAt, ctx.zone)} (${formatRelative(n.dueAt, ctx.now)})`;
}

function serviceCard(s: ServiceStatus, days: readonly DayStatus[] | undefined, ctx: PageContext): Html {
  const o = s.objective;
  const reasons = s.reasons.length ? html` <span class="muted">${s.reasons.join(', ')}</span>` : '';
  return html`<li class="card"><h3><a href="${ctx.links.service(s.service.key)}">${serviceTitle(s.service)}</a></h3>
<p>${healthBadge(s.health)}${reasons}</p>
<dl class="facts"><dt>Availability</dt><dd>${o ? availabilityText(o) : 'no availability objective'}</dd>${o ? html`<dt>Error budget</dt><dd>${budgetText(o)}</dd>` : ''}<dt>Open</dt><dd>${count(s.openCount, 'open incident')}${nearestHtml(s, ctx)}</dd></dl>
${days ? dayBar(days, s.service.name || s.service.key) : ''}</li>`;
}

/** `/dashboard/<token>/`: every service worst first, the open incidents, the daily bars. */
export function overviewPage(overview: StatusOverview, open: readonly OpenIncident[], days: ReadonlyMap<string, DayStatus[]>, ctx: PageContext): Html {
  const { counts, services } = overview;
  const openCount = services.reduce((n, s) => n + s.openCount, 0);
  const summary = `${counts.breached} breached · ${counts.at_risk} at risk · ${counts.healthy} healthy · ${count(openCount, 'open incident')}`;
  const cards = services.map((s, i) => serviceCard(s, i < OVERVIEW_BARS ? days.get(s.service.key) : undefined, ctx));
  const main = services.length
    ? html`<h1>Status · ${count(services.length, 'service')}</h1>
<p>${summary}</p>
<h2 id="services">Services, worst first</h2>
${dayLegend()}
<ul class="cards">${cards}</ul>
${services.length > OVERVIEW_BARS ? html`<p class="note">Daily bars are drawn for the first ${OVERVIEW_BARS} services; each service's page has its own.</p>` : ''}
<h2 id="open">Open incidents (${open.length})</h2>
${open.length ? openTable(open, ctx, true, 'Open incidents, the one due first at the top') : html`<p>No open incidents.</p>`}`
    : html`<h1>Status</h1><p>No services yet. Add one in chat with <code>service add payments "Payments API" --availability 99.9 --window 30d</code>.</p>`;
  return page({ title: `Status · ${count(services.length, 'service')} · Pacta`, main, footer: footer(ctx) });
}

/** The `fields` and budget `progress` blocks of the chat view of one service, as HTML. */
function statusFacts(s: ServiceStatus, ctx: PageContext): Html {
  const blocks: Block[] = serviceStatus(s, { timezone: ctx.zone, now: ctx.now }).blocks;
  const out: Html[] = [];
  for (const b of blocks) {
    // The figures come before the first text block; the open incidents' clocks after it are shown with their incidents below.
    if (b.type === 'text') break;
    if (b.type === 'fields') out.push(html`<dl class="facts">${b.fields.map((f) => html`<dt>${f.label}</dt><dd>${textHtml(f.value)}</dd>`)}</dl>`);
    if (b.type === 'progress') {
      const width = Math.max(0, Math.min(100, Math.round(b.fraction * 100)));
      out.push(html`<p><strong>${b.label}</strong>: ${textHtml(b.caption)}<span class="meter ${b.tone}" aria-hidden="true"><span style="width:${width}%"></span></span></p>`);
    }
  }
  return html`${out}`;
}

/** Incidents of any status, newest first, with their clocks as they ended or stand. */
function recentTable(recent: readonly OpenIncident[], ctx: PageContext): Html {
  const rows = recent.map(
    (o) =>
      html`<tr><td data-label="Incident">${incidentCell(o.incident, ctx)}</td><td data-label="Status">${statusText(o.incident)}, ${o.incident.impact}</td><td data-label="Opened">${timeHtml(o.incident.openedAt, ctx.zone)}</td><td data-label="Resolved">${o.incident.resolvedAt ? timeHtml(o.incident.resolvedAt, ctx.zone) : '—'}</td><td data-label="Clocks">${clocksList(o.clocks, ctx.zone)}</td></tr>`,
  );
  return html`<div class="table"><table class="stack"><caption>Recent incidents, newest first</caption><thead><tr><th scope="col">Incident</th><th scope="col">Status</th><th scope="col">Opened</th><th scope="col">Resolved</th><th scope="col">Clocks</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** `/dashboard/<token>/services/<key>`: the service's figures, bar, charts, open and recent incidents. */
export function servicePage(s: ServiceStatus, days: readonly DayStatus[] | undefined, charts: readonly Html[], recent: readonly OpenIncident[], ctx: PageContext): Html {
  const title = serviceTitle(s.service);
  const crumbs: Crumb[] = [{ label: 'Overview', href: ctx.links.overview }, { label: s.service.key }];
  const main = html`<h1>${title}</h1>
<p>${healthBadge(s.health)}</p>
${statusFacts(s, ctx)}
<h2 id="days">Last 90 days</h2>
${dayLegend()}
${days ? dayBar(days, s.service.name || s.service.key) : html`<p>No daily figures.</p>`}
<h2 id="charts">Charts</h2>
${charts.length ? charts : html`<p>No charts for this service.</p>`}
<h2 id="open">Open incidents (${s.open.length})</h2>
${s.open.length ? openTable(s.open, ctx, false, `Open incidents of ${s.service.key}`) : html`<p>No open incidents.</p>`}
<h2 id="recent">Recent incidents</h2>
${recent.length ? recentTable(recent, ctx) : html`<p>No incidents yet.</p>`}`;
  return page({ title: `${title} · Pacta`, crumbs, main, footer: footer(ctx) });
}

/** `/dashboard/<token>/incidents/<n>`: its fields, both clocks explained, its whole timeline. */
export function incidentPage(state: IncidentState, ctx: PageContext): Html {
  const { incident, events } = state;
  const zone = ctx.zone;
  const ref = formatIncidentRef(incident.number);
  const crumbs: Crumb[] = [{ label: 'Overview', href: ctx.links.overview }, { label: incident.serviceKey, href: ctx.links.service(incident.serviceKey) }, { label: ref }];
  const fields: Array<{ label: string; value: Text | Html }> = incidentFields(incident, zone).map((f) => (f.label === 'Service' ? { label: f.label, value: html`<a href="${ctx.links.service(incident.serviceKey)}">${incident.serviceKey}</a>` } : f));
  fields.push({ label: 'Priority', value: incident.priority });
  fields.push({ label: 'Status page', value: incident.public ? 'title shown (if the service is public)' : 'shown as “Service disruption” (if the service is public)' });
  const clocks = state.clocks.length
    ? state.clocks.map((c) => html`<ul class="clocks">${clockItem(c.evaluation, zone)}</ul><p>${textHtml(explainClock(c, zone))}</p>`)
    : html`<p>No SLA policy covers ${incident.serviceKey} ${incident.priority}, so no clocks run.</p>`;
  const main = html`<h1>${incidentTitle(incident)}</h1>
<dl class="facts">${fields.map((f) => html`<dt>${f.label}</dt><dd>${f.value instanceof Html ? f.value : textHtml(f.value)}</dd>`)}</dl>
<h2 id="clocks">SLA clocks</h2>
${clocks}
<h2 id="timeline">Timeline (${count(events.length, 'event')})</h2>
<ol class="timeline">${events.map((e) => html`<li>${textHtml(eventLine(e, zone, { clockEffect: true }))}</li>`)}</ol>`;
  return page({ title: `${ref} · Pacta`, crumbs, main, footer: footer(ctx) });
}
