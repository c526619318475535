/**
 * Escalation across replicas (docs/semantics.md §7), on PostgreSQL only: three replicas — three
 * connection pools on one database, each with its own store and escalation sweep — sweep at once in
 * small batches so they contend for the same due rows. Every level of every incident fires once: three
 * fired steps per incident, one page per incident, level and card channel, one direct message per
 * incident, level and person, no more and no fewer. Acknowledging stops the levels not yet fired.
 * PGlite has one connection and grants every lock at once, so it cannot show this; the suite is skipped,
 * visibly, without TEST_DATABASE_URL.
 */
import { expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../db/client.ts';
import { incidentEscalations, outbox } from '../../../db/schema.ts';
import { DrizzleStore } from '../../../db/store.ts';
import type { ChannelRef } from '../../../src/domain/channel.ts';
import type { Person } from '../../../src/domain/oncall.ts';
import { AdminUseCases } from '../../../src/usecases/admin.ts';
import { EscalationSweep } from '../../../src/usecases/escalation.ts';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { OncallUseCases } from '../../../src/usecases/oncall.ts';
import { outboxKeys } from '../../../src/usecases/outbox-keys.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, BOB } from '../../helpers/seed.ts';

const MIN = 60_000;
const TIMEOUT = 180_000;
const BATCH = 7;
const SERVICE = 'checkout';
/** Card channels: incidents alternate between the two, so each has exactly one. */
const CHANNELS: ChannelRef[] = [
  { platform: 'slack', id: 'C0OPS' },
  { platform: 'slack', id: 'C1SRE' },
];
const ANN: Person = { platform: 'slack', id: 'U0ANN' };
const BEN: Person = { platform: 'slack', id: 'U0BEN' };
const DAN: Person = { platform: 'slack', id: 'U0DAN' };
const ERIN: Person = { platform: 'slack', id: 'U0ERIN' };
const CAROL: Person = { platform: 'slack', id: 'U0CAROL' };

type Replica = { handle: DatabaseHandle; store: DrizzleStore; sweep: EscalationSweep; incidents: IncidentUseCases };
type OutboxRow = { key: string; platform: string; channelId: string; incidentNumber: number | null; payload: Record<string, unknown> };


describeEachDatabase(
  'escalation across three replicas',
  (db) => {
    /**
     * The estate: a calendar-free service with an acknowledge target, two rotas with Slack members and a
     * three-level policy (5m primary, 15m secondary, 30m Carol). Returns the three replicas (the caller
     * closes them) and whom each level pages, as the rotas stand now.
     */
    const setup = async (time: ManualTime) => {
      const store = db().store;
      const admin = new AdminUseCases(store, time);
      await admin.addService({ key: SERVICE, name: 'Checkout', availabilityPercent: 99.9, window: '30d' });
      await admin.setPolicy({ serviceKey: SERVICE, priority: 'P1', ackSeconds: 60 * 60, resolveSeconds: 8 * 3600 });
      const oncall = new OncallUseCases(store, time);
      const weekly = { every: 'week', weekday: 1, at: '09:00' } as const;
      await oncall.addRota({ name: 'primary', zone: 'Europe/Berlin', handoff: weekly, members: [ANN, BEN] }, ALICE);
      await oncall.addRota({ name: 'secondary', zone: 'Europe/Berlin', handoff: weekly, members: [DAN, ERIN] }, ALICE);
      await oncall.setPolicy(
        {
          serviceKey: SERVICE,
          priority: null,
          levels: [
            { trigger: { kind: 'after', seconds: 5 * 60 }, targets: [{ kind: 'rota', rota: 'primary' }] },
            { trigger: { kind: 'after', seconds: 15 * 60 }, targets: [{ kind: 'rota', rota: 'secondary' }] },
            { trigger: { kind: 'after', seconds: 30 * 60 }, targets: [{ kind: 'person', person: CAROL }] },
          ],
          repeat: null,
        },
        ALICE,
      );
      // Nobody hands over within the two hours these tests span (weekly, Monday 09:00 Berlin).
      const [primary] = await oncall.who('primary');
      const [secondary] = await oncall.who('secondary');
      const pagedAt = [primary!.now.current!.person, secondary!.now.current!.person, CAROL];
      expect(primary!.now.current!.until.getTime()).toBeGreaterThan(time.now().getTime() + 3 * 3600_000);
      expect(secondary!.now.current!.until.getTime()).toBeGreaterThan(time.now().getTime() + 3 * 3600_000);
      const replicas: Replica[] = [];
      for (let i = 0; i < 3; i++) {
        const handle = await openDatabase({ url: db().url!, migrate: false, poolSize: 3 });
        const rs = new DrizzleStore(handle.db);
        replicas.push({ handle, store: rs, sweep: new EscalationSweep(rs, time), incidents: new IncidentUseCases(rs, time) });
      }
      return { replicas, pagedAt };
    };

    const closeAll = (replicas: Replica[]) => Promise.all(replicas.map((r) => r.handle.close()));

    /** Each incident's card channel (where it was opened from), by number. */
    let cardChannel = new Map<number, ChannelRef>();
    const channelOf = (n: number): ChannelRef => cardChannel.get(n)!;

    /** Opens `count` incidents, spread over the replicas (each opens its share one after the other). */
    const openIncidents = async (replicas: Replica[], count: number) => {
      await Promise.all(
        replicas.map(async (r, i) => {
          for (let k = i; k < count; k += replicas.length) {
            await r.incidents.open({ serviceKey: SERVICE, priority: 'P1', title: `Checkout failing ${k}`, actor: BOB, channel: CHANNELS[k % CHANNELS.length]! });
          }
        }),
      );
      // Numbers 1..count, each once. Numbers are allocated in whatever order the replicas commit, so
      // each incident's card channel is read back rather than derived from its number.
      const rows = await db().store.read.incidents.list({ serviceKeys: [SERVICE], openOnly: true, limit: count + 10 });
      expect(rows.map((r) => r.number).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      cardChannel = new Map(rows.map((r) => [r.number, r.channel!]));
      for (const c of CHANNELS) expect([...cardChannel.values()].filter((x) => x.id === c.id).length).toBe(Math.ceil(count / 2));
    };

    /** Every replica sweeps in batches of BATCH until it claims nothing; all three at once. */
    const sweepAll = async (replicas: Replica[]) => {
      const perReplica = await Promise.all(
        replicas.map(async (r) => {
          const total = { claimed: 0, fired: 0, batches: 0 };
          for (;;) {
            const res = await r.sweep.run(BATCH);
            total.batches++;
            total.claimed += res.claimed;
            total.fired += res.fired;
            if (res.claimed === 0) break;
          }
          return total;
        }),
      );
      return {
        claimed: perReplica.reduce((s, r) => s + r.claimed, 0),
        fired: perReplica.reduce((s, r) => s + r.fired, 0),
        perReplica,
      };
    };

    const firedSteps = async (): Promise<Map<number, Array<{ level: number; round: number; paged: string[] }>>> => {
      const rows = await db().handle.db.select().from(incidentEscalations);
      return new Map(rows.map((r) => [r.incidentNumber, r.fired.map((f) => ({ level: f.level, round: f.round, paged: f.paged.map((p) => `${p.platform}:${p.id}`) }))]));
    };

    const escalationRows = async (): Promise<OutboxRow[]> => {
      const rows = await db()
        .handle.db.select({ key: outbox.key, platform: outbox.platform, channelId: outbox.channelId, incidentNumber: outbox.incidentNumber, payload: outbox.payload })
        .from(outbox);
      return (rows as OutboxRow[]).filter((r) => typeof r.payload?.type === 'string' && (r.payload.type as string).startsWith('escalation.'));
    };

    /**
     * The outbox holds exactly the escalation rows `levelsOf(n)` says, for every incident 1..count:
     * one `escalation.page` per incident, level and card channel, one `escalation.direct` per incident,
     * level and person — counted by key and by payload — and nothing else. Fired steps agree.
     */
    const expectExactly = async (count: number, levelsOf: (n: number) => number[], pagedAt: Person[]) => {
      const rows = await escalationRows();
      const expectedPages = new Map<string, { n: number; level: number; channel: ChannelRef }>();
      const expectedDirect = new Map<string, { n: number; level: number; person: Person }>();
      for (let n = 1; n <= count; n++) {
        for (const level of levelsOf(n)) {
          expectedPages.set(outboxKeys.escalation(n, level, 0, channelOf(n)), { n, level, channel: channelOf(n) });
          expectedDirect.set(outboxKeys.escalationDirect(n, level, 0, pagedAt[level]!), { n, level, person: pagedAt[level]! });
        }
      }
      const pages = rows.filter((r) => r.payload.type === 'escalation.page');
      const direct = rows.filter((r) => r.payload.type === 'escalation.direct');
      expect(pages.length + direct.length).toBe(rows.length);

      // By key: exactly the expected keys, each once.
      expect(pages.map((r) => r.key).sort()).toEqual([...expectedPages.keys()].sort());
      expect(direct.map((r) => r.key).sort()).toEqual([...expectedDirect.keys()].sort());

      // By payload: one page per (incident, level, round, channel), one DM per (incident, level, round, person).
      const pageCounts = new Map<string, number>();
      for (const r of pages) {
        const p = r.payload as { incident: number; level: number; round: number; levels: number; paged: Person[] };
        expect(r.incidentNumber).toBe(p.incident);
        expect(p.round).toBe(0);
        expect(p.levels).toBe(3);
        expect(p.paged).toEqual([pagedAt[p.level]]);
        expect({ platform: r.platform, id: r.channelId }).toEqual(channelOf(p.incident));
        const k = `${p.incident}:${p.level}:${p.round}:${r.platform}:${r.channelId}`;
        pageCounts.set(k, (pageCounts.get(k) ?? 0) + 1);
      }
      expect([...pageCounts.values()].every((c) => c === 1)).toBe(true);
      expect(pageCounts.size).toBe(expectedPages.size);
      for (const e of expectedPages.values()) expect(pageCounts.get(`${e.n}:${e.level}:0:${e.channel.platform}:${e.channel.id}`)).toBe(1);

      const directCounts = new Map<string, number>();
      for (const r of direct) {
        const p = r.payload as { incident: number; level: number; round: number };
        expect(r.incidentNumber).toBe(p.incident);
        expect(p.round).toBe(0);
        const k = `${p.incident}:${p.level}:${p.round}:${r.platform}:${r.channelId}`;
        directCounts.set(k, (directCounts.get(k) ?? 0) + 1);
      }
      expect([...directCounts.values()].every((c) => c === 1)).toBe(true);
      expect(directCounts.size).toBe(expectedDirect.size);
      for (const e of expectedDirect.values()) expect(directCounts.get(`${e.n}:${e.level}:0:${e.person.platform}:${e.person.id}`)).toBe(1);

      // Fired steps: the same levels, in order, each once, with whom they paged.
      const fired = await firedSteps();
      expect(fired.size).toBe(count);
      for (let n = 1; n <= count; n++) {
        expect(fired.get(n), `INC-${n}`).toEqual(levelsOf(n).map((level) => ({ level, round: 0, paged: [`${pagedAt[level]!.platform}:${pagedAt[level]!.id}`] })));
      }
    };

    it(
      '200 incidents, three replicas sweeping at once in batches of 7: three fired steps each, every page and DM queued exactly once',
      async () => {
        const COUNT = 200;
        const time = new ManualTime('2026-11-23T09:00:00Z');
        const { replicas, pagedAt } = await setup(time);
        try {
          await openIncidents(replicas, COUNT);
          // Nothing is due yet.
          expect(await sweepAll(replicas)).toMatchObject({ claimed: 0, fired: 0 });
          const fired: number[] = [];
          // Just past each level (5m, 15m, 30m), then well past the last.
          for (const at of [5 * MIN + 1_000, 15 * MIN + 1_000, 30 * MIN + 1_000]) {
            time.set(new Date(Date.parse('2026-11-23T09:00:00Z') + at));
            const round = await sweepAll(replicas);
            expect(round.claimed).toBe(COUNT);
            expect(round.fired).toBe(COUNT);
            // Shared among the replicas (each ran until a batch came back empty, so the claims add up);
            // a second pass at the same instant finds nothing.
            expect(round.perReplica.reduce((s, r) => s + r.claimed, 0)).toBe(COUNT);
            for (const r of round.perReplica) expect(r.claimed).toBe(r.fired);
            expect(await sweepAll(replicas)).toMatchObject({ claimed: 0, fired: 0 });
            fired.push(round.fired);
          }
          expect(fired).toEqual([COUNT, COUNT, COUNT]);
          time.advance(2 * 3600_000);
          expect(await sweepAll(replicas)).toMatchObject({ claimed: 0, fired: 0 });

          const rows = await escalationRows();
          expect(rows.filter((r) => r.payload.type === 'escalation.page')).toHaveLength(COUNT * 3);
          expect(rows.filter((r) => r.payload.type === 'escalation.direct')).toHaveLength(COUNT * 3);
          await expectExactly(COUNT, () => [0, 1, 2], pagedAt);
          // Every ladder is done: nothing left to look at.
          const due = (await db().handle.db.select().from(incidentEscalations)).filter((r) => r.dueAt !== null);
          expect(due).toEqual([]);
        } finally {
          await closeAll(replicas);
        }
      },
      TIMEOUT,
    );

    it(
      'a clock that jumps past every level at once: one sweep pass fires all three levels of each incident, once',
      async () => {
        const COUNT = 90;
        const time = new ManualTime('2026-11-23T09:00:00Z');
        const { replicas, pagedAt } = await setup(time);
        try {
          await openIncidents(replicas, COUNT);
          time.advance(45 * MIN);
          const round = await sweepAll(replicas);
          expect(round).toMatchObject({ claimed: COUNT, fired: 3 * COUNT });
          expect(await sweepAll(replicas)).toMatchObject({ claimed: 0, fired: 0 });
          await expectExactly(COUNT, () => [0, 1, 2], pagedAt);
        } finally {
          await closeAll(replicas);
        }
      },
      TIMEOUT,
    );

    it(
      'acknowledging mid-way stops the later levels: acked after level 1 → one level, after level 2 → two, never → three',
      async () => {
        const COUNT = 120;
        const time = new ManualTime('2026-11-23T09:00:00Z');
        const { replicas, pagedAt } = await setup(time);
        const t0 = Date.parse('2026-11-23T09:00:00Z');
        // 1..40 acknowledged after level 1 fired, 41..80 after level 2, 81..120 never.
        const levelsOf = (n: number) => (n <= 40 ? [0] : n <= 80 ? [0, 1] : [0, 1, 2]);
        /** Each replica acknowledges its share of `numbers`, all three at once. */
        const acknowledge = (numbers: number[]) =>
          Promise.all(
            replicas.map(async (r, i) => {
              for (const n of numbers.filter((_, k) => k % replicas.length === i)) await r.incidents.acknowledge(n, ALICE);
            }),
          );
        const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
        try {
          await openIncidents(replicas, COUNT);

          time.set(new Date(t0 + 6 * MIN));
          expect(await sweepAll(replicas)).toMatchObject({ claimed: COUNT, fired: COUNT });
          await acknowledge(range(1, 40));
          // Acknowledged: nothing left to look at for those.
          const afterFirst = await db().handle.db.select().from(incidentEscalations);
          for (const r of afterFirst) expect(r.dueAt === null, `INC-${r.incidentNumber}`).toBe(r.incidentNumber <= 40);

          time.set(new Date(t0 + 16 * MIN));
          expect(await sweepAll(replicas)).toMatchObject({ claimed: COUNT - 40, fired: COUNT - 40 });
          await acknowledge(range(41, 80));

          time.set(new Date(t0 + 31 * MIN));
          expect(await sweepAll(replicas)).toMatchObject({ claimed: COUNT - 80, fired: COUNT - 80 });

          // Long after: nothing more fires for anyone, acknowledged or done.
          time.advance(3 * 3600_000);
          expect(await sweepAll(replicas)).toMatchObject({ claimed: 0, fired: 0 });
          await expectExactly(COUNT, levelsOf, pagedAt);
          expect((await db().handle.db.select().from(incidentEscalations)).filter((r) => r.dueAt !== null)).toEqual([]);
        } finally {
          await closeAll(replicas);
        }
      },
      TIMEOUT,
    );

    it(
      'acknowledgements racing the sweeps: whatever the outcome of each race, fired steps and outbox rows agree exactly, and nothing fires after an acknowledgement',
      async () => {
        const COUNT = 90;
        const time = new ManualTime('2026-11-23T09:00:00Z');
        const { replicas, pagedAt } = await setup(time);
        const t0 = Date.parse('2026-11-23T09:00:00Z');
        try {
          await openIncidents(replicas, COUNT);
          time.set(new Date(t0 + 6 * MIN));
          expect(await sweepAll(replicas)).toMatchObject({ claimed: COUNT, fired: COUNT });
          time.set(new Date(t0 + 16 * MIN));
          // Level 2 is due for all; the odd incidents are acknowledged while the three sweeps run.
          const odd = Array.from({ length: COUNT }, (_, i) => i + 1).filter((n) => n % 2 === 1);
          const [round] = await Promise.all([
            sweepAll(replicas),
            Promise.all(
              replicas.map(async (r, i) => {
                for (const n of odd.filter((_, k) => k % replicas.length === i)) await r.incidents.acknowledge(n, ALICE);
              }),
            ),
          ]);
          // Some odd incidents may have been claimed before their acknowledgement committed; the rest were
          // stopped. A second pass picks up none of them.
          expect(await sweepAll(replicas)).toMatchObject({ claimed: 0, fired: 0 });
          const afterRace = await firedSteps();
          const levelsNow = new Map<number, number[]>();
          for (let n = 1; n <= COUNT; n++) levelsNow.set(n, afterRace.get(n)!.map((f) => f.level));
          for (let n = 1; n <= COUNT; n++) {
            if (n % 2 === 0) expect(levelsNow.get(n), `INC-${n}`).toEqual([0, 1]);
            else expect([[0], [0, 1]], `INC-${n}`).toContainEqual(levelsNow.get(n));
          }
          const secondFired = [...levelsNow.values()].filter((l) => l.length === 2).length;
          expect(round.fired).toBe(secondFired);

          time.set(new Date(t0 + 31 * MIN));
          expect(await sweepAll(replicas)).toMatchObject({ claimed: COUNT / 2, fired: COUNT / 2 });
          time.advance(3 * 3600_000);
          expect(await sweepAll(replicas)).toMatchObject({ claimed: 0, fired: 0 });
          await expectExactly(COUNT, (n) => (n % 2 === 1 ? levelsNow.get(n)! : [0, 1, 2]), pagedAt);
        } finally {
          await closeAll(replicas);
        }
      },
      TIMEOUT,
    );
  },
  ['postgres'],
);
