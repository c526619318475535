/**
 * Holidays from files and country sets, with their sources (docs/semantics.md §1 "Imported holidays"):
 * `calendar import`, `calendar holiday --country`, `calendar show`, through the router on both databases.
 */
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { localFiles } from '../../adapters/console/local-files.ts';
import { createRouter } from '../../commands/router.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { CHANNEL, SETUP_LINES, VIEWER, expectRefused, fingerprint, messageText, runAll, setup, type Harness } from './harness.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/holidays/', import.meta.url));

describeEachDatabase('holiday imports', (db) => {
  /** The §4 set-up (calendar business with 25/26 Dec by hand), and a router with the console's files. */
  const prepared = async (at?: string) => {
    const h = await setup(db(), at);
    await runAll(h, SETUP_LINES);
    const router = createRouter({ ...h.deps, files: localFiles(FIXTURES) });
    const console: Harness = { ...h, router, run: (text, actor, extra) => router.run({ text, actor: actor ?? { platform: 'slack', id: 'U0ADMIN', name: 'ada' }, channel: CHANNEL, ...extra }) };
    return { h, console, say: async (line: string) => messageText((await console.run(line)).reply.message) };
  };

  it('calendar import: all-day dates with their source, idempotent, shown by source', async () => {
    const { console, say } = await prepared();
    const read = db().store.read;
    const o = await console.run('calendar import business office-berlin.ics');
    expect(o.changed).toBe(true);
    expect(messageText(o.reply.message)).toBe(
      'Calendar business: 12 holidays from office-berlin.ics, 12 new; 14 holidays in all.\n' +
        'Left out: 1 timed event (holidays are all-day events). Recurring events were expanded from 2025-11-23 to 2029-11-23. calendar show business lists them by source.',
    );
    const saved = await read.calendars.get('business');
    expect(saved?.holidays).toEqual(['2026-03-02', '2026-03-29', '2026-06-12', '2026-10-25', '2026-10-26', '2026-12-25', '2026-12-26', '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2028-06-12', '2029-06-12']);
    expect(saved?.holidaySources).toMatchObject({ '2026-03-29': 'ics:office-berlin.ics', '2026-10-25': 'ics:office-berlin.ics', '2026-12-25': 'manual', '2026-12-26': 'manual' });

    // Again: nothing new, nothing written.
    const before = await fingerprint(db());
    const again = await console.run('calendar import business office-berlin.ics');
    expect(again.changed).toBe(false);
    expect(messageText(again.reply.message)).toMatch(/^Calendar business: 12 holidays from office-berlin\.ics, none new \(all already there\); 14 holidays in all\./);
    expect(await fingerprint(db())).toBe(before);

    // A manual date already imported keeps its source; a new one is `manual`.
    expect(await say('calendar holiday business 2026-03-02 2026-05-08')).toBe('Calendar business now has 15 holidays: 2026-05-08 added (1 already there).');
    expect((await read.calendars.get('business'))?.holidaySources).toMatchObject({ '2026-03-02': 'ics:office-berlin.ics', '2026-05-08': 'manual' });

    // Redefining the hours keeps the holidays and their sources.
    await runAll(console, ['calendar add business --tz Europe/Berlin --hours "mon-fri 08:00-18:00"']);
    expect(messageText((await console.run('calendar show business', VIEWER)).reply.message)).toBe(
      [
        'Calendar business',
        'Time zone: Europe/Berlin',
        'Hours: mon-fri 08:00-18:00',
        'Holidays: 15, from 2 sources',
        'By hand (3): 2026: 05-08, 12-25, 12-26',
        'File office-berlin.ics (12): 2026: 03-02, 03-29, 06-12, 10-25, 10-26, 12-28, 12-29, 12-30, 12-31 · 2027: 01-01 · 2028: 06-12 · 2029: 06-12',
        'Used by: service payments',
      ].join('\n'),
    );
  });

  it('calendar holiday --country: public holidays of DE-BY, idempotent, beside the others', async () => {
    const { console, say } = await prepared();
    const read = db().store.read;
    const o = await console.run('calendar holiday business --country DE --region BY --years 2026-2028');
    expect(o.changed).toBe(true);
    expect(messageText(o.reply.message)).toBe(
      'Calendar business: 36 public holidays of DE-BY in 2026–2028, 34 new (2 already there); 36 holidays in all.\n' +
        'Public holidays only (no bank or school holidays, no observances), from date-holidays. calendar show business lists them by source.',
    );
    const saved = await read.calendars.get('business');
    expect(saved?.holidays).toContain('2026-01-06');
    expect(saved?.holidays).toContain('2026-10-03');
    expect(saved?.holidays).not.toContain('2026-08-15');
    expect(saved?.holidays).not.toContain('2026-12-24');
    expect(saved?.holidaySources?.['2026-01-06']).toBe('country:DE-BY');
    // 25 and 26 Dec 2026 were there by hand first, and stay so.
    expect(saved?.holidaySources?.['2026-12-25']).toBe('manual');

    // The same set written as DE-BY: nothing new. The file then adds 11 (its 2027-01-01 is DE-BY's).
    expect(await say('calendar holiday business --country de-by --years 2026-2028')).toMatch(/^Calendar business: 36 public holidays of DE-BY in 2026–2028, none new \(all already there\)/);
    await console.run('calendar import business office-berlin.ics');
    const show = messageText((await console.run('calendar show business', VIEWER)).reply.message).split('\n');
    expect(show.slice(3, 7)).toEqual([
      'Holidays: 47, from 3 sources',
      'By hand (2): 2026: 12-25, 12-26',
      'Country DE-BY (34): 2026: 01-01, 01-06, 04-03, 04-06, 05-01, 05-14, 05-25, 06-04, 10-03, 11-01 · 2027: 01-01, 01-06, 03-26, 03-29, 05-01, 05-06, 05-17, 05-27, 10-03, 11-01, 12-25, 12-26 · 2028: 01-01, 01-06, 04-14, 04-17, 05-01, 05-25, 06-05, 06-15, 10-03, 11-01, 12-25, 12-26',
      'File office-berlin.ics (11): 2026: 03-02, 03-29, 06-12, 10-25, 10-26, 12-28, 12-29, 12-30, 12-31 · 2028: 06-12 · 2029: 06-12',
    ]);
  });

  it('refusals leave the database as it was', async () => {
    const { console } = await prepared();
    const d = db();
    await expectRefused(console, d, 'calendar import business truncated.ics', [/This iCalendar file cannot be read: .*Nothing was imported/, /Usage: calendar import <name> <file\.ics>/]);
    await expectRefused(console, d, 'calendar import business nope.ics', [/There is no file .*nope\.ics/]);
    await expectRefused(console, d, 'calendar import nope office-berlin.ics', [/There is no calendar named "nope"/]);
    await expectRefused(console, d, 'calendar import 24x7 office-berlin.ics', [/24x7 counts every hour and has no holidays/]);
    await expectRefused(console, d, 'calendar import business', [/Missing the file to import/]);
    await expectRefused(console, d, 'calendar import business office-berlin.ics', [/calendar import needs the admin role; you are a viewer/], VIEWER);
    await expectRefused(console, d, 'calendar holiday business --country XX --years 2026', [/"XX" is not a country date-holidays knows: use an ISO 3166-1 code such as DE.*github\.com\/commenthol\/date-holidays/]);
    await expectRefused(console, d, 'calendar holiday business --country DE --region ZZ', [/"ZZ" is not a region of Germany \(DE\): use one of BB, BE, BW, BY/]);
    await expectRefused(console, d, 'calendar holiday business --country DE --years 2026-2036', [/At most 10 years at a time: 2026-2036 is 11/]);
    await expectRefused(console, d, 'calendar holiday business --country DE --years 2028-2026', [/runs backwards/]);
    await expectRefused(console, d, 'calendar holiday business --country DE --years soon', [/"soon" is not a year span: write --years 2026-2028/]);
    await expectRefused(console, d, 'calendar holiday business --country Germany', [/"Germany" is not a country code: use the two letters of ISO 3166-1/]);
    await expectRefused(console, d, 'calendar holiday business --country DE 2026-12-24', [/With --country, give only the calendar name/]);
    await expectRefused(console, d, 'calendar holiday business 2026-12-24 --years 2026', [/--region and --years go with --country/]);
    await expectRefused(console, d, 'calendar holiday nope --country DE', [/There is no calendar named "nope"/]);
  });

  it('from Slack (no files), the import says to use the console', async () => {
    const { h } = await prepared();
    const text = await expectRefused(h, db(), 'calendar import business office-berlin.ics', [/Holiday files are imported from the console, on the machine Pacta runs on: pacta console, then calendar import business office-berlin\.ics/]);
    expect(text).toContain('calendar holiday business --country DE --region BY --years 2026-2028');
  });

  it("an SLA clock on the calendar skips an imported holiday (through the router)", async () => {
    // Thursday 24 Dec 2026, 15:00 in Berlin; 25 Dec is a holiday by hand, 28 Dec – 1 Jan imported.
    const { console, say } = await prepared('2026-12-24T14:00:00Z');
    await runAll(console, ['policy set payments P2 ack=1h resolve=4h']);
    // Without the import: 2 h on Thursday, then Monday 28 Dec 09:00 + 2 h.
    expect(await say('open payments P2 Before the import')).toContain('Resolve: 0s of 4h · 0% · due Mon 28 Dec 11:00 CET');
    await runAll(console, ['calendar import business office-berlin.ics']);
    // With it, 28 Dec – 1 Jan do not count: Monday 4 Jan 2027 11:00.
    expect(await say('open payments P2 After the import')).toContain('Resolve: 0s of 4h · 0% · due Mon 4 Jan 2027 11:00 CET');
    const state = await console.deps.incidents.get(2);
    expect(state.clocks.find((c) => c.stored.kind === 'resolve')?.evaluation.dueAt?.toISOString()).toBe('2027-01-04T10:00:00.000Z');
  });
});
