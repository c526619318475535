/**
 * Renders a neutral {@link Message} as a Slack Block Kit payload. Every Block Kit limit is enforced here
 * (see block-kit-limits.ts), because Slack refuses a whole message for one oversized field.
 */
import type { types } from '@slack/bolt';
import type { Block, Message, Span, Text, Tone } from '../../src/messages/message.ts';
import { openableUrl, plainText } from '../../src/messages/message.ts';
import { progressBar, progressPercent, stripControlChars, truncateText } from '../../src/messages/text-fit.ts';
import { formatInstant } from '../../src/messages/time-text.ts';
import { BLOCK_KIT_LIMITS as L, type SlackMessagePayload } from './block-kit-limits.ts';
import { actionIdFor, encodeButtonValue, linkActionId } from './button-codec.ts';

export { checkBlockKitLimits, BLOCK_KIT_LIMITS, type SlackMessagePayload } from './block-kit-limits.ts';
export {
  encodeButtonValue,
  decodeButtonValue,
  actionIdFor,
  ACTION_ID_PREFIX,
  PACTA_ACTION_ID,
  LINK_ACTION_ID,
} from './button-codec.ts';

type KnownBlock = types.KnownBlock;
type MrkdwnElement = types.MrkdwnElement;
type Button = types.Button;

const TONE_EMOJI: Record<Tone, string> = {
  good: ':large_green_circle:',
  warning: ':large_orange_circle:',
  danger: ':red_circle:',
  neutral: ':white_circle:',
};

/**
 * Renders `message` for `chat.postMessage` / `chat.update`: `text` is the notification and
 * screen-reader fallback (never empty, at most 4,000 chars), `blocks` the visible message (at most 50,
 * ending in a "…and N more — message shortened" context block when cut).
 */
export function renderBlocks(message: Message): SlackMessagePayload {
  const blocks = message.blocks.flatMap(blockFor);
  return { text: fallbackText(message), blocks: capBlocks(blocks) };
}

function blockFor(block: Block): KnownBlock[] {
  switch (block.type) {
    case 'header': {
      const text = oneLine(block.text);
      if (text === '') return [];
      const prefix = block.tone && block.tone !== 'neutral' ? `${TONE_EMOJI[block.tone]} ` : '';
      const plain = truncateText(prefix + text, L.headerText);
      return [{ type: 'header', text: { type: 'plain_text', text: plain, emoji: true } }];
    }
    case 'text':
      return sections(mrkdwn(block.text));
    case 'fields':
      return chunk(block.fields.map(fieldText), L.fieldsPerSection).map((texts) => ({
        type: 'section',
        fields: texts.map((t) => md(t)),
      }));
    case 'progress': {
      const caption = mrkdwn(block.caption);
      const bar = `\`${progressBar(block.fraction)}\` ${progressPercent(block.fraction)}`;
      const line = `${TONE_EMOJI[block.tone]} ${bold(escapeMrkdwn(block.label))}  ${bar}`;
      return sections(caption ? `${line}  ${caption}` : line);
    }
    case 'actions':
      return chunk(block.buttons, L.elementsPerActions).map((buttons) => ({
        type: 'actions',
        elements: buttonElements(buttons),
      }));
    case 'links':
      return chunk(linkButtons(block.links), L.elementsPerActions).map((elements) => ({ type: 'actions', elements }));
    case 'context':
      return chunk(splitMrkdwn(mrkdwn(block.text), L.contextText), L.elementsPerContext).map((texts) => ({
        type: 'context',
        elements: texts.map((t) => md(t)),
      }));
    case 'divider':
      return [{ type: 'divider' }];
    case 'code':
      return codeSections(block.text);
    case 'image':
      // Charts go beside the message as PNG files (SlackChatPort); where they cannot, their alt text shows.
      return chunk(splitMrkdwn(`:bar_chart: ${escapeMrkdwn(block.alt)}`, L.contextText), L.elementsPerContext).map((texts) => ({ type: 'context', elements: texts.map((t) => md(t)) }));
    case 'list':
      // Items may hold line breaks; indenting them keeps each item visibly one bullet.
      return sections(
        block.items
          .map((item) => mrkdwn(item).trim())
          .filter((item) => item !== '')
          .map((item) => `• ${item.replace(/\n/g, '\n   ')}`)
          .join('\n'),
      );
  }
}

/**
 * A code block, in as many sections as it takes, each its own ``` block. Nothing is formatted inside;
 * only Slack's entities are escaped, and a ``` in the text (which would end the block) becomes a look-alike.
 */
function codeSections(text: string): KnownBlock[] {
  const body = escapeEntities(text.replace(/\n+$/, '')).replace(/```/g, 'ˋˋˋ');
  return splitMrkdwn(body, L.sectionText - 8).map((t) => ({ type: 'section', text: md(`\`\`\`\n${t}\n\`\`\``) }));
}

function sections(text: string): KnownBlock[] {
  return splitMrkdwn(text, L.sectionText).map((t) => ({ type: 'section', text: md(t) }));
}

/** A mrkdwn text object. `verbatim` stops Slack from auto-linking names and URLs inside user text. */
function md(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

function fieldText(field: { label: string; value: Text }): string {
  const label = field.label.trim() === '' ? '' : `${bold(escapeMrkdwn(field.label))}\n`;
  const value = mrkdwn(field.value);
  const text = label + (value.trim() === '' ? '—' : value);
  return truncateMrkdwn(text, L.fieldText);
}

function buttonElements(buttons: Extract<Block, { type: 'actions' }>['buttons']): Button[] {
  const seen = new Map<string, number>();
  return buttons.map((b) => {
    const base = actionIdFor(b.action);
    const nth = (seen.get(base) ?? 0) + 1;
    seen.set(base, nth);
    const label = oneLine(b.label) || encodeButtonValue(b.action);
    const button: Button = {
      type: 'button',
      text: { type: 'plain_text', text: truncateText(label, L.buttonText), emoji: true },
      action_id: actionIdFor(b.action, nth),
      value: encodeButtonValue(b.action),
    };
    if (b.style) button.style = b.style;
    return button;
  });
}

/**
 * URL buttons: no `value`, nothing for Pacta to run. A link whose URL Slack would refuse (not http(s),
 * over 3,000 chars) is left out rather than failing the whole message.
 */
function linkButtons(links: Extract<Block, { type: 'links' }>['links']): Button[] {
  const buttons: Button[] = [];
  for (const link of links) {
    const url = openableUrl(link.url, L.buttonUrl);
    if (!url) continue;
    const label = oneLine(link.label) || new URL(url).host;
    buttons.push({
      type: 'button',
      text: { type: 'plain_text', text: truncateText(label, L.buttonText), emoji: true },
      action_id: linkActionId(buttons.length + 1),
      url,
    });
  }
  return buttons;
}

/**
 * Keeps at most 50 blocks. Action blocks are kept first, since the buttons are what people act on,
 * then other blocks in order; a final context block says how many blocks were left out.
 */
function capBlocks(blocks: KnownBlock[]): KnownBlock[] {
  if (blocks.length <= L.blocksPerMessage) return blocks;
  const room = L.blocksPerMessage - 1;
  const actions = blocks.filter((b) => b.type === 'actions').slice(0, Math.floor(room / 2));
  const keep = new Set<KnownBlock>(actions);
  for (const b of blocks) {
    if (keep.size >= room) break;
    keep.add(b);
  }
  const kept = blocks.filter((b) => keep.has(b));
  const dropped = blocks.length - kept.length;
  return [...kept, { type: 'context', elements: [md(`_…and ${dropped} more — message shortened_`)] }];
}

function fallbackText(message: Message): string {
  let text = stripControlChars(message.fallback).trim();
  if (text === '') {
    const first = message.blocks.find((b) => b.type === 'header' || b.type === 'text');
    text = first?.type === 'header' ? first.text : first?.type === 'text' ? plainText(first.text) : '';
    text = stripControlChars(text).trim();
  }
  if (text === '') text = 'Pacta';
  // Slack parses top-level `text` as mrkdwn for notifications: only the control characters matter there.
  return truncateMrkdwn(escapeEntities(text), L.fallbackText);
}

// ---- mrkdwn ---------------------------------------------------------------------------------------

/** Renders neutral text as Slack mrkdwn, escaping user text and turning spans into markup. */
export function mrkdwn(text: Text): string {
  return (Array.isArray(text) ? text : [text]).map(mrkdwnSpan).join('');
}

function mrkdwnSpan(s: Span): string {
  if (typeof s === 'string') return escapeMrkdwn(s);
  if ('bold' in s) return bold(escapeMrkdwn(s.bold));
  if ('italic' in s) return wrap('_', escapeMrkdwn(s.italic));
  if ('code' in s) {
    // Nothing is formatted inside code, but a backtick would end it early: swap in a look-alike.
    const code = escapeEntities(s.code).replace(/`/g, 'ˋ').replace(/\n/g, ' ');
    return code.trim() === '' ? code : `\`${code}\``;
  }
  if ('link' in s) {
    const url = s.url.trim().replace(/[|<> ]/g, (c) => encodeURIComponent(c)).replace(/&/g, '&amp;');
    const label = escapeEntities(s.link).replace(/\n/g, ' ');
    return label.trim() === '' ? `<${url}>` : `<${url}|${label}>`;
  }
  if ('emoji' in s) return /^[a-z0-9_+-]{1,100}$/.test(s.emoji) ? `:${s.emoji}:` : escapeMrkdwn(s.emoji);
  if ('group' in s) {
    if (/^S[A-Z0-9]{2,}$/.test(s.group)) return `<!subteam^${s.group}>`;
    return escapeMrkdwn(`@${(s.handle ?? s.group).replace(/^@/, '')}`);
  }
  if ('user' in s) {
    const u = s.user;
    if (u.platform === 'slack' && /^[UWB][A-Z0-9]{2,}$/.test(u.id)) return `<@${u.id}>`;
    return escapeMrkdwn(u.name ?? u.id);
  }
  // Slack shows date tokens in each reader's own zone; the fallback (old clients, notifications) is in
  // the span's zone with the zone named.
  const epoch = Math.floor(s.time.getTime() / 1000);
  if (!Number.isFinite(epoch)) return 'n/a';
  const format = s.style === 'time' ? '{time}' : s.style === 'relative' ? '{ago}' : '{date_short_pretty} {time}';
  const fallback = escapeEntities(formatInstant(s.time, s.zone, s.style === 'time' ? 'time' : 'datetime'));
  return `<!date^${epoch}^${format}|${fallback}>`;
}

function bold(inner: string): string {
  return wrap('*', inner);
}

/** Wraps in a markup delimiter, keeping outer whitespace outside: Slack ignores `* x*`. */
function wrap(delim: string, inner: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return m[2] === '' ? inner : `${m[1]}${delim}${m[2]}${delim}${m[3]}`;
}

/**
 * Replaces Slack's three control characters with the entities Slack decodes (and drops real control
 * characters), so `<!channel>` in user text is shown, not sent; broadcast words are made inert too.
 */
export function escapeEntities(s: string): string {
  return inertBroadcasts(stripControlChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/**
 * `@here`, `@channel`, `@everyone` with a word joiner after the `@`: they look the same, but no client
 * or workspace setting that links plain `@words` can turn stored text into a broadcast
 * (docs/semantics.md §4). Pacta itself never broadcasts.
 */
export function inertBroadcasts(s: string): string {
  return s.replace(/@(?=(?:here|channel|everyone)\b)/gi, '@\u2060');
}

// Slack mrkdwn has no backslash escape. A date token with an invalid format shows its fallback as plain,
// unformatted text, so a markup character inside one is shown as itself (the technique jsx-slack uses).
// Only characters that could open or close markup are wrapped: Slack ignores them inside a word
// (`card_payments_eu`), and wrapping those would only bloat the text.
const MARKUP_CHAR = /(?<![\p{L}\p{N}])[*_~`]|[*_~`](?![\p{L}\p{N}])/gu;

/**
 * Escapes user text for mrkdwn: `&`, `<`, `>` as entities (so `<!channel>` cannot ping anyone), markup
 * characters so `*bold*` is shown as typed, and a leading `>` so it does not start a quote.
 */
export function escapeMrkdwn(s: string): string {
  return escapeEntities(s)
    .replace(MARKUP_CHAR, (c) => `<!date^0^{_}|${c}>`)
    .replace(/(^|\n)&gt;/g, '$1\u00ad&gt;');
}

/**
 * Splits mrkdwn into pieces of at most `max` chars, preferring line breaks, then spaces, and never
 * cutting inside an `<…>` token or an `&…;` entity. Blank input gives no pieces.
 */
export function splitMrkdwn(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > max) {
    const cut = safeCut(rest, max);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece.trim() !== '') out.push(piece);
    rest = rest.slice(cut).replace(/^\n+/, '');
  }
  if (rest.trim() !== '') out.push(rest);
  return out;
}

/** Cuts mrkdwn to at most `max` chars, ending in `…` when cut, at a safe place (see {@link splitMrkdwn}). */
export function truncateMrkdwn(s: string, max: number): string {
  if (s.length <= max) return s;
  return s.slice(0, safeCut(s, max - 1)).trimEnd() + '…';
}

function safeCut(s: string, max: number): number {
  const window = s.slice(0, max + 1);
  let cut = max;
  const nl = window.lastIndexOf('\n');
  const sp = window.lastIndexOf(' ');
  if (nl > max / 2) cut = nl;
  else if (sp > max / 2) cut = sp;
  const open = s.lastIndexOf('<', cut - 1);
  if (open > s.lastIndexOf('>', cut - 1)) cut = open;
  const amp = s.lastIndexOf('&', cut - 1);
  if (amp > s.lastIndexOf(';', cut - 1) && cut - amp < 6) cut = amp;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  // A single token longer than the limit (a huge URL) cannot be kept whole; cut it rather than loop.
  return cut > 0 ? cut : max;
}

/**
 * Plain text on one line, for plain_text objects (headers, buttons) that cannot break lines. Slack
 * shows plain_text as written — entities and `<…>` tokens are not parsed there — so it is not escaped.
 */
function oneLine(s: string): string {
  return inertBroadcasts(stripControlChars(s).replace(/\s*\n\s*/g, ' ').trim());
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
