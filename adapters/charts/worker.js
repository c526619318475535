// The chart renderer's worker thread (adapters/charts/images.ts starts it). Plain JavaScript for the same
// reason as bin/pacta.js: a thread starts without a TypeScript loader, so this file registers tsx for
// itself and then loads the renderer from its sources.
//
// vega, vega-lite and resvg are imported before tsx, as bin/runtime.js does for the server's
// dependencies: loaded after `register()`, each of vega's modules would cost round trips to tsx's hooks.
import { parentPort } from 'node:worker_threads';
import 'vega';
import 'vega-lite';
import '@resvg/resvg-js';
import { register } from 'tsx/esm/api';

register();
const { renderPng, renderSvg } = await import('./render.ts');

// One request at a time, in order: rendering is synchronous work, and the requests wait in the port.
parentPort.on('message', async (request) => {
  try {
    if (request.format === 'svg') {
      parentPort.postMessage({ id: request.id, value: await renderSvg(request.chart, request.options) });
    } else {
      // A copy that owns its whole buffer, handed over rather than copied again.
      const png = new Uint8Array(await renderPng(request.chart, request.options));
      parentPort.postMessage({ id: request.id, value: png }, [png.buffer]);
    }
  } catch (error) {
    parentPort.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
