/**
 * Renders a neutral {@link Message} as an Adaptive Card 1.5 for Microsoft Teams, with buttons as
 * Universal Actions (`Action.Execute`), mentions as `<at>` plus `msteams.entities`, and times as
 * `DATE()`/`TIME()` functions that Teams shows in each reader's zone.
 */
import type { Attachment } from 'botbuilder';
import { openableUrl, type Block, type ButtonAction, type Message, type Tone } from '../../src/messages/message.ts';
import { buttonAction, buttonCommand, isButtonActionId } from '../../src/messages/button-action.ts';
import { progressBar, progressPercent, stripControlChars, truncateText } from '../../src/messages/text-fit.ts';
import { escapeMarkdown, inertMentions, MarkdownWriter, truncateMarkdown, type MentionEntity } from './card-markdown.ts';

export type { MentionEntity } from './card-markdown.ts';

/** The MIME type of an Adaptive Card attachment. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams refuses bot and webhook messages over 28 KB (the whole activity, not only the card). */
export const TEAMS_MESSAGE_BYTE_LIMIT = 28 * 1024;
/** What a card may use: 2 KB less than the message limit, left for the activity around it. */
export const CARD_BYTE_BUDGET = 26 * 1024;
/** Longest alt text on a card image. */
const IMAGE_ALT_MAX = 1000;
/** Actions per `ActionSet`. The Adaptive Cards default host config shows 5; more would be cut off. */
export const ACTIONS_PER_SET = 5;

type Spacing = { separator?: boolean; spacing?: 'Medium' };
type TextColor = 'Default' | 'Good' | 'Warning' | 'Attention';
/** An Adaptive Card `TextBlock`. */
export type TextBlockElement = Spacing & {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'Small' | 'Medium' | 'Large';
  weight?: 'Bolder';
  color?: TextColor;
  isSubtle?: boolean;
  style?: 'heading';
  fontType?: 'Monospace';
};
/** An Adaptive Card `FactSet`. */
export type FactSetElement = Spacing & { type: 'FactSet'; facts: Array<{ title: string; value: string }> };
/** An Adaptive Card `ColumnSet`, here only with text columns. */
export type ColumnSetElement = Spacing & {
  type: 'ColumnSet';
  columns: Array<{ type: 'Column'; width: 'auto' | 'stretch'; items: TextBlockElement[] }>;
};
/** A Universal Action button: Teams sends an `adaptiveCard/action` invoke with `verb` and `data`. */
export type ExecuteAction = {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: { action: ButtonAction['id']; incident: number };
  style?: 'positive' | 'destructive';
};
/** A link button: the client opens `url` in the browser; nothing reaches the bot. */
export type OpenUrlAction = { type: 'Action.OpenUrl'; title: string; url: string };
/** An Adaptive Card `ActionSet`. */
export type ActionSetElement = Spacing & { type: 'ActionSet'; actions: Array<ExecuteAction | OpenUrlAction> };
/** An Adaptive Card `Image`: a chart, by a signed URL Pacta serves or a data: URL, with its alt text. */
export type ImageElement = Spacing & { type: 'Image'; url: string; altText: string; size?: 'Stretch' };
/** The body elements Pacta produces. */
export type CardElement = TextBlockElement | FactSetElement | ColumnSetElement | ActionSetElement | ImageElement;

/** An Adaptive Card as Pacta sends it to Teams. */
export type AdaptiveCardJson = {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  /** Shown by clients that cannot render the card. */
  fallbackText: string;
  body: CardElement[];
  msteams: { width: 'Full'; entities?: MentionEntity[] };
};

const TONE_COLOR: Record<Tone, TextColor> = {
  good: 'Good',
  warning: 'Warning',
  danger: 'Attention',
  neutral: 'Default',
};
const VERB_PREFIX = 'pacta.';
/** Link titles are cut like Slack's button text: a button wider than the card helps no one. */
const BUTTON_TITLE_MAX = 75;
const FALLBACK_TEXT_MAX = 1000;

/**
 * Renders `message` as an Adaptive Card. Header → bold TextBlock coloured by tone, text → wrapped
 * Markdown TextBlock, fields → FactSet, progress → ColumnSet with a bar, actions → ActionSets of
 * `Action.Execute` (verb `pacta.ack`, data `{ action, incident }`), links → ActionSets of
 * `Action.OpenUrl`, context → small subtle TextBlock, divider → `separator` on the next element,
 * list → `- ` lines. The card stays within {@link CARD_BYTE_BUDGET}; a longer one is cut and ends
 * with "…and N more — message shortened".
 */
export function renderCard(message: Message): AdaptiveCardJson {
  const md = new MarkdownWriter();
  const body: CardElement[] = [];
  let separate = false;
  let seenHeader = false;
  for (const block of message.blocks) {
    if (block.type === 'divider') {
      // Adaptive Cards have no divider element: the next element draws a separator line above itself.
      separate = body.length > 0;
      continue;
    }
    const elements = elementsFor(block, md, !seenHeader);
    if (block.type === 'header') seenHeader = true;
    const first = elements[0];
    if (first && separate) Object.assign(first, { separator: true, spacing: 'Medium' } satisfies Spacing);
    if (first) separate = false;
    body.push(...elements);
  }
  const card: AdaptiveCardJson = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: truncateText(inertMentions(stripControlChars(message.fallback)).trim() || 'Pacta', FALLBACK_TEXT_MAX),
    body,
    msteams: { width: 'Full' },
  };
  return fitCard(card, md.entities());
}

type ContentBlock = Exclude<Block, { type: 'divider' }>;

function elementsFor(block: ContentBlock, md: MarkdownWriter, firstHeader: boolean): CardElement[] {
  switch (block.type) {
    case 'header': {
      const text = escapeMarkdown(block.text).trim();
      if (text === '') return [];
      const color = TONE_COLOR[block.tone ?? 'neutral'];
      const size = firstHeader ? 'Large' : 'Medium';
      return [{ type: 'TextBlock', text, wrap: true, size, weight: 'Bolder', color, style: 'heading' }];
    }
    case 'text':
      return textBlock(md.write(block.text));
    case 'fields': {
      if (block.fields.length === 0) return [];
      const facts = block.fields.map((f) => ({ title: escapeMarkdown(f.label), value: md.write(f.value) || '—' }));
      return [{ type: 'FactSet', facts }];
    }
    case 'progress':
      return [progressColumns(block, md)];
    case 'actions':
      return actionSets(block.buttons.map(executeAction));
    case 'links':
      return actionSets(block.links.flatMap(openUrlAction));
    case 'context': {
      const text = md.write(block.text);
      return text.trim() === '' ? [] : [{ type: 'TextBlock', text, wrap: true, isSubtle: true, size: 'Small' }];
    }
    case 'code': {
      // Verbatim: every Markdown character escaped, line breaks kept, in monospace.
      const text = escapeMarkdown(block.text.replace(/\n+$/, ''));
      return text.trim() === '' ? [] : [{ type: 'TextBlock', text, wrap: true, fontType: 'Monospace' }];
    }
    case 'image': {
      const alt = truncateText(stripControlChars(block.alt).replace(/\s+/g, ' ').trim(), IMAGE_ALT_MAX);
      if (block.src && (block.src.startsWith('data:image/png;base64,') || openableUrl(block.src))) return [{ type: 'Image', url: block.src, altText: alt, size: 'Stretch' }];
      return alt ? [{ type: 'TextBlock', text: escapeMarkdown(`📈 ${alt}`), wrap: true, isSubtle: true, size: 'Small' }] : [];
    }
    case 'list': {
      // Teams Markdown lists are `- item` lines; an item's own line breaks would end the list.
      const items = block.items.map((item) => md.write(item, 'space').trim()).filter((item) => item !== '');
      return textBlock(items.map((item) => `- ${item}`).join('\n'));
    }
  }
}

/** Label, bar coloured by tone, caption: three columns that wrap on narrow screens. */
function progressColumns(block: Extract<Block, { type: 'progress' }>, md: MarkdownWriter): ColumnSetElement {
  type Column = ColumnSetElement['columns'][number];
  const column = (width: Column['width'], item: Omit<TextBlockElement, 'type' | 'wrap'>): Column => ({
    type: 'Column',
    width,
    items: [{ type: 'TextBlock', wrap: true, ...item }],
  });
  const label = escapeMarkdown(block.label).trim();
  const caption = md.write(block.caption, 'space');
  const bar = `${progressBar(block.fraction)} ${progressPercent(block.fraction)}`;
  return {
    type: 'ColumnSet',
    columns: [
      ...(label ? [column('auto', { text: label, weight: 'Bolder' })] : []),
      column('auto', { text: bar, fontType: 'Monospace', color: TONE_COLOR[block.tone] }),
      ...(caption ? [column('stretch', { text: caption, isSubtle: true })] : []),
    ],
  };
}

function textBlock(text: string): TextBlockElement[] {
  return text.trim() === '' ? [] : [{ type: 'TextBlock', text, wrap: true }];
}

function actionSets(actions: ActionSetElement['actions']): ActionSetElement[] {
  const sets: ActionSetElement[] = [];
  for (let i = 0; i < actions.length; i += ACTIONS_PER_SET) {
    sets.push({ type: 'ActionSet', actions: actions.slice(i, i + ACTIONS_PER_SET) });
  }
  return sets;
}

/** A link as `Action.OpenUrl`; none when its URL is not one a button may open (see `openableUrl`). */
function openUrlAction(link: Extract<Block, { type: 'links' }>['links'][number]): OpenUrlAction[] {
  const url = openableUrl(link.url);
  if (!url) return [];
  const title = stripControlChars(link.label).replace(/\s+/g, ' ').trim() || new URL(url).host;
  return [{ type: 'Action.OpenUrl', title: truncateText(title, BUTTON_TITLE_MAX), url }];
}

function executeAction(b: Extract<Block, { type: 'actions' }>['buttons'][number]): ExecuteAction {
  const action: ExecuteAction = {
    type: 'Action.Execute',
    title: stripControlChars(b.label).trim() || buttonCommand(b.action),
    verb: `${VERB_PREFIX}${b.action.id}`,
    data: { action: b.action.id, incident: b.action.incident },
  };
  if (b.style) action.style = b.style === 'primary' ? 'positive' : 'destructive';
  return action;
}

/**
 * Reads a Universal Action back from the `adaptiveCard/action` invoke (`value.action.verb` and
 * `value.action.data`). Both come from the client, so both are checked; null when they do not
 * describe one of Pacta's buttons.
 */
export function decodeExecuteAction(verb: unknown, data: unknown): ButtonAction | null {
  if (typeof verb !== 'string' || !verb.startsWith(VERB_PREFIX)) return null;
  const id = verb.slice(VERB_PREFIX.length);
  if (!isButtonActionId(id) || typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (d['action'] !== id) return null;
  return buttonAction(id, d['incident']);
}

/** The card's size as Teams counts it: bytes of its UTF-8 JSON. */
export function cardByteSize(card: AdaptiveCardJson): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

// ---- size -----------------------------------------------------------------------------------------

/**
 * Returns the card with its mention entities, within {@link CARD_BYTE_BUDGET}. When too large, action
 * sets are kept (they are what people act on), other elements are kept in order while they fit, the
 * first one that does not is shortened if it is text or facts, and a marker says how many were left
 * out. Mentions whose `<at>` text was cut away lose their entity too, which Teams requires.
 */
function fitCard(card: AdaptiveCardJson, entities: MentionEntity[]): AdaptiveCardJson {
  const full = withEntities(card, card.body, entities);
  if (cardByteSize(full) <= CARD_BYTE_BUDGET) return full;

  const markerFor = (n: number): TextBlockElement => ({
    type: 'TextBlock',
    text: n > 0 ? `_…and ${n} more — message shortened_` : '_…message shortened_',
    wrap: true,
    isSubtle: true,
    size: 'Small',
  });
  const actionSets = card.body.filter((e) => e.type === 'ActionSet');
  const others = card.body.filter((e) => e.type !== 'ActionSet');
  // Size with every entity and the widest marker is an upper bound: what is left is safe to fill.
  const fixedSize = (): number =>
    cardByteSize(withEntities(card, [...actionSets, markerFor(card.body.length)], entities));
  while (actionSets.length > 0 && fixedSize() > CARD_BYTE_BUDGET) actionSets.pop();
  let room = CARD_BYTE_BUDGET - fixedSize();
  const kept = new Set<CardElement>(actionSets);
  const replaced = new Map<CardElement, CardElement>();
  for (const el of others) {
    const size = elementBytes(el) + 1; // the comma between array items
    if (size <= room) {
      kept.add(el);
      room -= size;
      continue;
    }
    const shorter = shrink(el, room - 1);
    if (shorter) {
      kept.add(el);
      replaced.set(el, shorter);
    }
    break;
  }
  const body = card.body.filter((e) => kept.has(e)).map((e) => replaced.get(e) ?? e);
  const dropped = card.body.filter((e) => !kept.has(e)).length;
  body.push(markerFor(dropped));
  const json = JSON.stringify(body);
  return withEntities(card, body, entities.filter((m) => json.includes(m.text)));
}

function withEntities(card: AdaptiveCardJson, body: CardElement[], entities: MentionEntity[]): AdaptiveCardJson {
  const msteams: AdaptiveCardJson['msteams'] = entities.length > 0 ? { width: 'Full', entities } : { width: 'Full' };
  return { ...card, body, msteams };
}

function elementBytes(el: CardElement): number {
  return Buffer.byteLength(JSON.stringify(el), 'utf8');
}

/** A shortened copy of a text or fact element that takes at most `room` bytes, or null. */
function shrink(el: CardElement, room: number): CardElement | null {
  if (el.type === 'TextBlock') {
    // Largest prefix that fits, by binary search: bytes per char vary with the script and JSON escapes.
    let lo = 0;
    let hi = el.text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (elementBytes({ ...el, text: truncateMarkdown(el.text, mid) }) <= room) lo = mid;
      else hi = mid - 1;
    }
    const text = truncateMarkdown(el.text, lo);
    return lo > 0 && text !== '…' ? { ...el, text } : null;
  }
  if (el.type === 'FactSet') {
    const facts: FactSetElement['facts'] = [];
    let size = elementBytes({ ...el, facts: [] });
    for (const fact of el.facts) {
      size += Buffer.byteLength(JSON.stringify(fact), 'utf8') + (facts.length > 0 ? 1 : 0);
      if (size > room) break;
      facts.push(fact);
    }
    return facts.length > 0 ? { ...el, facts } : null;
  }
  return null;
}
