/**
 * OpenSLO v1 (docs/semantics.md §8) on the specification's own examples: objectives (`target`,
 * `targetPercent`), rolling and calendar windows and budgeting methods map onto services, and every field
 * Pacta cannot express is listed by path. Pacta's export is OpenSLO that imports back to the same services.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { nodeHasher } from '../../../adapters/webhooks/auth.ts';
import { loadDocuments } from '../../../commands/config/load.ts';
import { exportOpenSlo, importOpenSlo } from '../../../commands/config/openslo.ts';
import { exportDocuments } from '../../../commands/config/export.ts';
import { applyDocuments } from '../../../commands/config/state.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';

const DIR = new URL('../../fixtures/openslo/', import.meta.url);
const fixture = (name: string) => ({ name, text: readFileSync(new URL(name, DIR), 'utf8') });

it('the specification examples: each SLO becomes its service objective; what does not map is listed', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
  expect(files.length).toBe(4);
  for (const f of files) expect(importOpenSlo([fixture(f)]).errors).toEqual([]);

  const timeslices = importOpenSlo([fixture('timeslices-slo.yaml')]);
  expect(timeslices.documents.map((d) => d.doc)).toEqual([
    { apiVersion: 'pacta/v1', kind: 'Service', metadata: { name: 'web-availability' }, spec: { displayName: 'web-availability', availability: { target: 99.5, window: '30d' } } },
  ]);
  // "duration: 1m" calendar-aligned is a minute by the shorthand: not a month, so the default window, said.
  expect(timeslices.unmapped).toEqual(
    expect.arrayContaining([
      expect.stringContaining('timeWindow[0]: a calendar window of 1m'),
      expect.stringContaining('objectives[1]: Pacta keeps one objective per service, the strictest (99.5 %)'),
      expect.stringContaining('.indicator: Pacta measures availability from its incidents'),
      expect.stringContaining('objectives[0].timeSliceTarget: not used by Pacta'),
    ]),
  );

  const occurrences = importOpenSlo([fixture('occurences-slo.yaml')]);
  expect(occurrences.documents[0]!.doc).toMatchObject({ metadata: { name: 'web-shop' }, spec: { availability: { target: 99, window: '14d' } } });
  expect(occurrences.unmapped).toEqual(expect.arrayContaining([expect.stringContaining('budgetingMethod: Occurrences; Pacta measures time'), expect.stringContaining('objectives[0].op: not used'), expect.stringContaining('objectives[0].value: not used')]));

  const ratio = importOpenSlo([fixture('ratio-timeslices.yaml')]);
  expect(ratio.documents[0]!.doc).toMatchObject({ spec: { availability: { target: 99, window: '14d' } } });
  expect(ratio.unmapped).toEqual(expect.arrayContaining([expect.stringContaining('budgetingMethod: RatioTimeslices')]));

  const inline = importOpenSlo([fixture('readme-inline-sli.yaml')]);
  expect(inline.documents[0]!.doc).toMatchObject({ metadata: { name: 'foo' }, spec: { availability: { target: 98, window: '30d' } } });
  expect(inline.unmapped).toEqual(expect.arrayContaining([expect.stringContaining('timeWindow: absent; Pacta uses 30d')]));
});

it('targetPercent, calendar months and quarters, a Service with a display name; bad input is an error with where', () => {
  const text = `apiVersion: openslo/v1
kind: Service
metadata: { name: checkout, displayName: Checkout }
spec: { description: Takes the money }
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: checkout-monthly }
spec:
  service: checkout
  budgetingMethod: Timeslices
  timeWindow: [{ duration: 1Q, isRolling: false, calendar: { startTime: "2026-01-01 00:00:00", timeZone: Europe/Berlin } }]
  objectives: [{ targetPercent: 99.95 }]
`;
  const r = importOpenSlo([{ name: 'c.yaml', text }]);
  expect(r.documents.map((d) => d.doc.spec)).toEqual([{ displayName: 'Checkout', availability: { target: 99.95, window: 'quarter' } }]);
  expect(r.unmapped).toEqual([expect.stringContaining('spec.description: Pacta services have no description'), expect.stringContaining('calendar: Pacta starts calendar windows')]);
  expect(importOpenSlo([{ name: 'bad.yaml', text: 'apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: x }\nspec: { service: s, objectives: [] }\n' }]).errors).toEqual([
    'bad.yaml:1:1: SLO x has no objective with a target (0–1) or targetPercent (0–100).',
  ]);
});

describeEachDatabase('OpenSLO round trip', (db) => {
  it("Pacta's export imports back to the same services, Pacta-only settings through pacta.dev/ annotations", async () => {
    const time = new ManualTime('2026-11-23T09:00:00Z');
    const deps = { store: db().store, time, hasher: nodeHasher, actor: { platform: 'system' as const, id: 'test' }, env: {} };
    const estate = loadDocuments([
      {
        name: 'p.yaml',
        text: `apiVersion: pacta/v1
kind: Calendar
metadata: { name: business }
spec: { timezone: Europe/Berlin, hours: mon-fri 09:00-17:00 }
---
apiVersion: pacta/v1
kind: Service
metadata: { name: payments }
spec: { displayName: Payments API, calendar: business, availability: { target: 99.9, window: month }, degradedWeight: 0.25, channel: slack:C0PAY }
---
apiVersion: pacta/v1
kind: Service
metadata: { name: search }
spec: { displayName: Search, availability: { target: 99.5, window: 28d } }
`,
      },
    ]).documents;
    await applyDocuments(deps, estate, { prune: false, dryRun: false });
    const services = async () => (await exportDocuments(db().store.read)).filter((d) => d.kind === 'Service');
    const before = await services();
    const openslo = exportOpenSlo(await exportDocuments(db().store.read));
    expect(openslo).toContain('apiVersion: openslo/v1');
    expect(openslo).toContain('budgetingMethod: Timeslices');
    const back = importOpenSlo([{ name: 'export.yaml', text: openslo }]);
    expect(back.errors).toEqual([]);
    // The whole round trip maps: only the synthetic indicator and slice settings are "not used".
    expect(back.unmapped.every((u) => /indicator|timeSlice|calendar: Pacta starts/.test(u))).toBe(true);
    await db().reset();
    await applyDocuments(deps, estate.filter((l) => l.doc.kind === 'Calendar'), { prune: false, dryRun: false });
    await applyDocuments(deps, back.documents, { prune: false, dryRun: false });
    expect(await services()).toEqual(before);
  });
});
