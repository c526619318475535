import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { CHANNEL, RESPONDER, setup } from './harness.ts';

describeEachDatabase('subscriptions show undeliverable notifications', (db) => {
  it('names how many failed and why, on the channel they were for', async () => {
    const h = await setup(db());
    await h.run('service add payments "Payments API"');
    await h.run('subscribe payments');
    const tx = db().store;
    await tx.transaction((t) => t.outbox.enqueue({ key: 'k1', channel: CHANNEL, incidentNumber: null, payload: { type: 'burn.recovered', service: 'payments', episode: 1 }, notBefore: h.time.now() }, h.time.now()));
    const [claimed] = await tx.transaction((t) => t.outbox.claim(h.time.now(), 5, 60_000));
    await tx.transaction((t) => t.outbox.markFailed(claimed!.id, 'channel_not_found', h.time.now()));
    expect(await h.say('subscriptions')).toMatch(/this channel · payments · no digest · ⚠ 1 notification undeliverable \(last: channel_not_found\)/);
    expect(await h.say('subscriptions', RESPONDER)).toMatch(/⚠ 1 notification undeliverable/);
  });
});
