/**
 * Which directories Pacta opens as its PGlite data directory (db/data-dir.ts): missing, empty or Pacta's
 * own are used; a file, a foreign directory or a damaged cluster are refused with one sentence, and a
 * refused directory is left exactly as it was.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { DataDirError, MARKER_FILE } from '../../db/data-dir.ts';
import { DataDirLockedError } from '../../db/lock.ts';
import { copyDataDir } from '../helpers/data-dir-template.ts';

const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pacta-datadir-'));
  dirs.push(d);
  return d;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The error `openDatabase` fails with; fails the test if it opens. */
async function refusal(dataDir: string): Promise<DataDirError> {
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({ dataDir });
  } catch (err) {
    expect(err).toBeInstanceOf(DataDirError);
    return err as DataDirError;
  }
  await handle.close();
  throw new Error(`expected ${dataDir} to be refused`);
}

/** One sentence: no line breaks, names the directory, ends with what to do. */
function expectOneSentence(err: Error, dir: string): void {
  expect(err.message).not.toContain('\n');
  expect(err.message).toContain(dir);
  expect(err.message).toMatch(/PACTA_DATA_DIR|DATABASE_URL/);
  expect(err.message).toMatch(/\.$/);
}

async function serviceIds(handle: DatabaseHandle): Promise<string[]> {
  const rows = await handle.db.execute<{ key: string }>(sql`select key from services order by key`);
  return (Array.isArray(rows) ? rows : (rows as { rows: Array<{ key: string }> }).rows).map((r) => r.key);
}

describe('PGlite data directory: what Pacta opens', () => {
  it('initialises a missing directory (and its parents) and marks it as Pacta’s', async () => {
    const dir = join(tempDir(), 'a', 'b');
    const handle = await openDatabase({ dataDir: dir });
    await handle.close();
    const names = readdirSync(dir);
    expect(names).toContain('PG_VERSION');
    expect(names).toContain(MARKER_FILE);
    expect(JSON.parse(readFileSync(join(dir, MARKER_FILE), 'utf8'))).toMatchObject({ what: expect.stringContaining('Pacta') });
  });

  it('initialises an empty directory; hidden files and lost+found (a fresh volume) do not make it foreign', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'lost+found'));
    writeFileSync(join(dir, '.gitkeep'), '');
    const handle = await openDatabase({ dataDir: dir });
    await handle.close();
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['PG_VERSION', MARKER_FILE, '.gitkeep', 'lost+found']));
  });

  it('keeps the data of a directory initialised before Pacta wrote markers, and marks it', async () => {
    const dir = copyDataDir(tempDir());
    const first = await openDatabase({ dataDir: dir });
    await first.db.execute(sql`insert into services (key, name) values ('payments', 'Payments API')`);
    await first.close();
    unlinkSync(join(dir, MARKER_FILE));

    const again = await openDatabase({ dataDir: dir });
    expect(await serviceIds(again)).toEqual(['payments']);
    await again.close();
    expect(readdirSync(dir)).toContain(MARKER_FILE);
  });
});

describe('PGlite data directory: what Pacta refuses, leaving it untouched', () => {
  it('a file', async () => {
    const file = join(tempDir(), 'data');
    writeFileSync(file, 'notes\n');
    const err = await refusal(file);
    expectOneSentence(err, file);
    expect(err.message).toMatch(/is a file, not a directory/);
    expect(readFileSync(file, 'utf8')).toBe('notes\n');
  });

  it('a path through a file', async () => {
    const file = join(tempDir(), 'data');
    writeFileSync(file, '');
    const err = await refusal(join(file, 'pglite'));
    expectOneSentence(err, join(file, 'pglite'));
    expect(err.message).toMatch(/part of its path is a file/);
  });

  it('a non-empty directory that is not a Pacta database: no lock file, no PostgreSQL files', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    mkdirSync(join(dir, 'photos'));
    const err = await refusal(dir);
    expectOneSentence(err, dir);
    expect(err.message).toMatch(/is not empty and is not a Pacta database/);
    expect(err.message).toContain('notes.txt');
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'photos']);
  });

  it('the data directory of a PostgreSQL server', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'PG_VERSION'), '16\n');
    writeFileSync(join(dir, 'postmaster.pid'), '4242\n');
    const err = await refusal(dir);
    expectOneSentence(err, dir);
    expect(err.message).toMatch(/belongs to a PostgreSQL server/);
    expect(readdirSync(dir).sort()).toEqual(['PG_VERSION', 'postmaster.pid']);
  });

  it('another application’s PGlite database: refused before any migration writes into it', async () => {
    const dir = tempDir();
    const other = new PGlite({ dataDir: dir });
    await other.exec('create table notes (id int)');
    await other.close();

    const err = await refusal(dir);
    expectOneSentence(err, dir);
    expect(err.message).toMatch(/holds a PostgreSQL database that is not Pacta's \(a table, none of them Pacta's\)/);
    expect(readdirSync(dir)).not.toContain(MARKER_FILE);
    const reopened = new PGlite({ dataDir: dir });
    const { rows } = await reopened.query<{ tablename: string }>(`select tablename from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`);
    await reopened.close();
    expect(rows.map((r) => r.tablename)).toEqual(['notes']);
  });

  it('a Pacta directory whose cluster lost its PG_VERSION: damaged, not initialised over', async () => {
    const dir = copyDataDir(tempDir());
    unlinkSync(join(dir, 'PG_VERSION'));
    const before = readdirSync(dir).sort();
    const err = await refusal(dir);
    expectOneSentence(err, dir);
    expect(err.message).toMatch(/holds a database PGlite cannot open \(its PG_VERSION file is missing\)/);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('a Pacta directory another process is still initialising: reported as in use, not as damaged', async () => {
    const dir = tempDir();
    // Mid-initialisation by a live process (the test runner's parent): marked, PostgreSQL files begun,
    // no PG_VERSION yet, and its lock.
    writeFileSync(join(dir, MARKER_FILE), '{}\n');
    mkdirSync(join(dir, 'base'));
    writeFileSync(join(dir, 'pacta.lock'), JSON.stringify({ pid: process.ppid, host: hostname(), startedAt: new Date().toISOString() }));
    const err = await refusal(dir);
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect(err.message).toContain(`pid ${process.ppid}`);
    expect(readdirSync(dir).sort()).toEqual(['base', MARKER_FILE, 'pacta.lock'].sort());
  });

  it('a Pacta directory with a corrupt PG_VERSION: damaged, in one sentence', async () => {
    const dir = copyDataDir(tempDir());
    writeFileSync(join(dir, 'PG_VERSION'), 'garbage\n');
    const err = await refusal(dir);
    expectOneSentence(err, dir);
    expect(err.message).toMatch(/holds a database PGlite cannot open .*restore it from a backup/);
    // The lock was released: the next attempt is refused for the same reason, not as "in use".
    expect((await refusal(dir)).message).toBe(err.message);
  });
});
