/**
 * `pacta backup <file>` and `pacta restore <file>` on the embedded database (issue 16): a data directory
 * holding a row in every table, backed up and restored into a new directory, gives the same table
 * checksums (db/transfer.ts, as `pacta db copy` verifies with) and the same answers. Refused, with status
 * 1 and nothing changed: a running Pacta (the lock), an existing backup file or database without
 * --force, a file that is not a Pacta backup, and both verbs on PostgreSQL (naming pg_dump/pg_restore).
 * `restore --force` keeps the directory it replaces, renamed. In-process; PGlite only.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../adapters/config.ts';
import { CliUsageError } from '../../adapters/root/config-cli.ts';
import { runDbCommand } from '../../adapters/root/db-cli.ts';
import { openDatabase } from '../../db/client.ts';
import { MARKER_FILE } from '../../db/data-dir.ts';
import { checksumTables, dependencyOrder, describeTables, schemaTableNames, type TableChecksum } from '../../db/transfer.ts';
import type { ManualTime } from '../fakes/manual-time.ts';
import { copyDataDir } from '../helpers/data-dir-template.ts';
import { emptyTables, estateAnswers, seedFullEstate } from '../helpers/full-estate.ts';
import { tempDir } from './process.ts';

type Run = { code: number; out: string; err: string };

const NOW = new Date('2026-12-03T10:20:30Z');

async function run(verb: 'backup' | 'restore', argv: string[], env: Record<string, string>): Promise<Run> {
  const io = { out: '', err: '' };
  const code = await runDbCommand(verb, argv, () => loadConfig(env), { out: (s) => (io.out += s), err: (s) => (io.err += s) }, () => NOW);
  return { code, ...io };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A ustar header for a plain file (tar(1) would not write the names these tests need). */
function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('0', 156);
  h.write('ustar\u000000', 257);
  h.fill(0x20, 148, 156);
  h.write(`${[...h].reduce((a, b) => a + b, 0).toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

describe('pacta backup and restore (PGlite)', () => {
  const root = tempDir('backup');
  const dataDir = join(root, 'data');
  const file = join(root, 'pacta.tar.gz');
  let time: ManualTime;
  let incidents: number[];
  let source: TableChecksum[];
  let answers: unknown;

  beforeAll(async () => {
    copyDataDir(dataDir);
    const db = await openDatabase({ dataDir });
    try {
      ({ time, incidents } = await seedFullEstate(db));
      source = await checksumTables(db);
      answers = await estateAnswers(db, time, incidents);
    } finally {
      await db.close();
    }
  });


  // Four data directories and two archives: some 200 MB, not left behind.
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('round trip: backup, restore into a new directory, the same checksums and answers', async () => {
    expect(emptyTables(source)).toEqual([]);
    const backup = await run('backup', [file], { PACTA_DATA_DIR: dataDir });
    expect(backup).toMatchObject({ code: 0, err: '' });
    expect(backup.out).toMatch(new RegExp(`^Backed up ${escape(dataDir)} \\(28 tables, [\\d,]+ rows: 2 services, 3 incidents\\) to ${escape(file)}: [\\d.]+ MB in [\\d.]+ s\\.\\n$`));
    expect(readdirSync(root).filter((n) => n.includes('partial'))).toEqual([]);

    const restoredDir = join(root, 'restored', 'data');
    const restored = await run('restore', [file], { PACTA_DATA_DIR: restoredDir });
    expect(restored).toMatchObject({ code: 0, err: '' });
    expect(restored.out).toMatch(new RegExp(`^Restored ${escape(file)} into ${escape(restoredDir)} \\(28 tables, [\\d,]+ rows: 2 services, 3 incidents; migrations up to date\\) in [\\d.]+ s\\.\\n$`));
    // Neither the backup's lock file nor PGlite's pid file came back; the marker did.
    expect(readdirSync(restoredDir)).toEqual(expect.arrayContaining([MARKER_FILE, 'PG_VERSION']));
    expect(readdirSync(restoredDir)).not.toEqual(expect.arrayContaining(['pacta.lock']));
    expect(readdirSync(restoredDir)).not.toEqual(expect.arrayContaining(['postmaster.pid']));
    const db = await openDatabase({ dataDir: restoredDir });
    try {
      expect(await checksumTables(db)).toEqual(source);
      expect(await estateAnswers(db, time, incidents)).toEqual(answers);
    } finally {
      await db.close();
    }

    // The source is as it was: a backup reads it, never migrates or writes it.
    const again = await openDatabase({ dataDir, migrate: false });
    try {
      expect(await checksumTables(again)).toEqual(source);
    } finally {
      await again.close();
    }
  });

  it('refuses to overwrite without --force, a running Pacta, and files that are not Pacta backups', async () => {
    const env = { PACTA_DATA_DIR: dataDir };
    if (!existsSync(file)) expect((await run('backup', [file], env)).code).toBe(0);
    expect(await run('backup', [file], env)).toEqual({ code: 1, out: '', err: `${file} exists already: name another file, or add --force to replace it.\n` });
    expect(await run('restore', [file], env)).toEqual({
      code: 1,
      out: '',
      err: `The data directory ${dataDir} holds a database already: pacta restore --force keeps it aside (renamed, beside it) and restores in its place.\n`,
    });

    const running = await openDatabase({ dataDir, migrate: false });
    try {
      for (const [verb, argv] of [['backup', [file, '--force']], ['restore', [file, '--force']]] as const) {
        const r = await run(verb, [...argv], env);
        expect(r).toMatchObject({ code: 1, out: '' });
        expect(r.err).toMatch(new RegExp(`^Pacta is running on ${escape(dataDir)} \\(pid ${process.pid} on .*\\): stop it, then run pacta ${verb} again\\. PGlite lets one process at a time open its data directory`));
      }
    } finally {
      await running.close();
    }

    const elsewhere = { PACTA_DATA_DIR: join(root, 'never') };
    const notTar = join(root, 'notes.txt');
    writeFileSync(notTar, 'not a backup\n');
    expect((await run('restore', [notTar], elsewhere)).err).toBe(`${notTar} is not a Pacta backup (not a tar archive): make one with pacta backup.\n`);
    const broken = join(root, 'broken.tgz');
    writeFileSync(broken, Buffer.concat([gzipSync(Buffer.alloc(4096, 1)).subarray(0, 12), Buffer.from('garbage')]));
    expect((await run('restore', [broken], elsewhere)).err).toMatch(new RegExp(`^${escape(broken)} is not a Pacta backup \\(not a gzip file: .*\\): make one with pacta backup\\.\\n$`));
    // An archive naming a path outside the directory is refused, and nothing is written outside it.
    const evil = join(root, 'evil.tar');
    writeFileSync(evil, Buffer.concat([tarHeader('../escaped', 5), Buffer.from('hello'), Buffer.alloc(507), Buffer.alloc(1024)]));
    expect((await run('restore', [evil], elsewhere)).err).toBe(`${evil} is not a Pacta backup (an entry outside the directory: ../escaped): make one with pacta backup.\n`);
    expect(existsSync(join(root, 'escaped'))).toBe(false);
    // A dump of a PGlite that is not a Pacta data directory (the tests' migrated in-memory template).
    const foreign = inject('pgliteDump');
    expect((await run('restore', [foreign], elsewhere)).err).toBe(`${foreign} is not a Pacta backup: it holds a PostgreSQL cluster without Pacta's ${MARKER_FILE}. Make one with pacta backup.\n`);
    expect((await run('restore', [join(root, 'missing.tgz')], elsewhere)).err).toBe(`Cannot read ${join(root, 'missing.tgz')} (no such file).\n`);
    expect(existsSync(join(root, 'never'))).toBe(false);
    expect((await run('backup', [join(root, 'none.tgz')], elsewhere)).err).toMatch(/^There is no Pacta database in .*never to back up/);
    await expect(run('backup', [], env)).rejects.toThrow(CliUsageError);
    await expect(run('restore', [file, 'extra'], env)).rejects.toThrow(CliUsageError);
  });

  it('restore --force keeps the directory it replaces, renamed', async () => {
    const env = { PACTA_DATA_DIR: dataDir };
    if (!existsSync(file)) expect((await run('backup', [file], env)).code).toBe(0);
    const r = await run('restore', [file, '--force'], env);
    const aside = `${dataDir}.before-restore-20261203T102030Z`;
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain(`The data directory that was there is kept at ${aside}: delete it once you no longer need it.\n`);
    expect(readdirSync(aside)).toEqual(expect.arrayContaining([MARKER_FILE, 'PG_VERSION']));
    expect(readdirSync(aside)).not.toEqual(expect.arrayContaining(['pacta.lock']));
    const db = await openDatabase({ dataDir });
    try {
      expect(await checksumTables(db)).toEqual(source);
    } finally {
      await db.close();
    }
  });

  it('on PostgreSQL both verbs refuse and name pg_dump and pg_restore', async () => {
    const env = { DATABASE_URL: 'postgres://pacta@db.example.com/pacta' };
    expect(await run('backup', [file], env)).toEqual({
      code: 1,
      out: '',
      err: 'Pacta runs on PostgreSQL here (DATABASE_URL is set): back it up with pg_dump, which reads a consistent snapshot while Pacta runs, e.g.\n  pg_dump -Fc -f pacta.dump "$DATABASE_URL"\n',
    });
    expect(await run('restore', [file], env)).toEqual({
      code: 1,
      out: '',
      err: 'Pacta runs on PostgreSQL here (DATABASE_URL is set): restore a pg_dump backup with pg_restore into an empty database, e.g.\n  pg_restore --no-owner -d "$DATABASE_URL" pacta.dump\n',
    });
  });

  it('what the copy and the checksums read comes from the catalog: every table, its key, references, sequences', async () => {
    const db = await openDatabase({ dataDir, migrate: false });
    try {
      const tables = await describeTables(db.db);
      expect(tables.map((t) => t.name)).toEqual(schemaTableNames());
      const byName = new Map(tables.map((t) => [t.name, t]));
      expect(byName.get('sla_clocks')!.key).toEqual([
        { name: 'incident_number', collatable: false },
        { name: 'kind', collatable: true },
      ]);
      expect(byName.get('outbox')!.serials).toEqual([{ column: 'id', sequence: 'public.outbox_id_seq' }]);
      expect(byName.get('incidents')).toMatchObject({ references: ['services'], triggers: true });
      const order = dependencyOrder(tables).map((t) => t.name);
      for (const t of tables) for (const parent of t.references) expect(order.indexOf(parent), `${parent} before ${t.name}`).toBeLessThan(order.indexOf(t.name));
    } finally {
      await db.close();
    }
  });
});
