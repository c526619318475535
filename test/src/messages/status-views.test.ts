import { describe, expect, it } from 'vitest';
import type { Service } from '../../../src/domain/service.ts';
import type { Message } from '../../../src/messages/message.ts';
import { plain } from '../../../src/messages/views/plain.ts';
import { reportView } from '../../../src/messages/views/report.ts';
import { serviceStatus } from '../../../src/messages/views/service-status.ts';
import { statusOverview } from '../../../src/messages/views/status-overview.ts';
import type { Report } from '../../../src/model/report.ts';
import type { Health, ServiceObjectiveStatus, ServiceStatus, StatusOverview } from '../../../src/model/status.ts';
import { at, timesOf } from './view-helpers.ts';

const ZONE = 'Europe/Berlin';
const NOW = at(0);
const BUDGET = 2_592_000; // 43m 12s: 99.9 % of 30 days

function service(key: string): Service {
  return { key, name: key, calendar: null, objective: { target: 0.999, window: '30d' }, degradedWeight: 0.5 };
}

function objective(downtimeMs: number, burn: ServiceObjectiveStatus['burn'] = null): ServiceObjectiveStatus {
  return {
    target: 0.999, window: '30d', burn, availability: 1 - downtimeMs / (30 * 86_400_000), downtimeMs, measuredMs: 30 * 86_400_000,
    budgetMs: BUDGET, remainingMs: BUDGET - downtimeMs, remainingFraction: 1 - downtimeMs / BUDGET, consumedFraction: downtimeMs / BUDGET,
  };
}

function status(key: string, health: Health, i: number): ServiceStatus {
  const breached = health === 'breached';
  return {
    service: service(key),
    health,
    reasons: breached ? ['error budget exhausted'] : health === 'at_risk' ? ['1 open incident'] : [],
    objective: objective(breached ? BUDGET + 60_000 * (i + 1) : health === 'at_risk' ? 600_000 : 0),
    open: [],
    openCount: health === 'healthy' ? 0 : 1,
    nearest: health === 'healthy' ? null : { incident: i + 1, kind: 'resolve', dueAt: at(30 + i), breached },
  };
}

/** 1,000 services: 40 breached, 25 at risk, 935 healthy, worst first as the use case sorts them. */
function estate(breached = 40, atRisk = 25, healthy = 935): StatusOverview {
  const services = [
    ...Array.from({ length: breached }, (_, i) => status(`svc-b${String(i).padStart(3, '0')}`, 'breached', i)),
    ...Array.from({ length: atRisk }, (_, i) => status(`svc-r${String(i).padStart(3, '0')}`, 'at_risk', i)),
    ...Array.from({ length: healthy }, (_, i) => status(`svc-h${String(i).padStart(3, '0')}`, 'healthy', i)),
  ];
  return { now: NOW, services, counts: { breached, at_risk: atRisk, healthy } };
}

const text = (m: Message): string[] => m.blocks.flatMap((b) => (b.type === 'list' ? b.items.map((i) => `• ${plain(i)}`) : b.type === 'text' || b.type === 'context' ? [plain(b.text)] : b.type === 'header' ? [b.text] : []));

describe('the status overview', () => {
  it('with 1,000 services: few blocks, every group capped, the healthy tail one line', () => {
    const m = statusOverview(estate(), { timezone: ZONE });
    expect(m.blocks.length).toBeLessThan(15);
    const lines = text(m);
    expect(lines[0]).toBe('Status · 1000 services');
    expect(lines[1]).toBe('40 breached · 25 at risk · 935 healthy · 65 open incidents');
    expect(lines).toContain('Breached (40)');
    expect(lines).toContain('…and 25 more breached — status <service> shows one.');
    expect(lines).toContain('…and 10 more at risk — status <service> shows one.');
    expect(lines).toContain('935 healthy services — within objective, no open incidents. status <service> shows one.');
    expect(lines.filter((l) => l.startsWith('• svc-b'))).toHaveLength(15);
    expect(lines.filter((l) => l.startsWith('• svc-r'))).toHaveLength(15);
    expect(lines.some((l) => l.includes('svc-h'))).toBe(false);
    // Worst first, with figures and the nearest breach.
    expect(lines).toContain('• svc-b000 · error budget exhausted · 99.89% of 99.9% · budget overspent by 1m (-3%) · 1 open incident · INC-1 resolve breached');
    expect(lines).toContain('• svc-r000 · 99.97% of 99.9% · 33m 12s budget left (76%) · 1 open incident · INC-1 resolve due Mon 23 Nov 10:30 CET');
    // Every list fits a Slack section (3,000 characters) and the fallback stays short.
    for (const b of m.blocks) if (b.type === 'list') expect(b.items.map((i) => plain(i)).join('\n').length).toBeLessThan(3000);
    expect(m.fallback).toBe('Status of 1000 services: 40 breached · 25 at risk · 935 healthy · 65 open incidents. Worst: svc-b000 (breached), svc-b001 (breached), svc-b002 (breached), svc-b003 (breached), svc-b004 (breached).');
  });

  it('the block count does not grow with the number of services', () => {
    const counts = [10, 100, 1000, 10_000].map((n) => statusOverview(estate(n, n, n), { timezone: ZONE }).blocks.length);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(Math.max(...counts)).toBeLessThan(15);
  });

  it('a few healthy services are listed by name; none at all says how to add one', () => {
    const lines = text(statusOverview(estate(0, 0, 3), { timezone: ZONE }));
    expect(lines).toEqual(['Status · 3 services', '0 breached · 0 at risk · 3 healthy · 0 open incidents', 'Healthy (3)', '• svc-h000 · 100.00% of 99.9% · 43m 12s budget left (100%)', '• svc-h001 · 100.00% of 99.9% · 43m 12s budget left (100%)', '• svc-h002 · 100.00% of 99.9% · 43m 12s budget left (100%)', 'As of Mon 23 Nov 10:00 CET']);
    expect(statusOverview({ now: NOW, services: [], counts: { breached: 0, at_risk: 0, healthy: 0 } }, { timezone: ZONE }).fallback).toMatch(/^No services yet/);
  });

  it('times carry the reader\'s zone', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York']) {
      const times = timesOf(statusOverview(estate(), { timezone: zone }));
      expect(times.length).toBeGreaterThan(10);
      for (const t of times) expect(t.zone).toBe(zone);
    }
  });
});

describe('one service\'s status', () => {
  it('shows objective, budget, burn rate and each open incident with its clocks, capped', () => {
    const s = status('payments', 'breached', 0);
    s.objective = objective(BUDGET + 5 * 60_000, 'page');
    s.open = Array.from({ length: 10 }, (_, i) => ({
      incident: { number: i + 1, serviceKey: 'payments', priority: 'P1', title: `Incident ${i + 1}`, impact: 'outage', impactStart: NOW, status: 'open', openedAt: NOW, openedBy: { platform: 'slack', id: 'U1' }, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null, channel: null },
      clocks: [{ kind: 'ack', targetMs: 900_000, elapsedMs: 600_000, percent: 66.6, state: 'running', running: true, dueAt: at(15), breachedAt: null, calendar: '24x7' }],
    }));
    s.openCount = 10;
    const m = serviceStatus(s, { timezone: 'America/New_York', now: NOW });
    const all = m.blocks.map((b) => JSON.stringify(b)).join('\n');
    expect(all).toContain('"label":"Burn rate","value":"fast burn: page (budget gone within days)"');
    expect(all).toContain('budget overspent by 5m (-12%), of 43m 12s');
    expect(m.blocks.filter((b) => b.type === 'progress' && b.label === 'Acknowledge')).toHaveLength(8);
    expect(all).toContain('…and 2 more — ');
    for (const t of timesOf(m)) expect(t.zone).toBe('America/New_York');
    expect(m.blocks.length).toBeLessThan(40);
    expect(m.fallback).toContain('INC-1 · Acknowledge 10m of 15m · 66% · due Mon 23 Nov 04:15 EST');
  });
});

describe('the report', () => {
  const stats = (opened: number, breaches: number) => ({ opened, resolved: opened, breaches, mttaMs: opened ? 300_000 : null, mttrMs: opened ? 7_200_000 : null, mttaBusinessMs: opened ? 300_000 : null, mttrBusinessMs: opened ? 3_600_000 : null });
  const report = (n: number): Report => ({
    from: at(-30 * 1440), to: NOW, period: '30d',
    services: Array.from({ length: n }, (_, i) => ({ service: service(`svc-${i}`), availability: i < 3 ? 0.998 : 0.9995, target: 0.999, met: i >= 3, stats: stats(i < 30 ? 2 : 0, i < 3 ? 1 : 0), breachedClocks: i < 3 ? 2 : 0 })),
    overall: { ...stats(60, 3), breachedClocks: 6 },
  });

  it('per service and overall: attainment, breaches, MTTA and MTTR wall-clock and business; misses first; quiet tail counted', () => {
    const m = reportView(report(1000), { timezone: ZONE });
    const lines = text(m);
    expect(lines[0]).toBe('Report · all services · last 30 days');
    expect(lines[1]).toBe('From Sat 24 Oct 11:00 CEST to Mon 23 Nov 10:00 CET');
    const fields = m.blocks.find((b) => b.type === 'fields');
    expect(fields?.type === 'fields' && fields.fields.map((f) => `${f.label}: ${plain(f.value)}`)).toEqual([
      'Objectives met: 997 of 1000 services', 'Incidents: 60 incidents opened, 60 resolved', 'Breaches: 3 breaches (6 clocks)', 'MTTA: 5m', 'MTTR: 2h (business 1h)',
    ]);
    expect(lines).toContain('• svc-0 · 99.80% of 99.9% ✗ missed · 2 incidents opened, 2 resolved · 1 breach (2 clocks) · MTTA 5m · MTTR 2h (business 1h)');
    expect(lines.filter((l) => l.startsWith('• '))).toHaveLength(20);
    expect(lines.at(-1)).toBe('…and 10 more with incidents — report <service> shows one · 970 services had no incidents and met their objective (if any)');
    expect(m.blocks.length).toBeLessThan(10);
    expect(m.fallback).toBe('Report · all services · last 30 days · 60 incidents opened, 60 resolved · 3 breaches (6 clocks) · MTTA 5m · MTTR 2h (business 1h)');
  });

  it('for one service, its availability against target', () => {
    const r = report(1);
    const m = reportView({ ...r, services: r.services }, { timezone: ZONE });
    expect(text(m)[0]).toBe('Report · svc-0 · last 30 days');
    expect(m.fallback).toContain('99.80% of 99.9% ✗ missed');
    for (const t of timesOf(m)) expect(t.zone).toBe(ZONE);
  });
});
