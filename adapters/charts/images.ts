/**
 * Pacta's ChartImages (src/ports/charts.ts): charts drawn on a worker thread, so that a digest full of charts
 * does not hold up the event loop, and the recent ones kept, so that the same chart is drawn once.
 *
 * - One worker, started by the first request. It holds the process open only while it has requests to
 *   answer (unref'd when idle), so an idle renderer never keeps Pacta from exiting.
 * - Requests carry an id; answers are matched to them by it.
 * - If the worker dies (a crash, running out of memory), the requests it had reject with
 *   {@link ChartRendererError} and the next request starts a new worker.
 * - `close()` stops the worker and rejects what it had; a request after that starts a new worker, as after
 *   a crash. The cache survives both.
 * - Results are cached (LRU, 64 by default) by a hash of the chart, the format and the options; a request
 *   for a chart being drawn waits for that drawing rather than starting another.
 *
 * {@link inProcessChartImages} is the same on the calling thread (tests, the console, the baseline of
 * bench/charts.ts).
 */
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Chart } from '../../src/charts/chart.ts';
import type { ChartImages } from '../../src/ports/charts.ts';
import { renderPng, renderSvg, type DrawOptions } from './render.ts';

export type { DrawOptions } from './render.ts';

/** ChartImages with per-call options (zone of the axis labels, PNG scale) and a way to let go of the worker. */
export interface ChartRenderer extends ChartImages {
  svg(chart: Chart, opts?: DrawOptions): Promise<string>;
  png(chart: Chart, opts?: DrawOptions): Promise<Uint8Array>;
  /** Stops the worker, if any; requests still waiting reject. Later requests start a new one. */
  close(): Promise<void>;
  /** Charts drawn so far, and requests answered from the cache (or by a drawing already under way). */
  readonly stats: { readonly drawn: number; readonly cached: number };
}

export type ChartImagesOptions = {
  /** Draw on a worker thread (default) or on the calling thread. */
  worker?: boolean;
  /** Defaults of every call: zone of the axis labels of charts without their own (default UTC), PNG scale (default 1). */
  zone?: string;
  scale?: number;
  /** Results kept; 0 keeps none. Default 64. */
  cacheSize?: number;
  /** The worker's script; tests give one that fails. Default adapters/charts/worker.js. */
  workerUrl?: URL;
};

/** A request the renderer could not answer because its worker stopped or was closed. */
export class ChartRendererError extends Error {
  override name = 'ChartRendererError';
}

const DEFAULT_CACHE = 64;

/** Pacta's chart images: on a worker thread unless `worker: false`. */
export function chartImages(opts: ChartImagesOptions = {}): ChartRenderer {
  return opts.worker === false ? inProcessChartImages(opts) : workerChartImages(opts);
}

/** Charts drawn on the calling thread, with the same cache. */
export function inProcessChartImages(opts: Omit<ChartImagesOptions, 'worker' | 'workerUrl'> = {}): ChartRenderer {
  return cached(opts, (format, chart, options) => (format === 'svg' ? renderSvg(chart, options) : renderPng(chart, options)), async () => {});
}

/** Charts drawn on one worker thread, started when first needed. */
export function workerChartImages(opts: Omit<ChartImagesOptions, 'worker'> = {}): ChartRenderer {
  const url = opts.workerUrl ?? new URL('./worker.js', import.meta.url);
  let thread: RenderThread | null = null;
  return cached(
    opts,
    (format, chart, options) => {
      if (!thread || thread.stopped) thread = new RenderThread(url);
      return thread.request(format, chart, options);
    },
    async () => {
      const t = thread;
      thread = null;
      await t?.stop(new ChartRendererError('The chart renderer was closed before it drew this chart.'));
    },
  );
}

type Format = 'svg' | 'png';

function cached(opts: Omit<ChartImagesOptions, 'worker' | 'workerUrl'>, draw: (format: Format, chart: Chart, options: DrawOptions) => Promise<string | Uint8Array>, close: () => Promise<void>): ChartRenderer {
  const cache = new LruCache<Promise<string | Uint8Array>>(opts.cacheSize ?? DEFAULT_CACHE);
  const defaults: DrawOptions = { zone: opts.zone ?? 'UTC', scale: opts.scale ?? 1 };
  const stats = { drawn: 0, cached: 0 };
  const get = (format: Format, chart: Chart, options: DrawOptions): Promise<string | Uint8Array> => {
    // The zone asked for, else the one the chart was cut in, else the renderer's.
    const o: DrawOptions = { zone: options.zone ?? chart.zone ?? defaults.zone, scale: format === 'png' ? (options.scale ?? defaults.scale) : 1 };
    const key = chartKey(format, chart, o);
    let result = cache.get(key);
    if (result) stats.cached++;
    else {
      stats.drawn++;
      try {
        result = draw(format, chart, o);
      } catch (err) {
        // A worker that cannot even be started fails this request, like any other failure.
        result = Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      cache.set(key, result);
      // A failure is not kept: the next request tries again.
      result.catch(() => cache.delete(key, result!));
    }
    // Every caller gets bytes of its own: a caller changing them must not change the cache.
    return format === 'png' ? result.then((b) => new Uint8Array(b as Uint8Array)) : result;
  };
  return {
    svg: (chart, options = {}) => get('svg', chart, options) as Promise<string>,
    png: (chart, options = {}) => get('png', chart, options) as Promise<Uint8Array>,
    close,
    stats,
  };
}

/** The cache key: a hash of what decides the picture. Dates are part of the chart's JSON as ISO instants. */
export function chartKey(format: Format, chart: Chart, options: DrawOptions): string {
  return createHash('sha256')
    .update(JSON.stringify([format, options.zone ?? 'UTC', options.scale ?? 1, chart]))
    .digest('base64url');
}

/** A small least-recently-used map: a Map keeps insertion order, so its first key is the oldest. */
class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, v: V): void {
    if (this.max <= 0) return;
    this.map.delete(key);
    this.map.set(key, v);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }

  /** Removes `key` if it still holds `v` (a newer value under the same key stays). */
  delete(key: string, v: V): void {
    if (this.map.get(key) === v) this.map.delete(key);
  }
}

type Pending = { resolve: (v: string | Uint8Array) => void; reject: (e: Error) => void };

/** One worker and the requests it has not answered yet. */
class RenderThread {
  stopped = false;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(url: URL) {
    this.worker = new Worker(url);
    this.worker.unref();
    this.worker.on('message', (m: { id: number; value?: string | Uint8Array; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.settled(m.id);
      if (m.error !== undefined) p.reject(new Error(`The chart could not be drawn: ${m.error}`));
      else p.resolve(m.value!);
    });
    this.worker.on('error', (e) => void this.stop(new ChartRendererError(`The chart renderer stopped: ${e.message}. The next chart starts a new one.`)));
    this.worker.on('exit', (code) => void this.stop(new ChartRendererError(`The chart renderer stopped (exit code ${code}). The next chart starts a new one.`)));
  }

  request(format: Format, chart: Chart, options: DrawOptions): Promise<string | Uint8Array> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Busy, the worker keeps the process alive until it answers (a script awaiting a chart must get it).
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ id, format, chart, options });
    });
  }

  /** Rejects every waiting request with `reason` and ends the worker. */
  async stop(reason: Error): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(reason);
    this.worker.unref();
    await this.worker.terminate();
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}
