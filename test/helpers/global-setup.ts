/**
 * Migrating a fresh PGlite costs seconds; loading a migrated dump costs a fraction of that. Build the
 * dump once per test run and hand its path to the test files; likewise a migrated, marked data
 * directory, which tests that need "an existing Pacta directory" copy (`copyDataDir`) instead of
 * initialising one each (initdb inside WebAssembly takes 5–20 s on a busy machine).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/client.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
    pgliteDataDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'pacta-test-'));
  const handle = await openDatabase();
  const client = (handle.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir('none');
  const path = join(dir, 'migrated.tar');
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('pgliteDump', path);
  const dataDir = join(dir, 'data');
  await (await openDatabase({ dataDir })).close();
  project.provide('pgliteDataDir', dataDir);
  if (!process.env.TEST_DATABASE_URL) {
    console.log('\n[pacta] TEST_DATABASE_URL is not set: PostgreSQL contract and concurrency suites are SKIPPED (PGlite only).\n');
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
