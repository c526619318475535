/**
 * `pacta apply | export | schema` (docs/semantics.md §8): configuration kept as YAML files in Git. Apply
 * reads every file first and checks all of it; nothing is written unless all of it is valid, and then
 * all of it is written in one transaction.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { jsonSchema } from '../../commands/config/documents.ts';
import { loadDocuments, type SourceFile } from '../../commands/config/load.ts';
import { exportDocuments } from '../../commands/config/export.ts';
import { applyDocuments, ConfigError as DocumentError, describeChanges, type ApplyResult } from '../../commands/config/state.ts';
import { exportOpenSlo, importOpenSlo } from '../../commands/config/openslo.ts';
import { toYaml } from '../../commands/config/yaml.ts';
import { openDatabase } from '../../db/client.ts';
import { DrizzleStore } from '../../db/store.ts';
import { UserError } from '../../src/errors.ts';
import type { Config } from '../config.ts';
import { systemTime } from '../system-time.ts';
import { nodeHasher } from '../webhooks/auth.ts';

const MAX_FILE_BYTES = 4 * 1024 * 1024;

export class CliUsageError extends Error {}

/** The YAML files named: a file, or every .yaml/.yml file in a directory (sorted, not recursive). */
function readSources(paths: readonly string[]): SourceFile[] {
  const out: SourceFile[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new CliUsageError(`${p}: no such file or directory.`);
    }
    const files = st.isDirectory() ? readdirSync(p).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => join(p, f)) : [p];
    for (const f of files) {
      if (statSync(f).size > MAX_FILE_BYTES) throw new CliUsageError(`${f}: over ${MAX_FILE_BYTES / 1024 / 1024} MiB; split it.`);
      out.push({ name: f, text: readFileSync(f, 'utf8') });
    }
  }
  return out;
}

type Out = { out: (s: string) => void; err: (s: string) => void };

export async function runConfigCommand(command: 'apply' | 'export' | 'schema' | 'import', argv: string[], config: () => Config, io: Out): Promise<number> {
  if (command === 'import') return runImport(argv, config, io);
  if (command === 'schema') {
    io.out(`${JSON.stringify(jsonSchema(), null, 2)}\n`);
    return 0;
  }
  let values: { file?: string[] | undefined; 'dry-run'?: boolean | undefined; prune?: boolean | undefined; format?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: command === 'apply' ? { file: { type: 'string', short: 'f', multiple: true }, 'dry-run': { type: 'boolean' }, prune: { type: 'boolean' } } : { format: { type: 'string' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
  const cfg = config();
  const format = values.format ?? 'pacta';
  if (command === 'export' && format !== 'pacta' && format !== 'openslo') throw new CliUsageError(`--format takes pacta or openslo (got "${values.format}").`);
  const sources = command === 'apply' ? readSources(values.file ?? []) : [];
  if (command === 'apply' && sources.length === 0) throw new CliUsageError('Name the files to apply: pacta apply -f pacta.yaml (or -f a directory of .yaml files).');
  // Check the files before opening the database: a typo is reported at once, wherever the database is.
  const loaded = command === 'apply' ? loadDocuments(sources) : null;
  if (loaded?.errors.length) {
    for (const e of loaded.errors) io.err(`${e}\n`);
    io.err(`Nothing was changed: ${loaded.errors.length} ${loaded.errors.length === 1 ? 'problem' : 'problems'}.\n`);
    return 1;
  }
  const db = await openDatabase(cfg.databaseUrl ? { url: cfg.databaseUrl } : { dataDir: cfg.dataDir });
  try {
    const store = new DrizzleStore(db.db);
    if (command === 'export') {
      const docs = await exportDocuments(store.read);
      io.out(format === 'openslo' ? exportOpenSlo(docs) : toYaml(docs));
      return 0;
    }
    const dryRun = values['dry-run'] === true;
    const result = await applyDocuments({ store, time: systemTime, hasher: nodeHasher, actor: { platform: 'system', id: 'pacta-apply' }, env: process.env }, loaded!.documents, { prune: values.prune === true, dryRun });
    return printResult(result, dryRun, io);
  } catch (err) {
    return refused(err, io);
  } finally {
    await db.close();
  }
}

/** `pacta import openslo <file|dir…> [--dry-run]`: services and objectives from OpenSLO v1, listing what does not map. */
async function runImport(argv: string[], config: () => Config, io: Out): Promise<number> {
  const [format, ...rest] = argv;
  if (format !== 'openslo') throw new CliUsageError('Usage: pacta import openslo <file|dir>… [--dry-run]');
  let parsed: { values: { 'dry-run'?: boolean | undefined }; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: { 'dry-run': { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
  if (parsed.positionals.length === 0) throw new CliUsageError('Name the OpenSLO files: pacta import openslo slo.yaml');
  const imported = importOpenSlo(readSources(parsed.positionals));
  if (imported.errors.length) {
    for (const e of imported.errors) io.err(`${e}\n`);
    io.err('Nothing was changed.\n');
    return 1;
  }
  for (const u of imported.unmapped) io.out(`not imported: ${u}\n`);
  const cfg = config();
  const db = await openDatabase(cfg.databaseUrl ? { url: cfg.databaseUrl } : { dataDir: cfg.dataDir });
  try {
    const store = new DrizzleStore(db.db);
    const dryRun = parsed.values['dry-run'] === true;
    // An imported service keeps what OpenSLO does not say (its calendar, channel) when it exists already.
    const current = new Map((await exportDocuments(store.read)).filter((d) => d.kind === 'Service').map((d) => [d.metadata.name, d] as const));
    const merged = imported.documents.map((l) => {
      const had = l.doc.kind === 'Service' ? current.get(l.doc.metadata.name) : undefined;
      return had && had.kind === 'Service' && l.doc.kind === 'Service' ? { ...l, doc: { ...l.doc, spec: { ...had.spec, ...l.doc.spec } } } : l;
    });
    const result = await applyDocuments({ store, time: systemTime, hasher: nodeHasher, actor: { platform: 'system', id: 'pacta-import' }, env: process.env }, merged, { prune: false, dryRun });
    return printResult(result, dryRun, io);
  } catch (err) {
    return refused(err, io);
  } finally {
    await db.close();
  }
}

/** The changes an apply or import made (or, dry, would make), and any secret it created, once. */
function printResult(result: ApplyResult, dryRun: boolean, io: Out): number {
  for (const line of describeChanges(result.changes)) io.out(`${line}\n`);
  if (dryRun && result.changes.length) io.out('(dry run: nothing written)\n');
  for (const s of result.secrets) io.out(`Secret of integration ${s.integration} (shown once; only its hash is kept): ${s.secret}\n`);
  return 0;
}

/** Exit status 1 with the problems for what a person can fix; anything else is a bug and goes on up. */
function refused(err: unknown, io: Out): number {
  if (err instanceof DocumentError) {
    for (const p of err.problems) io.err(`${p}\n`);
  } else if (err instanceof UserError) {
    io.err(`${err.message}\n`);
  } else throw err;
  io.err('Nothing was changed.\n');
  return 1;
}
