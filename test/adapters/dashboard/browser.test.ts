/**
 * The dashboard in a real browser (headless Chromium through playwright-core): the overview, a link
 * followed to a service and from there to an incident, and the public page — at desktop (1280×800) and
 * phone (375×740) widths — with the figures checked against the use cases, axe finding no serious or
 * critical violation on any page, the CSP blocking nothing the page needs, and no sideways scrolling on
 * the phone. Screenshots go to $PACTA_SCREENSHOTS when it names a folder (the README uses
 * dashboard-overview.png, dashboard-service.png and dashboard-phone.png), else to a temporary folder.
 *
 * Without /usr/bin/chromium the file is skipped, saying why — unless PACTA_REQUIRE_BROWSER=1 (CI), where a
 * missing browser fails it. One browser for the whole file; the server binds 127.0.0.1.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessChartImages } from '../../../adapters/charts/images.ts';
import { formatIncidentRef } from '../../../src/domain/incident-id.ts';
import { availabilityText, budgetText } from '../../../src/messages/views/service-line.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/databases.ts';
import { dashboardDeps, seedDashboardEstate, serveDashboard, tokenFor, type Estate, type Served } from './estate.ts';

const CHROMIUM = '/usr/bin/chromium';
const REQUIRED = process.env.PACTA_REQUIRE_BROWSER === '1';
const MISSING = !existsSync(CHROMIUM);
if (MISSING && REQUIRED) throw new Error(`PACTA_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: install Debian's chromium package.`);

const SHOTS = process.env.PACTA_SCREENSHOTS || mkdtempSync(join(tmpdir(), 'pacta-shots-'));
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 375, height: 740 },
] as const;

describe.skipIf(MISSING)(`dashboard in a browser${MISSING ? ` (skipped: ${CHROMIUM} is missing; CI sets PACTA_REQUIRE_BROWSER=1)` : ''}`, () => {
  let db: TestDatabase;
  let estate: Estate;
  let served: Served;
  let browser: Browser;
  let token = '';
  const charts = inProcessChartImages();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await openTestDatabase('pglite');
    estate = await seedDashboardEstate(db.store, { hostile: false });
    served = await serveDashboard(dashboardDeps(estate, charts));
    token = await tokenFor(estate);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.server.stop();
    await charts.close();
    await db?.close();
  });

  /** Serious and critical axe findings, as `rule: target` lines. */
  async function axe(page: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page }).analyze();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  }

  async function noSidewaysScroll(page: Page): Promise<number> {
    // A string, evaluated in the page: the project's TypeScript has no DOM types.
    return Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
  }

  for (const vp of VIEWPORTS) {
    it(`${vp.name}: overview → service → incident, and the public page: figures, axe, layout`, async () => {
      const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
      const page = await context.newPage();
      // The CSP must block nothing the pages use: any violation is reported on the console.
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      try {
        await page.goto(`${served.base}/dashboard/${token}/`);
        expect(await page.locator('h1').textContent()).toBe('Status · 3 services');
        const overview = await estate.queries.overview();
        const body = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
        for (const s of overview.services) {
          if (!s.objective) continue;
          expect(body).toContain(availabilityText(s.objective));
          expect(body).toContain(budgetText(s.objective));
        }
        expect(await axe(page)).toEqual([]);
        expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(SHOTS, vp.name === 'phone' ? 'dashboard-phone.png' : 'dashboard-overview.png'), fullPage: vp.name === 'desktop' });

        // Follow the link to payments, as a person would.
        await Promise.all([page.waitForURL(/\/services\/payments$/), page.getByRole('link', { name: 'payments · Payments API' }).click()]);
        expect(await page.locator('h1').textContent()).toBe('payments · Payments API');
        const status = await estate.queries.service('payments');
        const serviceText = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
        expect(serviceText).toContain(availabilityText(status.objective!));
        // Both charts drawn, each with its words.
        const images = (await page.evaluate("[...document.querySelectorAll('figure.chart img')].map((e) => ({ alt: e.alt, drawn: e.complete && e.naturalWidth > 0 }))")) as Array<{ alt: string; drawn: boolean }>;
        expect(images.length).toBe(2);
        for (const img of images) {
          expect(img.alt.length).toBeGreaterThan(20);
          expect(img.drawn).toBe(true);
        }
        expect(await axe(page)).toEqual([]);
        expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(SHOTS, vp.name === 'phone' ? 'dashboard-service-phone.png' : 'dashboard-service.png'), fullPage: true });

        // And on to the open incident.
        const ref = formatIncidentRef(estate.open);
        await Promise.all([page.waitForURL(new RegExp(`/incidents/${estate.open}$`)), page.getByRole('link', { name: ref }).first().click()]);
        expect(await page.locator('h1').textContent()).toContain(ref);
        const state = await estate.incidents.get(estate.open);
        const incidentText = await page.locator('main').innerText();
        expect(incidentText).toContain(state.incident.title);
        expect(await page.locator('ol.timeline li').count()).toBe(state.events.length);
        expect(await axe(page)).toEqual([]);
        expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
        if (vp.name === 'desktop') await page.screenshot({ path: join(SHOTS, 'dashboard-incident.png'), fullPage: true });

        // The zone picker works without script: choose, submit, the page is in that zone.
        await page.selectOption('#tz', 'Asia/Tokyo');
        await Promise.all([page.waitForURL(/\?tz=Asia%2FTokyo$/), page.getByRole('button', { name: 'Show' }).click()]);
        expect(await page.locator('footer').innerText()).toContain('times in Asia/Tokyo');

        await page.goto(`${served.base}/status`);
        expect(await page.locator('h1').textContent()).toBe('Status');
        const publicText = await page.locator('main').innerText();
        expect(publicText).toContain('Payments API');
        expect(publicText).not.toContain('Search');
        expect(await axe(page)).toEqual([]);
        expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(SHOTS, vp.name === 'phone' ? 'status-phone.png' : 'status.png'), fullPage: true });
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
