/**
 * Charts on Teams cards. An Adaptive Card `Image` needs an address: a chart small enough goes inline as a
 * data: URL (nothing to fetch, works without PACTA_PUBLIC_URL); a larger one is stored and shown by a
 * signed, expiring URL Pacta serves (`/charts/<id>.png`, adapters/http/chart-route.ts), because Teams
 * refuses messages over 28 KB. Without either, the card says the chart in words (its alt text).
 */
import { imagesOf, withImageSources, type Message } from '../../src/messages/message.ts';
import type { ChartImages } from '../../src/ports/charts.ts';
import { CARD_BYTE_BUDGET, renderCard } from './render-card.ts';

/** Stores a PNG and returns the URL that shows it (null: Pacta has no public address to serve it at). */
export type ChartPublisher = { publish(png: Uint8Array): Promise<string | null> };

export type TeamsCharts = { charts: ChartImages; publisher: ChartPublisher | null };

const DATA_PREFIX = 'data:image/png;base64,';

/** The message with each chart given an address Teams can show, as above. */
export async function locateCharts(message: Message, deps: TeamsCharts | null): Promise<Message> {
  if (!deps || imagesOf(message).length === 0) return message;
  return withImageSources(message, async (image, sofar) => {
    const png = await deps.charts.png(image.chart);
    const inline = DATA_PREFIX + Buffer.from(png).toString('base64');
    // Room left on the card as it stands, with the images placed so far.
    const used = Buffer.byteLength(JSON.stringify(renderCard(sofar)));
    if (used + inline.length <= CARD_BYTE_BUDGET) return inline;
    return deps.publisher ? deps.publisher.publish(png) : null;
  });
}
