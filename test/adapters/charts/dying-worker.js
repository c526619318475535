// The chart worker, plus a way to kill it: a chart titled "die" ends the thread (exit code 7) before it
// answers, as a crash would. test/adapters/charts/images.test.ts proves the renderer survives it.
import { parentPort } from 'node:worker_threads';

await import('../../../adapters/charts/worker.js');
parentPort.on('message', (m) => {
  if (m.chart?.title === 'die') process.exit(7);
});
