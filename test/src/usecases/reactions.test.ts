import { expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/domain/channel.ts';
import { IncidentUseCases } from '../../../src/usecases/incidents.ts';
import { normalizeReaction, ReactionUseCase } from '../../../src/usecases/reactions.ts';
import { RolePolicy } from '../../../src/usecases/roles.ts';
import { ManualTime } from '../../fakes/manual-time.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { ALICE, BOB, seedEstate } from '../../helpers/seed.ts';

const C: ChannelRef = { platform: 'slack', id: 'C1' };

describeEachDatabase('reactions', (db) => {
  const setup = async () => {
    const time = new ManualTime('2026-11-23T09:00:00Z');
    const admin = await seedEstate(db().store, time);
    const incidents = new IncidentUseCases(db().store, time);
    const roles = new RolePolicy(db().store, new Set(), 'responder');
    const reactions = new ReactionUseCase(db().store, incidents, roles, () => ({ ack: ['eyes'], resolve: ['white_check_mark'] }));
    await incidents.open({ serviceKey: 'payments', priority: 'P1', title: 't', actor: ALICE, channel: C });
    await db().store.read.messages.record({ channel: C, messageId: '1700000000.000100', incidentNumber: 1, kind: 'card' });
    const react = (reaction: string, added: boolean, eventKey: string, actor = BOB, messageId = '1700000000.000100') =>
      reactions.handle({ channel: C, messageId, reaction, actor, added, eventKey });
    return { time, admin, incidents, react };
  };

  it('eyes on the card acknowledges as the reacting user; removing it within 60 s takes it back', async () => {
    const { time, react } = await setup();
    const added = await react('eyes', true, 'Ev1');
    expect(added).toMatchObject({ kind: 'changed', action: 'acknowledged' });
    expect((await db().store.read.incidents.get(1))?.acknowledgedBy?.id).toBe(BOB.id);
    time.advance(30_000);
    expect(await react('eyes', false, 'Ev2')).toMatchObject({ kind: 'changed', action: 'ack-undone' });
    expect((await db().store.read.incidents.get(1))?.acknowledgedAt).toBeNull();
  });

  it('removing it after 60 s changes nothing', async () => {
    const { time, react } = await setup();
    await react('eyes', true, 'Ev1');
    time.advance(61_000);
    expect(await react('eyes', false, 'Ev2')).toMatchObject({ kind: 'ignored', reason: 'no-effect' });
    expect((await db().store.read.incidents.get(1))?.acknowledgedBy?.id).toBe(BOB.id);
  });

  it('the resolve reaction resolves; skin tones and colons do not matter', async () => {
    const { react } = await setup();
    expect(await react(':white_check_mark::skin-tone-3', true, 'Ev1')).toMatchObject({ kind: 'changed', action: 'resolved' });
    expect((await db().store.read.incidents.get(1))?.status).toBe('resolved');
    expect(normalizeReaction('+1::skin-tone-2')).toBe('+1');
  });

  it('changes nothing for other reactions, other messages, retries, or a viewer', async () => {
    const { react } = await setup();
    expect(await react('tada', true, 'Ev1')).toMatchObject({ kind: 'ignored', reason: 'not-configured' });
    expect(await react('eyes', true, 'Ev2', BOB, '1700000000.999999')).toMatchObject({ kind: 'ignored', reason: 'unknown-message' });
    await db().store.read.roles.set('slack', 'U0VIEW', 'viewer', ALICE, new Date());
    expect(await react('eyes', true, 'Ev3', { platform: 'slack', id: 'U0VIEW' })).toMatchObject({ kind: 'ignored', reason: 'forbidden' });
    expect((await db().store.read.incidents.get(1))?.acknowledgedAt).toBeNull();
    expect(await react('eyes', true, 'Ev4')).toMatchObject({ kind: 'changed' });
    expect(await react('eyes', true, 'Ev4')).toMatchObject({ kind: 'ignored', reason: 'duplicate' });
    expect((await db().store.read.incidents.events(1)).filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
  });
});
