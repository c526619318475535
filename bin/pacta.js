#!/usr/bin/env node
// Pacta's command-line entry point: `pacta start | console | migrate | help`.
//
// Plain JavaScript on purpose: it must run before any TypeScript loader exists. It registers tsx and then
// loads the TypeScript composition root, so Pacta runs from its sources with no build step.
//
// The runtime set-up (module preloading, Node version check, V8 flags) is bin/runtime.js, shared with
// bin/run-ts.js.
import './runtime.js';
import { register } from 'tsx/esm/api';

register();
// The one dynamic import in Pacta: a static import would be resolved before tsx is registered, and Node
// cannot load `.ts` files by itself.
await import('../adapters/root/main.ts');
