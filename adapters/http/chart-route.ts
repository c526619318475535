/**
 * `/charts/<id>.png?e=<expiry>&s=<signature>`: chart images for platforms that show a picture by its URL
 * (Teams cards). Images are stored in the database by the hash of their bytes, so every replica serves
 * every image; a URL is signed and expires (CHART_URL_LIFETIME_MS). A forged, tampered, expired or unknown
 * URL gets the same 403 and learns nothing.
 */
import { createHash } from 'node:crypto';
import type { ChartImageRepository } from '../../src/ports/store.ts';
import type { TimeSource } from '../../src/time-source.ts';
import type { RouteHandler } from './server.ts';
import type { LinkSigner } from './signed-links.ts';

export const CHARTS_PREFIX = '/charts/';
/** How long a chart URL on a card works: Teams fetches the image whenever someone scrolls back to the card. */
export const CHART_URL_LIFETIME_MS = 90 * 86_400_000;

export class ChartLinks {
  constructor(
    private readonly images: ChartImageRepository,
    private readonly signer: LinkSigner,
    private readonly time: TimeSource,
    /** PACTA_PUBLIC_URL; null: no URL can be handed out. */
    private readonly publicUrl: string | null,
  ) {}

  /** Stores `png` and returns a signed URL for it, or null without a public address. */
  async publish(png: Uint8Array): Promise<string | null> {
    if (!this.publicUrl) return null;
    const now = this.time.now();
    const id = createHash('sha256').update(png).digest('base64url').slice(0, 32);
    const expiresAt = new Date(now.getTime() + CHART_URL_LIFETIME_MS);
    await this.images.put(id, png, now, expiresAt);
    return `${this.publicUrl.replace(/\/+$/, '')}${CHARTS_PREFIX}${id}.png?${await this.signer.chartQuery(id, expiresAt)}`;
  }

  /** The route serving the images. */
  readonly route: RouteHandler = async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://pacta.invalid');
    const m = /^\/charts\/([A-Za-z0-9_-]{32})\.png$/.exec(url.pathname);
    const now = this.time.now();
    const png = m && (await this.signer.verifyChart(m[1]!, url.searchParams.get('e'), url.searchParams.get('s'), now)) ? await this.images.get(m[1]!, now) : null;
    if (!png) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('Forbidden\n');
      return;
    }
    res.writeHead(200, {
      'content-type': 'image/png',
      'content-length': String(png.length),
      // The bytes behind an id never change; the URL's own expiry bounds how long it works.
      'cache-control': 'private, max-age=86400, immutable',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : Buffer.from(png));
  };

  /** Deletes images whose URLs have all expired; returns how many. */
  prune(): Promise<number> {
    return this.images.prune(this.time.now());
  }
}
