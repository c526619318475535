import { describe, expect, it } from 'vitest';
import { parseWeeklyHours } from '../../../src/calendar/validate.ts';
import { formatWeeklyHours, incidentsList, listMessage, servicesList, subscriptionsList } from '../../../src/messages/views/lists.ts';
import { plain } from '../../../src/messages/views/plain.ts';
import { at, timesOf } from './view-helpers.ts';

describe('lists', () => {
  it('weekly hours read back the way calendar add writes them', () => {
    for (const spec of ['mon-fri 09:00-17:00', 'mon-fri 08:00-12:00,13:00-18:00; sat 10:00-14:00', 'mon 09:00-17:00; wed 09:00-17:00', 'fri 23:00-07:00', '24x7']) {
      expect(formatWeeklyHours(parseWeeklyHours(spec))).toBe(spec);
    }
  });

  it('long lists are chunked for section limits and capped, with the rest counted', () => {
    const services = Array.from({ length: 250 }, (_, i) => ({ key: `svc-${i}`, name: `Service ${i}`, calendar: null, objective: null, degradedWeight: 0.5 }));
    const m = servicesList(services);
    const lists = m.blocks.filter((b) => b.type === 'list');
    expect(lists).toHaveLength(5);
    for (const l of lists) expect(l.type === 'list' && l.items.length).toBe(20);
    const last = m.blocks.at(-1);
    expect(last?.type === 'context' && plain(last.text)).toBe('…and 150 more — status <service> shows one.');
    expect(m.fallback.split('\n')).toHaveLength(12);
    expect(m.blocks.length).toBeLessThan(10);
  });

  it('an empty list says what to do, with commands as code', () => {
    const m = listMessage('Things', [], { empty: 'Nothing yet. `thing add x` adds one.' });
    expect(m.blocks[1]).toEqual({ type: 'text', text: ['Nothing yet. ', { code: 'thing add x' }, ' adds one.'] });
    expect(m.fallback).toBe('Things: Nothing yet. `thing add x` adds one.');
  });

  it('subscriptions name this channel and the digest with its zone', () => {
    const m = subscriptionsList(
      [{ id: 1, channel: { platform: 'slack', id: 'C1' }, services: ['payments'], allServices: false, digestSpec: 'daily@09:00', digestCron: '0 9 * * *', timezone: 'Europe/Berlin', createdBy: { platform: 'slack', id: 'U1' }, createdAt: new Date('2026-11-01T00:00:00Z') }],
      { current: { platform: 'slack', id: 'C1' } },
    );
    expect(m.fallback).toBe('Subscriptions (1)\nthis channel · payments · digest daily@09:00 (Europe/Berlin)');
  });

  it('incidents show clocks with due times in the reader\'s zone', () => {
    const m = incidentsList(
      {
        now: at(0),
        more: false,
        incidents: [{
          incident: { number: 4, serviceKey: 'payments', priority: 'P2', title: 'Slow', impact: 'degraded', impactStart: at(0), status: 'open', openedAt: at(0), openedBy: { platform: 'slack', id: 'U1' }, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null, channel: null },
          clocks: [{ kind: 'ack', targetMs: 3_600_000, elapsedMs: 900_000, percent: 25, state: 'running', running: true, dueAt: at(60), breachedAt: null, calendar: '24x7' }],
        }],
      },
      { timezone: 'Asia/Tokyo', all: false, serviceKey: null },
    );
    expect(m.fallback).toBe('Open incidents (1)\nINC-4 · P2 · payments · Slow · open · ack 25%, due Mon 23 Nov 19:00 UTC+9');
    expect(timesOf(m).map((t) => t.zone)).toEqual(['Asia/Tokyo']);
  });
});
