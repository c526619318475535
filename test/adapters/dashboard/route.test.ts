/**
 * The dashboard and the public status page over HTTP, on both databases (docs/dashboard.md): one 403 for
 * every token that does not open the dashboard, naming nothing; 404 and 405; the security headers; hostile
 * names and titles shown as text; the public page showing only public services and nothing internal; and
 * the figures on the pages being the use cases' figures in chat's words.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { formatIncidentRef } from '../../../src/domain/incident-id.ts';
import { AdminUseCases } from '../../../src/usecases/admin.ts';
import { plain } from '../../../src/messages/views/plain.ts';
import { clockCaption } from '../../../src/messages/views/clock-line.ts';
import { availabilityText, budgetText } from '../../../src/messages/views/service-line.ts';
import { serviceStatus } from '../../../src/messages/views/service-status.ts';
import { escapeHtml } from '../../../adapters/dashboard/html.ts';
import { NEUTRAL_TITLE, publicAvailability } from '../../../adapters/dashboard/public-page.ts';
import { SECURITY_HEADERS } from '../../../adapters/dashboard/route.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { dashboardDeps, HOSTILE, HOSTILE_KEY, PUBLIC_TITLE, SECRETS, seedDashboardEstate, serveDashboard, tokenFor, ZONE, type Estate, type Served } from './estate.ts';

/** Text of a page as a reader sees it: tags dropped, entities decoded, spaces collapsed. */
function visible(page: string): string {
  return page
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describeEachDatabase('dashboard routes', (db) => {
  let estate: Estate;
  let served: Served;
  let token = '';

  beforeEach(async () => {
    estate = await seedDashboardEstate(db().store);
    served = await serveDashboard(dashboardDeps(estate));
    token = await tokenFor(estate);
  });
  afterEach(() => served.server.stop());

  const get = (path: string, init: RequestInit = {}) => fetch(`${served.base}${path}`, { redirect: 'manual', ...init });
  const page = async (path: string) => {
    const res = await get(path);
    const body = await res.text();
    return { res, body, text: visible(body) };
  };
  const expectSecurityHeaders = (res: Response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), name).toBe(value);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  };

  it('every token that does not open the dashboard gets the same 403, which names nothing', async () => {
    const [body, expiry, sig] = [token.split('.').slice(0, 2).join('.'), token.split('.')[0]!, token.split('.')[2]!];
    const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
    const longer = `${Number(expiry) + 3600}.${token.split('.')[1]}.${sig}`;
    const otherZone = `${expiry}.${Buffer.from('Asia/Tokyo').toString('base64url')}.${sig}`;
    const expired = await tokenFor(estate, ZONE, 60_000);
    estate.time.advance(120_000);
    const paths = [
      '/dashboard',
      '/dashboard/',
      '/dashboard//',
      '/dashboard/nonsense/',
      '/dashboard/%zz/services/payments',
      `/dashboard/${body}.${flipped}/`,
      `/dashboard/${longer}/`,
      `/dashboard/${otherZone}/`,
      `/dashboard/${expired}/`,
      `/dashboard/${expired}/services/payments`,
      `/dashboard/${'A'.repeat(5000)}/`,
      `/dashboard/${token.toUpperCase()}/incidents/1`,
    ];
    const answers = await Promise.all(paths.map((p) => page(p)));
    const first = answers[0]!.body;
    for (const [i, a] of answers.entries()) {
      expect(a.res.status, paths[i]).toBe(403);
      expect(a.body, paths[i]).toBe(first);
      expectSecurityHeaders(a.res);
      expect(a.res.headers.get('cache-control')).toBe('no-store');
    }
    for (const word of ['payments', 'Payments', 'search', 'Search', HOSTILE_KEY, 'INC-', 'expired at', ZONE]) expect(first).not.toContain(word);
    // The same token, unexpired, opens it.
    expect((await get(`/dashboard/${await tokenFor(estate)}/`)).status).toBe(200);
  });

  it('only GET and HEAD: 405 with Allow, whatever the token; HEAD has the headers and no body', async () => {
    for (const path of [`/dashboard/${token}/`, '/dashboard/nonsense/', '/status']) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const res = await get(path, { method, body: method === 'DELETE' ? null : 'x' });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('allow')).toBe('GET, HEAD');
        expectSecurityHeaders(res);
        await res.text();
      }
    }
    const head = await get(`/dashboard/${token}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expectSecurityHeaders(head);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(await head.text()).toBe('');
  });

  it('under a valid token: 404 for an unknown service, incident or page; the 308 to the overview', async () => {
    for (const path of ['services/nope', 'incidents/999', 'incidents/INC-0', 'incidents/x', 'services/', 'services/payments/extra', 'nowhere', 'services/%E0%A4%A']) {
      const { res, body } = await page(`/dashboard/${token}/${path}`);
      expect(res.status, path).toBe(404);
      expectSecurityHeaders(res);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(body).toContain('Not found');
    }
    const bare = await get(`/dashboard/${token}?tz=Asia/Tokyo`);
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe(`/dashboard/${token}/?tz=Asia/Tokyo`);
  });

  it('token pages carry the headers, are never cached, and link relatively, keeping the token', async () => {
    const o = await page(`/dashboard/${token}/`);
    expect(o.res.status).toBe(200);
    expectSecurityHeaders(o.res);
    expect(o.res.headers.get('cache-control')).toBe('no-store');
    expect(o.body).toContain('href="services/payments"');
    expect(o.body).toContain(`href="incidents/${estate.open}"`);
    expect(o.body).not.toMatch(/<script/i);
    const s = await page(`/dashboard/${token}/services/payments`);
    expect(s.res.status).toBe(200);
    expect(s.body).toContain(`href="../incidents/${estate.open}"`);
    expect(s.body).toContain('href="../"');
    const i = await page(`/dashboard/${token}/incidents/${estate.open}`);
    expect(i.res.status).toBe(200);
    expect(i.body).toContain('href="../services/payments"');
    // INC-7 is read as 7 too.
    expect((await get(`/dashboard/${token}/incidents/INC-${estate.open}`)).status).toBe(200);
  });

  it('hostile names, titles and notes are shown as text, never as markup', async () => {
    const pages = [await page(`/dashboard/${token}/`), await page(`/dashboard/${token}/services/${HOSTILE_KEY}`), await page(`/dashboard/${token}/incidents/${estate.hostile}`), await page('/status')];
    for (const p of pages) {
      expect(p.res.status).toBe(200);
      expect(p.body).not.toContain('<script>alert');
      expect(p.body).not.toContain('<img src=x');
      expect(p.body).not.toMatch(/onerror=alert\(1\)>/);
      expect(p.body).toContain(escapeHtml(HOSTILE));
      expect(p.text).toContain(HOSTILE);
    }
    expect(pages[2]!.text).toContain(`note ${HOSTILE}`);
  });

  it('the overview shows every service worst first with the figures of queries.overview(), in chat’s words', async () => {
    const overview = await estate.queries.overview();
    const { text, body } = await page(`/dashboard/${token}/`);
    let last = -1;
    for (const s of overview.services) {
      const at = body.indexOf(`href="services/${s.service.key}"`);
      expect(at, s.service.key).toBeGreaterThan(last);
      last = at;
      if (s.objective) {
        expect(text).toContain(availabilityText(s.objective));
        expect(text).toContain(budgetText(s.objective));
      }
    }
    // Open incidents with their time to breach; a day bar per service with words for every day.
    for (const o of await estate.queries.openIncidents(null)) {
      expect(text).toContain(formatIncidentRef(o.incident.number));
      for (const c of o.clocks) expect(text).toContain(plain(clockCaption(c, ZONE)));
    }
    expect(body.match(/<rect /g)?.length).toBe(90 * overview.services.length);
    expect(text).toMatch(/Last 90 days: .*outage/);
    expect(text).toContain('maintenance');
  });

  it('the service page has the fields of `status <service>`, its charts with alt text, open and recent incidents', async () => {
    const status = await estate.queries.service('payments');
    const { text, body } = await page(`/dashboard/${token}/services/payments`);
    const fields = serviceStatus(status, { timezone: ZONE, now: estate.time.now() }).blocks.find((b) => b.type === 'fields');
    expect(fields?.type).toBe('fields');
    if (fields?.type === 'fields') for (const f of fields.fields) expect(text).toContain(`${f.label} ${plain(f.value)}`);
    // The budget chart and the availability chart, drawn by the renderer in the viewer's zone.
    const images = [...body.matchAll(/<img src="data:image\/svg\+xml;base64,([^"]+)" alt="([^"]+)"/g)];
    expect(images.map((m) => Buffer.from(m[1]!, 'base64').toString())).toEqual([expect.stringContaining('budget in Europe/Berlin'), expect.stringContaining('availability in Europe/Berlin')]);
    for (const m of images) expect(m[2]!.length).toBeGreaterThan(20);
    expect(text).toContain(formatIncidentRef(estate.open));
    expect(text).toContain(formatIncidentRef(estate.resolved));
    expect(text).toContain('Recent incidents');
  });

  it('without a renderer the charts are their words and figures', async () => {
    served.deps.images = null;
    const { body, res } = await page(`/dashboard/${token}/services/payments`);
    expect(res.status).toBe(200);
    expect(body).not.toContain('<img');
    expect(body).toContain('<figcaption>Error budget of Payments API');
    expect(body).toContain('<th scope="col">Budget left</th>');
    // A renderer that fails costs only the picture.
    served.deps.images = { svg: async () => Promise.reject(new Error('worker gone')) };
    expect((await get(`/dashboard/${token}/services/payments`)).status).toBe(200);
  });

  it('the incident page has its fields, both clocks explained and the whole timeline', async () => {
    const state = await estate.incidents.get(estate.open);
    const { text } = await page(`/dashboard/${token}/incidents/${estate.open}`);
    expect(text).toContain(SECRETS.internalTitle);
    expect(text).toContain(SECRETS.note);
    for (const c of state.clocks) expect(text).toContain(plain(clockCaption(c.evaluation, ZONE)));
    expect(text).toContain('Timeline (2 events)');
    expect(text).toContain('(both clocks start)');
  });

  it('times are in the token’s zone, or the one ?tz= names (kept in links); a bad ?tz= is ignored', async () => {
    expect((await page(`/dashboard/${token}/`)).text).toContain('times in Europe/Berlin');
    const tokyo = await page(`/dashboard/${token}/?tz=Asia/Tokyo`);
    expect(tokyo.text).toContain('times in Asia/Tokyo');
    // Now is 09:00 UTC: 18:00 in Tokyo.
    expect(tokyo.text).toMatch(/As of Mon 23 Nov 18:00 /);
    expect(tokyo.body).toContain('href="services/payments?tz=Asia%2FTokyo"');
    expect(tokyo.body).toContain('<option selected>Asia/Tokyo</option>');
    for (const bad of ['Mars/Olympus', 'CET', '%3Cscript%3E', '+01:00']) {
      const p = await page(`/dashboard/${token}/?tz=${bad}`);
      expect(p.res.status).toBe(200);
      expect(p.text).toContain('times in Europe/Berlin');
      expect(p.body).not.toContain('<script>');
    }
    const ny = await tokenFor(estate, 'America/New_York');
    expect((await page(`/dashboard/${ny}/`)).text).toContain('times in America/New_York');
  });

  it('the public page shows only public services, with what a customer may see', async () => {
    const { res, text, body } = await page('/status');
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const overview = await estate.queries.overview();
    const payments = overview.services.find((s) => s.service.key === 'payments')!;
    expect(text).toContain('Payments API');
    expect(text).toContain(`Availability ${publicAvailability(payments.objective!)}`);
    expect(text).toContain('Some services are down');
    expect(text).toContain(PUBLIC_TITLE);
    expect(text).toContain(NEUTRAL_TITLE);
    expect(text).toContain(HOSTILE);
    expect(body.match(/<rect /g)?.length).toBe(90 * 3);
    expect(text).toContain('Sign-in');
    for (const secret of [SECRETS.privateService, SECRETS.privateTitle, SECRETS.internalTitle, SECRETS.note, SECRETS.channel, ...SECRETS.people, 'payments', 'P1', 'P2', 'INC-', 'cache warmed', 'Earlier trouble', 'budget', '99.9%']) {
      expect(text, secret).not.toContain(secret);
    }
  });

  it('the public page follows the flags: an incident made public shows its title, a service made private leaves', async () => {
    await estate.incidents.setPublic(estate.open, true);
    expect((await page('/status')).text).toContain(SECRETS.internalTitle);
    await estate.incidents.setPublic(estate.open, false);
    const a = new AdminUseCases(db().store, estate.time);
    await a.setService({ key: HOSTILE_KEY, public: false });
    await a.setService({ key: 'payments', public: false });
    await a.setService({ key: 'identity', public: false });
    const none = await page('/status');
    expect(none.res.status).toBe(200);
    expect(none.text).toContain('Nothing is published here yet.');
    for (const word of ['Payments', HOSTILE, 'Search', NEUTRAL_TITLE]) expect(none.text).not.toContain(word);
  });
});
