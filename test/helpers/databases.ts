/**
 * Contract suites run on PGlite always and on PostgreSQL when TEST_DATABASE_URL is set. Each test file
 * gets its own database (a PGlite loaded from the migrated dump, or a fresh PostgreSQL database), and
 * each test starts from empty tables.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { DrizzleStore } from '../../db/store.ts';

export type DatabaseName = 'pglite' | 'postgres';

export type TestDatabase = {
  name: DatabaseName;
  handle: DatabaseHandle;
  store: DrizzleStore;
  /** For PostgreSQL: the URL of this file's database (other processes can join it). */
  url: string | null;
  reset(): Promise<void>;
  close(): Promise<void>;
};

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? null;

let counter = 0;

export async function openTestDatabase(name: DatabaseName): Promise<TestDatabase> {
  if (name === 'pglite') {
    const seed = new Blob([readFileSync(inject('pgliteDump'))]);
    const handle = await openDatabase({ pgliteSeed: seed });
    return wrap(name, handle, null, async () => {});
  }
  if (!POSTGRES_URL) throw new Error('TEST_DATABASE_URL is not set');
  const dbName = `pacta_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${dbName}`;
  const handle = await openDatabase({ url: url.toString() });
  return wrap(name, handle, url.toString(), async () => {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  });
}

/**
 * A PostgreSQL database of its own on the TEST_DATABASE_URL server, dropped (with its sessions) by
 * `drop()`: for tests whose processes share one database. `name` should carry the test's pid.
 */
export async function throwawayDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!POSTGRES_URL) throw new Error('TEST_DATABASE_URL is not set');
  const admin = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

function wrap(name: DatabaseName, handle: DatabaseHandle, url: string | null, dispose: () => Promise<void>): TestDatabase {
  return {
    name,
    handle,
    url,
    store: new DrizzleStore(handle.db),
    reset: async () => {
      const rows = await handle.db.execute<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public'`);
      const names = (Array.isArray(rows) ? rows : (rows as { rows: Array<{ tablename: string }> }).rows).map((r) => `"${r.tablename}"`);
      if (names.length) await handle.db.execute(sql.raw(`truncate ${names.join(', ')} restart identity cascade`));
    },
    close: async () => {
      await handle.close();
      await dispose();
    },
  };
}

/**
 * Declares `fn`'s tests once per database. The PostgreSQL copy is skipped — visibly, with the reason in
 * its name — when TEST_DATABASE_URL is not set.
 */
export function describeEachDatabase(title: string, fn: (db: () => TestDatabase) => void, only?: DatabaseName[]): void {
  for (const name of only ?? (['pglite', 'postgres'] as const)) {
    const skip = name === 'postgres' && !POSTGRES_URL;
    describe.skipIf(skip)(`${title} [${name}]${skip ? ' (skipped: TEST_DATABASE_URL is not set)' : ''}`, () => {
      let db: TestDatabase | undefined;
      beforeAll(async () => {
        db = await openTestDatabase(name);
      });
      afterAll(async () => {
        await db?.close();
      });
      beforeEach(async () => {
        await db!.reset();
      });
      fn(() => db!);
    });
  }
}
