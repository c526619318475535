/**
 * A calendar window (`--window month`) through the router (docs/semantics.md §3): `status`, `status
 * <service>` and `report --period month` show availability and budget over the same whole month, labelled
 * "December, 12 days in" — never a month-to-date figure beside a whole-month budget.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { RESPONDER, SETUP_LINES, VIEWER, messageText, runAll, setup } from './harness.ts';

// Sat 12 Dec 2026, 10:00 in Berlin: December is 11 days 10 hours old.
const NOW = '2026-12-12T09:00:00Z';

describeEachDatabase('calendar windows in status and reports', (db) => {
  const prepared = async () => {
    const h = await setup(db(), NOW);
    await runAll(h, [...SETUP_LINES, 'service add search "Search" --availability 99.5 --window month']);
    // Two hours down on Saturday 5 December, 11:00–13:00 Berlin.
    h.time.set('2026-12-05T12:00:00Z');
    await h.run('open search P2 Search down --since 11:00', RESPONDER);
    await h.run('resolve INC-1', RESPONDER);
    h.time.set(NOW);
    return h;
  };

  it('status: the month\'s availability and budget side by side, labelled with the month and the day', async () => {
    const h = await prepared();
    const lines = (await h.say('status', VIEWER)).split('\n');
    // 2 h of 744 h: 99.73 % (not 99.27 % "so far"), and 1h 43m 12s of the 3h 43m 12s budget left (shown to the minute).
    expect(lines).toContain('• search (Search) · 99.73% of 99.5% (December, 12 days in) · 1h 43m budget left (46%)');
    // A rolling window needs no label: it is always full.
    expect(lines).toContain('• payments (Payments API) · 100.00% of 99.9% · 43m 12s budget left (100%)');
  });

  it('status <service> says what the figures are taken over', async () => {
    const h = await prepared();
    const one = await h.say('status search', VIEWER);
    expect(one).toContain('Availability: 99.73% of 99.5% (December, 12 days in)');
    expect(one).toContain('Error budget: 1h 43m budget left (46%), of 3h 43m');
    expect(one).toContain('Window: all of December (day 12 of 31), if nothing else goes down');
    expect(await h.say('status payments', VIEWER)).toContain('Window: last 30 days');
  });

  it('report --period month: the same figure as status, for the whole month', async () => {
    const h = await prepared();
    const lines = (await h.say('report search --period month', VIEWER)).split('\n');
    expect(lines[0]).toBe('Report · search · December, 12 days in');
    expect(lines[1]).toBe('From Tue 1 Dec 00:00 CET to Sat 12 Dec 10:00 CET · availability is for all of December, if nothing else goes down');
    expect(lines).toContain('Availability: 99.73% of 99.5% ✓');
    // A rolling period is measured over itself: 2 h of 30 days.
    expect(await h.say('report search --period 30d', VIEWER)).toContain('Availability: 99.72% of 99.5% ✓');
    expect(messageText((await h.run('report search --period quarter', VIEWER)).reply.message)).toMatch(/^Report · search · Q4 \(Oct–Dec\), 73 days in/);
  });
});
