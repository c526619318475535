/**
 * Queries through the router on a real database: status, report and help. Queries never change
 * anything, and their refusals name what was wrong.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { RESPONDER, SETUP_LINES, VIEWER, expectRefused, fingerprint, messageText, runAll, setup } from './harness.ts';

const MIN = 60_000;

describeEachDatabase('query commands', (db) => {
  it('status with no services says how to add one', async () => {
    const h = await setup(db());
    expect(await h.say('status', VIEWER)).toBe('Status\nNo services yet. Add one with service add payments "Payments API" --availability 99.9 --window 30d.');
  });

  it('status lists services worst first with figures, and status <service> explains the clocks', async () => {
    const h = await setup(db());
    await runAll(h, [...SETUP_LINES, 'service add search "Search" --availability 99.5 --window 7d', 'service add docs', 'policy set search P2 ack=30m resolve=8h']);
    await h.run('open search P2 Slow results --impact none', RESPONDER);
    h.time.advance(5 * MIN);
    await h.run('open payments P1 Card payments failing --impact degraded', RESPONDER);
    h.time.advance(20 * MIN); // payments' 15-minute ack target is now passed
    const before = await fingerprint(db());
    const o = await h.run('status', VIEWER);
    expect(o.changed).toBe(false);
    const text = messageText(o.reply.message);
    // The reasons are the use case's words; the figures and their order are the view's.
    expect(text.split('\n')).toEqual([
      'Status · 3 services',
      '1 breached · 1 at risk · 1 healthy · 2 open incidents',
      'Breached (1)',
      // 20 minutes degraded at weight 0.5: 10 minutes of the 43m 12s budget.
      expect.stringMatching(/^• payments \(Payments API\) · [^·]+, burning error budget fast · 99\.97% of 99\.9% · 33m 12s budget left \(76%\) · 1 open incident · INC-2 ack breached$/),
      'At risk (1)',
      // Impact none costs nothing; 0.5 % of 7 days is 50m 24s.
      '• search (Search) · 100.00% of 99.5% · 50m 24s budget left (100%) · 1 open incident · INC-1 ack due Mon 23 Nov 10:30 CET',
      'Healthy (1)',
      '• docs · no availability objective',
      'As of Mon 23 Nov 10:25 CET',
    ]);
    const one = messageText((await h.run('status payments', VIEWER)).reply.message);
    expect(one).toMatch(/Health: breached — [^\n]*(breach|past SLA)/);
    expect(one).toContain('Open incidents (1)');
    expect(one).toContain('INC-2 · P1 · Card payments failing — open, degraded, opened Mon 23 Nov 10:05 CET');
    expect(one).toContain('Acknowledge: BREACHED · 20m of 15m · 133% since Mon 23 Nov 10:20 CET');
    expect(one).toContain('Resolve: 20m of 4h · 8% · due Mon 23 Nov 14:05 CET');
    expect(await fingerprint(db())).toBe(before);
    await expectRefused(h, db(), 'status nope', [/There is no service "nope"/, /Usage: status \[service\]/], VIEWER);
    await expectRefused(h, db(), 'status payments search', [/Too many arguments: "search"/], VIEWER);
  });

  it('report over all services and periods; refusals', async () => {
    const h = await setup(db());
    await runAll(h, [...SETUP_LINES, 'service add search']);
    await h.run('open payments P1 Card payments failing', RESPONDER);
    h.time.advance(20 * MIN);
    await h.run('ack INC-1', RESPONDER);
    h.time.advance(10 * MIN);
    await h.run('resolve INC-1', RESPONDER);
    const text = messageText((await h.run('report --period month', VIEWER)).reply.message);
    expect(text.split('\n')).toEqual([
      'Report · all services · November, 23 days in',
      'From Sun 1 Nov 00:00 CET to Mon 23 Nov 10:30 CET · availability is for all of November, if nothing else goes down',
      'Objectives met: 1 of 1 service',
      'Incidents: 1 incident opened, 1 resolved',
      'Breaches: 1 breach (1 clock)',
      'MTTA: 20m',
      'MTTR: 30m',
      'By service',
      // 30 minutes of outage over the whole of November (720 h, docs/semantics.md §3's one denominator):
      // 99.930 %, November's figure if nothing else goes down — not 99.907 % over the 22.4 days so far.
      '• payments · 99.93% of 99.9% ✓ · 1 incident opened, 1 resolved · 1 breach (1 clock) · MTTA 20m · MTTR 30m',
      '1 service had no incidents and met their objective (if any)',
    ]);
    await expectRefused(h, db(), 'report --period 1y', [/"1y" is not a report period: use 7d, 30d, month, quarter/, /Usage: report/], VIEWER);
    await expectRefused(h, db(), 'report nope', [/There is no service "nope"/], VIEWER);
    await expectRefused(h, db(), 'report --period', [/--period needs a value/], VIEWER);
  });

  it('help explains a command, a group and a subcommand; unknown topics get a suggestion', async () => {
    const h = await setup(db());
    expect(await h.say('help ack', VIEWER)).toBe(['ack', 'Acknowledge an incident: you have it; its acknowledge clock stops.', '• ack <id>', 'Examples:', '• ack INC-1', 'Needs the responder role. Also: acknowledge, a.'].join('\n'));
    const group = await h.say('help service', VIEWER);
    expect(group).toMatch(/^service\nDefine the services/);
    expect(group).toContain('• service remove <key> — Remove a service');
    expect(await h.say('help service add', VIEWER)).toMatch(/^service add\n.*\n• service add <key> "<name>"/);
    await expectRefused(h, db(), 'help opne', [/There is no command opne\. Did you mean help open\?/, /Usage: help \[command\]/], VIEWER);
    await expectRefused(h, db(), 'help service frob', [/service has no frob: use one of add, set, remove, list/], VIEWER);
  });
});
