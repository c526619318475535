/**
 * `pacta apply`, `pacta export` and `pacta schema` as a user runs them, on a PGlite data directory:
 * a bad file changes nothing and says where, a good one applies, and export prints what was applied (docs/semantics.md §8).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cleanEnv, runPacta, tempDir } from './process.ts';

const FILE = `apiVersion: pacta/v1
kind: Service
metadata: { name: payments }
spec: { displayName: Payments API, availability: { target: 99.9, window: 30d } }
---
apiVersion: pacta/v1
kind: Policy
spec: { service: payments, priority: P1, acknowledge: 15m, resolve: 4h }
`;

it('apply checks before it opens the database, then applies; export prints it; schema is JSON Schema', async () => {
  const dir = tempDir('apply');
  const env = cleanEnv({ PACTA_DATA_DIR: join(dir, 'data') });
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, FILE.replace('displayName', 'displayname'));
  const refused = await runPacta(['apply', '-f', bad], env);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`${bad}:4:9: unknown field spec.displayname in a Service.`);
  expect(refused.stderr).toContain('Nothing was changed');

  // A directory is read whole: with the bad file beside it, the good one was not applied either.
  const good = join(dir, 'pacta.yaml');
  writeFileSync(good, FILE);
  writeFileSync(bad, '');
  const applied = await runPacta(['apply', '-f', dir], env);
  expect(applied.stdout).toBe('+ Service payments\n+ Policy payments/P1\n');
  expect(applied.code).toBe(0);

  const exported = await runPacta(['export'], env);
  expect(exported.code).toBe(0);
  expect(exported.stdout).toContain('kind: Service\nmetadata:\n  name: payments\nspec:\n  displayName: Payments API\n');
  expect(exported.stdout).toContain('acknowledge: 15m');

  const schema = await runPacta(['schema'], env);
  expect(JSON.parse(schema.stdout)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema' });
});
