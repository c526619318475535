/**
 * Configuration as code (docs/semantics.md §8) on both databases: apply checks everything before writing
 * anything, prints what it changes field by field, a second apply changes nothing, a dry run writes
 * nothing, prune removes what the files no longer name, and export → apply on an empty database →
 * export gives the same bytes. Bad files say where (file:line:column) and what.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { nodeHasher } from '../../../adapters/webhooks/auth.ts';
import { loadDocuments } from '../../../commands/config/load.ts';
import { exportDocuments } from '../../../commands/config/export.ts';
import { applyDocuments, describeChanges } from '../../../commands/config/state.ts';
import { toYaml } from '../../../commands/config/yaml.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';

const ESTATE = `apiVersion: pacta/v1
kind: Calendar
metadata: { name: business }
spec:
  timezone: Europe/Berlin
  hours: mon-fri 09:00-17:00
  holidays: [2026-12-25, 2026-12-26]
---
apiVersion: pacta/v1
kind: Service
metadata: { name: payments }
spec:
  displayName: Payments API
  calendar: business
  availability: { target: 99.9, window: 30d }
  channel: slack:C0PAY
  credits: 99.9=10%, 99=25%
---
apiVersion: pacta/v1
kind: Service
metadata: { name: search }
spec: { displayName: Search }
---
apiVersion: pacta/v1
kind: Policy
spec: { service: payments, priority: P1, acknowledge: 15m, resolve: 4h }
---
apiVersion: pacta/v1
kind: Rota
metadata: { name: primary }
spec: { zone: Europe/Berlin, handoff: weekly mon 09:00, members: [slack:U0ALICE, slack:U0BOB] }
---
apiVersion: pacta/v1
kind: Escalation
spec: { service: payments, policy: "after 5m: oncall primary; after 15m: slack:U0LEAD; repeat 1 every 30m" }
---
apiVersion: pacta/v1
kind: Integration
metadata: { name: am-prod }
spec: { type: alertmanager, service: payments, severity: { critical: P1 } }
---
apiVersion: pacta/v1
kind: Subscription
spec: { channel: slack:C0OPS, services: [payments], digest: daily@09:00, timezone: Europe/Berlin }
---
apiVersion: pacta/v1
kind: Role
spec: { user: slack:U0ALICE, role: admin }
`;

describeEachDatabase('pacta apply and export', (db) => {
  const time = new ManualTime('2026-11-23T09:00:00Z');
  const deps = () => ({ store: db().store, time, hasher: nodeHasher, actor: { platform: 'system' as const, id: 'test' }, env: { AM_SECRET: 's3cret-from-env' } });
  const load = (text: string, name = 'pacta.yaml') => {
    const r = loadDocuments([{ name, text }]);
    expect(r.errors).toEqual([]);
    return r.documents;
  };
  /** Every row of every configuration table, hashed: what a dry run must leave as it was. */
  const fingerprint = async () => {
    const tables = ['calendars', 'services', 'sla_policies', 'rotas', 'escalation_policies', 'integrations', 'subscriptions', 'user_roles'];
    const h = createHash('sha256');
    for (const t of tables) {
      const r = await db().handle.db.execute(sql.raw(`select * from ${t} order by 1`));
      h.update(JSON.stringify(Array.isArray(r) ? r : (r as { rows: unknown[] }).rows));
    }
    return h.digest('hex');
  };

  it('applies a whole estate in one go, says what it added, and a second apply changes nothing', async () => {
    const first = await applyDocuments(deps(), load(ESTATE), { prune: false, dryRun: false });
    expect(describeChanges(first.changes)).toEqual([
      '+ Calendar business',
      '+ Service payments',
      '+ Service search',
      '+ Policy payments/P1',
      '+ Rota primary',
      '+ Escalation payments/all',
      '+ Integration am-prod',
      '+ Subscription slack:C0OPS',
      '+ Role slack:U0ALICE',
    ]);
    expect(first.secrets).toHaveLength(1);
    const before = await fingerprint();
    const again = await applyDocuments(deps(), load(ESTATE), { prune: false, dryRun: false });
    expect(describeChanges(again.changes)).toEqual(['no changes']);
    expect(await fingerprint()).toBe(before);
    expect((await db().store.read.escalations.policyFor('payments', 'P2'))?.levels).toHaveLength(2);
    expect((await db().store.read.services.get('payments'))?.channel).toEqual({ platform: 'slack', id: 'C0PAY' });
    expect((await db().store.read.services.get('payments'))?.credits).toEqual([{ below: 99.9, credit: 10 }, { below: 99, credit: 25 }]);
  });

  it('a change is shown field by field; a dry run writes nothing', async () => {
    await applyDocuments(deps(), load(ESTATE), { prune: false, dryRun: false });
    const before = await fingerprint();
    const edited = ESTATE.replace('resolve: 4h', 'resolve: 8h').replace('target: 99.9', 'target: 99.95');
    const dry = await applyDocuments(deps(), load(edited), { prune: false, dryRun: true });
    expect(describeChanges(dry.changes)).toEqual(['~ Service payments', '    availability.target: 99.9 → 99.95', '~ Policy payments/P1', '    resolve: "4h" → "8h"']);
    expect(await fingerprint()).toBe(before);
    await applyDocuments(deps(), load(edited), { prune: false, dryRun: false });
    expect((await db().store.read.policies.get('payments', 'P1'))?.resolveTargetSeconds).toBe(8 * 3600);
  });

  it('export → apply on an empty database → export gives the same bytes', async () => {
    await applyDocuments(deps(), load(ESTATE), { prune: false, dryRun: false });
    const exported = toYaml(await exportDocuments(db().store.read));
    await db().reset();
    const replay = await applyDocuments(deps(), load(exported, 'export.yaml'), { prune: false, dryRun: false });
    expect(replay.changes.length).toBeGreaterThan(5);
    expect(toYaml(await exportDocuments(db().store.read))).toBe(exported);
  });

  it('prune removes what the files no longer name, never incidents; calendars and policies are kept', async () => {
    await applyDocuments(deps(), load(ESTATE), { prune: false, dryRun: false });
    const smaller = ESTATE.split('---\n').filter((d) => !/kind: (Escalation|Rota|Role|Subscription)/.test(d)).join('---\n');
    const r = await applyDocuments(deps(), load(smaller), { prune: true, dryRun: false });
    expect(describeChanges(r.changes)).toEqual(['- Rota primary', '- Escalation payments/all', '- Subscription slack:C0OPS', '- Role slack:U0ALICE']);
    expect(await db().store.read.rotas.list()).toEqual([]);
    expect(await db().store.read.escalations.all()).toEqual([]);
  });

  it('a secret comes from the environment variable the file names, never printed', async () => {
    const r = await applyDocuments(deps(), load(ESTATE.replace('severity: { critical: P1 }', 'severity: { critical: P1 }, secretFromEnv: AM_SECRET')), { prune: false, dryRun: false });
    expect(r.secrets).toEqual([]);
    expect((await db().store.read.integrations.get('am-prod'))?.secretHash).toBe(nodeHasher.sha256Hex('s3cret-from-env'));
    expect(toYaml(await exportDocuments(db().store.read))).not.toContain('s3cret');
  });

  it('a reference to a calendar, service or rota that does not exist is named with where it is; nothing is written', async () => {
    const bad = ESTATE.replace('calendar: business', 'calendar: busines').replace('oncall primary', 'oncall primery');
    await expect(applyDocuments(deps(), load(bad), { prune: false, dryRun: false })).rejects.toThrow(/pacta\.yaml:14:13: calendar "busines" does not exist[\s\S]*pacta\.yaml:35:36: rota "primery" does not exist/);
    expect(await db().store.read.services.list()).toEqual([]);
  });

  it('a value a command would refuse rolls the whole apply back, naming the object', async () => {
    const bad = ESTATE.replace('resolve: 4h', 'resolve: 5m');
    await expect(applyDocuments(deps(), load(bad), { prune: false, dryRun: false })).rejects.toThrow(/Policy payments\/P1: .*acknowledge/i);
    expect(await db().store.read.calendars.list()).toEqual([]);
  });
});

it('bad files say file:line:column and what; an unknown kind or field is an error; two objects of one name too', () => {
  const r = loadDocuments([
    {
      name: 'a.yaml',
      text: `apiVersion: pacta/v1
kind: Servise
metadata: { name: x }
spec: {}
---
apiVersion: pacta/v1
kind: Service
metadata: { name: payments }
spec:
  displayName: Payments
  colour: blue
---
apiVersion: pacta/v1
kind: Policy
spec: { service: payments, priority: P9 }
---
apiVersion: pacta/v1
kind: Service
metadata: { name: payments }
spec: { displayName: Again }
`,
    },
    { name: 'b.yaml', text: 'kind: [unclosed\n' },
  ]);
  expect(r.documents).toEqual([]);
  expect(r.errors).toEqual([
    'a.yaml:2:7: unknown kind "Servise"; kinds are Calendar, Service, Policy, Rota, Escalation, Integration, Subscription, Role.',
    'a.yaml:11:3: unknown field spec.colour in a Service.',
    expect.stringMatching(/^a\.yaml:15:38: spec\.priority: /),
    expect.stringMatching(/^b\.yaml:\d+:\d+: /),
  ]);
  const dup = loadDocuments([{ name: 'c.yaml', text: 'apiVersion: pacta/v1\nkind: Rota\nmetadata: { name: r }\nspec: { zone: UTC, handoff: daily 09:00, members: [] }\n---\napiVersion: pacta/v1\nkind: Rota\nmetadata: { name: r }\nspec: { zone: UTC, handoff: daily 09:00, members: [] }\n' }]);
  expect(dup.errors).toEqual(['c.yaml:6:1: Rota r is defined twice (also at c.yaml:1:1).']);
  // `all` means every service in chat (`report all`), so no Service may take that name.
  const all = loadDocuments([{ name: 'd.yaml', text: 'apiVersion: pacta/v1\nkind: Service\nmetadata: { name: all }\nspec: { displayName: All }\n' }]);
  expect(all.errors).toEqual([expect.stringMatching(/^d\.yaml:3:\d+: .*"all" means every service/)]);
});

it('the loader under fuzzing: random text and mutated files give errors or documents, never an exception', () => {
  const docs = ESTATE.split('---\n');
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.tuple(fc.nat({ max: docs.length - 1 }), fc.nat(), fc.string({ maxLength: 20 })).map(([i, at, s]) => {
      const d = docs[i]!;
      const p = at % (d.length + 1);
      return d.slice(0, p) + s + d.slice(p + s.length);
    })), (text) => {
      const r = loadDocuments([{ name: 'f.yaml', text }]);
      for (const e of r.errors) expect(e).toMatch(/^f\.yaml(:\d+:\d+)?: /);
    }),
    { numRuns: 2000 },
  );
});
