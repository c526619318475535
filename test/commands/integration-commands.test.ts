/**
 * `integration add|list|show|rotate|remove`, `alerts` and `service set --channel` through the router on a
 * real database (docs/semantics.md §6): the secret is shown once, ephemerally, with a ready-to-paste
 * snippet; only its hash is stored; non-admins are refused.
 */
import { createHash } from 'node:crypto';
import { nodeHasher } from '../../adapters/webhooks/auth.ts';
import { expect, it } from 'vitest';
import { parseGeneric } from '../../adapters/webhooks/generic.ts';
import { MonitoringUseCases } from '../../src/usecases/monitoring.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { CHANNEL, RESPONDER, SETUP_LINES, VIEWER, messageText, runAll, setup } from './harness.ts';

describeEachDatabase('integration commands', (db) => {
  it('add shows the URL, the secret once and the Alertmanager snippet; only the hash is stored', async () => {
    const h = await setup(db());
    await runAll(h, SETUP_LINES);
    const o = await h.run('integration add alertmanager-prod --kind alertmanager --service payments --severity critical=P1,warning=P3/none --reopen-window 15m');
    expect(o.changed).toBe(true);
    expect(o.reply.visibility).toBe('ephemeral');
    const text = messageText(o.reply.message);
    expect(text).toContain('https://pacta.example.com/webhooks/alertmanager-prod');
    expect(text).toContain('send_resolved: true');
    expect(text).toContain('max_alerts');
    const secret = /credentials: (\S+)/.exec(text)![1]!;
    const stored = (await db().store.read.integrations.get('alertmanager-prod'))!;
    expect(stored.secretHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored).toMatchObject({ defaultService: 'payments', reopenWindowSeconds: 900, severityMap: { critical: 'P1', warning: 'P3/none' } });
    expect(await h.say('integration list', VIEWER)).toContain('alertmanager-prod (alertmanager)');
    expect(await h.say('integration show alertmanager-prod', VIEWER)).not.toContain(secret);

    const rotated = messageText((await h.run('integration rotate alertmanager-prod --grace 1h')).reply.message);
    expect(rotated).toContain('old secret works until');
    expect((await db().store.read.integrations.get('alertmanager-prod'))!.previousHash).toBe(stored.secretHash);
    expect(await h.say('integration remove alertmanager-prod')).toContain('Removed integration alertmanager-prod');
    expect(await db().store.read.integrations.get('alertmanager-prod')).toBeNull();
  });

  it('refuses responders, bad kinds, bad severities, unknown services and taken names, writing nothing', async () => {
    const h = await setup(db());
    await runAll(h, SETUP_LINES);
    for (const [line, who] of [
      ['integration add x --kind alertmanager', RESPONDER],
      ['integration add x --kind nagios', undefined],
      ['integration add x --kind generic --severity critical=urgent', undefined],
      ['integration add x --kind generic --service nope', undefined],
      ['integration add "Bad Name" --kind generic', undefined],
      ['integration add x --kind generic --hmac', undefined],
    ] as const) {
      const o = await h.run(line, who);
      expect(o.changed, line).toBe(false);
    }
    expect(await db().store.read.integrations.list()).toEqual([]);
    await h.run('integration add x --kind generic');
    expect((await h.run('integration add x --kind generic')).changed).toBe(false);
  });

  it('alerts lists what each delivery did; service set --channel picks where monitoring cards go', async () => {
    const h = await setup(db());
    await runAll(h, SETUP_LINES);
    await h.run('integration add tool --kind generic');
    expect((await h.run('service set payments --channel')).changed).toBe(true);
    expect((await db().store.read.services.get('payments'))!.channel).toEqual(CHANNEL);
    const m = new MonitoringUseCases(db().store, h.time, nodeHasher);
    const tool = (await db().store.read.integrations.get('tool'))!;
    await m.ingest(tool, parseGeneric({ dedup_key: 'a', status: 'firing', summary: 'Disk full', service: 'payments', severity: 'critical' }), null);
    await m.ingest(tool, parseGeneric({ dedup_key: 'b', status: 'firing', summary: 'Where?', service: 'nowhere' }), null);
    expect((await db().store.read.incidents.get(1))!.channel).toEqual(CHANNEL);
    const all = await h.say('alerts', VIEWER);
    expect(all).toMatch(/tool firing a → opened INC-1 \(payments\)/);
    expect(all).toMatch(/tool firing b → unrouted/);
    expect(await h.say('alerts --unrouted', VIEWER)).not.toContain('opened');
    expect(await h.say('alerts payments', VIEWER)).not.toContain('unrouted');
    expect(await h.say('alerts tool', VIEWER)).toContain('opened INC-1');
    await h.run('service set payments --no-channel');
    expect((await db().store.read.services.get('payments'))!.channel).toBeNull();
  });
});
