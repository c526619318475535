/**
 * Run by images.test.ts as `node bin/run-ts.js test/adapters/charts/draw-once.ts`: draws one chart on the
 * worker the way Pacta runs (tsx registered by bin/), prints its PNG's size, and ends without `close()` —
 * the idle worker must not keep the process alive.
 */
import { chartImages } from '../../../adapters/charts/images.ts';
import { budget, pngSize, ZONE } from './charts.ts';

const png = await chartImages({ zone: ZONE }).png(budget());
const { width, height } = pngSize(png);
console.log(`png ${width}x${height} ${png.length} bytes`);
