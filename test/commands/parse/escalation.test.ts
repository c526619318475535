import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatEscalation,
  parseEscalation,
  targetText,
  type EscalationInvoker,
  type EscalationLadder,
} from '../../../commands/parse/escalation.ts';
import type { EscalationLevel, EscalationTarget, EscalationTrigger } from '../../../src/domain/oncall.ts';
import { bad, onlyBadArgument } from './bad.ts';

const SLACK: EscalationInvoker = { platform: 'slack', channel: { platform: 'slack', id: 'C0HERE' } };
const TEAMS: EscalationInvoker = { platform: 'teams', channel: { platform: 'teams', id: '19:abc@thread.tacv2' } };
const CONSOLE: EscalationInvoker = { platform: 'console', channel: { platform: 'console', id: 'ops-room' } };
const INVOKERS = [SLACK, TEAMS, CONSOLE];

const EXAMPLE = 'after 5m: oncall primary; after 15m: oncall secondary, @lead; at 90%: #ops; repeat 2 every 30m';

const rota = (name: string): EscalationTarget => ({ kind: 'rota', rota: name });
const after = (seconds: number): EscalationTrigger => ({ kind: 'after', seconds });
const at = (percent: number): EscalationTrigger => ({ kind: 'at', percent });

function levels(text: string, invoker: EscalationInvoker = SLACK): EscalationLevel[] {
  return parseEscalation(text, invoker).levels;
}

describe('parseEscalation: the example from each platform', () => {
  it('from Slack, as Slack escapes it', () => {
    const text = 'after 5m: oncall primary; after 15m: oncall secondary, <@U0LEAD|lead>; at 90%: <#C0OPS|ops>; repeat 2 every 30m';
    expect(parseEscalation(text, SLACK)).toEqual({
      levels: [
        { trigger: after(300), targets: [rota('primary')] },
        { trigger: after(900), targets: [rota('secondary'), { kind: 'person', person: { platform: 'slack', id: 'U0LEAD' } }] },
        { trigger: at(90), targets: [{ kind: 'channel', channel: { platform: 'slack', id: 'C0OPS' }, name: 'ops' }] },
      ],
      repeat: { times: 2, everySeconds: 1800 },
    });
  });

  it('from Slack, literally as written (a bare @lead, #here for the channel)', () => {
    const p = parseEscalation(EXAMPLE.replace('#ops', '#here'), SLACK);
    expect(p.levels[1]?.targets[1]).toEqual({ kind: 'person', person: { platform: 'slack', id: 'lead' } });
    expect(p.levels[2]?.targets).toEqual([{ kind: 'channel', channel: { platform: 'slack', id: 'C0HERE' } }]);
  });

  it('from Teams, where mentions arrive as <@entra-object-id>', () => {
    const id = '6f1c3b2a-9d8e-4f7a-b6c5-1d2e3f4a5b6c';
    const text = `after 5m: oncall primary; after 15m: oncall secondary, <@${id}>; at 90%: #here; repeat 2 every 30m`;
    expect(parseEscalation(text, TEAMS)).toEqual({
      levels: [
        { trigger: after(300), targets: [rota('primary')] },
        { trigger: after(900), targets: [rota('secondary'), { kind: 'person', person: { platform: 'teams', id } }] },
        { trigger: at(90), targets: [{ kind: 'channel', channel: { platform: 'teams', id: '19:abc@thread.tacv2' } }] },
      ],
      repeat: { times: 2, everySeconds: 1800 },
    });
  });

  it('from the console, with platforms named', () => {
    const text = 'after 5m: oncall primary\nafter 15m: oncall secondary, slack:U0LEAD and console:alice\nat 90%: #slack:C0OPS, #here\nrepeat 2 every 30m';
    expect(parseEscalation(text, CONSOLE)).toEqual({
      levels: [
        { trigger: after(300), targets: [rota('primary')] },
        {
          trigger: after(900),
          targets: [rota('secondary'), { kind: 'person', person: { platform: 'slack', id: 'U0LEAD' } }, { kind: 'person', person: { platform: 'console', id: 'alice' } }],
        },
        {
          trigger: at(90),
          targets: [
            { kind: 'channel', channel: { platform: 'slack', id: 'C0OPS' } },
            { kind: 'channel', channel: { platform: 'console', id: 'ops-room' } },
          ],
        },
      ],
      repeat: { times: 2, everySeconds: 1800 },
    });
  });

  it('a bare @name from the console asks for the platform, as role grant does', () => {
    expect(bad(() => parseEscalation(EXAMPLE, CONSOLE)).message).toMatch(/Say which platform "@lead" is on/);
  });
});

describe('parseEscalation: forms', () => {
  it('reads every target form', () => {
    const targets = levels(
      'after 1m: oncall db-core_2, <@U1>, <@U2|bob>, slack:U3, teams:29:1abc, console:carol, <!subteam^S1|@oncall>, <!subteam^S2>; ' +
        'after 2m: <#C1|ops>, <#C2>, <#C3|>, #here, #slack:C4, #teams:19:x@thread.tacv2, #console:war-room',
    ).flatMap((l) => l.targets);
    expect(targets).toEqual([
      rota('db-core_2'),
      { kind: 'person', person: { platform: 'slack', id: 'U1' } },
      { kind: 'person', person: { platform: 'slack', id: 'U2' } },
      { kind: 'person', person: { platform: 'slack', id: 'U3' } },
      { kind: 'person', person: { platform: 'teams', id: '29:1abc' } },
      { kind: 'person', person: { platform: 'console', id: 'carol' } },
      { kind: 'group', id: 'S1', handle: 'oncall' },
      { kind: 'group', id: 'S2' },
      { kind: 'channel', channel: { platform: 'slack', id: 'C1' }, name: 'ops' },
      { kind: 'channel', channel: { platform: 'slack', id: 'C2' } },
      { kind: 'channel', channel: { platform: 'slack', id: 'C3' } },
      { kind: 'channel', channel: { platform: 'slack', id: 'C0HERE' } },
      { kind: 'channel', channel: { platform: 'slack', id: 'C4' } },
      { kind: 'channel', channel: { platform: 'teams', id: '19:x@thread.tacv2' } },
      { kind: 'channel', channel: { platform: 'console', id: 'war-room' } },
    ]);
  });

  it('separates targets by commas, spaces or "and", and levels by ; or line breaks', () => {
    const want = [{ trigger: after(60), targets: [rota('a'), rota('b'), rota('c')] }, { trigger: after(120), targets: [rota('d')] }];
    expect(levels('after 1m: oncall a, oncall b and oncall c; after 2m: oncall d')).toEqual(want);
    expect(levels('after 1m: oncall a oncall b,oncall c\r\nafter 2m:oncall d;')).toEqual(want);
    expect(levels('  AFTER 1M :  On-Call A AND ONCALL B , oncall c ;; after 2m: oncall D  ')).toEqual(want);
  });

  it('reads durations and percentages', () => {
    expect(levels('after 90s: oncall a; after 1h30m: oncall b; after 7d: oncall c').map((l) => l.trigger)).toEqual([after(90), after(5400), after(604_800)]);
    expect(levels('after 1w: oncall a')[0]!.trigger).toEqual(after(604_800));
    expect(levels('after 0m: oncall a')[0]!.trigger).toEqual(after(0));
    expect(levels('at 1%: oncall a; at 50.5%: oncall b; at 100%: oncall c').map((l) => l.trigger)).toEqual([at(1), at(50.5), at(100)]);
  });

  it('allows after and at levels mixed, each kind in order', () => {
    expect(levels('after 5m: oncall a; at 50%: oncall b; after 10m: oncall c; at 80%: oncall d').map((l) => l.trigger)).toEqual([
      after(300), at(50), after(600), at(80),
    ]);
  });

  it('drops duplicate targets within a level silently, keeping the first', () => {
    expect(levels('after 1m: oncall a, oncall A, <@U1|x>, slack:U1, <#C1|ops>, #slack:C1, <!subteam^S1|@x>, <!subteam^S1>')[0]!.targets).toEqual([
      rota('a'),
      { kind: 'person', person: { platform: 'slack', id: 'U1' } },
      { kind: 'channel', channel: { platform: 'slack', id: 'C1' }, name: 'ops' },
      { kind: 'group', id: 'S1', handle: 'x' },
    ]);
    // Not across levels: the same rota may be paged again later.
    expect(levels('after 1m: oncall a; after 2m: oncall a').map((l) => l.targets)).toEqual([[rota('a')], [rota('a')]]);
    // Eleven written, ten distinct: fine.
    expect(levels(`after 1m: ${Array.from({ length: 10 }, (_, i) => `oncall r${i}`).join(', ')}, oncall r0`)[0]!.targets).toHaveLength(10);
  });

  it('reads repeat, with or without "times", and none', () => {
    expect(parseEscalation('after 1m: oncall a; repeat 10 times every 7d', SLACK).repeat).toEqual({ times: 10, everySeconds: 604_800 });
    expect(parseEscalation('after 1m: oncall a; Repeat 1 Every 1m', SLACK).repeat).toEqual({ times: 1, everySeconds: 60 });
    expect(parseEscalation('after 1m: oncall a', SLACK).repeat).toBeNull();
  });

  it('takes up to ten levels', () => {
    const text = Array.from({ length: 10 }, (_, i) => `after ${i + 1}m: oncall a`).join('; ');
    expect(levels(text)).toHaveLength(10);
  });
});

describe('parseEscalation: refusals', () => {
  const tenTargets = Array.from({ length: 11 }, (_, i) => `oncall r${i}`).join(', ');
  const elevenLevels = Array.from({ length: 11 }, (_, i) => `after ${i + 1}m: oncall a`).join('; ');
  it.each<[string, RegExp]>([
    ['', /Write at least one level, e\.g\. after 5m: oncall primary/],
    [' ; \n ', /Write at least one level/],
    ['repeat 2 every 30m', /Write at least one level/],
    ['after 5m:', /"after 5m" pages nobody: name whom, e\.g\. after 5m: oncall primary/],
    ['after 5m', /"after 5m" pages nobody/],
    ['at 90%: and ,', /"at 90%" pages nobody/],
    ['after: oncall a', /Say how long after: e\.g\. after 5m/],
    ['at: oncall a', /Say at what share/],
    ['afterr 5m: oncall a', /Unknown word "afterr": did you mean after\?/],
    ['repaet 2 every 30m', /Unknown word "repaet": did you mean repeat\?/],
    ['oncal primary', /Unknown word "oncal": did you mean oncall\? Start each level with when it fires/],
    ['whenever: oncall a', /Unknown word "whenever": each level starts with after <duration>: or at <N>%:/],
    ['oncall primary', /Say when "oncall primary" is paged: after 5m: oncall primary/],
    ['<@U1>', /Say when "<@U1>" is paged/],
    ['after 5m: oncal primary', /Unknown word "oncal": did you mean oncall\?/],
    ['after 5m: primary', /Unknown word "primary": for whoever is on call in that rota write oncall primary/],
    ['after 5m: !!', /Unknown word "!!": write oncall <rota>, a person/],
    ['after 5m: oncall', /Name the rota after "oncall": e\.g\. oncall primary/],
    ['after 5m: oncall Bad.Name', /"Bad\.Name" is not a rota name: use lowercase letters, digits, - and _/],
    [`after 5m: oncall ${'a'.repeat(41)}`, /A rota name has at most 40 characters/],
    ['after 5m oncall a', /Put a colon between "after 5m" and whom it pages: after 5m: oncall a/],
    ['after 15m: oncall a; after 5m: oncall b', /Levels go in order: put "after 5m" before "after 15m"/],
    ['after 5m: oncall a; after 300s: oncall b', /Two levels fire "after 5m": levels go in order/],
    ['at 90%: oncall a; at 50%: oncall b', /percentages increasing: put "at 50%" before "at 90%"/],
    ['at 50%: oncall a; at 50.0%: oncall b', /Two levels fire "at 50%"/],
    ['after 8d: oncall a', /"after 8d" is too late for an escalation level: the latest is after 7d/],
    ['after 1w1s: oncall a', /too late/],
    ['after 5: oncall a', /needs a unit: s, m, h, d or w — e\.g\. 5m/],
    ['after 5 m: oncall a', /needs a unit/],
    ['after 5min: oncall a', /Write "min" as m/],
    ['after -5m: oncall a', /can't be negative/],
    ['at 90: oncall a', /Write the percentage with a % sign: at 90%: oncall primary/],
    ['at 99.95%: oncall a', /at most one decimal/],
    ['at 0.5%: oncall a', /out of range: write a percentage from 1% to 100%/],
    ['at 101%: oncall a', /out of range/],
    ['at 0%: oncall a', /out of range/],
    ['at ninety%: oncall a', /"at ninety%" is not a percentage/],
    ['after 5m: oncall a; repeat 2 every 30m; after 10m: oncall b', /"repeat 2 every 30m" must be the last clause.*move "after 10m: oncall b" before it/],
    ['after 5m: oncall a; repeat 2 every 30m; repeat 1 every 1h', /must be the last clause/],
    ['after 5m: oncall a repeat 2 every 30m', /"repeat" is a clause of its own, after a semicolon/],
    ['after 5m: oncall a after 10m: oncall b', /Separate levels with a semicolon before "after"/],
    ['after 5m: oncall a; repeat', /Say how many more rounds and how far apart: write it as repeat 2 every 30m/],
    ['after 5m: oncall a; repeat twice every 30m', /"twice" is not a number of rounds/],
    ['after 5m: oncall a; repeat 0 every 30m', /Repeat 1 to 10 more times, not 0/],
    ['after 5m: oncall a; repeat 11 every 30m', /Repeat 1 to 10 more times, not 11/],
    ['after 5m: oncall a; repeat 2', /Say how far apart the rounds are: repeat 2 every 30m/],
    ['after 5m: oncall a; repeat 2 evry 30m', /Unknown word "evry" \(did you mean every\?\): write repeat 2 every 30m/],
    ['after 5m: oncall a; repeat 2 every', /Say how far apart/],
    ['after 5m: oncall a; repeat 2 every 30s', /at least 1m apart/],
    ['after 5m: oncall a; repeat 2 every 8d', /at most 7d apart/],
    ['after 5m: oncall a; repeat 2 every 30m please', /"please" does not belong after repeat/],
    [`after 5m: ${tenTargets}`, /has 11 targets, the most is 10/],
    [elevenLevels, /at most 10 levels, this one has 11/],
    ['after 5m: #ops', /cannot look up the channel "#ops" by name: write #here/],
    ['after 5m: #hree', /Unknown channel "#hree": did you mean #here/],
    ['after 5m: #slack:', /"#slack:" names no channel/],
    ['after 5m: <#nope!|x>', /is not a Slack channel/],
    ['after 5m: <!here>', /would notify everyone: write #here/],
    ['after 5m: @channel', /would notify everyone/],
    ['after 5m: <!subteam^S1|@bad handle>', /is not a Slack user group/],
    ['after 5m: <!subteam^>', /is not a Slack user group/],
    ['after 5m: <foo>', /"<foo>" is not something Pacta can page/],
    ['after 5m: <@U1', /"<" is not something Pacta can page/],
    ['after 5m: <@bad id!>', /is not a user/],
    ['after 5m: slack:', /"slack:" is not a person: write slack:<their id>/],
    ['after 5m: console:a b!', /Unknown word "b!"/],
    ['after 5m: console:a!', /"console:a!" is not a person/],
    ['x'.repeat(10_001), /too long/],
  ])('refuses %j', (input, message) => {
    expect(bad(() => parseEscalation(input, SLACK)).message).toMatch(message);
  });

  it.each([TEAMS, CONSOLE])('refuses a Slack user group from %j, saying why', (invoker) => {
    expect(bad(() => parseEscalation('after 5m: <!subteam^S1|@oncall>', invoker)).message).toMatch(
      /"<!subteam\^S1\|@oncall>" is a Slack user group, which only a policy set from Slack can page/,
    );
  });

  it('says every refusal in one sentence that quotes long input cut short', () => {
    const e = bad(() => parseEscalation(`after 5m: oncall ${'x'.repeat(200)}!`, SLACK));
    expect(e.message.length).toBeLessThan(200);
    expect(e.message).toMatch(/…/);
  });
});

describe('formatEscalation / targetText', () => {
  it('writes the canonical text', () => {
    const p = parseEscalation(
      'after 90m: oncall primary, <@U1|alice>; after 1d1h: <#C1|ops>, #here, <!subteam^S1|@oncall>, <!subteam^S2>; at 99.5%: teams:29:x, console:bob; repeat 2 every 60m',
      SLACK,
    );
    expect(formatEscalation(p)).toBe(
      'after 1h30m: oncall primary, slack:U1; after 1d1h: <#C1|ops>, #slack:C0HERE, <!subteam^S1|@oncall>, <!subteam^S2>; at 99.5%: teams:29:x, console:bob; repeat 2 every 1h',
    );
  });

  it('writes durations as formatDuration does, without spaces', () => {
    const text = (seconds: number) => formatEscalation({ levels: [{ trigger: after(seconds), targets: [rota('a')] }], repeat: null });
    expect(text(0)).toBe('after 0m: oncall a');
    expect(text(90)).toBe('after 1m30s: oncall a');
    expect(text(3600 + 5 * 60)).toBe('after 1h5m: oncall a');
    expect(text(7 * 86_400)).toBe('after 7d: oncall a');
    expect(text(86_400 + 3600 + 60 + 1)).toBe('after 1d1h1m1s: oncall a');
  });

  it('reads targets plainly', () => {
    expect(targetText(rota('primary'))).toBe('on-call of primary');
    expect(targetText({ kind: 'person', person: { platform: 'slack', id: 'U123' } })).toBe('<@U123>');
    expect(targetText({ kind: 'group', id: 'S1', handle: 'oncall' })).toBe('@oncall');
    expect(targetText({ kind: 'group', id: 'S1' })).toBe('user group S1');
    expect(targetText({ kind: 'channel', channel: { platform: 'slack', id: 'C1' }, name: 'ops' })).toBe('#ops');
    expect(targetText({ kind: 'channel', channel: { platform: 'teams', id: '19:x' } })).toBe('#teams:19:x');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties

const platform = fc.constantFrom('slack' as const, 'teams' as const, 'console' as const);
const personId = fc.stringMatching(/^[A-Za-z0-9._:@-]{1,24}$/);
const channelId = fc.stringMatching(/^[A-Za-z0-9._:@!#$%&*+=?^~/-]{1,24}$/);
const slackId = fc.stringMatching(/^[A-Z0-9]{1,11}$/);
const label = fc.stringMatching(/^[a-z0-9._-]{1,20}$/);

const target: fc.Arbitrary<EscalationTarget> = fc.oneof(
  fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,39}$/).map((r): EscalationTarget => ({ kind: 'rota', rota: r })),
  fc.record({ platform, id: personId }).map((person): EscalationTarget => ({ kind: 'person', person })),
  fc.tuple(slackId, fc.option(label, { nil: undefined })).map(([id, handle]): EscalationTarget => (handle ? { kind: 'group', id, handle } : { kind: 'group', id })),
  fc.record({ platform, id: channelId }).map((channel): EscalationTarget => ({ kind: 'channel', channel })),
  fc.tuple(slackId, label).map(([id, name]): EscalationTarget => ({ kind: 'channel', channel: { platform: 'slack', id }, name })),
);

function key(t: EscalationTarget): string {
  if (t.kind === 'rota') return `r ${t.rota}`;
  if (t.kind === 'person') return `p ${t.person.platform}:${t.person.id}`;
  if (t.kind === 'group') return `g ${t.id}`;
  return `c ${t.channel.platform}:${t.channel.id}`;
}

const targets = fc.uniqueArray(target, { minLength: 1, maxLength: 10, selector: key });

/** Triggers as a valid policy has them: each kind strictly increasing, the kinds interleaved at random. */
const triggers: fc.Arbitrary<EscalationTrigger[]> = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 0, max: 7 * 86_400 }), { maxLength: 10 }),
    fc.uniqueArray(fc.integer({ min: 10, max: 1000 }), { maxLength: 10 }),
    fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
  )
  .map(([secs, tenths, picks]) => {
    const a = [...secs].sort((x, y) => x - y).map(after);
    const b = [...tenths].sort((x, y) => x - y).map((t) => at(t / 10));
    const out: EscalationTrigger[] = [];
    for (const pickAfter of picks) {
      const next = (pickAfter && a.length) || !b.length ? a.shift() : b.shift();
      if (next) out.push(next);
    }
    return out.slice(0, 10);
  })
  .filter((t) => t.length > 0);

const ladder = (withGroups: boolean): fc.Arbitrary<EscalationLadder> =>
  fc
    .tuple(
      triggers,
      fc.array(withGroups ? targets : targets.map((ts) => ts.filter((t) => t.kind !== 'group')).filter((ts) => ts.length > 0), {
        minLength: 10,
        maxLength: 10,
      }),
      fc.option(fc.record({ times: fc.integer({ min: 1, max: 10 }), everySeconds: fc.integer({ min: 60, max: 7 * 86_400 }) }), { nil: null }),
    )
    .map(([ts, tss, repeat]) => ({ levels: ts.map((trigger, i) => ({ trigger, targets: tss[i]! })), repeat }));

describe('properties', () => {
  it('parseEscalation(formatEscalation(x)) is x, from Slack', () => {
    fc.assert(
      fc.property(ladder(true), (x) => {
        expect(parseEscalation(formatEscalation(x), SLACK)).toEqual(x);
      }),
      { numRuns: 1000 },
    );
  });

  it('parseEscalation(formatEscalation(x)) is x, from Teams and the console (no Slack user groups)', () => {
    fc.assert(
      fc.property(ladder(false), fc.constantFrom(TEAMS, CONSOLE), (x, invoker) => {
        expect(parseEscalation(formatEscalation(x), invoker)).toEqual(x);
      }),
      { numRuns: 500 },
    );
  });

  const words = [
    'after', 'at', 'repeat', 'every', 'times', 'oncall', 'on-call', 'and', ':', ';', ',', '\n', '%', '#', '@', '<', '>', '|', '^',
    '5m', '0m', '0', '15m', '1h30m', '8d', '7d', '-5m', '90%', '100%', '0.5%', '99.5%', '101%', '2', '11', 'primary', 'Bad.Name',
    '<@U1>', '<@U1|alice>', '<@', 'slack:U1', 'slack:', 'teams:29:x', 'console:bob', 'console:', '@lead', '@here', '<!here>',
    '<!subteam^S1|@oncall>', '<!subteam^S2>', '<!subteam^', '<#C1|ops>', '<#C2>', '<#C3|>', '#here', '#ops', '#slack:C4',
    '#teams:19:x@thread', '#console:room', '#slack:', 'x'.repeat(70), '\u0000', '🙂', 'after5m:',
  ];
  const soup = fc.array(fc.tuple(fc.constantFrom(...words), fc.constantFrom('', ' ', ' ', ', ', ': ', '; ', '\n')), { maxLength: 40 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
  // Near-misses: clauses shaped like levels, from pools of good and bad pieces, so that many parse.
  const pick = <T,>(xs: readonly T[]) => fc.constantFrom(...xs);
  const good = ['oncall primary', 'oncall db_2', '<@U1>', '<@U2|bob>', 'slack:U1', 'teams:29:x', 'console:bob', '@lead', '#here', '<#C1|ops>', '#slack:C4', '<!subteam^S1|@oncall>'];
  const targetList = fc
    .tuple(
      fc.array(fc.oneof({ arbitrary: pick(good), weight: 12 }, { arbitrary: pick(words.filter((w) => !/^[;:\n]$/.test(w))), weight: 1 }), { minLength: 1, maxLength: 4 }),
      pick([', ', ' ', ' and ', ',']),
    )
    .map(([ts, sep]) => ts.join(sep));
  const orderedHeads = ['after 0m', 'after 5m', 'at 50%', 'after 15m', 'at 90%', 'after 1h30m', 'at 99.5%', 'after 7d'];
  const anyHeads = [...orderedHeads, 'AFTER 5m', 'aftr 5m', 'after 8d', 'after 5', 'at 101%', 'at 90', 'repeat 2', 'at'];
  const heads = fc.oneof({ arbitrary: fc.subarray(orderedHeads, { minLength: 1 }), weight: 5 }, { arbitrary: fc.array(pick(anyHeads), { minLength: 1, maxLength: 5 }), weight: 1 });
  const policy = fc
    .tuple(
      heads.chain((hs) => fc.tuple(...hs.map((h) => fc.tuple(fc.constant(h), pick([': ', ':', ' : ', ': ', ' ']), targetList)))),
      fc.option(pick(['repeat 2 every 30m', 'repeat 11 every 1m', 'repeat 1 times every 7d'])),
      pick(['; ', '\n', ';']),
    )
    .map(([ls, rep, sep]) => [...ls.map(([h, c, t]) => h + c + t), ...(rep ? [rep] : [])].join(sep));
  const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), soup, policy, policy);

  it('never throws anything but a BadArgumentError, on strings and token soups (fuzz)', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...INVOKERS), (s, invoker) => {
        onlyBadArgument(() => parseEscalation(s, invoker));
      }),
      { numRuns: 5000 },
    );
  });

  it('whatever it accepts, it writes back as text that parses to the same value', () => {
    let accepted = 0;
    // Mostly near-misses here: about one in seven parses, so some 240 of 2,000 runs reach the
    // accepting paths (at least 100 is some nine standard deviations below that, not luck).
    const mostlyPolicies = fc.oneof({ arbitrary: text, weight: 1 }, { arbitrary: policy, weight: 3 });
    fc.assert(
      fc.property(mostlyPolicies, fc.constantFrom(...INVOKERS), (s, invoker) => {
        let parsed: EscalationLadder;
        try {
          parsed = parseEscalation(s, invoker);
        } catch {
          return;
        }
        accepted++;
        expect(parseEscalation(formatEscalation(parsed), invoker)).toEqual(parsed);
        for (const level of parsed.levels) for (const t of level.targets) expect(targetText(t)).not.toBe('');
      }),
      { numRuns: 2000 },
    );
    // The near-miss generator must reach the accepting paths, or this property checks nothing.
    expect(accepted).toBeGreaterThan(100);
  });
});
