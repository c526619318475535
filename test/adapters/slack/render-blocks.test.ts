import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { types } from '@slack/bolt';
import type { Message } from '../../../src/messages/message.ts';
import { BUTTON_ACTION_IDS } from '../../../src/messages/button-action.ts';
import { MAX_INCIDENT_NUMBER } from '../../../src/domain/incident-id.ts';
import {
  BLOCK_KIT_LIMITS,
  checkBlockKitLimits,
  decodeButtonValue,
  encodeButtonValue,
  escapeMrkdwn,
  LINK_ACTION_ID,
  mrkdwn,
  PACTA_ACTION_ID,
  renderBlocks,
  type SlackMessagePayload,
} from '../../../adapters/slack/render-blocks.ts';
import * as F from '../../fixtures/messages.ts';
import { incidentCard } from '../../../src/messages/views/incident-card.ts';
import { HOSTILE_SOURCE, incidentState, monitoredState } from '../../src/messages/view-helpers.ts';

type KnownBlock = types.KnownBlock;

/** Every payload a test produces goes through here, so every one is checked against Slack's limits. */
function render(m: Message): SlackMessagePayload {
  const payload = renderBlocks(m);
  expect(checkBlockKitLimits(payload)).toEqual([]);
  return payload;
}

function ofType<T extends KnownBlock['type']>(blocks: KnownBlock[], type: T): Array<Extract<KnownBlock, { type: T }>> {
  return blocks.filter((b): b is Extract<KnownBlock, { type: T }> => b.type === type);
}

/** All mrkdwn a payload shows, in order. */
function allMrkdwn(p: SlackMessagePayload): string[] {
  return p.blocks.flatMap((b) => {
    if (b.type === 'section') return [...(b.text ? [b.text.text] : []), ...(b.fields ?? []).map((f) => f.text)];
    if (b.type === 'context') return b.elements.flatMap((e) => ('text' in e ? [e.text] : []));
    return [];
  });
}

const epoch = (d: Date): number => d.getTime() / 1000;

describe('renderBlocks: the incident card', () => {
  const p = render(F.incidentCard);

  it('maps header, fields, both clocks, buttons and context to Block Kit in order', () => {
    expect(p.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'actions', 'context']);
    expect(p.text).toBe(F.incidentCard.fallback);
    const [header] = ofType(p.blocks, 'header');
    expect(header!.text).toEqual({ type: 'plain_text', text: ':red_circle: INC-42 · Card payments failing', emoji: true });
  });

  it('lays fields out as bold label over value, with mentions and date tokens', () => {
    const fields = ofType(p.blocks, 'section')[0]!.fields!.map((f) => f.text);
    expect(fields).toEqual([
      '*Service*\n`payments`',
      '*Priority*\n*P1*',
      '*Impact*\noutage',
      '*Status*\nopen',
      '*Opened by*\n<@U024BE7LH>',
      `*Opened*\n<!date^${epoch(new Date('2026-11-25T12:56:00Z'))}^{date_short_pretty} {time}|Wed 25 Nov 13:56 CET>`,
    ]);
  });

  it('draws each clock as a line with tone emoji, bar, percent and caption', () => {
    const [, ack, resolve] = ofType(p.blocks, 'section').map((s) => s.text?.text);
    const due = epoch(new Date('2026-11-25T13:11:00Z'));
    expect(ack).toBe(`:large_orange_circle: *Acknowledge*  \`██████░░░░\` 62%  due <!date^${due}^{time}|14:11 CET> · <!date^${due}^{ago}|Wed 25 Nov 14:11 CET>`);
    expect(resolve).toMatch(/^:large_green_circle: \*Resolve\* {2}`░░░░░░░░░░` 3% {2}due <!date\^\d+\^\{date_short_pretty\} \{time\}\|Wed 25 Nov 17:56 CET>$/);
  });

  it('renders buttons with action ids, command values and styles', () => {
    const [actions] = ofType(p.blocks, 'actions');
    expect(actions!.elements).toEqual([
      { type: 'button', text: { type: 'plain_text', text: 'Acknowledge', emoji: true }, action_id: 'pacta:ack:42', value: 'ack INC-42', style: 'primary' },
      { type: 'button', text: { type: 'plain_text', text: 'Resolve', emoji: true }, action_id: 'pacta:resolve:42', value: 'resolve INC-42' },
      { type: 'button', text: { type: 'plain_text', text: 'Pause', emoji: true }, action_id: 'pacta:pause:42', value: 'pause INC-42', style: 'danger' },
    ]);
    for (const e of actions!.elements) expect(e.action_id).toMatch(PACTA_ACTION_ID);
  });

  it('renders context as a context block with one mrkdwn element', () => {
    const [context] = ofType(p.blocks, 'context');
    expect(context!.elements).toEqual([
      { type: 'mrkdwn', verbatim: true, text: `INC-42 · Business hours (Europe/Berlin) · updated <!date^${epoch(F.NOW)}^{date_short_pretty} {time}|Wed 25 Nov 14:05 CET>` },
    ]);
  });
});

describe('renderBlocks: every block and span kind', () => {
  const p = render(F.everyBlock);

  it('renders spans as mrkdwn: bold, italic, code, link, users by platform, time', () => {
    const [text] = allMrkdwn(p);
    expect(text).toBe(
      `plain *bold* _italic_ \`code\` <https://pacta.example/docs|docs> <@U024BE7LH> Jonas Weber operator <!date^${epoch(F.NOW)}^{date_short_pretty} {time}|Wed 25 Nov 14:05 CET>`,
    );
  });

  it('renders divider, list bullets and a neutral progress line', () => {
    expect(p.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'actions', 'divider', 'context', 'section']);
    expect(allMrkdwn(p).at(-1)).toBe('• first\n• second *item*');
    expect(allMrkdwn(p)).toContain(':white_circle: *Clock*  `█████░░░░░` 50%  half way');
    expect(ofType(p.blocks, 'header')[0]!.text.text).toBe(':large_green_circle: All blocks');
  });

  it('shows a time span in its own zone in the fallback, with the zone named (summer time too)', () => {
    const summer = mrkdwn({ time: new Date('2026-07-01T10:00:00Z'), zone: 'Europe/Berlin', style: 'time' });
    expect(summer).toBe(`<!date^${epoch(new Date('2026-07-01T10:00:00Z'))}^{time}|12:00 CEST>`);
    expect(mrkdwn({ time: new Date('2026-07-01T10:00:00Z'), zone: 'America/New_York' })).toMatch(/\|Wed 1 Jul 06:00 EDT>$/);
  });

  it('mentions only Slack users with a Slack-shaped id', () => {
    expect(mrkdwn({ user: { platform: 'slack', id: 'W0123ABC' } })).toBe('<@W0123ABC>');
    expect(mrkdwn({ user: { platform: 'slack', id: '<!channel>', name: 'x' } })).toBe('x');
    expect(mrkdwn({ user: { platform: 'teams', id: '29:1', name: 'Ana <Admin>' } })).toBe('Ana &lt;Admin&gt;');
    expect(mrkdwn({ user: { platform: 'system', id: 'pacta' } })).toBe('pacta');
  });

  it('keeps link URLs inside the <url|label> token', () => {
    expect(mrkdwn({ link: 'a|b > c', url: 'https://x.example/?q=a|b&r=<1>' })).toBe('<https://x.example/?q=a%7Cb&amp;r=%3C1%3E|a|b &gt; c>');
    expect(mrkdwn({ link: '', url: 'https://x.example' })).toBe('<https://x.example>');
  });
});

describe('renderBlocks: escaping user text', () => {
  const p = render(F.hostile);

  it('shows a header as typed: plain_text is not parsed', () => {
    expect(ofType(p.blocks, 'header')[0]!.text.text).toBe('INC-7 <script>& *bold* _it_');
  });

  it('escapes &, < and > so no tag, mention or broadcast can be injected', () => {
    const text = allMrkdwn(p).join('\n');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; ');
    expect(text).toContain('&lt;!channel&gt; &lt;@U999&gt;');
    // Every remaining <…> token is one Pacta made on purpose: an escape.
    for (const token of text.match(/<[^>]*>/g) ?? []) expect(token).toMatch(/^<!date\^0\^\{_\}\|[*_~`]>$/);
    expect(text).not.toContain('\u001b');
    expect(p.text).toBe('INC-7 &lt;script&gt;&amp;amp; *bold* &lt;!channel&gt;');
  });

  it('shows markup characters literally, but leaves them alone inside words', () => {
    expect(escapeMrkdwn('*bold*')).toBe('<!date^0^{_}|*>bold<!date^0^{_}|*>');
    expect(escapeMrkdwn('_it_ ~s~ `c`')).toBe('<!date^0^{_}|_>it<!date^0^{_}|_> <!date^0^{_}|~>s<!date^0^{_}|~> <!date^0^{_}|`>c<!date^0^{_}|`>');
    expect(escapeMrkdwn('card_payments_eu 2*3')).toBe('card_payments_eu 2*3');
    expect(allMrkdwn(p).at(-1)).toBe('• <!date^0^{_}|*>one<!date^0^{_}|*>\n• card_payments_eu');
  });

  it('stops a leading > from starting a quote', () => {
    expect(escapeMrkdwn('> quoted\nok > fine\n>x')).toBe('\u00ad&gt; quoted\nok &gt; fine\n\u00ad&gt;x');
  });

  it('escapes inside bold and code without breaking them', () => {
    expect(mrkdwn({ bold: ' a<b ' })).toBe(' *a&lt;b* ');
    expect(mrkdwn({ code: 'x`y & z' })).toBe('`xˋy &amp; z`');
    expect(mrkdwn({ bold: '' })).toBe('');
  });
});

describe('renderBlocks: limits', () => {
  it.each(Object.entries(F.ALL_MESSAGES))('%s is within every Block Kit limit', (_name, m) => {
    const p = render(m);
    expect(p.blocks.length).toBeGreaterThan(0);
    expect(p.text.length).toBeGreaterThan(0);
  });

  it('splits 40,000 characters of text into sections of at most 3,000, losing nothing', () => {
    const p = render(F.longText);
    const sections = ofType(p.blocks, 'section');
    expect(sections.length).toBeGreaterThan(13);
    for (const s of sections) expect(s.text!.text.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.sectionText);
    const all = allMrkdwn(p).join('\n');
    expect(all).toContain('1. Card payments started failing');
    expect(all).toContain('220. Card payments started failing');
    // Split at line breaks: each section starts with a numbered paragraph.
    for (const s of sections) expect(s.text!.text).toMatch(/^\d+\. Card payments/);
  });

  it('puts 80 fields in sections of 10', () => {
    const sections = ofType(render(F.manyFields).blocks, 'section');
    expect(sections.map((s) => s.fields!.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10]);
    expect(sections[7]!.fields![9]!.text).toBe('*Setting 80*\nvalue 80');
  });

  it('puts 40 buttons in actions blocks of 25 and 15 with unique action ids', () => {
    const actions = ofType(render(F.manyButtons).blocks, 'actions');
    expect(actions.map((a) => a.elements.length)).toEqual([25, 15]);
    const ids = actions.flatMap((a) => a.elements.map((e) => (e as types.Button).action_id));
    expect(new Set(ids).size).toBe(40);
  });

  it('gives repeated buttons in one block distinct action ids', () => {
    const p = render({ fallback: 'x', blocks: [{ type: 'actions', buttons: [1, 2].map(() => ({ label: 'Ack', action: { id: 'ack' as const, incident: 1 } })) }] });
    expect(ofType(p.blocks, 'actions')[0]!.elements.map((e) => (e as types.Button).action_id)).toEqual(['pacta:ack:1', 'pacta:ack:1:2']);
  });

  it('keeps all 1,000 services of the status overview, split over sections', () => {
    const all = allMrkdwn(render(F.statusOverview)).join('\n');
    expect(all).toContain('• `svc-0001` — 99.90% · budget 0% left');
    expect(all).toContain('• `svc-1000`');
    expect(all.match(/^• /gm)).toHaveLength(1000);
  });

  it('cuts more than 50 blocks to 49 plus a visible marker, keeping the buttons', () => {
    const p = render(F.tooManyBlocks);
    expect(p.blocks).toHaveLength(50);
    // 72 blocks: header, 70 texts, actions. Kept: actions, header and 47 texts; 23 left out.
    expect(p.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', verbatim: true, text: '_…and 23 more — message shortened_' }] });
    expect(p.blocks.at(-2)!.type).toBe('actions');
    expect(allMrkdwn(p)).toContain('47. event 47');
    expect(allMrkdwn(p)).not.toContain('48. event 48');
  });

  it('truncates header, button text, field text and fallback text with a visible ellipsis', () => {
    const long = 'x'.repeat(5000);
    const p = render({
      fallback: long,
      blocks: [
        { type: 'header', text: long },
        { type: 'fields', fields: [{ label: 'L', value: long }] },
        { type: 'actions', buttons: [{ label: long, action: { id: 'ack', incident: 1 } }] },
      ],
    });
    expect(ofType(p.blocks, 'header')[0]!.text.text).toBe(`${'x'.repeat(149)}…`);
    expect(ofType(p.blocks, 'section')[0]!.fields![0]!.text).toHaveLength(2000);
    expect(ofType(p.blocks, 'section')[0]!.fields![0]!.text.endsWith('x…')).toBe(true);
    expect((ofType(p.blocks, 'actions')[0]!.elements[0] as types.Button).text.text).toHaveLength(75);
    expect(p.text).toHaveLength(4000);
  });

  it('never cuts inside an entity or a token', () => {
    const p = render({ fallback: '&'.repeat(5000), blocks: [{ type: 'text', text: '<'.repeat(1000) + '*'.repeat(200) }] });
    expect(p.text).toMatch(/^(&amp;)+…$/);
    for (const t of allMrkdwn(p)) expect(t).toMatch(/^(&lt;|<!date\^0\^\{_\}\|\*>)+$/);
  });

  it('always has a fallback text, even for an empty message', () => {
    expect(render({ fallback: '', blocks: [{ type: 'header', text: 'Hello' }] }).text).toBe('Hello');
    expect(render({ fallback: ' ', blocks: [{ type: 'text', text: { bold: 'Hi' } }] }).text).toBe('Hi');
    expect(render({ fallback: '', blocks: [] })).toEqual({ text: 'Pacta', blocks: [] });
  });

  it('skips blocks with nothing to show rather than sending empty text Slack would reject', () => {
    const p = render({ fallback: 'x', blocks: [{ type: 'header', text: ' ' }, { type: 'text', text: '' }, { type: 'context', text: [] }, { type: 'fields', fields: [] }, { type: 'actions', buttons: [] }, { type: 'list', items: [] }] });
    expect(p.blocks).toEqual([]);
  });

  it('stays within limits for arbitrary text in every block kind', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 1, max: 40 }), (s, n) => {
        const text = s.repeat(n);
        const m: Message = {
          fallback: text,
          blocks: [
            { type: 'header', text },
            { type: 'text', text: [text, { bold: text }, { link: text, url: text }] },
            { type: 'fields', fields: Array.from({ length: n }, () => ({ label: text, value: text })) },
            { type: 'progress', label: text, fraction: n / 7, tone: 'warning', caption: text },
            { type: 'actions', buttons: Array.from({ length: n }, (_, i) => ({ label: text, action: { id: 'ack' as const, incident: i + 1 } })) },
            { type: 'context', text },
            { type: 'list', items: Array.from({ length: n }, () => text) },
          ],
        };
        expect(checkBlockKitLimits(renderBlocks(m))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('checkBlockKitLimits', () => {
  it('reports each kind of violation', () => {
    const button = (id: string): types.Button => ({ type: 'button', text: { type: 'plain_text', text: 'b' }, action_id: id });
    const payload = {
      text: '',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
        { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } },
        { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'f' })) },
        { type: 'actions', elements: [...Array.from({ length: 25 }, (_, i) => button(`a${i}`)), button('a0')] },
        { type: 'context', elements: [] },
        { type: 'image', image_url: 'https://x.example/i.png', alt_text: 'i' },
        ...Array.from({ length: 45 }, () => ({ type: 'divider' as const })),
      ],
    } satisfies SlackMessagePayload;
    expect(checkBlockKitLimits(payload)).toEqual([
      'text: empty text',
      'blocks: 51 blocks (max 50)',
      'blocks[0] header: text is 151 chars (max 150)',
      'blocks[1] section: text is 3001 chars (max 3000)',
      'blocks[2] section: 11 fields (max 10)',
      'blocks[3] actions: 26 elements (1 to 25)',
      'blocks[3] actions elements[25]: duplicate action_id a0',
      'blocks[4] context: 0 elements (1 to 10)',
      'blocks[5] image: unchecked block type',
    ]);
  });
});

describe('button value codec', () => {
  it('round-trips every action', () => {
    for (const id of BUTTON_ACTION_IDS) {
      for (const incident of [1, 42, MAX_INCIDENT_NUMBER]) {
        const value = encodeButtonValue({ id, incident });
        expect(value.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.buttonValue);
        expect(decodeButtonValue(value)).toEqual({ id, incident });
      }
    }
    expect(encodeButtonValue({ id: 'ack', incident: 42 })).toBe('ack INC-42');
  });

  it('round-trips the values of rendered buttons', () => {
    const elements = ofType(render(F.incidentCard).blocks, 'actions')[0]!.elements as types.Button[];
    expect(elements.map((e) => decodeButtonValue(e.value))).toEqual(F.incidentCard.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons.map((x) => x.action) : [])));
  });

  it('rejects anything it did not produce', () => {
    for (const bad of ['', 'ack', 'ack INC-0', 'ack INC-01', 'ack INC--1', 'ack INC-1 ', ' ack INC-1', 'ACK INC-1', 'nuke INC-1', 'ack INC-2147483648', 'ack INC-9007199254740992', 'ack INC-1.5', '{"id":"ack","incident":1}', 'toString INC-1', 'constructor INC-1']) {
      expect(decodeButtonValue(bad)).toBeNull();
    }
    for (const bad of [null, undefined, 42, { id: 'ack', incident: 1 }]) expect(decodeButtonValue(bad)).toBeNull();
  });

  it('never throws and only decodes real actions, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const a = decodeButtonValue(s);
        if (a) expect(encodeButtonValue(a)).toBe(s);
      }),
    );
  });
});

describe('renderBlocks: link buttons', () => {
  const buttons = (p: SlackMessagePayload) => ofType(p.blocks, 'actions').map((a) => a.elements as types.Button[]);

  it('renders links as URL buttons with no value, only links Slack can open, 25 to an actions block', () => {
    const [first, ...rest] = buttons(render(F.links));
    expect(first).toEqual([
      { type: 'button', text: { type: 'plain_text', text: 'Source', emoji: true }, action_id: 'pacta-link:1', url: 'https://prometheus.example/graph?g0.expr=up%7Bjob%3D%22api%22%7D' },
      // The password in the URL is not posted; a link without a label is named by its host.
      { type: 'button', text: { type: 'plain_text', text: 'Runbook', emoji: true }, action_id: 'pacta-link:2', url: 'https://runbooks.example/payments' },
      { type: 'button', text: { type: 'plain_text', text: 'grafana.example', emoji: true }, action_id: 'pacta-link:3', url: 'https://grafana.example/d/abc' },
      // javascript:, a relative URL and one over 3,000 chars are left out; a long label is cut to 75.
      { type: 'button', text: { type: 'plain_text', text: `${'L'.repeat(74)}…`, emoji: true }, action_id: 'pacta-link:4', url: 'https://long.example/' },
      { type: 'button', text: { type: 'plain_text', text: 'Ask @\u2060here <!channel>', emoji: true }, action_id: 'pacta-link:5', url: 'https://ask.example/' },
    ]);
    expect(rest.map((b) => b.length)).toEqual([25, 5]);
    expect(new Set(rest.flat().map((b) => b.action_id)).size).toBe(30);
    for (const b of [first!, ...rest].flat()) {
      expect(b.value).toBeUndefined();
      // A link click reaches the link listener (acknowledged, nothing run), never the command door.
      expect(b.action_id).toMatch(LINK_ACTION_ID);
      expect(b.action_id).not.toMatch(PACTA_ACTION_ID);
    }
  });

  it('sends no block for links it cannot open', () => {
    expect(render({ fallback: 'x', blocks: [{ type: 'links', links: [{ label: 'x', url: 'file:///etc/passwd' }, { label: 'y', url: 'not a url' }] }, { type: 'links', links: [] }] }).blocks).toEqual([]);
  });

  it('checkBlockKitLimits reports URLs too long or not http(s)', () => {
    const button = (url: string): types.Button => ({ type: 'button', text: { type: 'plain_text', text: 'b' }, action_id: url.slice(0, 10), url });
    const payload = { text: 'x', blocks: [{ type: 'actions', elements: [button(`https://x.example/${'a'.repeat(3000)}`), button('javascript:alert(1)')] }] } satisfies SlackMessagePayload;
    expect(checkBlockKitLimits(payload)).toEqual(['blocks[0] actions elements[0] url: text is 3018 chars (max 3000)', 'blocks[0] actions elements[1]: url is not http(s)']);
  });

  it('stays within limits for arbitrary labels and URLs', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ label: fc.string({ unit: 'binary', maxLength: 200 }), url: fc.oneof(fc.webUrl(), fc.string({ unit: 'binary' }), fc.webUrl().map((u) => `${u}/${'%'.repeat(3000)}`)) }), { maxLength: 60 }), (links) => {
        expect(checkBlockKitLimits(renderBlocks({ fallback: 'x', blocks: [{ type: 'links', links }] }))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('renderBlocks: the card of an incident monitoring opened', () => {
  it('shows integration, alerts firing, labels, description and Source/Runbook buttons', () => {
    const p = render(incidentCard(monitoredState(), { timezone: 'Europe/Berlin' }));
    const shown = allMrkdwn(p).join('\n');
    expect(shown).toContain('From *alertmanager-prod* · 3 alerts firing · last delivery <!date^');
    expect(shown).toContain('`alertname=HighErrorRate` · `service=payments` · `severity=critical` · `cluster=eu-1`');
    expect(shown).toContain('Error rate above 5% for 10 minutes on the card gateway.');
    const [links, commands] = ofType(p.blocks, 'actions').map((a) => a.elements as types.Button[]);
    expect(links!.map((b) => [b.text.text, b.url])).toEqual([
      ['Source', 'https://prometheus.example/graph?g0.expr=rate(http_errors_total%5B5m%5D)&g0.tab=1'],
      ['Runbook', 'https://runbooks.example/payments/high-error-rate'],
    ]);
    expect(commands!.map((b) => b.value)).toEqual(['ack INC-1', 'resolve INC-1', 'pause INC-1']);
  });

  it('shows hostile labels and descriptions as text: no broadcast, mention or markup, 10 KB values cut', () => {
    const p = render(incidentCard(monitoredState(HOSTILE_SOURCE), { timezone: 'Europe/Berlin' }));
    const json = JSON.stringify(p);
    for (const raw of ['<!channel>', '<!here>', '<!everyone>', '@here', '@channel', '@everyone', '<@U0BOB', '<@U0CAROL', '<http://evil', '\u001b', '\u0007', 'v'.repeat(100), 'd'.repeat(600), 'n'.repeat(100)]) {
      expect(json).not.toContain(raw);
    }
    // Markup stays text in the blocks (the notification text is not formatted).
    for (const raw of ['*bold*', '*prod*', '_it_', '~gone~']) expect(JSON.stringify(p.blocks)).not.toContain(raw);
    const shown = allMrkdwn(p).join('\n');
    expect(shown).toContain('From *&lt;!channel&gt; <!date^0^{_}|*>prod<!date^0^{_}|*> &lt;at&gt;Boss&lt;/at&gt;* · 3 alerts firing');
    expect(shown).toContain('`alertname=&lt;!channel&gt; *boom* ˋxˋ`');
    expect(shown).toContain('`team=@\u2060here _oncall_ @\u2060everyone`');
    expect(shown).toContain('`owner=bob U0CAROL`');
    expect(shown).toContain('· +1 more');
    expect(shown).toContain('&lt;!here&gt; @\u2060channel <!date^0^{_}|*>bold<!date^0^{_}|*>');
    // The opener (Opened, Last) is the only person the card mentions.
    expect(new Set(json.match(/<@U[A-Z0-9]+>/g))).toEqual(new Set(['<@U0ALICE>']));
    // The runbook (javascript:) has no button; the long source URL keeps its one.
    const links = ofType(p.blocks, 'actions')[0]!.elements as types.Button[];
    expect(links.map((b) => b.text.text)).toEqual(['Source']);
    expect(links[0]!.url).toBe(HOSTILE_SOURCE.sourceUrl);
  });

  it('keeps every block (no "message shortened") with a source at every maximum', () => {
    const s = monitoredState({ ...HOSTILE_SOURCE, description: '*'.repeat(10_000), labels: Array.from({ length: 20 }, () => ['&'.repeat(200), '*'.repeat(10_000)]) });
    const p = render(incidentCard(s, { timezone: 'Europe/Berlin' }));
    expect(p.blocks.length).toBeLessThan(BLOCK_KIT_LIMITS.blocksPerMessage / 2);
    expect(JSON.stringify(p)).not.toContain('message shortened');
    expect(ofType(p.blocks, 'actions')).toHaveLength(2);
  });

  it('renders a card without a source as before: no links, no source line', () => {
    const p = render(incidentCard(incidentState([], 5), { timezone: 'Europe/Berlin' }));
    expect(p.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context', 'actions']);
    expect(JSON.stringify(p)).not.toContain('pacta-link:');
  });
});
