import { describe, expect, it } from 'vitest';
import type { Block } from '../../../src/messages/message.ts';
import { incidentCard } from '../../../src/messages/views/incident-card.ts';
import { incidentDetail } from '../../../src/messages/views/incident-detail.ts';
import { DESCRIPTION_MAX, LABEL_NAME_MAX, LABEL_VALUE_MAX, SOURCE_LABELS_SHOWN } from '../../../src/messages/views/monitoring-source.ts';
import { plain } from '../../../src/messages/views/plain.ts';
import { at, incidentState, monitoredState, spansOf, timesOf } from './view-helpers.ts';

const ZONE = 'Europe/Berlin';
const card = (s: ReturnType<typeof incidentState>) => incidentCard(s, { timezone: ZONE });
const buttons = (blocks: Block[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.buttons.map((x) => `${x.label}:${x.action.id}:${x.action.incident}`));
const progress = (blocks: Block[]) => blocks.filter((b): b is Extract<Block, { type: 'progress' }> => b.type === 'progress');

describe('the incident card', () => {
  it('offers the actions each status allows', () => {
    expect(buttons(card(incidentState([], 5)).blocks)).toEqual(['Acknowledge:ack:1', 'Resolve:resolve:1', 'Pause:pause:1']);
    expect(buttons(card(incidentState([{ kind: 'acknowledged', min: 3 }], 5)).blocks)).toEqual(['Resolve:resolve:1', 'Pause:pause:1']);
    expect(buttons(card(incidentState([{ kind: 'paused', min: 3 }], 5)).blocks)).toEqual(['Acknowledge:ack:1', 'Resolve:resolve:1', 'Resume:resume:1']);
    expect(buttons(card(incidentState([{ kind: 'acknowledged', min: 2 }, { kind: 'paused', min: 3 }], 5)).blocks)).toEqual(['Resolve:resolve:1', 'Resume:resume:1']);
    expect(buttons(card(incidentState([{ kind: 'resolved', min: 3 }], 5)).blocks)).toEqual(['Reopen:reopen:1']);
    expect(buttons(card(incidentState([{ kind: 'resolved', min: 3 }, { kind: 'reopened', min: 4 }], 5)).blocks)).toEqual(['Acknowledge:ack:1', 'Resolve:resolve:1', 'Pause:pause:1']);
  });

  it('has a header with tone by state and the key facts', () => {
    const fresh = card(incidentState([], 5));
    expect(fresh.blocks[0]).toEqual({ type: 'header', text: 'INC-1 · P1 · Card payments failing', tone: 'danger' });
    expect(card(incidentState([{ kind: 'acknowledged', min: 3 }], 5)).blocks[0]).toMatchObject({ tone: 'warning' });
    expect(card(incidentState([{ kind: 'acknowledged', min: 3 }, { kind: 'resolved', min: 9 }], 10)).blocks[0]).toMatchObject({ tone: 'good' });
    // A breached clock makes an acknowledged incident red again.
    expect(card(incidentState([{ kind: 'acknowledged', min: 20 }], 30)).blocks[0]).toMatchObject({ tone: 'danger' });
    const fields = fresh.blocks.find((b) => b.type === 'fields');
    expect(fields?.type === 'fields' && fields.fields.map((f) => f.label)).toEqual(['Service', 'Status', 'Impact', 'Opened', 'Acknowledged']);
  });

  it('shows one progress line per clock: due time in the reader\'s zone, pause reason, met, breached', () => {
    const running = progress(card(incidentState([], 12)).blocks);
    expect(running.map((p) => [p.label, p.tone, p.fraction])).toEqual([['Acknowledge', 'warning', 0.8], ['Resolve', 'neutral', 0.05]]);
    expect(running[0]!.caption).toEqual(['12m of 15m · 80% · due ', { time: at(15), zone: ZONE, style: 'datetime' }]);

    const paused = progress(card(incidentState([{ kind: 'acknowledged', min: 5 }, { kind: 'paused', min: 30, text: 'waiting on the card network' }], 90)).blocks);
    expect(paused[0]!.caption).toEqual(['met · 5m of 15m · 33%']);
    expect(paused[0]!.tone).toBe('good');
    expect(paused[1]!.caption).toEqual(['30m of 4h · 12% · paused since ', { time: at(30), zone: ZONE, style: 'datetime' }, ' (waiting on the card network)']);

    const breached = progress(card(incidentState([], 20)).blocks)[0]!;
    expect(breached.tone).toBe('danger');
    expect(breached.fraction).toBeCloseTo(20 / 15);
    expect(breached.caption).toEqual(['BREACHED · 20m of 15m · 133%', ' since ', { time: new Date(at(15).getTime() + 1), zone: ZONE, style: 'datetime' }]);
  });

  it('names the last timeline event and has a fallback that reads alone', () => {
    const m = card(incidentState([{ kind: 'acknowledged', min: 5 }, { kind: 'paused', min: 30, text: 'waiting on the card network' }], 90));
    const context = m.blocks.filter((b) => b.type === 'context').at(-1);
    expect(context).toEqual({ type: 'context', text: ['Last: ', { time: at(30), zone: ZONE, style: 'datetime' }, ' · ', { user: { platform: 'slack', id: 'U0BOB', name: 'bob' } }, ' paused', ' — waiting on the card network'] });
    expect(m.fallback).toBe('INC-1 · P1 · Card payments failing · payments, paused · Acknowledge: met · 5m of 15m · 33% · Resolve: 30m of 4h · 12% · paused since Mon 23 Nov 10:30 CET (waiting on the card network)');
  });

  it('cuts a long title to fit a header', () => {
    const s = incidentState([], 1);
    s.incident.title = 'x'.repeat(200);
    const header = card(s).blocks[0]!;
    expect(header.type === 'header' && header.text.length).toBe(150);
  });

  it('every time it shows carries the reader\'s zone, in the card and the detail', () => {
    const s = incidentState([{ kind: 'acknowledged', min: 5 }, { kind: 'paused', min: 30, text: 'vendor' }, { kind: 'resumed', min: 60 }], 70);
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo']) {
      for (const m of [incidentCard(s, { timezone: zone }), incidentDetail(s, { timezone: zone })]) {
        const times = timesOf(m);
        expect(times.length).toBeGreaterThan(2);
        for (const t of times) expect(t.zone).toBe(zone);
      }
    }
    expect(incidentCard(s, { timezone: 'America/New_York' }).fallback).toContain('Resolve: 40m of 4h · 16% · due Mon 23 Nov 08:30 EST');
  });
});

describe('the incident detail', () => {
  it('explains why the resolve clock paused and when it restarted, with the full timeline', () => {
    const s = incidentState([{ kind: 'acknowledged', min: 5 }, { kind: 'paused', min: 30, text: 'waiting on the card network' }, { kind: 'resumed', min: 150 }], 160);
    const m = incidentDetail(s, { timezone: ZONE });
    const texts = m.blocks.filter((b) => b.type === 'text').map((b) => (b.type === 'text' ? b.text : ''));
    const resolve = texts.find((t) => Array.isArray(t) && JSON.stringify(t).includes('Resolve clock'));
    expect(resolve).toEqual([
      { bold: 'Resolve clock' }, ': target 4h, counted around the clock (24x7).', ' Counted ',
      'from ', { time: at(0), zone: ZONE, style: 'datetime' }, ' to ', { time: at(30), zone: ZONE, style: 'datetime' },
      ' and ', 'since ', { time: at(150), zone: ZONE, style: 'datetime' }, '.',
      ' Due ', { time: at(360), zone: ZONE, style: 'datetime' }, ' if it keeps counting.',
    ]);
    const list = m.blocks.find((b) => b.type === 'list');
    expect(list?.type === 'list' && list.items.map((i) => plain(i))).toEqual([
      'Mon 23 Nov 10:00 CET · alice opened — Card payments failing (both clocks start)',
      'Mon 23 Nov 10:05 CET · bob acknowledged (acknowledge clock stops)',
      'Mon 23 Nov 10:30 CET · bob paused — waiting on the card network (resolve clock paused)',
      'Mon 23 Nov 12:30 CET · bob resumed (resolve clock restarts)',
    ]);
  });

  it('stays inside platform limits with a long timeline', () => {
    const steps = Array.from({ length: 200 }, (_, i) => ({ kind: 'note' as const, min: i + 1, text: `update ${i}` }));
    const m = incidentDetail(incidentState(steps, 300), { timezone: ZONE });
    const list = m.blocks.find((b) => b.type === 'list');
    expect(list?.type === 'list' && list.items.length).toBe(25);
    expect(m.blocks.length).toBeLessThan(20);
    expect(JSON.stringify(m.blocks)).toContain('176 earlier events not shown.');
  });
});

describe('the incident card of an incident monitoring opened', () => {
  const texts = (blocks: Block[]) => blocks.filter((b) => b.type === 'text').map((b) => (b.type === 'text' ? plain(b.text) : ''));
  const links = (blocks: Block[]) => blocks.filter((b) => b.type === 'links').flatMap((b) => (b.type === 'links' ? b.links : []));

  it('shows where it comes from after the clocks: integration and alerts firing, labels, description, Source and Runbook links', () => {
    const m = card(monitoredState());
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'fields', 'progress', 'progress', 'text', 'text', 'text', 'links', 'context', 'actions']);
    expect(m.blocks[4]).toEqual({ type: 'text', text: ['From ', { bold: 'alertmanager-prod' }, ' · 3 alerts firing', ' · last delivery ', { time: at(1), zone: ZONE, style: 'datetime' }] });
    expect(m.blocks[5]).toEqual({
      type: 'text',
      text: [{ code: 'alertname=HighErrorRate' }, ' · ', { code: 'service=payments' }, ' · ', { code: 'severity=critical' }, ' · ', { code: 'cluster=eu-1' }],
    });
    expect(m.blocks[6]).toEqual({ type: 'text', text: 'Error rate above 5% for 10 minutes on the card gateway.' });
    expect(m.blocks[7]).toEqual({
      type: 'links',
      links: [
        { label: 'Source', url: 'https://prometheus.example/graph?g0.expr=rate(http_errors_total%5B5m%5D)&g0.tab=1' },
        { label: 'Runbook', url: 'https://runbooks.example/payments/high-error-rate' },
      ],
    });
    expect(m.fallback).toBe('INC-1 · P1 · Card payments failing · payments, open, not acknowledged · Acknowledge: 5m of 15m · 33% · due Mon 23 Nov 10:15 CET · Resolve: 5m of 4h · 2% · due Mon 23 Nov 14:00 CET · From alertmanager-prod · 3 alerts firing');
  });

  it('counts the alerts firing, and says when all are resolved', () => {
    expect(texts(card(monitoredState({ firing: 1 })).blocks)[0]).toMatch(/^From alertmanager-prod · 1 alert firing · /);
    expect(texts(card(monitoredState({ firing: 0 })).blocks)[0]).toMatch(/^From alertmanager-prod · all alerts resolved · /);
  });

  it('offers only the links it has, and none without URLs; no labels or description line when there are none', () => {
    expect(links(card(monitoredState({ sourceUrl: null })).blocks).map((l) => l.label)).toEqual(['Runbook']);
    expect(links(card(monitoredState({ runbookUrl: null })).blocks).map((l) => l.label)).toEqual(['Source']);
    const bare = card(monitoredState({ sourceUrl: null, runbookUrl: null, labels: [], description: '  \n ' }));
    expect(bare.blocks.map((b) => b.type)).toEqual(['header', 'fields', 'progress', 'progress', 'text', 'context', 'actions']);
  });

  it(`shows at most ${SOURCE_LABELS_SHOWN} labels on one line each, counting the rest, with names and values cut`, () => {
    const labels: Array<[string, string]> = Array.from({ length: 12 }, (_, i) => [`label${i}`, `value ${i}`]);
    labels[0] = ['n'.repeat(500), 'v'.repeat(10_000)];
    labels[1] = ['multi', 'line one\n\n- line two\r\n'];
    const line = card(monitoredState({ labels })).blocks[5]!;
    expect(line.type === 'text' && Array.isArray(line.text) && line.text.filter((s) => typeof s === 'object').length).toBe(SOURCE_LABELS_SHOWN);
    const text = texts([line])[0]!;
    expect(text.endsWith(' · +4 more')).toBe(true);
    expect(text).toContain(`${'n'.repeat(LABEL_NAME_MAX - 1)}…=${'v'.repeat(LABEL_VALUE_MAX - 1)}…`);
    expect(text).toContain('multi=line one - line two');
    expect(text).not.toContain('\n');
    expect(text).not.toContain('label8');
  });

  it('cuts a long description, folds blank lines, and names people instead of mentioning them', () => {
    const long = texts(card(monitoredState({ description: 'd'.repeat(10_000) })).blocks)[2]!;
    expect(long).toHaveLength(DESCRIPTION_MAX);
    expect(long.endsWith('d…')).toBe(true);
    const lines = texts(card(monitoredState({ description: 'one\r\n\n\n\ntwo\n3\n4\n5\n6\n7\n8' })).blocks)[2];
    expect(lines).toBe('one\n\ntwo\n3\n4\n5…');
    const m = card(monitoredState({ integration: 'am <@U0BOB|bob>', description: 'ask <@U0BOB|bob> or <@U0CAROL> <!channel> @here *now*', labels: [['owner', '<@U0BOB>']] }));
    const source = m.blocks.slice(4, 7);
    expect(texts(source)).toEqual([expect.stringMatching(/^From am bob · 3 alerts firing/), 'owner=U0BOB', 'ask bob or U0CAROL <!channel> @here *now*']);
    // Only the opener (in the Last line) is a person; nothing from the webhook becomes a mention.
    expect(spansOf({ fallback: '', blocks: source }).filter((s) => typeof s === 'object' && 'user' in s)).toEqual([]);
  });

  it('renders a card without a source exactly as before', () => {
    const s = incidentState([{ kind: 'acknowledged', min: 3 }], 5);
    const before = card(s);
    expect(card({ ...s, source: null })).toEqual(before);
    expect(before.blocks.some((b) => b.type === 'links')).toBe(false);
    expect(JSON.stringify(before)).not.toContain('From ');
  });

  it('shows the source in the incident detail too', () => {
    const m = incidentDetail(monitoredState(), { timezone: ZONE });
    expect(links(m.blocks).map((l) => l.label)).toEqual(['Source', 'Runbook']);
    expect(texts(m.blocks)).toContain('alertname=HighErrorRate · service=payments · severity=critical · cluster=eu-1');
    expect(m.fallback).toContain(' · From alertmanager-prod · 3 alerts firing · 1 event in the timeline');
    expect(incidentDetail({ ...monitoredState(), source: null }, { timezone: ZONE })).toEqual(incidentDetail(incidentState([], 5), { timezone: ZONE }));
  });
});
