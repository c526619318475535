import { describe, expect, it } from 'vitest';
import { compactCard, VISIBLE_LINES } from '../../../adapters/teams/compact-card.ts';
import { renderCard } from '../../../adapters/teams/render-card.ts';
import type { Message } from '../../../src/messages/message.ts';
import { cardProblems, cardText } from './harness.ts';

const list = (n: number): Message => ({
  fallback: `${n} incidents`,
  blocks: [
    { type: 'header', text: 'Open incidents' },
    { type: 'list', items: Array.from({ length: n }, (_, i) => `INC-${i + 1} · payments`) },
    { type: 'context', text: 'as of now' },
  ],
});

describe('folding long answers in channel threads', () => {
  it('leaves a short card alone', () => {
    const card = renderCard(list(3));
    expect(compactCard(card)).toBe(card);
  });

  it(`shows the first ${VISIBLE_LINES} lines and folds the rest, losing nothing`, () => {
    const card = renderCard(list(20));
    const compact = compactCard(card) as unknown as { body: Array<Record<string, unknown>> };
    expect(cardProblems(compact)).toEqual([]);
    const [header, shown, fold, toggle] = compact.body;
    expect(header).toMatchObject({ type: 'TextBlock', text: 'Open incidents' });
    expect(String(shown!['text']).split('\n')).toHaveLength(VISIBLE_LINES - 1);
    expect(fold).toMatchObject({ type: 'Container', isVisible: false });
    expect(toggle).toMatchObject({ type: 'ActionSet', actions: [{ type: 'Action.ToggleVisibility', title: 'Show 14 more lines', targetElements: [fold!['id']] }] });
    // Every item is still there, in order.
    const items = cardText(compact).match(/INC-\d+/g);
    expect(items).toEqual(Array.from({ length: 20 }, (_, i) => `INC-${i + 1}`));
    expect(cardText(compact)).toContain('as of now');
  });

  it('splits a long fact set between shown and folded facts', () => {
    const card = renderCard({ fallback: 'facts', blocks: [{ type: 'fields', fields: Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: String(i) })) }] });
    const compact = compactCard(card) as unknown as { body: Array<{ type: string; facts?: unknown[]; items?: Array<{ facts: unknown[] }> }> };
    expect(compact.body[0]!.facts).toHaveLength(VISIBLE_LINES);
    expect(compact.body[1]!.items![0]!.facts).toHaveLength(12 - VISIBLE_LINES);
    expect(cardProblems(compact)).toEqual([]);
  });
});
