/**
 * Service credits and `sla document` through the router on a real database (docs/semantics.md §8):
 * `service set --credits` and its refusals, the credit tier `report` names at the edges, and the
 * agreement as Markdown.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../helpers/databases.ts';
import { CONSOLE, RESPONDER, VIEWER, expectRefused, messageText, runAll, setup } from './harness.ts';

const SECOND = 1000;
const MIN = 60 * SECOND;

const FULL = `# Service level agreement: Payments API

Service \`payments\`, as configured in Pacta on 2026-11-23 10:00 (Europe/Berlin).

## Service hours

Calendar \`business\`, time zone Europe/Berlin: mon-fri 09:00-17:00.

Holidays (working hours that start on these dates do not count): 2026-12-25, 2026-12-26.

P2 targets count on calendar \`support\`, time zone America/New_York: mon-sat 08:00-20:00.

## Response and resolution targets

| Priority | Acknowledge within | Resolve within | Counted on | Warnings at |
| --- | --- | --- | --- | --- |
| P1 | 15m | 4h | \`business\` | 75%, 90% |
| P2 | 1h | 1d | \`support\` | 50% |

Targets count only the working time of their calendar. The acknowledge clock runs from opening until the first acknowledgement (or the resolution); the resolve clock runs from opening until resolution and stops while the incident is paused. A target is breached when the time counted is strictly greater than the target; exactly on target is met. Warnings go out when the time counted reaches the percentages shown.

## Availability

Objective: 99.9% over a rolling 30 days (always the last 30 days up to now).

Availability = 1 − weighted downtime ÷ window length, where maintenance time is removed from the length. The error budget is 0.1% of the same length.

Downtime comes from incidents only, from their impact start until their resolution (or until now while unresolved):

- \`outage\` weighs 1;
- \`degraded\` weighs 0.25;
- \`none\` weighs 0;
- overlapping incidents do not add up: at each instant the heaviest weight counts.

## Maintenance

Declared maintenance windows of the service do not count at all: downtime in them is not counted, and their time is removed from the window length.

Upcoming (times in Europe/Berlin):

- 2026-11-28 22:00 – 2026-11-29 02:00: Database upgrade

## Escalation

While nobody acknowledges an incident, Pacta pages:

**Every other priority**:

1. after 5m: on-call of \`primary\`
2. after 15m: \`slack:U0LEAD\`
3. at 90% of the acknowledge target: \`#slack:C0OPS\`

Then the whole ladder again, 2 more times, every 30m.

**P1**:

1. at once: on-call of \`primary\`

Escalation time counts only while the incident waits for someone: open, not acknowledged, not paused, not snoozed. Acknowledging stops escalation.

## Service credits

| Availability below | Credit |
| --- | --- |
| 99.9% | 10% |
| 99% | 25% |
| 95% | 50% |

A period whose availability is below a threshold earns the credit of the lowest threshold it is below; availability exactly at a threshold is not below it. \`report payments --period month\` says which tier a period falls in.
`;

const EMPTY = `# Service level agreement: docs

Service \`docs\`, as configured in Pacta on 2026-11-23 10:00 (Europe/Berlin).

## Service hours

All hours count (the built-in calendar \`24x7\`).

Not set: response and resolution targets, availability objective, escalation, service credits.
`;

const CONSOLE_CHANNEL = { platform: 'console', id: 'console' } as const;

describeEachDatabase('service credits and sla document', (db) => {
  it('service set --credits stores the tiers sorted; off clears them', async () => {
    const h = await setup(db());
    await runAll(h, ['service add payments "Payments API" --availability 99.9']);
    expect(await h.say('service set payments --credits "95=50%, 99.9=10%,99=25"')).toBe(
      'Updated payments (Payments API): 99.9% over 30d, calendar 24x7, degraded weighs 0.5, service credits 10% below 99.9%, 25% below 99%, 50% below 95%.',
    );
    expect((await h.deps.admin.service('payments'))?.credits).toEqual([
      { below: 99.9, credit: 10 },
      { below: 99, credit: 25 },
      { below: 95, credit: 50 },
    ]);
    // Other changes keep the credits.
    expect(await h.say('service set payments --degraded-weight 0.25')).toMatch(/degraded weighs 0\.25, service credits 10% below 99\.9%/);
    expect(await h.say('service set payments --credits off')).toBe('Updated payments (Payments API): 99.9% over 30d, calendar 24x7, degraded weighs 0.25.');
    expect((await h.deps.admin.service('payments'))?.credits).toBeNull();
  });

  it('service set --credits refuses bad tiers, naming the one (or the pair) that is wrong', async () => {
    const h = await setup(db());
    await runAll(h, ['service add payments "Payments API" --availability 99.9']);
    const refused = (credits: string, patterns: RegExp[]) => expectRefused(h, db(), `service set payments --credits "${credits}"`, [...patterns, /Usage: service set/]);
    await refused('99.9', [/"99\.9" is not a credit tier: write <availability>=<credit>/]);
    await refused('99.9=ten', [/"99\.9=ten" is not a credit tier/]);
    await refused('0=10%', [/A credit threshold is an availability percent above 0 and at most 100, e\.g\. 99\.9 \(got 0\)/]);
    await refused('101=10%', [/\(got 101\)/]);
    await refused('99.9=0%', [/A credit is a percent above 0 and at most 100, e\.g\. 10% \(got 0% below 99\.9%\)/]);
    await refused('99.9=150%', [/\(got 150% below 99\.9%\)/]);
    await refused('99=10%,99=20%', [/The threshold 99% is given twice/]);
    await refused('99.9=25%,99=10%', [/Credits must grow as availability falls: below 99\.9% earns 25%, so below 99% must earn more than 25% \(got 10%\)/]);
    await expectRefused(h, db(), 'service set payments --credits', [/--credits needs a value/]);
    await expectRefused(h, db(), 'service set payments --credits "99.9=10%"', [/(admin|not allowed|permission)/i], RESPONDER);
  });

  for (const [label, outage, lines] of [
    ['exactly 99.9 % (43m 12s of outage in 30 days): no credit', 43 * MIN + 12 * SECOND, ['Availability: 99.90% of 99.9% ✓', 'Service credit: Availability 99.90% meets every tier: no credit']],
    ['a second more: below 99.9 %, credit 10 %', 43 * MIN + 13 * SECOND, ['Availability: 99.89% of 99.9% ✗ missed', 'Service credit: Availability 99.89% is below 99.9%: credit 10%']],
    ['exactly 99 % (7h 12m): still only the 99.9 % tier', 7 * 60 * MIN + 12 * MIN, ['Availability: 99.00% of 99.9% ✗ missed', 'Service credit: Availability 99.00% is below 99.9%: credit 10%']],
    ['below 99 %: credit 25 %', 7 * 60 * MIN + 12 * MIN + SECOND, ['Availability: 98.99% of 99.9% ✗ missed', 'Service credit: Availability 98.99% is below 99%: credit 25%']],
  ] as const) {
    it(`report names the credit tier: ${label}`, async () => {
      const h = await setup(db());
      await runAll(h, ['service add payments "Payments API" --availability 99.9 --window 30d --credits "99.9=10%,99=25%,95=50%"']);
      await h.run('open payments P1 Card payments failing', RESPONDER);
      h.time.advance(outage);
      await h.run('resolve INC-1', RESPONDER);
      h.time.advance(60 * MIN);
      const text = messageText((await h.run('report payments --period 30d', VIEWER)).reply.message);
      for (const line of lines) expect(text.split('\n')).toContain(line);
    });
  }

  it('report of all services marks the ones that earn a credit; a service with credits but no objective gets its tier too', async () => {
    const h = await setup(db());
    await runAll(h, ['service add payments --availability 99.9 --credits "99.9=10%"', 'service add search --credits "99.5=20%"']);
    await h.run('open payments P1 Down', RESPONDER);
    await h.run('open search P1 Down', RESPONDER);
    h.time.advance(60 * MIN);
    const text = messageText((await h.run('report --period 30d', VIEWER)).reply.message);
    expect(text).toMatch(/• payments · 99\.86% of 99\.9% ✗ missed · credit 10% · /);
    // One hour in 30 days is 99.86 %: above search's 99.5 %, so no credit, and no objective to miss.
    expect(text).toMatch(/• search · 1 incident opened/);
    expect(await h.say('report search', VIEWER)).toContain('Service credit: Availability 99.86% meets every tier: no credit');
  });

  it('sla document: every section for a service with everything set', async () => {
    const h = await setup(db());
    await runAll(h, [
      'calendar add business --tz Europe/Berlin --hours "mon-fri 09:00-17:00"',
      'calendar holiday business 2026-12-25 2026-12-26',
      'calendar add support --tz America/New_York --hours "mon-sat 08:00-20:00"',
      'service add payments "Payments API" --availability 99.9 --window 30d --calendar business --degraded-weight 0.25 --credits "99.9=10%,99=25%,95=50%"',
      'policy set payments P1 ack=15m resolve=4h',
      'policy set payments P2 ack=1h resolve=1d calendar=support warn=50',
      'maintenance payments 2026-11-28T22:00 4h Database upgrade',
      'oncall add primary --handoff "weekly mon 09:00" --tz Europe/Berlin slack:U0ALICE slack:U0CAROL',
      'escalation set payments "after 5m: oncall primary; after 15m: slack:U0LEAD; at 90%: #here; repeat 2 every 30m"',
      'escalation set payments --priority P1 "after 0m: oncall primary"',
    ]);
    // Console and CLI: the Markdown itself is the reply.
    const o = await h.run('sla document payments', CONSOLE, { channel: CONSOLE_CHANNEL });
    expect(o.changed).toBe(false);
    expect(o.reply.message.fallback).toBe(FULL);
    expect(messageText(o.reply.message)).toBe(FULL);
    // Chat: the key facts, and the same document as a Markdown file for the asker.
    const reply = (await h.run('sla document payments', VIEWER)).reply;
    expect(reply.files).toEqual([{ name: 'payments-sla.md', title: 'Service level agreement: Payments API', text: FULL }]);
    const chat = reply.message;
    expect(messageText(chat).split('\n')).toEqual([
      'SLA · payments (Payments API)',
      'Hours: business (Europe/Berlin): mon-fri 09:00-17:00, 2 holidays',
      'Targets: P1 ack 15m resolve 4h · P2 ack 1h resolve 1d',
      'Objective: 99.9% over 30d',
      'Maintenance: 1 window ahead',
      'Escalation: every priority: 3 levels · P1: 1 level',
      'Service credits: 10% below 99.9%, 25% below 99%, 50% below 95%',
    ]);
    expect(chat.fallback).toMatch(/^SLA · payments \(Payments API\)\nHours: business/);
    await expectRefused(h, db(), 'sla document nope', [/There is no service "nope"/, /Usage: sla document <service>/], VIEWER);
    await expectRefused(h, db(), 'sla document', [/service/i, /Usage: sla document <service>/], VIEWER);
  });

  it('sla document: a service with nothing set is short, without empty sections', async () => {
    const h = await setup(db());
    await runAll(h, ['service add docs']);
    expect(messageText((await h.run('sla document docs', CONSOLE, { channel: CONSOLE_CHANNEL })).reply.message)).toBe(EMPTY);
    expect(messageText((await h.run('sla document docs', VIEWER)).reply.message).split('\n').slice(0, 3)).toEqual(['SLA · docs', 'Hours: all hours (24x7)']);
  });
});
