import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Message } from '../../../src/messages/message.ts';
import { renderText } from '../../../adapters/console/render-text.ts';
import * as F from '../../fixtures/messages.ts';
import { incidentCard } from '../../../src/messages/views/incident-card.ts';
import { HOSTILE_SOURCE, incidentState, monitoredState } from '../../src/messages/view-helpers.ts';

const BERLIN = { timezone: 'Europe/Berlin', now: F.NOW };
const ESC = '\u001b';

describe('renderText without colour', () => {
  it('renders the incident card: underlined header, aligned fields, bars, action hints, context', () => {
    expect(renderText(F.incidentCard, BERLIN)).toBe(
      [
        'INC-42 · Card payments failing',
        '══════════════════════════════',
        'Service:   `payments`',
        'Priority:  P1',
        'Impact:    outage',
        'Status:    open',
        'Opened by: @Ana Lima',
        'Opened:    Wed 25 Nov 13:56 CET',
        'Acknowledge  [██████▏░░░] 62%  due 14:11 CET · in 6m',
        'Resolve      [▎░░░░░░░░░] 3%  due Wed 25 Nov 17:56 CET',
        'Actions: ack INC-42 · resolve INC-42 · pause INC-42',
        'INC-42 · Business hours (Europe/Berlin) · updated Wed 25 Nov 14:05 CET',
      ].join('\n'),
    );
  });

  it('renders every block and span kind', () => {
    expect(renderText(F.everyBlock, BERLIN)).toBe(
      [
        'All blocks',
        '══════════',
        'plain bold italic `code` docs (https://pacta.example/docs) @Ana Lima @Jonas Weber @operator Wed 25 Nov 14:05 CET',
        'A:          1',
        'Long label: two',
        '            lines',
        'Clock  [█████░░░░░] 50%  half way',
        'Actions: resume INC-3 · reopen INC-3',
        '─'.repeat(40),
        'small print',
        '• first',
        '• second item',
      ].join('\n'),
    );
  });

  it('aligns consecutive progress bars and shows overspent budgets as a full bar past 100 %', () => {
    const out = renderText(F.digest, BERLIN).split('\n');
    expect(out).toContain('payments budget  [███████░░░] 70%  30% of 43m 12s left');
    expect(out).toContain('checkout budget  [██████████] 130%  overspent by 13m');
    expect(out).toContain('search budget    [█░░░░░░░░░] 10%');
  });

  it('never shows a full bar or 100 % before the target is reached', () => {
    const line = (fraction: number): string => renderText({ fallback: '', blocks: [{ type: 'progress', label: 'x', fraction, tone: 'danger', caption: '' }] }, BERLIN);
    expect(line(0.999)).toBe('x  [█████████▉] 99%');
    expect(line(1)).toBe('x  [██████████] 100%');
    expect(line(-0.2)).toBe('x  [░░░░░░░░░░] -20%');
    expect(line(Number.NaN)).toBe('x  [░░░░░░░░░░] n/a');
  });

  it('draws the bar from the figure beside it, in eighths of a cell rounded down like the figure', () => {
    const line = (fraction: number): string => renderText({ fallback: '', blocks: [{ type: 'progress', label: 'x', fraction, tone: 'warning', caption: '' }] }, BERLIN);
    // A 75 % warning reads 75 % in the bar too (seven and a half cells), not 70 %.
    expect(line(0.75)).toBe('x  [███████▌░░] 75%');
    expect(line(0.7399)).toBe('x  [███████▎░░] 73%');
    expect(line(0.9)).toBe('x  [█████████░] 90%');
    expect(line(0.02)).toBe('x  [▏░░░░░░░░░] 2%');
    expect(line(0.01)).toBe('x  [░░░░░░░░░░] 1%');
    expect(line(Number.POSITIVE_INFINITY)).toBe('x  [██████████] ∞%');
  });

  it('bar and figure agree for any fraction (property)', () => {
    const cells = { '█': 8, '▉': 7, '▊': 6, '▋': 5, '▌': 4, '▍': 3, '▎': 2, '▏': 1, '░': 0 } as Record<string, number>;
    fc.assert(
      fc.property(fc.double({ min: -0.5, max: 1.5, noNaN: true }), (fraction) => {
        const m = /\[(.{10})\] (-?\d+)%$/u.exec(renderText({ fallback: '', blocks: [{ type: 'progress', label: 'x', fraction, tone: 'neutral', caption: '' }] }, BERLIN));
        expect(m).not.toBeNull();
        const eighths = [...m![1]!].reduce((sum, ch) => sum + (cells[ch] ?? Number.NaN), 0);
        const figure = Number(m![2]);
        // Within one eighth of a cell (1.25 %) below the figure, never above it; full only from 100 %.
        expect(eighths).toBe(Math.max(0, Math.min(80, Math.floor((figure * 80) / 100))));
        expect(eighths === 80).toBe(figure >= 100);
      }),
      { numRuns: 2000 },
    );
  });

  it('indents continuation lines of list items', () => {
    expect(renderText({ fallback: '', blocks: [{ type: 'list', items: ['a\nb', 'c'] }] }, BERLIN)).toBe('• a\n  b\n• c');
  });

  it('shows user text as typed but strips terminal control sequences', () => {
    const out = renderText(F.hostile, BERLIN);
    expect(out.split('\n')[0]).toBe('INC-7 <script>& *bold* _it_');
    expect(out).toContain('<script>alert(1)</script> & *bold* _it_ ~gone~ `code` <!channel>');
    expect(out).not.toContain(ESC);
    expect(out).toContain('*Label*: > quoted\n         - item');
  });

  it('falls back to the fallback text for a message without blocks', () => {
    expect(renderText({ fallback: 'Nothing to show', blocks: [] }, BERLIN)).toBe('Nothing to show');
  });

  it('produces no ANSI codes without colour, for any fixture and any text', () => {
    for (const m of Object.values(F.ALL_MESSAGES)) expect(renderText(m, BERLIN)).not.toContain(ESC);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const m: Message = { fallback: s, blocks: [{ type: 'header', text: s, tone: 'danger' }, { type: 'text', text: [s, { bold: s }] }, { type: 'context', text: s }] };
        expect(renderText(m, BERLIN)).not.toContain(ESC);
      }),
    );
  });
});

describe('renderText with colour', () => {
  const out = renderText(F.incidentCard, { ...BERLIN, color: true });
  const lines = out.split('\n');

  it('makes the header bold, underlined and coloured by tone, without an ASCII underline', () => {
    expect(lines[0]).toBe(`${ESC}[31m${ESC}[1m${ESC}[4mINC-42 · Card payments failing${ESC}[24m${ESC}[22m${ESC}[39m`);
    expect(out).not.toContain('═');
  });

  it('colours bars by tone', () => {
    expect(lines).toContain(`Acknowledge  ${ESC}[33m[██████▏░░░] 62%${ESC}[39m  due 14:11 CET · in 6m`);
    expect(out).toContain(`${ESC}[32m[▎░░░░░░░░░] 3%${ESC}[39m`);
  });

  it('dims context and highlights actions', () => {
    expect(lines.at(-1)).toBe(`${ESC}[2mINC-42 · Business hours (Europe/Berlin) · updated Wed 25 Nov 14:05 CET${ESC}[22m`);
    expect(lines.at(-2)).toBe(`${ESC}[36mActions: ack INC-42 · resolve INC-42 · pause INC-42${ESC}[39m`);
  });

  it('keeps fields aligned: padding is counted without escape codes', () => {
    expect(lines[1]).toBe(`${ESC}[1mService:  ${ESC}[22m ${ESC}[36mpayments${ESC}[39m`);
    expect(lines[5]).toBe(`${ESC}[1mOpened by:${ESC}[22m @Ana Lima`);
  });

  it('still strips escape sequences that come from user text', () => {
    const hostile = renderText(F.hostile, { ...BERLIN, color: true });
    expect(hostile).not.toContain(`${ESC}[2J`);
  });
});

describe('renderText times', () => {
  const at = new Date('2026-11-25T13:05:00Z');
  const one = (span: Message['blocks'][number], opts: Parameters<typeof renderText>[1]): string => renderText({ fallback: '', blocks: [span] }, opts);

  it("shows times in the reader's zone, with the zone named", () => {
    const span = { type: 'text' as const, text: { time: at, zone: 'Europe/Berlin' } };
    expect(one(span, { timezone: 'Europe/Berlin' })).toBe('Wed 25 Nov 14:05 CET');
    expect(one(span, { timezone: 'America/New_York' })).toBe('Wed 25 Nov 08:05 EST');
    expect(one(span, { timezone: 'UTC' })).toBe('Wed 25 Nov 13:05 UTC');
    expect(one(span, { timezone: 'Asia/Tokyo' })).toBe('Wed 25 Nov 22:05 UTC+9');
  });

  it("falls back to the span's zone when the reader's zone is not valid", () => {
    expect(one({ type: 'text', text: { time: at, zone: 'America/New_York' } }, { timezone: 'Mars/Olympus' })).toBe('Wed 25 Nov 08:05 EST');
  });

  it('names summer time as such', () => {
    expect(one({ type: 'text', text: { time: new Date('2026-07-01T10:00:00Z'), zone: 'UTC', style: 'time' } }, { timezone: 'Europe/Berlin' })).toBe('12:00 CEST');
  });

  it('shows relative times against now, and absolute ones without a now', () => {
    const rel = (d: Date): Message['blocks'][number] => ({ type: 'text', text: { time: d, zone: 'Europe/Berlin', style: 'relative' } });
    expect(one(rel(new Date(at.getTime() + 125 * 60_000)), { timezone: 'Europe/Berlin', now: at })).toBe('in 2h 5m');
    expect(one(rel(new Date(at.getTime() - 3 * 60_000)), { timezone: 'Europe/Berlin', now: at })).toBe('3m ago');
    expect(one(rel(at), { timezone: 'Europe/Berlin', now: at })).toBe('now');
    expect(one(rel(at), { timezone: 'Europe/Berlin' })).toBe('Wed 25 Nov 14:05 CET');
  });

  it('shows users without a name by id, and links whose label is the URL once', () => {
    const text = renderText({ fallback: '', blocks: [{ type: 'text', text: [{ user: { platform: 'slack', id: 'U1' } }, ' ', { link: 'https://x.example', url: 'https://x.example' }] }] }, BERLIN);
    expect(text).toBe('@U1 https://x.example');
  });
});

describe('renderText: links and the card of an incident monitoring opened', () => {
  it('shows links as `label: url`, one a line, only links a button may open', () => {
    const lines = renderText(F.links, BERLIN).split('\n');
    expect(lines.slice(2, 7)).toEqual([
      'Source: https://prometheus.example/graph?g0.expr=up%7Bjob%3D%22api%22%7D',
      'Runbook: https://runbooks.example/payments',
      'https://grafana.example/d/abc',
      `${'L'.repeat(200)}: https://long.example/`,
      'Ask @here <!channel>: https://ask.example/',
    ]);
    expect(lines).toHaveLength(2 + 5 + 30);
    expect(lines.at(-1)).toBe('Dashboard 30: https://grafana.example/d/30');
    expect(lines.join('\n')).not.toMatch(/javascript:|s3cret|Relative|Huge/);
  });

  it('underlines the URL with colour', () => {
    expect(renderText({ fallback: '', blocks: [{ type: 'links', links: [{ label: 'Runbook', url: 'https://r.example/' }] }] }, { ...BERLIN, color: true })).toBe(`Runbook: ${ESC}[4mhttps://r.example/${ESC}[24m`);
  });

  it('shows integration, alerts firing, labels, description and links', () => {
    const out = renderText(incidentCard(monitoredState(), BERLIN), BERLIN).split('\n');
    const from = out.findIndex((l) => l.startsWith('From '));
    expect(out.slice(from, from + 5)).toEqual([
      'From alertmanager-prod · 3 alerts firing · last delivery Mon 23 Nov 10:01 CET',
      '`alertname=HighErrorRate` · `service=payments` · `severity=critical` · `cluster=eu-1`',
      'Error rate above 5% for 10 minutes on the card gateway.',
      'Source: https://prometheus.example/graph?g0.expr=rate(http_errors_total%5B5m%5D)&g0.tab=1',
      'Runbook: https://runbooks.example/payments/high-error-rate',
    ]);
  });

  it('shows hostile labels and descriptions as typed, without terminal escapes, 10 KB values cut', () => {
    const out = renderText(incidentCard(monitoredState(HOSTILE_SOURCE), BERLIN), { ...BERLIN, color: true });
    expect(out).not.toContain(`${ESC}[2J`);
    expect(out).not.toContain(`${ESC}]0;`);
    expect(out).not.toContain('\u0007');
    expect(out).not.toContain('javascript:');
    expect(out).toContain('<!channel> *prod* <at>Boss</at>');
    expect(out).toContain('owner=bob U0CAROL');
    for (const line of out.split('\n')) expect(line.length).toBeLessThan(3200);
    expect(out).not.toContain('v'.repeat(100));
    expect(out).not.toContain('d'.repeat(600));
  });

  it('shows a card without a source as before', () => {
    const out = renderText(incidentCard(incidentState([], 5), BERLIN), BERLIN);
    expect(out).not.toMatch(/^(From |Source: |Runbook: )/m);
    expect(out.split('\n')).toHaveLength(11);
  });
});
