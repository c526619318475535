#!/usr/bin/env node
// Pacta's command-line entry point: `pacta start | console | migrate | help`.
//
// Plain JavaScript on purpose: it must run before any TypeScript loader exists. It registers tsx and then
// loads the TypeScript composition root, so Pacta runs from its sources with no build step.

import { register } from 'tsx/esm/api';

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  process.stderr.write(`Pacta needs Node.js 20 or newer; this is Node.js ${process.versions.node}. Install a current LTS from https://nodejs.org/.\n`);
  process.exit(1);
}

register();
// The one dynamic import in Pacta: a static import would be resolved before tsx is registered, and Node
// cannot load `.ts` files by itself.
await import('../adapters/root/main.ts');
