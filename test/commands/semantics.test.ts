/**
 * The command lines docs/semantics.md §4 promises, exactly as written, in sequence — through the router, on a
 * real database, with the clock moved between them as a real incident would unfold.
 */
import { expect, it } from 'vitest';
import { incidentCard } from '../../src/messages/views/incident-card.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import type { Actor } from '../../src/domain/incident.ts';
import { ADMIN, CHANNEL, RESPONDER, messageText, setup } from './harness.ts';

const MIN = 60_000;

describeEachDatabase('the docs/semantics.md §4 command lines', (db) => {
  it('work exactly as written, in sequence', async () => {
    // Monday 23 Nov 2026, 10:00 in Berlin.
    const h = await setup(db(), '2026-11-23T09:00:00Z');
    const read = db().store.read;
    // Configuration as an admin, incident work as a responder: the roles docs/semantics.md §4 gives them.
    const step = async (line: string, actor: Actor = RESPONDER) => {
      const o = await h.run(line, actor);
      return { o, text: messageText(o.reply.message) };
    };
    const admin = (line: string) => step(line, ADMIN);

    let r = await admin('calendar add business --tz Europe/Berlin --hours "mon-fri 09:00-17:00"');
    expect(r.o.changed).toBe(true);
    expect(r.text).toMatch(/^Calendar business: mon-fri 09:00-17:00 in Europe\/Berlin\./);
    expect(await read.calendars.get('business')).toMatchObject({ timezone: 'Europe/Berlin', weekly: { mon: [['09:00', '17:00']], fri: [['09:00', '17:00']] } });

    r = await admin('calendar holiday business 2026-12-25 2026-12-26');
    expect(r.o.changed).toBe(true);
    expect((await read.calendars.get('business'))?.holidays).toEqual(['2026-12-25', '2026-12-26']);

    r = await admin('service add payments "Payments API" --availability 99.9 --window 30d --calendar business');
    expect(r.text).toMatch(/^Added payments \(Payments API\): 99\.9% over 30d, calendar business/);
    expect(await read.services.get('payments')).toEqual({ key: 'payments', name: 'Payments API', calendar: 'business', objective: { target: 0.999, window: '30d' }, degradedWeight: 0.5, channel: null, credits: null });

    r = await admin('policy set payments P1 ack=15m resolve=4h');
    expect(r.text).toMatch(/payments P1: acknowledge within 15m, resolve within 4h/);
    expect(await read.policies.get('payments', 'P1')).toMatchObject({ ackTargetSeconds: 900, resolveTargetSeconds: 14400, warningThresholds: [75, 90] });

    r = await step('open payments P1 Card payments failing --impact outage');
    expect(r.o.changed).toBe(true);
    expect(r.o.reply.visibility).toBe('ephemeral');
    expect(r.text).toMatch(/^INC-1 opened: payments P1, outage — Card payments failing\./);
    expect(r.text).toContain('Acknowledge: 0s of 15m · 0% · due Mon 23 Nov 10:15 CET');
    expect(r.text).toContain('Resolve: 0s of 4h · 0% · due Mon 23 Nov 14:00 CET');
    // The card is queued for the channel it was opened from; the dispatcher posts it.
    expect(r.o.followUps).toEqual(['card:INC-1:post:slack:C0OPS']);
    const opened = await h.deps.incidents.get(1);
    expect(opened.incident).toMatchObject({ number: 1, title: 'Card payments failing', impact: 'outage', channel: CHANNEL, openedBy: RESPONDER });
    // The card as the dispatcher will post it: the actions of a fresh incident.
    const card = incidentCard(opened, { timezone: 'Europe/Berlin' });
    expect(card.blocks[0]).toEqual({ type: 'header', text: 'INC-1 · P1 · Card payments failing', tone: 'danger' });
    expect(messageText(card)).toContain('[Acknowledge] [Resolve] [Pause]');

    h.time.advance(10 * MIN);
    r = await step('ack INC-1');
    expect(r.text).toMatch(/^INC-1 · P1 · Card payments failing — acknowledged\./);
    expect(r.text).toContain('Acknowledge: met · 10m of 15m · 66%');
    expect(r.o.followUps).toEqual(['card:INC-1:update:2:slack:C0OPS']);
    expect((await read.incidents.get(1))?.acknowledgedBy?.id).toBe(RESPONDER.id);

    h.time.advance(20 * MIN);
    r = await step('pause INC-1 waiting on the card network');
    expect(r.text).toContain('Resolve: 30m of 4h · 12% · paused since Mon 23 Nov 10:30 CET (waiting on the card network)');
    expect((await read.incidents.get(1))?.status).toBe('paused');

    h.time.advance(2 * 60 * MIN);
    r = await step('resume INC-1');
    // 3 h 30 min left, counted from 12:30 Berlin: due 16:00.
    expect(r.text).toContain('Resolve: 30m of 4h · 12% · due Mon 23 Nov 16:00 CET');

    h.time.advance(60 * MIN);
    r = await step('resolve INC-1 rolled back the release');
    expect(r.text).toMatch(/— resolved\./);
    expect(r.text).toContain('Resolve: met · 1h 30m of 4h · 37%');
    const events = await read.incidents.events(1);
    expect(events.map((e) => [e.kind, e.text ?? null])).toEqual([
      ['opened', 'Card payments failing'],
      ['acknowledged', null],
      ['paused', 'waiting on the card network'],
      ['resumed', null],
      ['resolved', 'rolled back the release'],
    ]);

    r = await admin('subscribe payments --digest daily@09:00 --tz Europe/Berlin');
    expect(r.text).toMatch(/^This channel follows payments, with a digest daily@09:00 \(Europe\/Berlin\)\./);
    expect(await read.subscriptions.forChannel(CHANNEL)).toMatchObject({ services: ['payments'], allServices: false, digestSpec: 'daily@09:00', digestCron: '0 9 * * *', timezone: 'Europe/Berlin' });

    const before = await read.incidents.events(1);
    r = await step('status');
    expect(r.o.changed).toBe(false);
    // 10:00–13:30 of outage: 3 h 30 min against 43 min 12 s of budget.
    expect(r.text).toMatch(/^Status · 1 service\n1 breached · 0 at risk · 0 healthy · 0 open incidents/);
    expect(r.text).toContain('• payments (Payments API) · error budget exhausted');
    expect(r.text).toContain('99.51% of 99.9%');
    expect(r.text).toContain('budget overspent by 2h 47m');

    r = await step('status payments');
    expect(r.text).toMatch(/^payments · Payments API\nHealth: breached — error budget exhausted/);
    expect(r.text).toContain('Objective: 99.9% over 30d');
    expect(r.text).toContain('Error budget: budget overspent by 2h 47m');
    expect(r.text).toContain('of 43m 12s');
    expect(r.text).toContain('No open incidents.');

    r = await step('report payments --period 30d');
    expect(r.text).toMatch(/^Report · payments · last 30 days/);
    expect(r.text).toContain('Availability: 99.51% of 99.9% ✗ missed');
    expect(r.text).toContain('Incidents: 1 incident opened, 1 resolved');
    expect(r.text).toContain('Breaches: no breaches');
    expect(r.text).toContain('MTTA: 10m');
    // Wall clock 3 h 30 min; business time 1 h 30 min (the pause does not count).
    expect(r.text).toContain('MTTR: 3h 30m (business 1h 30m)');
    expect(await read.incidents.events(1)).toEqual(before);
  });
});
