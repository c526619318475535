/**
 * Charts on Teams cards: a small chart goes inline as a data: URL while the card stays under its budget; a
 * larger one by the publisher's signed URL; without a publisher (no PACTA_PUBLIC_URL) the card says the
 * chart in words. Every card stays under Teams's 28 KB.
 */
import { describe, expect, it } from 'vitest';
import { locateCharts } from '../../../adapters/teams/chart-images.ts';
import { CARD_BYTE_BUDGET, renderCard } from '../../../adapters/teams/render-card.ts';
import type { Message } from '../../../src/messages/message.ts';
import { budgetChart, FakeChartImages } from '../../fakes/chart-images.ts';

const message = (n: number): Message => ({
  fallback: 'Digest',
  blocks: [{ type: 'header', text: 'Digest' }, ...Array.from({ length: n }, (_, i) => ({ type: 'image' as const, chart: budgetChart(`Budget ${i}`), alt: `Budget ${i}: 60 % left.` }))],
});
const images = (m: Message) => renderCard(m).body.filter((e) => e.type === 'Image') as Array<{ url: string; altText: string }>;
const published: Uint8Array[] = [];
const publisher = { publish: async (png: Uint8Array) => (published.push(png), `https://pacta.example.com/charts/${published.length}.png?e=1&s=x`) };

describe('charts on Teams cards', () => {
  it('inlines small charts as data: URLs, with their alt text', async () => {
    const card = renderCard(await locateCharts(message(2), { charts: new FakeChartImages(), publisher }));
    const imgs = card.body.filter((e) => e.type === 'Image') as Array<{ url: string; altText: string }>;
    expect(imgs.map((i) => i.altText)).toEqual(['Budget 0: 60 % left.', 'Budget 1: 60 % left.']);
    expect(imgs.every((i) => i.url.startsWith('data:image/png;base64,'))).toBe(true);
  });

  it('serves a chart that would not fit by its signed URL, and the card stays under its budget', async () => {
    published.length = 0;
    // 12 KB each: the first fits inline, the second would pass the 26 KB budget.
    const located = await locateCharts(message(3), { charts: new FakeChartImages(12 * 1024), publisher });
    const urls = images(located).map((i) => i.url);
    expect(urls[0]).toMatch(/^data:image\/png;base64,/);
    expect(urls.slice(1)).toEqual(['https://pacta.example.com/charts/1.png?e=1&s=x', 'https://pacta.example.com/charts/2.png?e=1&s=x']);
    expect(Buffer.byteLength(JSON.stringify(renderCard(located)))).toBeLessThanOrEqual(CARD_BYTE_BUDGET);
  });

  it('without a public address, a chart too large to inline is said in words', async () => {
    const card = renderCard(await locateCharts(message(1), { charts: new FakeChartImages(40 * 1024), publisher: { publish: async () => null } }));
    expect(card.body.some((e) => e.type === 'Image')).toBe(false);
    expect(JSON.stringify(card.body)).toContain('Budget 0: 60 % left.');
  });

  it('never shows a src that is not an image address', () => {
    const m: Message = { fallback: 'x', blocks: [{ type: 'image', chart: budgetChart(), alt: 'alt', src: 'javascript:alert(1)' }] };
    expect(images(m)).toEqual([]);
  });
});
