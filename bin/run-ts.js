#!/usr/bin/env node
// Runs one TypeScript file from the sources, e.g. `node bin/run-ts.js bench/index.ts` (`npm run bench`).
// Same loader and runtime set-up as bin/pacta.js (bin/runtime.js): no build step, and what a benchmark
// measures runs as `pacta start` runs.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import './runtime.js';
import { register } from 'tsx/esm/api';

const file = process.argv[2];
if (!file) {
  process.stderr.write('Usage: node bin/run-ts.js <file.ts> [args…]\n');
  process.exit(2);
}
// The script sees its own arguments from argv[2] on, as if it had been run directly.
process.argv.splice(1, 1);

register();
// Dynamic by necessity: the file is only known at run time, and must load after tsx is registered.
await import(pathToFileURL(resolve(file)).href);
