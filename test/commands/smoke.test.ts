import { it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { setup, messageText } from './harness.ts';

describeEachDatabase('smoke', (db) => {
  it('prints', async () => {
    const h = await setup(db());
    const lines = [
      '',
      'calendar add business --tz Europe/Berlin --hours "mon-fri 09:00-17:00"',
      'calendar holiday business 2026-12-25 2026-12-26',
      'service add payments "Payments API" --availability 99.9 --window 30d --calendar business',
      'policy set payments P1 ack=15m resolve=4h',
      'open payments P1 Card payments failing --impact outage',
      'ack INC-1',
      'pause INC-1 waiting on the card network',
      'resume INC-1',
      'incident INC-1',
      'resolve INC-1 rolled back the release',
      'subscribe payments --digest daily@09:00 --tz Europe/Berlin',
      'status',
      'status payments',
      'report payments --period 30d',
      'help ack', 'stauts', 'service', 'calendar show business', 'policy show payments', 'subscriptions', 'role grant <@U1> viewer', 'role list',
      'incidents --all', 'maintenance payments 22:00 2h db upgrade', 'open payments P1 "unclosed',
    ];
    for (const l of lines) {
      const o = await h.run(l);
      console.log(`\n> ${l}  [changed=${o.changed} effects=${o.effects.map((e) => e.kind)}]\n${messageText(o.reply.message)}\n-- fallback: ${o.reply.message.fallback}`);
      h.clock.advance(5 * 60_000);
    }
    console.log(h.errors);
  });
}, ['pglite']);
