/**
 * Configuration commands (services, policies, calendars, maintenance) through the router on a real
 * database: what each stores, and refusals that leave the database as it was.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { RESPONDER, SETUP_LINES, VIEWER, expectRefused, messageText, runAll, setup } from './harness.ts';

describeEachDatabase('configuration commands', (db) => {
  const prepared = async () => {
    const h = await setup(db());
    await runAll(h, SETUP_LINES);
    return h;
  };

  it('service add / set / remove / list', async () => {
    const h = await prepared();
    const read = db().store.read;
    await runAll(h, ['service add search', 'service add ledger Ledger service --availability 99.95% --window month --degraded-weight 0.3']);
    expect(await read.services.get('search')).toEqual({ key: 'search', name: 'search', calendar: null, objective: null, degradedWeight: 0.5, channel: null, credits: null });
    expect(await read.services.get('ledger')).toMatchObject({ name: 'Ledger service', objective: { target: 0.9995, window: 'month' }, degradedWeight: 0.3 });
    let o = await h.run('service set ledger --name "General ledger" --availability off --calendar business');
    expect(messageText(o.reply.message)).toBe('Updated ledger (General ledger): no availability objective, calendar business, degraded weighs 0.3.');
    o = await h.run('service set ledger --calendar 24x7 --availability 99.5');
    expect(await read.services.get('ledger')).toMatchObject({ calendar: null, objective: { target: 0.995, window: '30d' } });
    const list = messageText((await h.run('service list', VIEWER)).reply.message);
    expect(list).toBe(['Services (3)', '• ledger (General ledger) · 99.5% over 30d · calendar 24x7 · degraded weighs 0.3', '• payments (Payments API) · 99.9% over 30d · calendar business', '• search · no objective · calendar 24x7'].join('\n'));
    o = await h.run('service rm search');
    expect(o.changed).toBe(true);
    expect(await read.services.get('search')).toBeNull();
  });

  it('service refusals', async () => {
    const h = await prepared();
    const d = db();
    await expectRefused(h, d, 'service add payments', [/A service "payments" already exists; service set payments … changes it/, /Usage: service add <key>/]);
    await expectRefused(h, d, 'service add', [/Missing the service key/]);
    await expectRefused(h, d, 'service add all', [/"all" is reserved/]);
    await expectRefused(h, d, 'service add x', [/at least 2 characters/]);
    await expectRefused(h, d, 'service add billing --availability 100', [/a percent above 0 and below 100/]);
    await expectRefused(h, d, 'service add billing --availability high', [/--availability must be a number, e.g. 99.9, not "high"/]);
    await expectRefused(h, d, 'service add billing --availability 99.9 --window 3x', [/"3x" is not an objective window/]);
    await expectRefused(h, d, 'service add billing --window 7d', [/A window needs an availability target too/]);
    await expectRefused(h, d, 'service add billing --calendar nope', [/There is no calendar named "nope"/]);
    await expectRefused(h, d, 'service add billing --degraded-weight 2', [/degraded weight is a number from 0 to 1/]);
    await expectRefused(h, d, 'service add billing --availabilty 99.9', [/Unknown option --availabilty\. Did you mean --availability\?/]);
    await expectRefused(h, d, 'service add billing', [/service add needs the admin role; you are a responder/], RESPONDER);
    await expectRefused(h, d, 'service set payments', [/Nothing to change/, /Usage: service set <key>/]);
    await expectRefused(h, d, 'service set nope --name x', [/There is no service "nope"/]);
    await expectRefused(h, d, 'service set payments --name ""', [/--name needs a value/]);
    await expectRefused(h, d, 'service remove nope', [/There is no service "nope"/]);
    await expectRefused(h, d, 'service list extra', [/Too many arguments: "extra"/]);
    await h.run('open payments P1 Broken', RESPONDER);
    await expectRefused(h, d, 'service remove payments', [/"payments" has open incidents; resolve them before removing the service/]);
  });

  it('policy set / show', async () => {
    const h = await prepared();
    await runAll(h, ['calendar add always --tz UTC --hours 24x7', 'policy set payments P3 ack=4h resolve=3d calendar=always warn=50,90%']);
    expect(await db().store.read.policies.get('payments', 'P3')).toMatchObject({ ackTargetSeconds: 4 * 3600, resolveTargetSeconds: 3 * 86400, calendar: 'always', warningThresholds: [50, 90] });
    // Changing one target keeps the others.
    await runAll(h, ['policy set payments P1 resolve=2h']);
    expect(await db().store.read.policies.get('payments', 'P1')).toMatchObject({ ackTargetSeconds: 900, resolveTargetSeconds: 7200 });
    const text = messageText((await h.run('policy show payments', VIEWER)).reply.message);
    expect(text).toBe(['SLA policies of payments', "• P1 · ack 15m · resolve 2h · calendar business (the service's) · warn at 75%, 90%", '• P3 · ack 4h · resolve 3d · calendar always · warn at 50%, 90%'].join('\n'));
    await runAll(h, ['service add search']);
    expect(messageText((await h.run('policy show search', VIEWER)).reply.message)).toMatch(/No policies yet: incidents of search run no clocks/);
    // The built-in 24x7 can be named by a policy, even on a service with a business calendar.
    await runAll(h, ['policy set search P2 ack=30m calendar=24x7', 'policy set payments P2 ack=1h calendar=24x7']);
    expect(await db().store.read.policies.get('search', 'P2')).toMatchObject({ ackTargetSeconds: 1800, calendar: '24x7' });
    expect(await db().store.read.policies.get('payments', 'P2')).toMatchObject({ ackTargetSeconds: 3600, calendar: '24x7' });
  });

  it('policy refusals', async () => {
    const h = await prepared();
    const d = db();
    await expectRefused(h, d, 'policy set payments P1', [/Give at least one target/, /Usage: policy set <service> <P1-P4>/]);
    await expectRefused(h, d, 'policy set payments', [/Missing the priority/]);
    await expectRefused(h, d, 'policy set payments P9 ack=15m', [/"P9" is not a priority/]);
    await expectRefused(h, d, 'policy set payments P1 ack=15', [/"15" needs a unit/]);
    await expectRefused(h, d, 'policy set payments P1 ackk=15m', [/Unknown setting "ackk"\. Did you mean ack=…\?/]);
    await expectRefused(h, d, 'policy set payments P1 ack=15m ack=20m', [/ack= is given twice/]);
    await expectRefused(h, d, 'policy set payments P1 15m', [/"15m" is not a setting: write name=value/]);
    await expectRefused(h, d, 'policy set payments P1 warn=150', [/warn= takes whole percents from 1 to 99/]);
    await expectRefused(h, d, 'policy set payments P1 calendar=nope', [/There is no calendar named "nope"/]);
    await expectRefused(h, d, 'policy set payments P2 ack=off', [/A policy needs an ack or a resolve target/]);
    await expectRefused(h, d, 'policy set nope P1 ack=15m', [/There is no service "nope"/]);
    await expectRefused(h, d, 'policy set payments P1 ack=1h', [/policy set needs the admin role; you are a responder/], RESPONDER);
    await expectRefused(h, d, 'policy show nope', [/There is no service "nope"/], VIEWER);
  });

  it('calendar add / holiday / show / list, with or without quotes around the hours', async () => {
    const h = await prepared();
    const read = db().store.read;
    await runAll(h, ['calendar add support --tz america/new_york --hours mon-fri 08:00-12:00,13:00-18:00; sat 10:00-14:00']);
    expect(await read.calendars.get('support')).toMatchObject({
      timezone: 'America/New_York',
      weekly: { mon: [['08:00', '12:00'], ['13:00', '18:00']], sat: [['10:00', '14:00']] },
    });
    // Redefining the hours keeps the holidays.
    await runAll(h, ['calendar add business --tz Europe/Berlin --hours "mon-fri 08:00-18:00"']);
    expect(await read.calendars.get('business')).toMatchObject({ weekly: { mon: [['08:00', '18:00']] }, holidays: ['2026-12-25', '2026-12-26'] });
    await runAll(h, ['calendar holiday business 2027-01-01,2026-12-31']);
    const show = messageText((await h.run('calendar show business', VIEWER)).reply.message);
    expect(show).toBe(['Calendar business', 'Time zone: Europe/Berlin', 'Hours: mon-fri 08:00-18:00', 'Holidays: 2026-12-25, 2026-12-26, 2026-12-31, 2027-01-01', 'Used by: service payments'].join('\n'));
    expect(messageText((await h.run('cal show 24x7', VIEWER)).reply.message)).toContain('Hours: 24x7');
    expect(messageText((await h.run('calendar list', VIEWER)).reply.message)).toBe(
      ['Calendars (3)', '• 24x7 · built in · all hours count', '• business · Europe/Berlin · mon-fri 08:00-18:00 · 4 holidays', '• support · America/New_York · mon-fri 08:00-12:00,13:00-18:00; sat 10:00-14:00 · 0 holidays'].join('\n'),
    );
  });

  it('calendar refusals', async () => {
    const h = await prepared();
    const d = db();
    await expectRefused(h, d, 'calendar add ops --hours "mon-fri 09:00-17:00"', [/Give the time zone/, /Usage: calendar add <name> --tz <zone>/]);
    await expectRefused(h, d, 'calendar add ops --tz Europe/Berlin', [/Give the working hours/]);
    await expectRefused(h, d, 'calendar add ops --tz Mars/Olympus --hours "mon-fri 09:00-17:00"', [/"Mars\/Olympus" is not a time zone/]);
    await expectRefused(h, d, 'calendar add ops --tz UTC --hours "mon-fri 9-5"', [/Cannot read weekly hours/]);
    await expectRefused(h, d, 'calendar add ops --tz UTC --hours "funday 09:00-17:00"', [/Cannot read weekly hours/]);
    await expectRefused(h, d, 'calendar add 24x7 --tz UTC --hours 24x7', [/24x7 is built in and cannot be redefined/]);
    await expectRefused(h, d, 'calendar add "my cal" --tz UTC --hours 24x7', [/"my cal" is not a calendar name/]);
    await expectRefused(h, d, 'calendar add --tz UTC --hours 24x7', [/Missing the calendar name/]);
    await expectRefused(h, d, 'calendar holiday business', [/Name at least one date/, /Usage: calendar holiday <name> <YYYY-MM-DD>/]);
    await expectRefused(h, d, 'calendar holiday business christmas', [/"christmas" is not a date: write YYYY-MM-DD/]);
    await expectRefused(h, d, 'calendar holiday business 2026-02-30', [/Bad holiday "2026-02-30"/]);
    await expectRefused(h, d, 'calendar holiday nope 2026-12-24', [/There is no calendar named "nope"/]);
    await expectRefused(h, d, 'calendar holiday 24x7 2026-12-24', [/24x7 counts every hour and has no holidays/]);
    await expectRefused(h, d, 'calendar show nope', [/There is no calendar named "nope"/], VIEWER);
    await expectRefused(h, d, 'calendar holiday business 2026-12-24', [/calendar holiday needs the admin role; you are a viewer/], VIEWER);
  });

  it('maintenance: ahead, at an absolute time, or already under way; refusals', async () => {
    const h = await prepared();
    const d = db();
    let o = await h.run('maintenance payments 22:00 2h database upgrade');
    expect(messageText(o.reply.message)).toMatch(/^Maintenance for payments from Mon 23 Nov 22:00 CET to Tue 24 Nov 00:00 CET \(2h\) — database upgrade\./);
    o = await h.run('maint payments 2026-11-28 06:00 90m');
    expect(messageText(o.reply.message)).toContain('from Sat 28 Nov 06:00 CET to Sat 28 Nov 07:30 CET (1h 30m).');
    o = await h.run('maintenance payments -30m 1h emergency patch');
    expect(messageText(o.reply.message)).toContain('from Mon 23 Nov 09:30 CET to Mon 23 Nov 10:30 CET (1h) — emergency patch.');
    const windows = await d.store.read.maintenance.overlapping(['payments'], new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(windows.map((w) => [w.start.toISOString(), w.end.toISOString(), w.reason])).toEqual(
      expect.arrayContaining([
        ['2026-11-23T21:00:00.000Z', '2026-11-23T23:00:00.000Z', 'database upgrade'],
        ['2026-11-28T05:00:00.000Z', '2026-11-28T06:30:00.000Z', null],
        ['2026-11-23T08:30:00.000Z', '2026-11-23T09:30:00.000Z', 'emergency patch'],
      ]),
    );
    await expectRefused(h, d, 'maintenance nope 22:00 2h', [/There is no service "nope"/]);
    await expectRefused(h, d, 'maintenance payments soon 2h', [/"soon" is not a time I understand/, /Usage: maintenance <service> <start> <duration>/]);
    await expectRefused(h, d, 'maintenance payments 22:00 2', [/"2" needs a unit/]);
    await expectRefused(h, d, 'maintenance payments 22:00', [/Missing the duration/]);
    await expectRefused(h, d, 'maintenance payments 22:00 2h', [/maintenance needs the admin role; you are a responder/], RESPONDER);
  });
});
