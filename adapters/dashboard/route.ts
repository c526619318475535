/**
 * The dashboard and the public status page on Pacta's one HTTP server (docs/dashboard.md):
 *
 * - `/dashboard/<token>/`, `…/services/<key>`, `…/incidents/<number>`: read-only pages behind a signed,
 *   expiring token (adapters/http/signed-links.ts) that `dashboard` hands out in chat. A forged, expired,
 *   malformed, tampered or missing token gets one and the same 403, which names nothing. Under a valid
 *   token, an unknown service or incident is a 404.
 * - `/status`: the public status page, only services marked public (public-page.ts).
 *
 * Only GET and HEAD (405 otherwise). Every answer carries a Content-Security-Policy that allows no script
 * and no request but the page and `data:` images, `nosniff`, `no-referrer` (the token is in the path),
 * and refuses framing; token pages are never cached (`no-store`).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DateTime } from 'luxon';
import { MAX_INCIDENT_NUMBER } from '../../src/domain/incident-id.ts';
import type { Incident } from '../../src/domain/incident.ts';
import { NotFoundError, UNAVAILABLE_TEXT, UnavailableError } from '../../src/errors.ts';
import type { TimeSource } from '../../src/time-source.ts';
import { floorToSecond } from '../../src/time.ts';
import type { ChartUseCases } from '../../src/usecases/charts.ts';
import type { IncidentUseCases } from '../../src/usecases/incidents.ts';
import type { QueryUseCases } from '../../src/usecases/queries.ts';
import type { HttpServer } from '../http/server.ts';
import type { DashboardGrant } from '../http/signed-links.ts';
import { chartFigure, type SvgCharts } from './charts.ts';
import { BAR_DAYS } from './day-bar.ts';
import { html, type Html } from './html.ts';
import { page } from './layout.ts';
import { incidentPage, overviewPage, OVERVIEW_BARS, servicePage, type Links, type PageContext } from './pages.ts';
import { RECENT_DAYS, statusPage } from './public-page.ts';
import { validZone } from './zones.ts';

export const DASHBOARD_PREFIX = '/dashboard/';
export const STATUS_PATH = '/status';

export type DashboardDeps = {
  queries: QueryUseCases;
  incidents: IncidentUseCases;
  charts: ChartUseCases;
  /** Draws charts (adapters/charts/); without it the service page shows each chart's words and figures. */
  images?: SvgCharts | null;
  signer: { verifyDashboard(token: string, now: Date): Promise<DashboardGrant | null> };
  time: TimeSource;
  /** Deployment zone (PACTA_TIMEZONE): the public page's times, and a token page's if its zone is unknown. */
  timezone: string;
  log: { error(obj: object, msg?: string): void };
  /** How long the public page is reused for once drawn (default 15 s; 0 draws it for every request). */
  publicCacheMs?: number;
};

/** The headers of every answer; `Cache-Control` is added per page. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const NO_STORE = 'no-store';
/** Days of the charts on a service page. */
const CHART_DAYS = 30;
/** Recent incidents listed on a service page, and per service on the public page. */
const RECENT_INCIDENTS = 20;

/** The one answer to every token that does not open the dashboard: no name, no reason, no time. */
const FORBIDDEN = page({
  title: 'Link not valid · Pacta',
  main: html`<h1>This link does not open anything</h1><p>It may have expired. Ask Pacta for a new one with <code>dashboard</code> in Slack or Teams.</p>`,
}).text;

const NOT_ALLOWED = page({ title: 'Method not allowed · Pacta', main: html`<h1>Method not allowed</h1><p>These pages are read-only: only GET and HEAD.</p>` }).text;

/** Mounts the dashboard (`/dashboard/…`) and the public status page (`/status`) on `server`. */
export function mountDashboard(server: HttpServer, deps: DashboardDeps): void {
  const dashboard = dashboardRoute(deps);
  server.routePrefix(DASHBOARD_PREFIX, dashboard);
  // Without a token at all: the same 403 as a bad one.
  server.route('/dashboard', dashboard);
  server.route(DASHBOARD_PREFIX, dashboard);
  server.route(STATUS_PATH, statusRoute(deps));
}

function send(req: IncomingMessage, res: ServerResponse, status: number, body: string, cache: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': cache,
    ...SECURITY_HEADERS,
    ...extra,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function readOnly(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  send(req, res, 405, NOT_ALLOWED, NO_STORE, { allow: 'GET, HEAD' });
  return false;
}

function failed(req: IncomingMessage, res: ServerResponse, deps: DashboardDeps, err: unknown, path: string): void {
  if (err instanceof UnavailableError) {
    deps.log.error({ reason: err.message, path }, 'dashboard page not served: the database is unavailable');
    const body = page({ title: 'Unavailable · Pacta', main: html`<h1>Unavailable</h1><p>${UNAVAILABLE_TEXT}</p>` }).text;
    send(req, res, 503, body, NO_STORE, { 'retry-after': '5' });
    return;
  }
  const errorId = randomUUID().slice(0, 8);
  deps.log.error({ err, errorId, path }, 'dashboard page failed');
  const body = page({ title: 'Something went wrong · Pacta', main: html`<h1>Something went wrong</h1><p>Try again in a moment. If it keeps happening, tell whoever runs Pacta and quote error id ${errorId}.</p>` }).text;
  send(req, res, 500, body, NO_STORE);
}

function parseUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://pacta.invalid');
}

/** Handles everything under `/dashboard/`. */
export function dashboardRoute(deps: DashboardDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!readOnly(req, res)) return;
    const url = parseUrl(req);
    const parts = url.pathname.split('/');
    const token = parts[2] ?? '';
    const now = floorToSecond(deps.time.now());
    const grant = token ? await deps.signer.verifyDashboard(token, now) : null;
    if (!grant) return send(req, res, 403, FORBIDDEN, NO_STORE);
    // `/dashboard/<token>`: the overview is one folder deeper, so that its links are relative to it.
    if (parts.length === 3) return send(req, res, 308, '', NO_STORE, { location: `${DASHBOARD_PREFIX}${token}/${url.search}` });
    const rest = parts.slice(3);
    const chosen = validZone(url.searchParams.get('tz'));
    const zone = chosen ?? validZone(grant.timezone) ?? validZone(deps.timezone) ?? 'UTC';
    const links = linksFrom(rest.length === 1 ? '' : '../', chosen);
    const ctx: PageContext = { zone, now, links, expiresAt: grant.expiresAt };
    try {
      const body = await pageFor(rest, deps, ctx);
      if (body === null) return send(req, res, 404, notFound(links), NO_STORE);
      send(req, res, 200, body.text, NO_STORE, { 'x-robots-tag': 'noindex, nofollow' });
    } catch (err) {
      if (err instanceof NotFoundError) return send(req, res, 404, notFound(links), NO_STORE);
      failed(req, res, deps, err, '/dashboard/…');
    }
  };
}

function notFound(links: Links): string {
  return page({ title: 'Not found · Pacta', main: html`<h1>Not found</h1><p>There is no such service or incident. <a href="${links.overview}">Back to the overview</a>.</p>` }).text;
}

/** Addresses relative to the page (`root` leads to the overview's folder), keeping a chosen zone. */
function linksFrom(root: string, zone: string | null): Links {
  const q = zone ? `?tz=${encodeURIComponent(zone)}` : '';
  return {
    overview: `${root || './'}${q}`,
    service: (key) => `${root}services/${encodeURIComponent(key)}${q}`,
    incident: (n) => `${root}incidents/${n}${q}`,
  };
}

/** The page `rest` (the path after the token) names, or null when it names none. */
async function pageFor(rest: string[], deps: DashboardDeps, ctx: PageContext): Promise<Html | null> {
  if (rest.length === 1 && rest[0] === '') {
    const [overview, open] = await Promise.all([deps.queries.overview(), deps.queries.openIncidents(null)]);
    const keys = overview.services.slice(0, OVERVIEW_BARS).map((s) => s.service.key);
    const days = keys.length ? await deps.charts.dailyStatus(keys, BAR_DAYS, ctx.zone) : new Map();
    return overviewPage(overview, open, days, ctx);
  }
  if (rest.length !== 2 || !rest[1]) return null;
  if (rest[0] === 'services') {
    let key: string;
    try {
      key = decodeURIComponent(rest[1]);
    } catch {
      return null;
    }
    const status = await deps.queries.service(key);
    const from = DateTime.fromJSDate(ctx.now, { zone: ctx.zone }).startOf('day').minus({ days: CHART_DAYS - 1 }).toJSDate();
    const to = new Date(ctx.now.getTime() + 1000);
    const [days, recent, budget, availability] = await Promise.all([
      deps.charts.dailyStatus([key], BAR_DAYS, ctx.zone),
      deps.queries.incidents(key, true, RECENT_INCIDENTS),
      deps.charts.budget(key),
      deps.charts.availability(key, from, to, 'day', ctx.zone),
    ]);
    const charts = await Promise.all([...(budget ? [budget] : []), availability].map((c) => chartFigure(c, ctx.zone, deps.images, (err) => deps.log.error({ err, service: key }, 'chart could not be drawn'))));
    return servicePage(status, days.get(key), charts, recent.incidents, ctx);
  }
  if (rest[0] === 'incidents') {
    const m = /^(?:INC-)?(\d{1,10})$/i.exec(rest[1]);
    const n = m ? Number(m[1]) : NaN;
    if (!(n >= 1 && n <= MAX_INCIDENT_NUMBER)) return null;
    return incidentPage(await deps.incidents.get(n), ctx);
  }
  return null;
}

/** Handles `/status`: the public page, drawn at most once per zone every `publicCacheMs`. */
export function statusRoute(deps: DashboardDeps) {
  const ttl = deps.publicCacheMs ?? 15_000;
  const kept = new Map<string, { at: number; body: Promise<string> }>();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!readOnly(req, res)) return;
    const url = parseUrl(req);
    const zone = validZone(url.searchParams.get('tz')) ?? validZone(deps.timezone) ?? 'UTC';
    const now = floorToSecond(deps.time.now());
    let entry = kept.get(zone);
    if (!entry || ttl <= 0 || now.getTime() - entry.at >= ttl || now.getTime() < entry.at) {
      entry = { at: now.getTime(), body: publicBody(deps, zone, now) };
      // A failure is not kept: the next request draws again.
      entry.body.catch(() => kept.delete(zone));
      if (kept.size >= 64) kept.clear();
      if (ttl > 0) kept.set(zone, entry);
    }
    try {
      send(req, res, 200, await entry.body, `public, max-age=${Math.max(0, Math.floor(ttl / 1000))}`);
    } catch (err) {
      failed(req, res, deps, err, STATUS_PATH);
    }
  };
}

async function publicBody(deps: DashboardDeps, zone: string, now: Date): Promise<string> {
  const overview = await deps.queries.overview();
  const services = overview.services.filter((s) => s.service.public);
  if (!services.length) return statusPage({ services, days: new Map(), incidents: [], zone, now }).text;
  const keys = services.map((s) => s.service.key);
  const [days, open, recent] = await Promise.all([
    deps.charts.dailyStatus(keys, BAR_DAYS, zone),
    deps.queries.openIncidents(keys),
    Promise.all(keys.map((k) => deps.queries.incidents(k, true, RECENT_INCIDENTS))),
  ]);
  const since = now.getTime() - RECENT_DAYS * 86_400_000;
  const byNumber = new Map<number, Incident>();
  for (const o of open) byNumber.set(o.incident.number, o.incident);
  for (const r of recent) for (const o of r.incidents) if (o.incident.resolvedAt && o.incident.resolvedAt.getTime() >= since) byNumber.set(o.incident.number, o.incident);
  const incidents = [...byNumber.values()].sort((a, b) => b.impactStart.getTime() - a.impactStart.getTime() || b.number - a.number);
  return statusPage({ services, days, incidents, zone, now }).text;
}
