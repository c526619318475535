import { describe, expect, it } from 'vitest';
import { createRouter } from '../../commands/router.ts';
import { COMMANDS } from '../../commands/registry.ts';
import { isGroup, namesOf, usageOf, type CommandSpec } from '../../commands/spec.ts';
import { BadArgumentError, UnavailableError } from '../../src/errors.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { ADMIN, CHANNEL, CONSOLE, RESPONDER, VIEWER, expectRefused, messageText, setup } from './harness.ts';

describe('the command registry', () => {
  it('has no name or alias twice at any level', () => {
    const top = namesOf(COMMANDS);
    expect(new Set(top).size).toBe(top.length);
    for (const entry of COMMANDS) {
      if (!isGroup(entry)) continue;
      const subs = namesOf(entry.subcommands);
      expect(new Set(subs).size, entry.name).toBe(subs.length);
    }
  });

  it('every usage line starts with the words that run it, and every command has a summary', () => {
    for (const entry of COMMANDS) {
      expect(entry.summary.length).toBeGreaterThan(10);
      const specs = isGroup(entry) ? entry.subcommands.map((s) => [`${entry.name} ${s.name}`, s] as const) : [[entry.name, entry] as const];
      for (const [name, spec] of specs) {
        expect(spec.usage.length, name).toBeGreaterThan(0);
        for (const u of spec.usage) expect(u === name || u.startsWith(`${name} `), `${u} starts with ${name}`).toBe(true);
      }
    }
  });

  it('covers every subcommand docs/semantics.md §4 names', () => {
    const words = COMMANDS.flatMap((e) => (isGroup(e) ? e.subcommands.map((s) => `${e.name} ${s.name}`) : [e.name]));
    for (const w of ['help', 'status', 'open', 'ack', 'resolve', 'pause', 'resume', 'reopen', 'priority', 'note', 'incident', 'incidents', 'report',
      'service add', 'service set', 'service remove', 'service list', 'policy set', 'policy show', 'calendar add', 'calendar holiday', 'calendar show',
      'calendar list', 'maintenance', 'subscribe', 'unsubscribe', 'subscriptions', 'role grant', 'role revoke', 'role list']) {
      expect(words).toContain(w);
    }
  });
});

describeEachDatabase('the command router', (db) => {
  it('empty input, a bare /sla and `?` give the generated help', async () => {
    const h = await setup(db());
    for (const line of ['', '   ', '/sla', '?', 'help', '/SLA help']) {
      const o = await h.run(line);
      expect(o.changed).toBe(false);
      expect(o.reply.visibility).toBe('ephemeral');
      const text = messageText(o.reply.message);
      expect(text, line).toMatch(/^Pacta commands/);
      for (const entry of COMMANDS) for (const u of usageOf(entry)) expect(text).toContain(u);
    }
  });

  it('strips a leading /sla and finds commands by alias, in any case', async () => {
    const h = await setup(db());
    expect(await h.say('/sla service list')).toMatch(/^Services \(0\)/);
    expect(await h.say('SERVICES LS')).toMatch(/^Services \(0\)/);
    expect(await h.say('svc')).toMatch(/^Services \(0\)/); // a group alone runs its default subcommand
    expect(await h.say('ls')).toMatch(/^Open incidents/);
  });

  it('an unknown command suggests the closest one and points to help, changing nothing', async () => {
    const h = await setup(db());
    const text = await expectRefused(h, db(), 'stauts payments', [/don't know the command stauts/, /Did you mean status\?/, /help lists the commands/]);
    expect(text).not.toMatch(/Usage/);
    await expectRefused(h, db(), 'frobnicate', [/don't know the command frobnicate\. help lists/]);
    await expectRefused(h, db(), 'acknowlege INC-1', [/Did you mean ack\?/]);
  });

  it('a group without or with a wrong subcommand shows its usage', async () => {
    const h = await setup(db());
    await expectRefused(h, db(), 'policy', [/policy needs one of: set, show/, /Usage: policy set <service>/]);
    await expectRefused(h, db(), 'service ad payments', [/service has no ad/, /Did you mean service add\?/, /Usage: service add/]);
  });

  it('refuses an action the role does not allow, naming the role needed, before reading arguments', async () => {
    const h = await setup(db());
    await expectRefused(h, db(), 'open payments P1 x', [/open needs the responder role; you are a viewer/], VIEWER);
    await expectRefused(h, db(), 'service add billing', [/service add needs the admin role; you are a responder/], RESPONDER);
    // Even garbage arguments get the role refusal: the role is checked first.
    await expectRefused(h, db(), 'calendar add ??? --nope', [/needs the admin role/], RESPONDER);
    // The console user and configured admins pass.
    expect((await h.run('service add billing', CONSOLE)).changed).toBe(true);
    expect((await h.run('service add ledger', ADMIN)).changed).toBe(true);
  });

  it('a user error is answered with what was wrong and the usage', async () => {
    const h = await setup(db());
    const text = await expectRefused(h, db(), 'ack', [/Missing the incident id/]);
    expect(text).toContain('Usage: ack <id>');
    await expectRefused(h, db(), 'ack INC-1 INC-2', [/Too many arguments: "INC-2" was not expected/, /Usage: ack <id>/]);
    await expectRefused(h, db(), 'incidents --al', [/Unknown option --al\. Did you mean --all\?/, /Usage: incidents/]);
  });

  it('a bug is logged with an error id and answered with an apology quoting it; the router never throws', async () => {
    const h = await setup(db());
    const boom: CommandSpec = { name: 'boom', aliases: [], usage: ['boom'], summary: 'Always fails.', role: 'viewer', run: async () => { throw new TypeError('x is undefined'); } };
    const userError: CommandSpec = { name: 'oops', aliases: [], usage: ['oops <n>'], summary: 'Always refuses.', role: 'viewer', run: async () => { throw new BadArgumentError('That is not right.'); } };
    const ok: CommandSpec = { name: 'ok', aliases: [], usage: ['ok'], summary: 'Writes.', role: 'viewer', run: async (ctx) => { ctx.markChanged(); throw new Error('after the write'); } };
    const router = createRouter(h.deps, [boom, userError, ok]);
    const o = await router.run({ text: 'boom', actor: RESPONDER, channel: CHANNEL });
    const text = messageText(o.reply.message);
    expect(text).toMatch(/^Sorry, something went wrong on my side\..*error id [0-9a-f]{8}\.$/);
    expect(o.changed).toBe(false);
    expect(h.errors).toHaveLength(1);
    const logged = h.errors[0]!.obj;
    expect(logged.err).toBeInstanceOf(TypeError);
    expect(text).toContain(String(logged.errorId));
    expect(logged).toMatchObject({ text: 'boom', actor: RESPONDER });
    expect(messageText((await router.run({ text: 'oops', actor: RESPONDER, channel: CHANNEL })).reply.message)).toBe('That is not right.\nUsage: oops <n>');
    expect(h.errors).toHaveLength(1);
    // A failure after a write still reports the change, so callers do not assume nothing happened.
    expect((await router.run({ text: 'ok', actor: RESPONDER, channel: CHANNEL })).changed).toBe(true);
    // A logger that throws does not escape either.
    const broken = createRouter({ ...h.deps, log: { error: () => { throw new Error('log down'); } } }, [boom]);
    expect(messageText((await broken.run({ text: 'boom', actor: RESPONDER, channel: CHANNEL })).reply.message)).toMatch(/^Sorry/);
  });

  it('says which registry command a line ran and how it ended, never the word typed (for metrics)', async () => {
    const h = await setup(db());
    const down: CommandSpec = { name: 'down', aliases: [], usage: ['down'], summary: 'The database is away.', role: 'viewer', run: async () => { throw new UnavailableError('connection refused'); } };
    const boom: CommandSpec = { name: 'boom', aliases: [], usage: ['boom'], summary: 'Always fails.', role: 'viewer', run: async () => { throw new TypeError('x is undefined'); } };
    const ended = async (text: string, router = h.router, actor = ADMIN) => {
      const o = await router.run({ text, actor, channel: CHANNEL });
      return [o.command, o.status];
    };
    expect(await ended('status')).toEqual(['status', 'ok']);
    expect(await ended('')).toEqual(['help', 'ok']);
    expect(await ended('calendar list')).toEqual(['calendar list', 'ok']);
    expect(await ended('ack INC-99')).toEqual(['ack', 'refused']);
    expect(await ended('service add x "X"', h.router, VIEWER)).toEqual(['service add', 'refused']);
    expect(await ended('calendar frobnicate')).toEqual(['calendar', 'refused']);
    expect(await ended('frobnicate INC-1')).toEqual([null, 'refused']);
    expect(await ended('x'.repeat(9000))).toEqual([null, 'refused']);
    const failing = createRouter(h.deps, [down, boom]);
    expect(await ended('down', failing)).toEqual(['down', 'unavailable']);
    expect(await ended('boom', failing)).toEqual(['boom', 'error']);
  });

  it('reads times in the invoker\'s zone when the platform gives one, else the deployment\'s', async () => {
    const h = await setup(db());
    await h.run('service add payments');
    const ny = await h.run('maintenance payments 2026-11-28 06:00 1h', ADMIN, { timezone: 'America/New_York' });
    expect(messageText(ny.reply.message)).toContain('Sat 28 Nov 06:00 EST');
    const berlin = await h.run('maintenance payments 2026-11-28 06:00 1h', ADMIN, { timezone: 'Not/AZone' });
    expect(messageText(berlin.reply.message)).toContain('Sat 28 Nov 06:00 CET');
  });
});
