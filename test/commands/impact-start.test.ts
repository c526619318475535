/**
 * `open … --since` is bounded (docs/semantics.md §3): an impact start more than the service's window before
 * now is refused with the earliest start allowed, so a typo like `--since 1970-01-01` cannot wipe out a
 * budget; a start in the future is refused too. Through the router, on a real database.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { RESPONDER, SETUP_LINES, VIEWER, expectRefused, messageText, runAll, setup } from './harness.ts';

describeEachDatabase('the bound on --since', (db) => {
  // Monday 23 Nov 2026, 10:00 in Berlin; payments: 99.9 % over 30 days on the Berlin business calendar.
  const prepared = async () => {
    const h = await setup(db());
    await runAll(h, [...SETUP_LINES, 'service add search "Search" --availability 99.5 --window month', 'service add docs']);
    return h;
  };

  it('refuses --since 1970-01-01 with the earliest start allowed; the budget stays whole', async () => {
    const h = await prepared();
    const text = await expectRefused(h, db(), 'open payments P1 x --since 1970-01-01T00:00Z', [/too far back/, /payments measures availability over the last 30 days/], RESPONDER);
    // 30 days before Mon 23 Nov 10:00 CET, in the service calendar's zone, with the year.
    expect(text).toContain('no earlier than one window before now, Sat 24 Oct 2026 11:00 CEST');
    expect(text).toContain('Thu 1 Jan 1970 01:00 CET');
    expect(text).toMatch(/Usage: open <service>/);
    const status = messageText((await h.run('status payments', VIEWER)).reply.message);
    expect(status).toContain('Error budget: 43m 12s budget left (100%), of 43m 12s');
  });

  it('accepts a start exactly one window back, and refuses one second before it', async () => {
    const h = await prepared();
    await expectRefused(h, db(), 'open payments P1 x --since 2026-10-24 10:59:59', [/no earlier than one window before now, Sat 24 Oct 2026 11:00 CEST/], RESPONDER);
    const o = await h.run('open payments P1 Card payments failing --since 2026-10-24 11:00', RESPONDER);
    expect(o.changed).toBe(true);
    expect((await db().store.read.incidents.get(1))?.impactStart.toISOString()).toBe('2026-10-24T09:00:00.000Z');
  });

  it('a month window: one month back (30 days in November); no objective: 366 days back', async () => {
    const h = await prepared();
    // search has no calendar: the bound is shown in the deployment zone the incident use cases were given
    // (none in the harness: UTC). The reader types Berlin time: 10:59 CEST is 08:59 UTC.
    await expectRefused(h, db(), 'open search P2 x --since 2026-10-24 10:59', [/search measures availability over a calendar month/, /Sat 24 Oct 2026 09:00 UTC/], RESPONDER);
    expect((await h.run('open search P2 Slow results --since 2026-10-24 11:01', RESPONDER)).changed).toBe(true);
    await expectRefused(h, db(), 'open docs P3 x --since 2025-11-01', [/an impact can start at most 366 days before now/, /Sat 22 Nov 2025 09:00 UTC/], RESPONDER);
    expect((await h.run('open docs P3 Typos --since 2026-01-01', RESPONDER)).changed).toBe(true);
  });

  it('refuses a start in the future', async () => {
    const h = await prepared();
    await expectRefused(h, db(), 'open payments P1 x --since 2026-11-23 10:05', [/--since must be in the past/], RESPONDER);
    await expectRefused(h, db(), 'open payments P1 x --since 2027-01-01', [/--since must be in the past|in the future/], RESPONDER);
  });
});
