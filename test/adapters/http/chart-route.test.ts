/**
 * `/charts/<id>.png`: a published chart is served by its signed URL, from any replica (the image and the
 * signing key live in the database); a forged, tampered, expired or unknown URL gets the same 403.
 */
import { expect, it } from 'vitest';
import { ChartLinks } from '../../../adapters/http/chart-route.ts';
import { HttpServer } from '../../../adapters/http/server.ts';
import { LinkSigner } from '../../../adapters/http/signed-links.ts';
import { silentLogger } from '../../../adapters/logger.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { PNG_SIGNATURE } from '../../fakes/chart-images.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';

describeEachDatabase('chart image URLs', (db) => {
  const replica = async (time: ManualTime, publicUrl: string | null = 'https://pacta.example.com/') => {
    const links = new ChartLinks(db().store.read.charts, new LinkSigner(db().store.read.settings), time, publicUrl);
    const server = new HttpServer({ port: 0, host: '127.0.0.1', ping: async () => {}, log: silentLogger() });
    server.routePrefix('/charts/', links.route);
    const { port } = await server.listen();
    const fetchPath = (url: string, method = 'GET') => fetch(`http://127.0.0.1:${port}${new URL(url).pathname}${new URL(url).search}`, { method });
    return { links, server, fetchPath };
  };

  it('serves the PNG by its signed URL on every replica, and refuses every altered or expired URL alike', async () => {
    const time = new ManualTime('2026-12-01T10:00:00Z');
    const a = await replica(time);
    const b = await replica(time);
    try {
      const png = new Uint8Array(Buffer.concat([PNG_SIGNATURE, Buffer.from('a chart')]));
      const url = (await a.links.publish(png))!;
      expect(url).toMatch(/^https:\/\/pacta\.example\.com\/charts\/[A-Za-z0-9_-]{32}\.png\?e=\d+&s=[A-Za-z0-9_-]{43}$/);
      const ok = await b.fetchPath(url);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await ok.arrayBuffer())).toEqual(Buffer.from(png));
      expect((await b.fetchPath(url, 'HEAD')).status).toBe(200);
      expect((await b.fetchPath(url, 'POST')).status).toBe(405);

      const u = new URL(url);
      const e = u.searchParams.get('e')!;
      const s = u.searchParams.get('s')!;
      const id = u.pathname.slice('/charts/'.length, -'.png'.length);
      const flip = (x: string) => x.slice(0, -1) + (x.endsWith('A') ? 'B' : 'A');
      const refused = [
        `https://h/charts/${id}.png`,
        `https://h/charts/${id}.png?e=${e}&s=${flip(s)}`,
        `https://h/charts/${id}.png?e=${Number(e) + 86_400}&s=${s}`,
        `https://h/charts/${flip(id)}.png?e=${e}&s=${s}`,
        `https://h/charts/${id}.png.png?e=${e}&s=${s}`,
        `https://h/charts/${id}.svg?e=${e}&s=${s}`,
      ];
      const bodies = new Set<string>();
      for (const r of refused) {
        const res = await b.fetchPath(r);
        expect(res.status, r).toBe(403);
        bodies.add(await res.text());
      }
      expect([...bodies]).toEqual(['Forbidden\n']);
      // 90 days on, the URL has expired, and the image is pruned.
      time.advance(90 * 86_400_000);
      expect((await b.fetchPath(url)).status).toBe(403);
      expect(await a.links.prune()).toBe(1);
    } finally {
      await a.server.stop();
      await b.server.stop();
    }
  });

  it('hands out no URL without PACTA_PUBLIC_URL, and stores nothing', async () => {
    const time = new ManualTime('2026-12-01T10:00:00Z');
    const a = await replica(time, null);
    try {
      expect(await a.links.publish(new Uint8Array(PNG_SIGNATURE))).toBeNull();
      expect(await a.links.prune()).toBe(0);
    } finally {
      await a.server.stop();
    }
  });
});
