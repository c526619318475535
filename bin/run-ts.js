#!/usr/bin/env node
// Runs one TypeScript file from the sources, e.g. `node bin/run-ts.js bench/index.ts` (`npm run bench`).
// Same loader set-up as bin/pacta.js: no build step.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  process.stderr.write(`Pacta needs Node.js 20 or newer; this is Node.js ${process.versions.node}.\n`);
  process.exit(1);
}

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
