/**
 * Input that used to be accepted with a meaning nobody intended is refused, saying why and what to
 * write instead: time-zone abbreviations (docs/semantics.md §1), an acknowledge target longer than the
 * resolve target (§2), and digests more often than hourly (§5).
 */
import { describe, expect, it } from 'vitest';
import { parseDigestSchedule } from '../../commands/parse/digest-schedule.ts';
import { parseTimeZone } from '../../commands/parse/time-zone.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { AdminUseCases } from '../../src/usecases/admin.ts';
import { ManualTime } from '../fakes/manual-time.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { CHANNEL, SETUP_LINES, expectRefused, runAll, setup } from './harness.ts';
import { bad } from './parse/bad.ts';

/** Runs `f`, expecting a BadArgumentError, and returns its message. */
const refusal = (f: () => unknown): string => bad(f).message;

describe('parseTimeZone and abbreviations', () => {
  it.each([
    ['EST', /America\/New_York/],
    ['est', /America\/New_York/],
    ['EDT', /America\/New_York/],
    ['PST', /America\/Los_Angeles/],
    ['CET', /Europe\/Berlin/],
    ['CEST', /Europe\/Berlin/],
    ['MST', /America\/Denver or America\/Phoenix/],
    ['HST', /Pacific\/Honolulu/],
    ['BST', /Europe\/London/],
    ['IST', /Asia\/Kolkata/],
    ['JST', /Asia\/Tokyo/],
    ['AEST', /Australia\/Sydney/],
    ['XYZT', /e\.g\. Europe\/Berlin, America\/New_York or Asia\/Tokyo/],
  ])('refuses %s, which names no place, and suggests zones', (abbreviation, suggestion) => {
    const message = refusal(() => parseTimeZone(abbreviation));
    expect(message).toMatch(new RegExp(`^"${abbreviation}" is an abbreviation, not a time zone: it names no place, so it cannot say when daylight saving time applies\\.`));
    expect(message).toMatch(suggestion);
  });

  it('still accepts IANA names, UTC and its spellings, and the few short names of places', () => {
    expect(parseTimeZone('America/New_York')).toBe('America/New_York');
    expect(parseTimeZone('europe/berlin')).toBe('Europe/Berlin');
    for (const utc of ['UTC', 'utc', 'GMT', 'Etc/UTC', 'Zulu']) expect(parseTimeZone(utc)).toBe('UTC');
    expect(parseTimeZone('GB')).toBe('Europe/London');
    expect(parseTimeZone('Japan')).toBe('Asia/Tokyo');
    // Accepted, as a zone that follows New York's daylight saving rules (ICU names it America/New_York on
    // Node 20 and keeps EST5EDT on Node 24).
    expect(['America/New_York', 'EST5EDT']).toContain(parseTimeZone('EST5EDT'));
    expect(refusal(() => parseTimeZone('+01:00'))).toMatch(/is not a time zone/);
  });
});

describe('parseDigestSchedule: at most hourly', () => {
  it.each([
    ['* * * * *', /^"\* \* \* \* \*" would post a digest every minute; a digest goes out at most once an hour/],
    ['*/15 * * * *', /would post a digest 4 times an hour/],
    ['0,30 9 * * 1-5', /would post a digest 2 times an hour/],
    ['0-5 * * * *', /6 times an hour/],
    ['5/10 8-18/2 * * *', /6 times an hour/],
  ])('refuses %j, saying why', (input, message) => {
    const text = refusal(() => parseDigestSchedule(input));
    expect(text).toMatch(message);
    expect(text).toMatch(/since alerts already arrive as they happen\. Give the minute one value, e\.g\. "0 \* \* \* \*" for hourly/);
  });

  it.each(['0 * * * *', '30 */2 * * *', '0 9 * * 1-5', '59 23 31 12 *'])('accepts %j, at most once an hour', (input) => {
    expect(parseDigestSchedule(input)).toEqual({ kind: 'cron', expr: input });
  });
});

describeEachDatabase('refusals of surprising settings', (db) => {
  const prepared = async () => {
    const h = await setup(db());
    await runAll(h, SETUP_LINES);
    return h;
  };

  it('every command that takes a zone refuses an abbreviation', async () => {
    const h = await prepared();
    const d = db();
    await expectRefused(h, d, 'calendar add us --tz EST --hours "mon-fri 09:00-17:00"', [/"EST" is an abbreviation, not a time zone/, /America\/New_York/]);
    await expectRefused(h, d, 'subscribe payments --tz CET', [/"CET" is an abbreviation, not a time zone/, /Europe\/Berlin/]);
    await expectRefused(h, d, 'subscribe payments --digest daily@09:00 --tz pst', [/"pst" is an abbreviation/, /America\/Los_Angeles/]);
    await runAll(h, ['calendar add us --tz America/New_York --hours "mon-fri 09:00-17:00"', 'subscribe payments --tz America/Chicago']);
    expect(await d.store.read.subscriptions.forChannel(CHANNEL)).toMatchObject({ timezone: 'America/Chicago' });
  });

  it('policy set refuses an acknowledge target longer than the resolve target, given or kept', async () => {
    const h = await prepared();
    const d = db();
    await expectRefused(h, d, 'policy set payments P1 ack=5h resolve=4h', [
      /^The acknowledge target \(5h\) is longer than the resolve target \(4h\), but an incident is acknowledged before it is resolved\. Give a shorter ack or a longer resolve/,
    ]);
    // payments P1 already has resolve=4h: raising only the ack past it is refused too, and says so.
    await expectRefused(h, d, 'policy set payments P1 ack=1d', [/^The acknowledge target \(1d\) is longer than the current resolve target \(4h\)/]);
    await expectRefused(h, d, 'policy set payments P1 resolve=10m', [/^The current acknowledge target \(15m\) is longer than the resolve target \(10m\)/]);
    expect(await d.store.read.policies.get('payments', 'P1')).toMatchObject({ ackTargetSeconds: 900, resolveTargetSeconds: 4 * 3600 });
    // Equal targets, or one of them off, are fine.
    await runAll(h, ['policy set payments P2 ack=4h resolve=4h', 'policy set payments P3 ack=1d resolve=off']);
    expect(await d.store.read.policies.get('payments', 'P2')).toMatchObject({ ackTargetSeconds: 4 * 3600, resolveTargetSeconds: 4 * 3600 });
  });

  it('the check is in the use case, so every source of policies gets it', async () => {
    await prepared();
    const admin = new AdminUseCases(db().store, new ManualTime());
    await expect(admin.setPolicy({ serviceKey: 'payments', priority: 'P4', ackSeconds: 7200, resolveSeconds: 3600 })).rejects.toThrow(BadArgumentError);
    expect(await db().store.read.policies.get('payments', 'P4')).toBeNull();
  });

  it('subscribe refuses a digest more often than hourly', async () => {
    const h = await prepared();
    const d = db();
    await expectRefused(h, d, 'subscribe payments --digest "* * * * *"', [/would post a digest every minute; a digest goes out at most once an hour/]);
    await expectRefused(h, d, 'subscribe payments --digest */30 * * * *', [/2 times an hour/]);
    await runAll(h, ['subscribe payments --digest 0 * * * *']);
    expect(await d.store.read.subscriptions.forChannel(CHANNEL)).toMatchObject({ digestCron: '0 * * * *' });
  });
});
