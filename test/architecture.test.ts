/**
 * The dependency rules of docs/architecture.md, read from the import statements themselves.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const TOP = ['src', 'commands', 'adapters', 'db', 'test', 'bench'];

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const p = join(dir, name);
    if (statSync(join(ROOT, p)).isDirectory()) out.push(...files(p));
    else if (/\.ts$/.test(name)) out.push(p);
  }
  return out;
}

type Import = { file: string; spec: string; target: string };

/** Static and dynamic imports and re-exports, resolved to a top-level folder or a package name. */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out: Import[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(re)) {
    const spec = (m[1] ?? m[2] ?? m[3])!;
    let target: string;
    if (spec.startsWith('.')) target = relative(ROOT, resolve(ROOT, file, '..', spec)).split('/')[0]!;
    else target = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
    out.push({ file, spec, target });
  }
  return out;
}

const PLATFORM = /^(@slack\/|botbuilder|drizzle-orm|drizzle-kit|postgres$|@electric-sql\/|node-schedule|pino|prom-client)/;

describe('architecture (docs/architecture.md)', () => {
  it('finds the files it checks', () => {
    expect(files('src').length).toBeGreaterThan(20);
    expect(importsOf('src/usecases/incidents.ts').some((i) => i.target === 'src')).toBe(true);
  });

  it('src/ imports no other project folder and no platform, database or scheduler package', () => {
    const bad = files('src')
      .flatMap(importsOf)
      .filter((i) => (TOP.includes(i.target) && i.target !== 'src') || PLATFORM.test(i.spec) || i.spec.startsWith('node:'));
    expect(bad).toEqual([]);
  });

  it('src/ never reads the environment or the system clock', () => {
    const bad = files('src').filter((f) => /process\.env|Date\.now\(\)|new Date\(\)/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(bad).toEqual([]);
  });

  it('commands/ imports only src/ (and small pure libraries)', () => {
    const bad = files('commands')
      .flatMap(importsOf)
      .filter((i) => (TOP.includes(i.target) && !['src', 'commands'].includes(i.target)) || PLATFORM.test(i.spec));
    expect(bad).toEqual([]);
    const clock = files('commands').filter((f) => /process\.env|Date\.now\(\)|new Date\(\)/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(clock).toEqual([]);
  });

  it('db/ imports only src/ of the project', () => {
    const bad = files('db')
      .flatMap(importsOf)
      .filter((i) => TOP.includes(i.target) && !['src', 'db'].includes(i.target));
    expect(bad).toEqual([]);
  });

  it('botbuilder only under adapters/teams/, @slack/* only under adapters/slack/', () => {
    const all = [...TOP.flatMap((d) => files(d)), 'drizzle.config.ts'].flatMap(importsOf);
    // The chat-port contract suite builds every platform's port over its fake, so it needs both SDKs.
    const everyPort = (f: string) => f === 'test/adapters/chat-port-contract.ts';
    const teams = all.filter((i) => i.spec.startsWith('botbuilder') && !/^(adapters|test\/adapters|test\/e2e)\/teams\//.test(i.file) && !everyPort(i.file));
    // bench/ may use Bolt for its baseline: a bare Bolt app measured beside Pacta in the same run.
    const slack = all.filter((i) => i.spec.startsWith('@slack/') && !/^(adapters|test\/adapters|test\/e2e)\/slack\//.test(i.file) && !i.file.startsWith('bench/') && !everyPort(i.file));
    expect([...teams, ...slack]).toEqual([]);
  });

  it('prom-client only under adapters/metrics/: the core reports through its Metrics port', () => {
    const bad = [...TOP.filter((d) => d !== 'test').flatMap((d) => files(d))]
      .flatMap(importsOf)
      .filter((i) => i.spec.startsWith('prom-client') && !i.file.startsWith('adapters/metrics/'));
    expect(bad).toEqual([]);
    expect(importsOf('adapters/metrics/metrics.ts').some((i) => i.spec === 'prom-client')).toBe(true);
  });

  it('the Slack and Teams adapters never import each other', () => {
    const bad = [...files('adapters/slack'), ...files('adapters/teams')]
      .flatMap(importsOf)
      .filter((i) => (i.file.startsWith('adapters/slack/') && /\/teams\//.test(i.spec)) || (i.file.startsWith('adapters/teams/') && /\/slack\//.test(i.spec)));
    expect(bad).toEqual([]);
  });

  it('the composition root (adapters/root/) is imported only by itself, bin/, bench/ and tests', () => {
    const bad = [...files('src'), ...files('commands'), ...files('db'), ...files('adapters')]
      .filter((f) => !f.startsWith('adapters/root/'))
      .flatMap(importsOf)
      .filter((i) => i.spec.startsWith('.') && relative(ROOT, resolve(ROOT, i.file, '..', i.spec)).startsWith('adapters/root/'));
    expect(bad).toEqual([]);
    // The rule has something to hold: the root exists and bin/ starts it.
    expect(readFileSync(join(ROOT, 'bin/pacta.js'), 'utf8')).toContain('adapters/root/main.ts');
  });

  it('platform adapters never see the whole app, the store or the configuration: only the door and their own slice', () => {
    const platform = [...files('adapters/slack'), ...files('adapters/teams'), ...files('adapters/console')];
    // No import of the database layer or the root, and no import of the store, the app or the whole config by name.
    const layers = platform.flatMap(importsOf).filter((i) => i.target === 'db' || (i.spec.startsWith('.') && relative(ROOT, resolve(ROOT, i.file, '..', i.spec)).startsWith('adapters/root/')));
    // (Only Pacta's own modules count: Bolt's `App` is the platform's, not Pacta's.)
    const named = platform.filter((f) => /import[^;]*\b(Store|Repositories|App|DrizzleStore|Config)\b[^;]*from\s*['"]\./.test(readFileSync(join(ROOT, f), 'utf8')));
    expect([...layers.map((i) => i.file), ...named]).toEqual([]);
  });

  it('src/messages/ (the views) never imports src/usecases/', () => {
    const bad = files('src/messages')
      .flatMap(importsOf)
      .filter((i) => i.spec.startsWith('.') && relative(ROOT, resolve(ROOT, i.file, '..', i.spec)).startsWith('src/usecases/'));
    expect(bad).toEqual([]);
  });

  it('outbox keys are built in one module (src/usecases/outbox-keys.ts)', () => {
    // A key literal is a template that starts with a notification kind and a colon.
    const KEY = /`(opened|warn|breach|burn|digest|card|note):\$\{/;
    const bad = [...files('src'), ...files('commands'), ...files('adapters'), ...files('db')].filter(
      (f) => f !== 'src/usecases/outbox-keys.ts' && KEY.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(bad).toEqual([]);
    expect(KEY.test(readFileSync(join(ROOT, 'src/usecases/outbox-keys.ts'), 'utf8'))).toBe(true);
  });
});
