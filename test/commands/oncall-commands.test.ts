/**
 * On-call and escalation through the router and the escalation sweep, on both databases, with the
 * manual clock (docs/semantics.md §7): rotas and overrides, who is on call and next, the ladder firing
 * level by level into the outbox (a page in the card's thread, a DM per person), snooze, pause,
 * acknowledge mid-ladder, reopen, a priority change, an empty rota, and `escalation test`.
 */
import { beforeEach, expect, it } from 'vitest';
import { outbox } from '../../db/schema.ts';
import { EscalationSweep } from '../../src/usecases/escalation.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { seedEstate } from '../helpers/seed.ts';
import { incidentCard } from '../../src/messages/views/incident-card.ts';
import { ADMIN, RESPONDER, ZONE, messageText, setup, type Harness } from './harness.ts';

const MIN = 60_000;

describeEachDatabase('on-call and escalation commands', (db) => {
  let h: Harness;
  let sweep: EscalationSweep;
  const pages = async () =>
    (await db().handle.db.select().from(outbox))
      .filter((r) => (r.payload as { type: string }).type.startsWith('escalation.'))
      .sort((a, b) => a.id - b.id)
      .map((r) => r.key);
  /** Moves the clock and runs the sweep, as the scheduler would. */
  const at = async (minutes: number) => {
    h.time.set(new Date(new Date('2026-11-23T09:00:00Z').getTime() + minutes * MIN));
    while ((await sweep.run(50)).claimed === 50);
  };

  beforeEach(async () => {
    h = await setup(db());
    await seedEstate(db().store, h.time);
    sweep = new EscalationSweep(db().store, h.time);
    expect(await h.say('oncall add primary --handoff "weekly mon 09:00" --tz Europe/Berlin <@U0ALICE> <@U0BOB> <@U0CAROL>')).toContain('Rota primary created: 3 members');
    expect(await h.say('oncall add secondary --handoff "daily 09:00" slack:U0DAN')).toContain('Rota secondary created');
  });

  it('oncall who / show / override: the member of this shift, until the hand-off, and who is next; an override wins', async () => {
    // Monday 23 Nov 10:00 Berlin: the rota began at today's 09:00 hand-off with alice.
    const who = await h.say('oncall who primary');
    expect(who).toMatch(/primary: U0ALICE is on call until Mon 30 Nov(?: 2026)? 09:00 CET/);
    expect(who).toMatch(/next: U0BOB from Mon 30 Nov(?: 2026)? 09:00 CET until Mon 7 Dec(?: 2026)? 09:00 CET/);
    expect(await h.say('oncall override primary <@U0BOB> until wed 18:00', RESPONDER)).toMatch(/U0BOB is on call for primary from .* until Wed 25 Nov(?: 2026)? 18:00 CET \(override #1\)/);
    expect(await h.say('oncall who primary')).toMatch(/primary: U0BOB is on call until Wed 25 Nov(?: 2026)? 18:00 CET \(override\)/);
    const show = await h.say('oncall show primary --weeks 2');
    expect(show).toContain('U0BOB from');
    expect(show).toContain('(override #1)');
    expect(await h.say('oncall list')).toContain('primary — weekly mon 09:00 Europe/Berlin');
    expect(await h.say('oncall override primary --remove 1')).toContain('Override #1 of primary removed');
    expect(await h.say('oncall who primary')).toMatch(/primary: U0ALICE is on call/);
  });

  it('fires each level once at its time: a page in the card thread naming who is on call, and a DM to each', async () => {
    expect(await h.say('escalation set payments "after 5m: oncall primary; after 15m: oncall secondary, <@U0LEAD>; repeat 1 every 30m"')).toContain('Escalation of payments set');
    await h.run('open payments P1 Card payments failing');
    await at(4);
    expect(await pages()).toEqual([]);
    await at(5);
    expect(await pages()).toEqual(['escalate:INC-1:0:0:slack:C0OPS', 'escalate:INC-1:0:0:dm:slack:U0ALICE']);
    await at(5.5);
    expect(await pages()).toHaveLength(2);
    await at(15);
    expect((await pages()).slice(2)).toEqual(['escalate:INC-1:1:0:slack:C0OPS', 'escalate:INC-1:1:0:dm:slack:U0DAN', 'escalate:INC-1:1:0:dm:slack:U0LEAD']);
    // The card says who is paged now and who is next, and offers to snooze.
    const card = messageText(incidentCard(await h.deps.incidents.get(1), { timezone: ZONE }));
    expect(card).toMatch(/Paging U0DAN and U0LEAD \(level 2 of 2, since 10:15 CET\) · next: U0ALICE at 10:35 CET/);
    expect(card).toContain('Snooze 1h');
    // The repeat: the whole ladder again, 30 min after each level first fired.
    await at(35);
    await at(45);
    await at(300);
    expect((await pages()).slice(5)).toEqual([
      'escalate:INC-1:0:1:slack:C0OPS',
      'escalate:INC-1:0:1:dm:slack:U0ALICE',
      'escalate:INC-1:1:1:slack:C0OPS',
      'escalate:INC-1:1:1:dm:slack:U0DAN',
      'escalate:INC-1:1:1:dm:slack:U0LEAD',
    ]);
    const after = messageText(incidentCard(await h.deps.incidents.get(1), { timezone: ZONE }));
    expect(after).toMatch(/Paging U0DAN and U0LEAD \(level 2 of 2, repeat 1, since 10:45 CET\)/);
    expect(after).not.toContain('next:');
  });

  it('acknowledging stops it; a reopen of an acknowledged incident does not restart it', async () => {
    await h.run('escalation set payments "after 5m: oncall primary; after 15m: oncall secondary"');
    await h.run('open payments P1 Card payments failing');
    await at(6);
    await h.run('ack INC-1', RESPONDER);
    await at(60);
    await h.run('resolve INC-1', RESPONDER);
    await h.run('reopen INC-1', RESPONDER);
    await at(120);
    expect(await pages()).toEqual(['escalate:INC-1:0:0:slack:C0OPS', 'escalate:INC-1:0:0:dm:slack:U0ALICE']);
  });

  it('pause holds the ladder and resume continues with the time left; snooze holds it and says who snoozed', async () => {
    await h.run('escalation set payments "after 5m: oncall primary; after 15m: oncall secondary"');
    await h.run('open payments P1 Card payments failing');
    await at(2);
    await h.run('pause INC-1 waiting on the card network', RESPONDER);
    await at(30);
    expect(await pages()).toEqual([]);
    await h.run('resume INC-1', RESPONDER);
    await at(32);
    expect(await pages()).toEqual([]);
    await at(33);
    expect(await pages()).toHaveLength(2);
    expect(await h.say('snooze INC-1 1h', RESPONDER)).toContain('escalation snoozed for 1h');
    // Level 2 was due at 43 (15 min of escalation time); the snooze from 33 to 93 holds it to 103.
    await at(102);
    expect(await pages()).toEqual(['escalate:INC-1:0:0:slack:C0OPS', 'escalate:INC-1:0:0:dm:slack:U0ALICE', 'snooze:INC-1:4:slack:C0OPS']);
    await at(103);
    expect((await pages()).slice(3)).toEqual(['escalate:INC-1:1:0:slack:C0OPS', 'escalate:INC-1:1:0:dm:slack:U0DAN']);
    expect(await h.say('snooze INC-1 3d', RESPONDER)).toContain('between 1 minute and 24 hours');
  });

  it('an incident resolved without an acknowledgement and reopened resumes from the first level not yet fired', async () => {
    await h.run('escalation set payments "after 5m: oncall primary; after 15m: oncall secondary"');
    await h.run('open payments P1 Card payments failing');
    await at(6);
    await h.run('resolve INC-1', RESPONDER);
    await at(100);
    await h.run('reopen INC-1', RESPONDER);
    await at(108);
    expect(await pages()).toHaveLength(2);
    await at(109);
    expect((await pages()).slice(2)).toEqual(['escalate:INC-1:1:0:slack:C0OPS', 'escalate:INC-1:1:0:dm:slack:U0DAN']);
  });

  it('a priority change follows the policy of the new priority', async () => {
    await h.run('escalation set payments --priority P1 "after 1m: oncall primary; after 2m: oncall secondary"');
    await h.run('escalation set payments "after 30m: oncall secondary"');
    await h.run('open payments P3 Slow refunds');
    await at(10);
    expect(await pages()).toEqual([]);
    await h.run('priority INC-1 P1', RESPONDER);
    await at(10.5);
    // Both levels of the P1 policy are overdue: they fire in order at once.
    expect(await pages()).toEqual(['escalate:INC-1:0:0:slack:C0OPS', 'escalate:INC-1:0:0:dm:slack:U0ALICE', 'escalate:INC-1:1:0:slack:C0OPS', 'escalate:INC-1:1:0:dm:slack:U0DAN']);
  });

  it('an empty rota: the page goes to the channel and says the rota is empty', async () => {
    await h.run('oncall add nobody --handoff "daily 09:00"');
    await h.run('escalation set payments "after 1m: oncall nobody"');
    await h.run('open payments P1 Card payments failing');
    await at(1);
    const rows = (await db().handle.db.select().from(outbox)).filter((r) => (r.payload as { type: string }).type === 'escalation.page');
    expect(rows.map((r) => r.key)).toEqual(['escalate:INC-1:0:0:slack:C0OPS']);
    expect(rows[0]!.payload).toMatchObject({ paged: [], emptyRotas: ['nobody'] });
  });

  it('a Teams person gets a DM only where Pacta has a 1:1 chat with them; else the mention is the page', async () => {
    await h.run('escalation set payments "after 1m: teams:aad-no-chat, teams:aad-with-chat"');
    await db().store.read.conversations.save('teams:user:aad-with-chat', 'teams', { conversation: { id: 'a:1chat', conversationType: 'personal' } }, h.time.now());
    await h.run('open payments P1 Card payments failing');
    await at(1);
    expect(await pages()).toEqual(['escalate:INC-1:0:0:slack:C0OPS', 'escalate:INC-1:0:0:dm:teams:aad-with-chat']);
  });

  it('escalation test shows who would be paged when; show lists the levels; unknown rotas and services are named', async () => {
    await h.run('escalation set payments "after 5m: oncall primary; at 90%: oncall secondary"');
    const test = await h.say('escalation test payments');
    expect(test).toMatch(/\(\+5m\) level 1: U0ALICE/);
    // 90 % of the 15 min acknowledge target on the business calendar: 13m30s.
    expect(test).toMatch(/\(\+13m 30s\) level 2: U0DAN/);
    expect(await h.say('escalation show payments')).toContain('at 90% of the acknowledge target: on-call of secondary');
    expect(await h.say('escalation set payments "after 5m: oncall tertiary"')).toContain('There is no rota "tertiary"');
    expect(await h.say('escalation set nosuch "after 5m: oncall primary"')).toContain('There is no service');
    expect(await h.say('oncall remove primary')).toContain('pages rota primary');
    expect(await h.say('escalation set payments "after 5m: oncall primary"', RESPONDER)).toMatch(/admin/i);
    expect(await h.say('escalation remove payments')).toContain('removed');
    expect(await h.say('oncall remove primary')).toContain('Rota primary removed');
  });

  it('a policy set while incidents are open applies to them at once', async () => {
    await h.run('open payments P1 Card payments failing');
    await at(20);
    await h.run('escalation set payments "after 5m: oncall primary; after 30m: oncall secondary"');
    await at(20);
    expect(await pages()).toEqual(['escalate:INC-1:0:0:slack:C0OPS', 'escalate:INC-1:0:0:dm:slack:U0ALICE']);
    await at(30);
    expect(await pages()).toHaveLength(4);
  });

  void ADMIN;
});
