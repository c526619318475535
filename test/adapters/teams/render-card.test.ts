import { describe, it, expect } from 'vitest';
import { createRequire } from 'node:module';
import { CardFactory } from 'botbuilder';
import fc from 'fast-check';
import type { Message } from '../../../src/messages/message.ts';
import { BUTTON_ACTION_IDS } from '../../../src/messages/button-action.ts';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  CARD_BYTE_BUDGET,
  cardByteSize,
  decodeExecuteAction,
  renderCard,
  TEAMS_MESSAGE_BYTE_LIMIT,
  type ActionSetElement,
  type AdaptiveCardJson,
  type CardElement,
  type ColumnSetElement,
  type ExecuteAction,
  type OpenUrlAction,
  type FactSetElement,
  type TextBlockElement,
} from '../../../adapters/teams/render-card.ts';
import * as F from '../../fixtures/messages.ts';
import { incidentCard } from '../../../src/messages/views/incident-card.ts';
import { HOSTILE_SOURCE, incidentState, monitoredState } from '../../src/messages/view-helpers.ts';

// The package's ESM build imports files without extensions, which Node cannot load; its UMD bundle is
// the same library and needs no DOM to parse and validate cards.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** Every problem the Adaptive Cards library finds: parse events (bad values, unknown types) and validation. */
function cardProblems(card: AdaptiveCardJson): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  problems.push(...parsed.validateProperties().validationEvents.map((e) => e.message));
  return problems;
}

/** Every card a test produces goes through here: valid for the library, and within Teams' size limit. */
function render(m: Message): AdaptiveCardJson {
  const card = renderCard(m);
  expect(cardProblems(card)).toEqual([]);
  expect(cardByteSize(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
  expect(card.body.every((e) => JSON.stringify(e).length > 0)).toBe(true);
  return card;
}

const texts = (card: AdaptiveCardJson): TextBlockElement[] => card.body.filter((e): e is TextBlockElement => e.type === 'TextBlock');
const of = <T extends CardElement['type']>(card: AdaptiveCardJson, type: T): Array<Extract<CardElement, { type: T }>> =>
  card.body.filter((e): e is Extract<CardElement, { type: T }> => e.type === type);

describe('renderCard: the incident card', () => {
  const card = render(F.incidentCard);

  it('is an Adaptive Card 1.5, full width, with the fallback text', () => {
    expect(card).toMatchObject({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', msteams: { width: 'Full' }, fallbackText: F.incidentCard.fallback });
    expect(card.body.map((e) => e.type)).toEqual(['TextBlock', 'FactSet', 'ColumnSet', 'ColumnSet', 'ActionSet', 'TextBlock']);
  });

  it('renders the header large, bold, coloured by tone', () => {
    expect(card.body[0]).toEqual({ type: 'TextBlock', text: 'INC-42 · Card payments failing', wrap: true, size: 'Large', weight: 'Bolder', color: 'Attention', style: 'heading' });
  });

  it('renders fields as facts, with times as DATE/TIME functions', () => {
    expect((card.body[1] as FactSetElement).facts).toEqual([
      { title: 'Service', value: 'payments' },
      { title: 'Priority', value: '**P1**' },
      { title: 'Impact', value: 'outage' },
      { title: 'Status', value: 'open' },
      { title: 'Opened by', value: 'Ana Lima' },
      { title: 'Opened', value: '{{DATE(2026-11-25T12:56:00Z, SHORT)}} {{TIME(2026-11-25T12:56:00Z)}}' },
    ]);
  });

  it('renders each clock as label, tone-coloured bar and caption', () => {
    const ack = card.body[2] as ColumnSetElement;
    expect(ack.columns.map((c) => c.items[0]!.text)).toEqual([
      'Acknowledge',
      '██████░░░░ 62%',
      'due {{TIME(2026-11-25T13:11:00Z)}} · {{DATE(2026-11-25T13:11:00Z, SHORT)}} {{TIME(2026-11-25T13:11:00Z)}}',
    ]);
    expect(ack.columns[1]!.items[0]).toMatchObject({ color: 'Warning', fontType: 'Monospace' });
    expect((card.body[3] as ColumnSetElement).columns[1]!.items[0]).toMatchObject({ text: '░░░░░░░░░░ 3%', color: 'Good' });
  });

  it('renders buttons as Action.Execute with verb, data and style', () => {
    expect((card.body[4] as ActionSetElement).actions).toEqual([
      { type: 'Action.Execute', title: 'Acknowledge', verb: 'pacta.ack', data: { action: 'ack', incident: 42 }, style: 'positive' },
      { type: 'Action.Execute', title: 'Resolve', verb: 'pacta.resolve', data: { action: 'resolve', incident: 42 } },
      { type: 'Action.Execute', title: 'Pause', verb: 'pacta.pause', data: { action: 'pause', incident: 42 }, style: 'destructive' },
    ]);
  });

  it('renders context small and subtle', () => {
    expect(card.body[5]).toMatchObject({ type: 'TextBlock', isSubtle: true, size: 'Small', wrap: true });
  });
});

describe('renderCard: every block and span kind', () => {
  const card = render(F.everyBlock);

  it('renders spans as Teams Markdown, mentioning only Teams users', () => {
    expect(texts(card)[1]!.text).toBe(
      'plain **bold** _italic_ code [docs](https://pacta.example/docs) Ana Lima <at>Jonas Weber</at> operator {{DATE(2026-11-25T13:05:00Z, SHORT)}} {{TIME(2026-11-25T13:05:00Z)}}',
    );
    expect(card.msteams.entities).toEqual([{ type: 'mention', text: '<at>Jonas Weber</at>', mentioned: { id: '29:1f2e3d4c5b6a', name: 'Jonas Weber' } }]);
  });

  it('turns a divider into a separator on the next element', () => {
    const context = card.body.find((e) => e.type === 'TextBlock' && e.text === 'small print');
    expect(context).toMatchObject({ separator: true, spacing: 'Medium', isSubtle: true, size: 'Small' });
    expect(card.body.filter((e) => e.separator)).toHaveLength(1);
  });

  it('renders lists as "- " lines and line breaks in text as paragraphs', () => {
    expect(texts(card).at(-1)!.text).toBe('- first\n- second **item**');
    expect((of(card, 'FactSet')[0]!.facts[1]!.value)).toBe('two\n\nlines');
  });

  it('makes later headers medium-sized and ignores leading and trailing dividers', () => {
    const c = render({ fallback: 'x', blocks: [{ type: 'divider' }, { type: 'header', text: 'A' }, { type: 'header', text: 'B', tone: 'good' }, { type: 'divider' }] });
    expect(c.body).toEqual([
      { type: 'TextBlock', text: 'A', wrap: true, size: 'Large', weight: 'Bolder', color: 'Default', style: 'heading' },
      { type: 'TextBlock', text: 'B', wrap: true, size: 'Medium', weight: 'Bolder', color: 'Good', style: 'heading' },
    ]);
  });

  it('writes one mention entity per user however often they appear', () => {
    const c = render({ fallback: 'x', blocks: [{ type: 'text', text: [{ user: F.TEAMS_USER }, ' and ', { user: F.TEAMS_USER }] }, { type: 'fields', fields: [{ label: 'By', value: { user: F.TEAMS_USER } }] }] });
    expect(c.msteams.entities).toHaveLength(1);
    expect(texts(c)[0]!.text).toBe('<at>Jonas Weber</at> and <at>Jonas Weber</at>');
  });
});

describe('renderCard: times', () => {
  it('uses UTC ISO without milliseconds, as DATE/TIME require', () => {
    const c = render({ fallback: 'x', blocks: [{ type: 'text', text: [{ time: new Date('2026-03-29T00:59:59.999Z'), zone: 'Europe/Berlin' }, ' ', { time: new Date('2026-03-29T01:00:00Z'), zone: 'Europe/Berlin', style: 'time' }] }] });
    expect(texts(c)[0]!.text).toBe('{{DATE(2026-03-29T00:59:59Z, SHORT)}} {{TIME(2026-03-29T00:59:59Z)}} {{TIME(2026-03-29T01:00:00Z)}}');
  });

  it('writes every time in every fixture in the exact function form', () => {
    for (const m of Object.values(F.ALL_MESSAGES)) {
      const json = JSON.stringify(renderCard(m));
      for (const call of json.match(/\{\{[^}]*\}\}/g) ?? []) expect(call).toMatch(/^\{\{(DATE\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, SHORT\)|TIME\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\))\}\}$/);
    }
  });
});

describe('renderCard: escaping user text', () => {
  const card = render(F.hostile);

  it('escapes Markdown in headers, text, fact titles and list items', () => {
    expect(texts(card)[0]!.text).toBe('INC-7 \\<script\\>& \\*bold\\* \\_it\\_');
    expect(texts(card)[1]!.text).toContain('\\<script\\>alert(1)\\</script\\> & \\*bold\\* \\_it\\_ ~gone~ \\`code\\` \\<!channel\\> \\<@U999\\> \\[x\\](http://evil)');
    expect(of(card, 'FactSet')[0]!.facts[0]).toEqual({ title: '\\*Label\\*', value: '\\> quoted\n\n\\- item\n\n1\\. first \\&lt;' });
    expect(texts(card).at(-1)!.text).toBe('- \\*one\\*\n- card_payments_eu');
  });

  it('cannot be turned into a mention, and drops control characters', () => {
    const json = JSON.stringify(card);
    expect(json).not.toContain('<at>Boss');
    expect(card.msteams.entities).toBeUndefined();
    expect(json).not.toContain('\\u001b');
  });
});

describe('renderCard: size', () => {
  it.each(Object.entries(F.ALL_MESSAGES))('%s parses cleanly and fits in a Teams message', (_name, m) => {
    const card = render(m);
    expect(cardByteSize(card)).toBeLessThan(TEAMS_MESSAGE_BYTE_LIMIT);
    expect(cardByteSize(card)).toBe(Buffer.byteLength(JSON.stringify(card)));
  });

  it('shortens 40,000 characters of text to fit, with a visible marker', () => {
    const card = render(F.longText);
    const [header, text, marker] = texts(card);
    expect(header!.text).toBe('INC-42 · note');
    // A typed "1. " is escaped like any other Markdown the user did not mean.
    expect(text!.text.startsWith('1\\. Card payments started failing')).toBe(true);
    expect(text!.text.endsWith('…')).toBe(true);
    expect(text!.text.length).toBeGreaterThan(20_000);
    expect(marker).toMatchObject({ text: '_…message shortened_', isSubtle: true });
  });

  it('keeps as many of 1,000 services as fit and says how much is missing', () => {
    const card = render(F.statusOverview);
    expect(texts(card).at(-1)!.text).toBe('_…and 1 more — message shortened_');
    const list = texts(card).find((t) => t.text.startsWith('- '))!;
    expect(list.text).toContain('- svc-0001 — 99.90% · budget 0% left');
    expect(list.text).not.toContain('svc-1000');
  });

  it('keeps buttons when shortening, and drops mention entities whose text was cut', () => {
    const m: Message = {
      fallback: 'x',
      blocks: [
        { type: 'text', text: 'word '.repeat(8000) },
        { type: 'context', text: ['by ', { user: F.TEAMS_USER }] },
        { type: 'actions', buttons: [{ label: 'Ack', action: { id: 'ack', incident: 1 } }] },
      ],
    };
    const card = render(m);
    expect(card.body.map((e) => e.type)).toEqual(['TextBlock', 'ActionSet', 'TextBlock']);
    expect(texts(card).at(-1)!.text).toBe('_…and 1 more — message shortened_');
    expect(card.msteams.entities).toBeUndefined();
  });

  it('shortens fact sets fact by fact and survives thousands of buttons', () => {
    const facts = render({ fallback: 'x', blocks: [{ type: 'fields', fields: Array.from({ length: 3000 }, (_, i) => ({ label: `k${i}`, value: `v${i}` })) }] });
    const kept = of(facts, 'FactSet')[0]!.facts;
    expect(kept.length).toBeGreaterThan(500);
    expect(kept.at(-1)).toEqual({ title: `k${kept.length - 1}`, value: `v${kept.length - 1}` });
    const buttons = render({ fallback: 'x', blocks: [{ type: 'actions', buttons: Array.from({ length: 2000 }, (_, i) => ({ label: `Ack ${i}`, action: { id: 'ack' as const, incident: i + 1 } })) }] });
    expect(texts(buttons).at(-1)!.text).toMatch(/^_…and \d+ more — message shortened_$/);
  });

  it('puts at most 5 actions in a set, so the host shows them all', () => {
    expect(of(render(F.manyButtons), 'ActionSet').map((s) => s.actions.length)).toEqual([5, 5, 5, 5, 5, 5, 5, 5]);
  });

  it('stays valid and within budget for arbitrary text in every block kind', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 1, max: 60 }), (s, n) => {
        const text = s.repeat(n);
        const m: Message = {
          fallback: text,
          blocks: [
            { type: 'header', text },
            { type: 'text', text: [text, { bold: text }, { link: text, url: text }, { user: { platform: 'teams', id: text, name: text } }] },
            { type: 'fields', fields: Array.from({ length: n }, () => ({ label: text, value: text })) },
            { type: 'progress', label: text, fraction: n / 7, tone: 'danger', caption: text },
            { type: 'actions', buttons: Array.from({ length: n }, (_, i) => ({ label: text, action: { id: 'ack' as const, incident: i + 1 } })) },
            { type: 'divider' },
            { type: 'context', text },
            { type: 'list', items: Array.from({ length: n }, () => text) },
          ],
        };
        const card = renderCard(m);
        expect(cardByteSize(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
        expect(cardProblems(card)).toEqual([]);
        const json = JSON.stringify(card.body);
        for (const e of card.msteams.entities ?? []) expect(json).toContain(JSON.stringify(e.text).slice(1, -1));
        for (const t of JSON.stringify(card).match(/"text":"[^"]*"/g) ?? []) expect(t).not.toBe('"text":""');
      }),
      { numRuns: 60 },
    );
  });
});

describe('Action.Execute codec', () => {
  it('round-trips every action through the rendered verb and data', () => {
    for (const id of BUTTON_ACTION_IDS) {
      const card = render({ fallback: 'x', blocks: [{ type: 'actions', buttons: [{ label: id, action: { id, incident: 7 } }] }] });
      const action = of(card, 'ActionSet')[0]!.actions[0] as ExecuteAction;
      // Teams sends data back as JSON: decode what survives a JSON round trip.
      expect(decodeExecuteAction(action.verb, JSON.parse(JSON.stringify(action.data)))).toEqual({ id, incident: 7 });
    }
  });

  it('rejects verbs and data it did not produce', () => {
    const cases: Array<[unknown, unknown]> = [
      ['pacta.ack', { action: 'resolve', incident: 1 }],
      ['pacta.nuke', { action: 'nuke', incident: 1 }],
      ['ack', { action: 'ack', incident: 1 }],
      ['pacta.ack', { action: 'ack', incident: '1' }],
      ['pacta.ack', { action: 'ack', incident: 0 }],
      ['pacta.ack', { action: 'ack', incident: 1.5 }],
      ['pacta.ack', { action: 'ack', incident: 2_147_483_648 }],
      ['pacta.ack', { action: 'ack' }],
      ['pacta.ack', null],
      ['pacta.ack', 'ack'],
      [undefined, { action: 'ack', incident: 1 }],
      ['pacta.toString', { action: 'toString', incident: 1 }],
    ];
    for (const [verb, data] of cases) expect(decodeExecuteAction(verb, data)).toBeNull();
  });
});


describe('renderCard: link buttons', () => {
  const openUrls = (card: AdaptiveCardJson): OpenUrlAction[][] =>
    of(card, 'ActionSet').map((set) => set.actions.filter((a): a is OpenUrlAction => a.type === 'Action.OpenUrl')).filter((set) => set.length > 0);

  it('renders links as Action.OpenUrl, only links a button may open, 5 to a set', () => {
    const card = render(F.links);
    const [first, ...rest] = openUrls(card);
    expect(first).toEqual([
      { type: 'Action.OpenUrl', title: 'Source', url: 'https://prometheus.example/graph?g0.expr=up%7Bjob%3D%22api%22%7D' },
      // The password in the URL is not posted; a link without a label is named by its host.
      { type: 'Action.OpenUrl', title: 'Runbook', url: 'https://runbooks.example/payments' },
      { type: 'Action.OpenUrl', title: 'grafana.example', url: 'https://grafana.example/d/abc' },
      // javascript:, a relative URL and one past 3,000 chars are left out; a long title is cut.
      { type: 'Action.OpenUrl', title: `${'L'.repeat(74)}…`, url: 'https://long.example/' },
      { type: 'Action.OpenUrl', title: 'Ask @here <!channel>', url: 'https://ask.example/' },
    ]);
    expect(rest.map((set) => set.length)).toEqual([5, 5, 5, 5, 5, 5]);
    expect(JSON.stringify(card)).not.toContain('javascript:');
    expect(JSON.stringify(card)).not.toContain('s3cret');
  });

  it('sends no element for links it cannot open', () => {
    expect(render({ fallback: 'x', blocks: [{ type: 'links', links: [{ label: 'x', url: 'file:///etc/passwd' }, { label: 'y', url: 'not a url' }] }, { type: 'links', links: [] }] }).body).toEqual([]);
  });

  it('stays valid for arbitrary labels and URLs', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ label: fc.string({ unit: 'binary', maxLength: 200 }), url: fc.oneof(fc.webUrl(), fc.string({ unit: 'binary' })) }), { maxLength: 40 }), (links) => {
        const card = renderCard({ fallback: 'x', blocks: [{ type: 'links', links }] });
        expect(cardProblems(card)).toEqual([]);
        expect(cardByteSize(card)).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
      }),
      { numRuns: 100 },
    );
  });
});

describe('renderCard: the card of an incident monitoring opened', () => {
  const all = (card: AdaptiveCardJson) => texts(card).map((t) => t.text).join('\n');

  it('shows integration, alerts firing, labels, description and Source/Runbook as Action.OpenUrl', () => {
    const card = render(incidentCard(monitoredState(), { timezone: 'Europe/Berlin' }));
    expect(all(card)).toContain('From **alertmanager-prod** · 3 alerts firing · last delivery {{DATE(2026-11-23T09:01:00Z, SHORT)}} {{TIME(2026-11-23T09:01:00Z)}}');
    expect(all(card)).toContain('alertname=HighErrorRate · service=payments · severity=critical · cluster=eu-1');
    expect(all(card)).toContain('Error rate above 5% for 10 minutes on the card gateway.');
    const [links, commands] = of(card, 'ActionSet');
    expect(links!.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Source', url: 'https://prometheus.example/graph?g0.expr=rate(http_errors_total%5B5m%5D)&g0.tab=1' },
      { type: 'Action.OpenUrl', title: 'Runbook', url: 'https://runbooks.example/payments/high-error-rate' },
    ]);
    expect(commands!.actions.map((a) => a.type)).toEqual(['Action.Execute', 'Action.Execute', 'Action.Execute']);
  });

  it('shows hostile labels and descriptions as text: no mention, markup or escape, 10 KB values cut', () => {
    const card = render(incidentCard(monitoredState(HOSTILE_SOURCE), { timezone: 'Europe/Berlin' }));
    const json = JSON.stringify(card);
    // Teams mentions need `<at>` and an entity: the webhook's `<at>Boss</at>` is broken and has none.
    expect(json).not.toMatch(/<at>/i);
    expect(card.msteams.entities).toBeUndefined();
    for (const raw of ['\\u001b', '\\u0007', 'v'.repeat(100), 'd'.repeat(600), 'n'.repeat(100), 'javascript:']) expect(json).not.toContain(raw);
    // Markup stays text in the body (the fallback text is not formatted).
    for (const raw of ['*bold*', '*prod*', '[click](http://evil', '[x](http://evil']) expect(JSON.stringify(card.body)).not.toContain(raw);
    const shown = all(card);
    expect(shown).toContain('From **\\<!channel\\> \\*prod\\* \\<\u200bat\\>Boss\\<\u200b/at\\>** · 3 alerts firing');
    expect(shown).toContain('owner=bob U0CAROL');
    expect(shown).toContain('link=\\[click\\](http://evil.example)');
    expect(shown).toContain('· +1 more');
    expect(shown).toContain('\\<!here\\> @channel \\*bold\\* \\_it\\_');
    expect(shown).toContain('\n\n\\# heading');
    expect(of(card, 'ActionSet')[0]!.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Source', url: HOSTILE_SOURCE.sourceUrl }]);
  });

  it('keeps every element (no "message shortened") with a source at every maximum', () => {
    const s = monitoredState({ ...HOSTILE_SOURCE, description: '\\'.repeat(10_000), labels: Array.from({ length: 20 }, () => ['\\'.repeat(200), '😀'.repeat(5000)]) });
    const card = render(incidentCard(s, { timezone: 'Europe/Berlin' }));
    expect(cardByteSize(card)).toBeLessThan(TEAMS_MESSAGE_BYTE_LIMIT / 2);
    expect(JSON.stringify(card)).not.toContain('message shortened');
  });

  it('renders a card without a source as before: no links, no source line', () => {
    const card = render(incidentCard(incidentState([], 5), { timezone: 'Europe/Berlin' }));
    expect(card.body.map((e) => e.type)).toEqual(['TextBlock', 'FactSet', 'ColumnSet', 'ColumnSet', 'TextBlock', 'ActionSet']);
    expect(JSON.stringify(card)).not.toContain('Action.OpenUrl');
  });
});
