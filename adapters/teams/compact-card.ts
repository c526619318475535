/**
 * Short answers in channels. Teams has no message only the asker sees, so an answer to a question asked
 * in a channel goes in the thread of the question, where everyone sees it. To keep the thread readable
 * a long answer shows its first lines and folds the rest behind a "Show more" toggle
 * (`Action.ToggleVisibility`): short in the channel, complete for whoever wants it.
 */
import { CARD_BYTE_BUDGET, cardByteSize, type AdaptiveCardJson, type CardElement, type FactSetElement, type TextBlockElement } from './render-card.ts';

/** Lines shown before the fold. */
export const VISIBLE_LINES = 8;
/** Folding fewer lines than this is not worth a button. */
const MIN_FOLDED_LINES = 3;
const FOLD_ID = 'pacta-more';

type ToggleActionSet = { type: 'ActionSet'; actions: Array<{ type: 'Action.ToggleVisibility'; title: string; targetElements: string[] }> };
type FoldContainer = { type: 'Container'; id: string; isVisible: false; items: CardElement[] };

/** A card whose tail is folded away (see {@link compactCard}). */
export type CompactCardJson = Omit<AdaptiveCardJson, 'body'> & { body: Array<CardElement | FoldContainer | ToggleActionSet> };

/** `card` with everything after its first {@link VISIBLE_LINES} lines folded; unchanged when short. */
export function compactCard(card: AdaptiveCardJson, visible = VISIBLE_LINES): AdaptiveCardJson | CompactCardJson {
  const total = card.body.reduce((n, e) => n + linesOf(e), 0);
  if (total - visible < MIN_FOLDED_LINES) return card;
  const shown: CardElement[] = [];
  const folded: CardElement[] = [];
  let room = visible;
  for (const el of card.body) {
    const lines = linesOf(el);
    if (folded.length === 0 && lines <= room) {
      shown.push(el);
      room -= lines;
      continue;
    }
    if (folded.length === 0 && room > 0) {
      const [head, tail] = split(el, room);
      if (head) shown.push(head);
      if (tail) folded.push(tail);
      room = 0;
      continue;
    }
    folded.push(el);
  }
  const hidden = total - visible;
  const compact: CompactCardJson = {
    ...card,
    body: [
      ...shown,
      { type: 'Container', id: FOLD_ID, isVisible: false, items: folded },
      { type: 'ActionSet', actions: [{ type: 'Action.ToggleVisibility', title: `Show ${hidden} more ${hidden === 1 ? 'line' : 'lines'}`, targetElements: [FOLD_ID] }] },
    ],
  };
  // Folding adds a few hundred bytes; a card already at the size limit stays as it is.
  return cardByteSize(compact as unknown as AdaptiveCardJson) <= CARD_BYTE_BUDGET ? compact : card;
}

/** Roughly how many lines an element takes: a text's lines or paragraphs, a fact set's facts. */
function linesOf(el: CardElement): number {
  if (el.type === 'TextBlock') return Math.max(1, textLines(el.text).length);
  if (el.type === 'FactSet') return Math.max(1, el.facts.length);
  return 1;
}

/** Lines of Teams Markdown: list items end at `\n`, paragraphs at `\n\n`. */
function textLines(text: string): string[] {
  return text.split(/\n\n?/).filter((l) => l.trim() !== '');
}

/** Splits an element after `n` lines, when it is text or facts; otherwise it goes whole below the fold. */
function split(el: CardElement, n: number): [CardElement | null, CardElement | null] {
  if (el.type === 'TextBlock') {
    const sep = el.text.includes('\n- ') ? '\n' : '\n\n';
    const lines = textLines(el.text);
    const head: TextBlockElement = { ...el, text: lines.slice(0, n).join(sep) };
    const { separator: _s, spacing: _p, ...rest } = el;
    const tail: TextBlockElement = { ...rest, text: lines.slice(n).join(sep) };
    return [head, tail];
  }
  if (el.type === 'FactSet') {
    const head: FactSetElement = { ...el, facts: el.facts.slice(0, n) };
    const { separator: _s, spacing: _p, ...rest } = el;
    return [head, { ...rest, facts: el.facts.slice(n) }];
  }
  return [null, el];
}
