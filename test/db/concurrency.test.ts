/**
 * What PGlite cannot prove (one connection, every lock granted at once): real concurrent transactions on
 * PostgreSQL. Skipped, visibly, without TEST_DATABASE_URL.
 */
import { expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.ts';
import { IncidentUseCases } from '../../src/usecases/incidents.ts';
import { SweepUseCase } from '../../src/usecases/sweep.ts';
import { outbox } from '../../db/schema.ts';
import { openDatabase } from '../../db/client.ts';
import { DrizzleStore } from '../../db/store.ts';
import { ManualTime } from '../fakes/manual-time.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { ALICE, BOB, seedEstate } from '../helpers/seed.ts';

describeEachDatabase(
  'concurrent use cases',
  (db) => {
    it('50 incidents opened at once get the numbers 1..50, each once, with no gaps', async () => {
      const time = new ManualTime();
      await seedEstate(db().store, time);
      const incidents = new IncidentUseCases(db().store, time);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => incidents.open({ serviceKey: 'payments', priority: 'P1', title: `t${i}`, actor: ALICE })),
      );
      expect(results.map((r) => r.incident.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('two people acknowledging at the same moment: exactly one wins, the other is told who did', async () => {
      const time = new ManualTime();
      await seedEstate(db().store, time);
      const incidents = new IncidentUseCases(db().store, time);
      await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE });
      const outcomes = await Promise.allSettled([incidents.acknowledge(1, ALICE), incidents.acknowledge(1, BOB), incidents.acknowledge(1, BOB)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConflictError);
      expect((await db().store.read.incidents.events(1)).filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
    });

    it('three replicas sweeping at once share the due clocks and queue every alert exactly once', async () => {
      const time = new ManualTime('2026-11-23T09:00:00Z');
      const admin = await seedEstate(db().store, time);
      await admin.subscribe({ channel: { platform: 'slack', id: 'C1' }, services: [], allServices: true, digestSpec: null, digestCron: null, timezone: 'UTC', createdBy: ALICE });
      const incidents = new IncidentUseCases(db().store, time);
      for (let i = 0; i < 120; i++) await incidents.open({ serviceKey: 'search', priority: 'P2', title: `t${i}`, actor: ALICE });
      // Three replicas: separate connection pools on the same database.
      const replicas = await Promise.all([0, 1, 2].map(() => openDatabase({ url: db().url!, migrate: false, poolSize: 3 })));
      try {
        time.advance(31 * 60_000); // every ack clock (30 min) is breached; resolve clocks are not due yet
        const sweeps = replicas.map((r) => new SweepUseCase(new DrizzleStore(r.db), time));
        const totals = { claimed: 0, breaches: 0 };
        await Promise.all(
          sweeps.map(async (s) => {
            for (;;) {
              const r = await s.run(7);
              totals.claimed += r.claimed;
              totals.breaches += r.breaches;
              if (r.claimed === 0) break;
            }
          }),
        );
        expect(totals.breaches).toBe(120);
        const keys = (await db().handle.db.select({ key: outbox.key }).from(outbox)).map((r) => r.key).filter((k) => k.startsWith('breach:'));
        expect(new Set(keys).size).toBe(120);
        expect(keys).toHaveLength(120);
      } finally {
        await Promise.all(replicas.map((r) => r.close()));
      }
    });
  },
  ['postgres'],
);
