// The runtime set-up every Pacta process shares (bin/pacta.js, and bin/run-ts.js for benchmarks and
// tools, so that they measure what `pacta start` runs). Plain JavaScript, imported before tsx exists.
//
// The dependencies written as many ECMAScript modules are imported here, before tsx is registered. On
// Node 20 tsx's hooks run on a thread of their own, and every module imported after `register()` costs
// round trips to it (resolve, load): drizzle-orm, zod, postgres and PGlite are about 230 of the 440
// modules `pacta start` loads. Imported first, they are in Node's module cache when the sources import
// them (the same URLs, so the same instances), and the start is shorter (issue 11, bench/startup.ts).
import 'drizzle-orm';
import 'drizzle-orm/pg-core';
import 'drizzle-orm/pglite';
import 'drizzle-orm/pglite/migrator';
import 'drizzle-orm/postgres-js';
import 'drizzle-orm/postgres-js/migrator';
import 'zod';
import 'postgres';
import '@electric-sql/pglite';
import { setFlagsFromString } from 'node:v8';

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  process.stderr.write(`Pacta needs Node.js 20 or newer; this is Node.js ${process.versions.node}. Install a current LTS from https://nodejs.org/.\n`);
  process.exit(1);
}

// Two V8 settings for a long-running process, chosen by measurement (issue 11: the server after 5,000
// signed `/sla status` requests on a 300-service PGlite estate). Both are read by V8 as it goes, so setting
// them here, before PGlite compiles its WebAssembly and before the heap grows, takes effect.
// - Liftoff only: PostgreSQL-in-WebAssembly runs on V8's baseline code and is not recompiled by TurboFan
//   in the background; that recompilation held about 40-70 MB and a third of the CPU of the load, for
//   short queries that ran no faster. Long CPU-bound queries run 25-60 % slower on baseline code (a
//   million-row aggregate 300 → 400 ms); Pacta's queries are short, and with DATABASE_URL no WebAssembly runs at all.
// - Heap growing by at most half of the live heap after a full collection (V8's default allows up to
//   several times it): about 30 MB less held, for somewhat more garbage-collection work.
setFlagsFromString('--liftoff-only');
setFlagsFromString('--heap-growing-percent=50');

