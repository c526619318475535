/**
 * Subscriptions and roles through the router on a real database: what is stored, who may change it,
 * and refusals that leave the database as it was.
 */
import { expect, it } from 'vitest';
import type { ChannelRef } from '../../src/domain/channel.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { ADMIN, CHANNEL, CONSOLE, RESPONDER, SETUP_LINES, VIEWER, expectRefused, messageText, runAll, setup } from './harness.ts';

const OTHER: ChannelRef = { platform: 'slack', id: 'C0OTHER' };

describeEachDatabase('subscription and role commands', (db) => {
  const prepared = async () => {
    const h = await setup(db());
    await runAll(h, [...SETUP_LINES, 'service add search']);
    return h;
  };

  it('subscribe: all by default, then services, digests in any accepted form, and off', async () => {
    const h = await prepared();
    const sub = () => db().store.read.subscriptions.forChannel(CHANNEL);
    let o = await h.run('subscribe');
    expect(messageText(o.reply.message)).toMatch(/^This channel follows all services, with no digest\./);
    expect(await sub()).toMatchObject({ allServices: true, services: [], digestSpec: null, timezone: 'Europe/Berlin', createdBy: ADMIN });
    await runAll(h, ['sub payments,search']);
    expect(await sub()).toMatchObject({ allServices: false, services: ['payments', 'search'] });
    await runAll(h, ['subscribe --digest weekly@mon 09:00']);
    expect(await sub()).toMatchObject({ services: ['payments', 'search'], digestSpec: 'weekly@mon 09:00', digestCron: '0 9 * * 1' });
    await runAll(h, ['subscribe --digest 30 8 * * 1-5 --tz America/New_York']);
    expect(await sub()).toMatchObject({ digestSpec: '30 8 * * 1-5', digestCron: '30 8 * * 1-5', timezone: 'America/New_York' });
    await runAll(h, ['subscribe all --digest weekdays@9:00']);
    expect(await sub()).toMatchObject({ allServices: true, services: [], digestSpec: 'weekdays@09:00', digestCron: '0 9 * * 1-5', timezone: 'America/New_York' });
    o = await h.run('subscribe --digest off');
    expect(messageText(o.reply.message)).toMatch(/^This channel follows all services, with no digest\./);
    expect(await sub()).toMatchObject({ digestSpec: null, digestCron: null });
  });

  it('subscribe refusals', async () => {
    const h = await prepared();
    const d = db();
    await expectRefused(h, d, 'subscribe nope', [/There is no service "nope"/, /Usage: subscribe \[services\|all\]/]);
    await expectRefused(h, d, 'subscribe all payments', [/all already means every service/]);
    await expectRefused(h, d, 'subscribe payments --digest hourly', [/"hourly" is not a digest schedule|cron schedule has 5 fields/]);
    await expectRefused(h, d, 'subscribe payments --digest daily@25:00', [/"25:00" in "daily@25:00" is not a time of day/]);
    await expectRefused(h, d, 'subscribe payments --tz Mars/Base', [/"Mars\/Base" is not a time zone/]);
    await expectRefused(h, d, 'subscribe payments', [/subscribe needs the admin role; you are a responder/], RESPONDER);
  });

  it('unsubscribe drops named services or everything; subscriptions shows this channel, or all to admins', async () => {
    const h = await prepared();
    const d = db();
    await expectRefused(h, d, 'unsubscribe', [/This channel has no subscription; nothing to stop\./]);
    await runAll(h, ['subscribe payments search --digest daily@09:00']);
    expect((await h.run('subscribe payments', ADMIN, { channel: OTHER })).changed).toBe(true);
    await expectRefused(h, d, 'unsubscribe ledger', [/This channel does not follow ledger; nothing changed\./]);
    let o = await h.run('unsub search');
    expect(messageText(o.reply.message)).toBe('This channel follows payments, with a digest daily@09:00 (Europe/Berlin).');
    expect(await d.store.read.subscriptions.forChannel(CHANNEL)).toMatchObject({ services: ['payments'], digestSpec: 'daily@09:00' });

    expect(messageText((await h.run('subscriptions', VIEWER)).reply.message)).toBe(['Subscription of this channel', '• this channel · payments · digest daily@09:00 (Europe/Berlin)'].join('\n'));
    expect(messageText((await h.run('subs', ADMIN)).reply.message)).toBe(
      ['Subscriptions, all channels (2)', '• this channel · payments · digest daily@09:00 (Europe/Berlin)', '• slack:C0OTHER · payments · no digest'].join('\n'),
    );
    await expectRefused(h, d, 'unsubscribe', [/unsubscribe needs the admin role/], RESPONDER);
    o = await h.run('unsubscribe');
    expect(o.changed).toBe(true);
    expect(await d.store.read.subscriptions.forChannel(CHANNEL)).toBeNull();
    expect(messageText((await h.run('subscriptions', VIEWER)).reply.message)).toMatch(/^Subscription of this channel\nNo subscriptions\./);
  });

  it('role grant / revoke / list, with users as mentions, prefixed ids or bare ids', async () => {
    const h = await prepared();
    const read = db().store.read;
    await runAll(h, ['role grant <@U0NEW|newbie> admin', 'role grant slack:U0BOB viewer', 'role grant teams:29:1abcDEF responder', 'role grant U0BARE viewer']);
    expect(await read.roles.list()).toEqual([
      { platform: 'slack', userId: 'U0BARE', role: 'viewer' },
      { platform: 'slack', userId: 'U0BOB', role: 'viewer' },
      { platform: 'slack', userId: 'U0NEW', role: 'admin' },
      { platform: 'slack', userId: 'U0VIC', role: 'viewer' },
      { platform: 'teams', userId: '29:1abcDEF', role: 'responder' },
    ]);
    // The grants take effect at once.
    expect((await h.run('service add billing', { platform: 'slack', id: 'U0NEW' })).changed).toBe(true);
    expect(messageText((await h.run('open payments P1 x', RESPONDER)).reply.message)).toMatch(/open needs the responder role; you are a viewer/);
    const list = messageText((await h.run('role list', VIEWER)).reply.message);
    expect(list).toContain('• U0NEW (slack:U0NEW) · admin');
    expect(list).toContain('• 29:1abcDEF (teams:29:1abcDEF) · responder');
    const o = await h.run('role revoke @U0BOB');
    expect(messageText(o.reply.message)).toBe('U0BOB (slack:U0BOB) now has the default role.');
    expect((await h.run('open payments P1 x', RESPONDER)).changed).toBe(true);
  });

  it('role refusals', async () => {
    const h = await prepared();
    const d = db();
    await expectRefused(h, d, 'role revoke slack:U0NOBODY', [/U0NOBODY \(slack:U0NOBODY\) had no role granted in chat; nothing changed\./]);
    await expectRefused(h, d, `role revoke slack:${ADMIN.id}`, [/They are still an admin through PACTA_ADMINS/]);
    await expectRefused(h, d, 'role grant slack:U1 superuser', [/"superuser" is not a role: use admin, responder or viewer/, /Usage: role grant <user>/]);
    await expectRefused(h, d, 'role grant slack:U1', [/Missing the role/]);
    await expectRefused(h, d, 'role grant "U 1" viewer', [/"U 1" is not a user/]);
    await expectRefused(h, d, 'role grant U1 viewer', [/Say which platform "U1" is on: slack:U123/], CONSOLE);
    await expectRefused(h, d, 'role grant slack:U1 admin', [/role grant needs the admin role; you are a responder/], RESPONDER);
    await expectRefused(h, d, 'role grant slack:U1 admin', [/role grant needs the admin role; you are a viewer/], VIEWER);
  });
});
