/**
 * ChartImages on a worker thread (adapters/charts/images.ts): the same bytes as on the calling thread,
 * many requests at once, the cache, close(), a worker that dies, and a process that ends while the idle
 * worker is still there.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chartImages, ChartRendererError, inProcessChartImages, workerChartImages } from '../../../adapters/charts/images.ts';
import type { Chart } from '../../../src/charts/chart.ts';
import { availability, budget, day, everyKind, PNG_SIGNATURE, pngSize, ZONE } from './charts.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const worker = chartImages({ zone: ZONE });
const local = inProcessChartImages({ zone: ZONE });
afterAll(() => worker.close());

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** Twenty different budget charts, as a digest would carry. */
const digest = (): Chart[] =>
  Array.from({ length: 20 }, (_, i) => budget({ title: `Error budget of service ${i}`, points: Array.from({ length: 30 }, (_, j) => ({ at: day(j), left: 1 - (j * (i + 1)) / 300 })) }));

describe('chartImages on a worker', () => {
  it('draws the same SVG and PNG bytes as on the calling thread', async () => {
    const charts = everyKind();
    const pngs = await Promise.all(charts.map((c) => worker.png(c)));
    for (const [i, png] of pngs.entries()) {
      expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(pngSize(png)).toEqual({ width: 640, height: 300 });
      expect(same(png, await local.png(charts[i]!)), charts[i]!.kind).toBe(true);
    }
    expect(await worker.svg(charts[2]!)).toBe(await local.svg(charts[2]!));
    const big = await worker.png(budget(), { scale: 2 });
    expect(pngSize(big)).toEqual({ width: 1280, height: 600 });
  });

  it('answers 20 requests at once, each with its own chart, and draws each chart once', async () => {
    const charts = digest();
    const before = worker.stats.drawn;
    const pngs = await Promise.all(charts.map((c) => worker.png(c)));
    expect(worker.stats.drawn - before).toBe(20);
    expect(new Set(pngs.map((p) => Buffer.from(p).toString('base64'))).size).toBe(20);
    for (const i of [0, 19]) expect(same(pngs[i]!, await local.png(charts[i]!))).toBe(true);

    // Asked again (and twice at once), the same charts come from the cache: no drawing, the same bytes.
    const cachedBefore = worker.stats.cached;
    const again = await Promise.all([...charts, ...charts].map((c) => worker.png(structuredClone(c))));
    expect(worker.stats.drawn - before).toBe(20);
    expect(worker.stats.cached - cachedBefore).toBe(40);
    for (const [i, p] of again.entries()) expect(same(p, pngs[i % 20]!)).toBe(true);
  });

  it('hands every caller bytes of its own', async () => {
    const chart = availability({ title: 'Mine' });
    const a = await worker.png(chart);
    const copy = new Uint8Array(a);
    a.fill(0);
    expect(same(await worker.png(chart), copy)).toBe(true);
  });

  it('keys the cache on the options too', async () => {
    const chart = availability({ title: 'Zones', points: [0, 1].map((i) => ({ from: day(i), availability: 1 })) });
    const [berlin, utc] = await Promise.all([worker.svg(chart), worker.svg(chart, { zone: 'UTC' })]);
    expect(berlin).toContain('1 Nov');
    expect(utc).toContain('31 Oct');
  });

  it('rejects what is waiting on close(), and the next request starts a new worker', async () => {
    const waiting = worker.png(budget({ title: 'Waiting when closed' }));
    const rejected = expect(waiting).rejects.toThrow(/closed before it drew/);
    await worker.close();
    await rejected;
    await expect(waiting).rejects.toBeInstanceOf(ChartRendererError);
    const png = await worker.png(budget({ title: 'After close' }));
    expect(same(png, await local.png(budget({ title: 'After close' })))).toBe(true);
  });

  it('rejects the requests of a worker that dies, clearly, and recovers with a new worker', async () => {
    const dying = workerChartImages({ zone: ZONE, workerUrl: new URL('./dying-worker.js', import.meta.url) });
    try {
      const fine = await dying.png(budget());
      const doomed = [dying.png(budget({ title: 'die' })), dying.svg(budget({ title: 'also waiting' }))];
      for (const d of doomed) await expect(d).rejects.toThrow(/chart renderer stopped \(exit code 7\)/);
      await expect(doomed[0]).rejects.toBeInstanceOf(ChartRendererError);
      // A new worker draws the next one; the failed requests were not cached.
      expect(same(await dying.png(budget({ title: 'also waiting' })), await local.png(budget({ title: 'also waiting' })))).toBe(true);
      expect(same(await dying.png(budget()), fine)).toBe(true);
    } finally {
      await dying.close();
    }
  });

  it('rejects a chart it cannot draw without stopping the worker', async () => {
    await expect(worker.png(budget(), { scale: 0 })).rejects.toThrow(/could not be drawn: PNG scale/);
    expect(pngSize(await worker.png(budget({ title: 'Still here' }))).width).toBe(640);
  });

  it('runs under node bin/run-ts.js, and an idle worker does not keep the process alive', () => {
    const run = spawnSync(process.execPath, ['bin/run-ts.js', 'test/adapters/charts/draw-once.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^png 640x300 \d+ bytes\n$/);
    expect(run.status).toBe(0);
  });
});
