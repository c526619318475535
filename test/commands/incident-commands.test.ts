/**
 * Incident commands through the router on a real database: each one's happy path, and its refusals —
 * bad arguments, unknown incidents or services, the wrong role, illegal transitions — which must leave
 * the database exactly as it was.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { RESPONDER, SETUP_LINES, VIEWER, expectRefused, messageText, runAll, setup } from './harness.ts';

const MIN = 60_000;

describeEachDatabase('incident commands', (db) => {
  const prepared = async () => {
    const h = await setup(db());
    await runAll(h, [...SETUP_LINES, 'policy set payments P2 ack=1h resolve=8h']);
    return h;
  };
  const opened = async () => {
    const h = await prepared();
    const o = await h.run('open payments P1 Card payments failing', RESPONDER);
    expect(o.changed).toBe(true);
    return h;
  };

  it('open: title free text, quoted or not; --impact and --since (read in the reader\'s zone)', async () => {
    const h = await prepared();
    const o = await h.run('open payments p2 "Slow checkout" --impact degraded --since 09:40', RESPONDER);
    expect(messageText(o.reply.message)).toMatch(/^INC-1 opened: payments P2, degraded — Slow checkout\./);
    const inc = await db().store.read.incidents.get(1);
    expect(inc).toMatchObject({ priority: 'P2', title: 'Slow checkout', impact: 'degraded' });
    // 09:40 Berlin is 08:40 UTC, twenty minutes before now.
    expect(inc?.impactStart.toISOString()).toBe('2026-11-23T08:40:00.000Z');
    const two = await h.run('open payments P1 Card payments failing --since 2026-11-23 09:55', RESPONDER);
    expect(two.followUps).toEqual(['card:INC-2:post:slack:C0OPS']);
    expect((await db().store.read.incidents.get(2))?.impactStart.toISOString()).toBe('2026-11-23T08:55:00.000Z');
    expect((await db().store.read.incidents.get(2))?.impact).toBe('outage');
  });

  it('open: refusals change nothing and use no incident number', async () => {
    const h = await prepared();
    const d = db();
    await expectRefused(h, d, 'open', [/Missing the service/, /Usage: open <service> <P1-P4> <title>/], RESPONDER);
    await expectRefused(h, d, 'open payments', [/Missing the priority/], RESPONDER);
    await expectRefused(h, d, 'open payments P1', [/needs a title after the priority/], RESPONDER);
    await expectRefused(h, d, 'open payments P1 --impact outage', [/needs a title/], RESPONDER);
    await expectRefused(h, d, 'open payments P5 Broken', [/"P5" is not a priority: use P1/], RESPONDER);
    await expectRefused(h, d, 'open payments Card payments failing', [/"Card" is not a priority/], RESPONDER);
    await expectRefused(h, d, 'open nope P1 Broken', [/There is no service "nope"\. service list shows the services\./], RESPONDER);
    await expectRefused(h, d, 'open pay$ments P1 Broken', [/may contain only letters, digits/], RESPONDER);
    await expectRefused(h, d, 'open payments P1 Broken --impact huge', [/"huge" is not an impact: use outage, degraded or none/], RESPONDER);
    await expectRefused(h, d, 'open payments P1 Broken --since +1h', [/"\+1h" is in the future, but a past time is needed/], RESPONDER);
    await expectRefused(h, d, 'open payments P1 Broken --since 2026-11-24 10:00', [/--since must be in the past/], RESPONDER);
    await expectRefused(h, d, 'open payments P1 Broken --since', [/--since needs a value/], RESPONDER);
    await expectRefused(h, d, `open payments P1 ${'x'.repeat(201)}`, [/The title is 201 characters; keep it under 200/], RESPONDER);
    await expectRefused(h, d, 'open payments P1 Broken', [/open needs the responder role; you are a viewer/], VIEWER);
    const ok = await h.run('open payments P1 Broken', RESPONDER);
    expect(ok.followUps).toEqual(['card:INC-1:post:slack:C0OPS']);
  });

  it('ack: acknowledges once; refuses unknown, malformed, repeated and resolved', async () => {
    const h = await opened();
    const d = db();
    await expectRefused(h, d, 'ack', [/Missing the incident id/, /Usage: ack <id>/], RESPONDER);
    await expectRefused(h, d, 'ack one', [/"one" is not an incident id: write it like INC-42/], RESPONDER);
    await expectRefused(h, d, 'ack INC-99', [/There is no incident INC-99\. incidents lists the open ones\./], RESPONDER);
    await expectRefused(h, d, 'ack INC-1', [/ack needs the responder role; you are a viewer/], VIEWER);
    h.time.advance(3 * MIN);
    const o = await h.run('acknowledge 1', RESPONDER);
    expect(o.changed).toBe(true);
    expect(messageText(o.reply.message)).toContain('Acknowledge: met · 3m of 15m · 20%');
    // The change queued the refresh of the incident's card in the channel it was opened from.
    expect(o.followUps).toEqual(['card:INC-1:update:2:slack:C0OPS']);
    expect((await db().store.read.incidents.get(1))?.status).toBe('acknowledged');
    await expectRefused(h, d, 'ack INC-1', [/INC-1 was already acknowledged by bob/], RESPONDER);
  });

  it('pause, resume, resolve and reopen follow the lifecycle and refuse illegal transitions', async () => {
    const h = await opened();
    const d = db();
    await expectRefused(h, d, 'resume INC-1', [/INC-1 is open, not paused; only a paused incident can be resumed/], RESPONDER);
    await expectRefused(h, d, 'reopen INC-1', [/INC-1 is open; only a resolved incident can be reopened/], RESPONDER);
    h.time.advance(30 * MIN);
    let o = await h.run('pause INC-1 waiting on the vendor', RESPONDER);
    expect(messageText(o.reply.message)).toContain('paused since Mon 23 Nov 10:30 CET (waiting on the vendor)');
    await expectRefused(h, d, 'pause INC-1', [/INC-1 is already paused/], RESPONDER);
    h.time.advance(60 * MIN);
    o = await h.run('resume INC-1', RESPONDER);
    expect((await db().store.read.incidents.get(1))?.status).toBe('open');
    h.time.advance(30 * MIN);
    o = await h.run('close INC-1', RESPONDER);
    expect(messageText(o.reply.message)).toContain('Resolve: met · 1h of 4h · 25%');
    expect((await d.store.read.incidents.events(1)).at(-1)).toMatchObject({ kind: 'resolved', text: null });
    await expectRefused(h, d, 'resolve INC-1 again', [/INC-1 was already resolved by bob/], RESPONDER);
    await expectRefused(h, d, 'pause INC-1', [/INC-1 is resolved; only open incidents can be paused/], RESPONDER);
    await expectRefused(h, d, 'ack INC-1', [/INC-1 is resolved; reopen INC-1 first/], RESPONDER);
    h.time.advance(60 * MIN);
    o = await h.run('reopen INC-1 errors are back', RESPONDER);
    expect(messageText(o.reply.message)).toMatch(/Resolve: 1h of 4h · 25% · due/);
    expect((await d.store.read.incidents.events(1)).at(-1)).toMatchObject({ kind: 'reopened', text: 'errors are back' });
    await expectRefused(h, d, 'resume INC-2', [/There is no incident INC-2/], RESPONDER);
  });

  it('priority recomputes the clocks with the new targets; refuses the same priority and bad input', async () => {
    const h = await opened();
    const d = db();
    await expectRefused(h, d, 'priority INC-1', [/Missing the priority/, /Usage: priority <id> <P1-P4>/], RESPONDER);
    await expectRefused(h, d, 'priority INC-1 urgent', [/"urgent" is not a priority/], RESPONDER);
    await expectRefused(h, d, 'priority INC-1 P1', [/INC-1 is already P1/], RESPONDER);
    h.time.advance(20 * MIN);
    const o = await h.run('sev INC-1 P2', RESPONDER);
    const text = messageText(o.reply.message);
    expect(text).toMatch(/now P2; clocks recomputed from the opening/);
    expect(text).toContain('Acknowledge: 20m of 1h · 33%');
    expect(text).toContain('Resolve: 20m of 8h · 4%');
  });

  it('note and impact add to the timeline; empty notes and unchanged impacts are refused', async () => {
    const h = await opened();
    const d = db();
    await expectRefused(h, d, 'note INC-1', [/The note needs some text/], RESPONDER);
    await expectRefused(h, d, 'note INC-1    ', [/The note needs some text/], RESPONDER);
    await expectRefused(h, d, 'note INC-1 use --force', [/Unknown option --force\. This command takes no options\. \(To use it as text, put it in quotes\.\)/], RESPONDER);
    let o = await h.run('note INC-1 -- customers see "--retry" errors, don’t panic', RESPONDER);
    expect(o.changed).toBe(true);
    expect((await d.store.read.incidents.events(1)).at(-1)).toMatchObject({ kind: 'note', text: 'customers see "--retry" errors, don’t panic' });
    await expectRefused(h, d, 'impact INC-1 outage', [/INC-1 already has impact outage/], RESPONDER);
    await expectRefused(h, d, 'impact INC-1 broken', [/"broken" is not an impact/], RESPONDER);
    o = await h.run('impact INC-1 degraded', RESPONDER);
    expect(messageText(o.reply.message)).toMatch(/impact now degraded\./);
    expect((await db().store.read.incidents.get(1))?.impact).toBe('degraded');
  });

  it('incident explains both clocks and the timeline; incidents lists them; both refuse unknown ids and services', async () => {
    const h = await opened();
    const d = db();
    h.time.advance(5 * MIN);
    await h.run('ack INC-1', RESPONDER);
    h.time.advance(5 * MIN);
    await h.run('pause INC-1 waiting on the card network', RESPONDER);
    h.time.advance(50 * MIN);
    const o = await h.run('inc INC-1', VIEWER);
    expect(o.changed).toBe(false);
    const text = messageText(o.reply.message);
    expect(text).toContain('Acknowledge clock: target 15m, counted on the business calendar (working hours only). Counted from Mon 23 Nov 10:00 CET to Mon 23 Nov 10:05 CET. Stopped by the acknowledgement at Mon 23 Nov 10:05 CET.');
    expect(text).toContain('Resolve clock: target 4h, counted on the business calendar (working hours only). Counted from Mon 23 Nov 10:00 CET to Mon 23 Nov 10:10 CET. Paused at Mon 23 Nov 10:10 CET (waiting on the card network); it restarts on resume.');
    expect(text).toContain('• Mon 23 Nov 10:10 CET · bob paused — waiting on the card network (resolve clock paused)');
    expect(text).toContain('[Resolve] [Resume]');
    await expectRefused(h, d, 'incident INC-7', [/There is no incident INC-7/], VIEWER);
    await expectRefused(h, d, 'incident', [/Missing the incident id/, /Usage: incident <id>/], VIEWER);

    await h.run('open payments P2 Slow checkout', RESPONDER);
    const list = messageText((await h.run('incidents', VIEWER)).reply.message);
    expect(list).toMatch(/^Open incidents \(2\)\n• INC-2 · P2 · payments · Slow checkout · open · ack 0%, due Mon 23 Nov 12:00 CET/);
    expect(list).toContain('• INC-1 · P1 · payments · Card payments failing · paused · ack met 33% · resolve paused 4%');
    await h.run('resolve INC-2', RESPONDER);
    expect(messageText((await h.run('incidents payments', VIEWER)).reply.message)).not.toContain('INC-2');
    expect(messageText((await h.run('incidents payments --all', VIEWER)).reply.message)).toContain('INC-2 · P2 · payments · Slow checkout · resolved');
    await expectRefused(h, d, 'incidents nope', [/There is no service "nope"/], VIEWER);
    await expectRefused(h, d, 'incidents --all --all', [/--all is given twice/], VIEWER);
  });
});
