import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitArgs, type ArgSpec, type ParsedArgs } from '../../../commands/parse/args.ts';
import { digestScheduleContinues, parseDigestSchedule } from '../../../commands/parse/digest-schedule.ts';
import { parseDuration } from '../../../commands/parse/duration.ts';
import { parseIncidentId } from '../../../commands/parse/incident-id.ts';
import { parsePriority } from '../../../commands/parse/priority.ts';
import { parseServiceKey } from '../../../commands/parse/service-key.ts';
import { timeContinues } from '../../../commands/parse/time.ts';
import { tokenize } from '../../../commands/parse/tokenize.ts';
import { bad, onlyBadArgument } from './bad.ts';

/** A line through the tokenizer and the splitter, as the router does it. */
function parseArgs(line: string, spec: ArgSpec = {}): ParsedArgs {
  return splitArgs(tokenize(line), spec);
}

const flagsOf = (line: string, spec: ArgSpec) => Object.fromEntries(parseArgs(line, spec).flags);

describe('parseArgs: the docs/semantics.md §4 command lines', () => {
  // Each line minus its subcommand word(s), as the router will hand it over.
  it('open payments P1 Card payments failing --impact outage', () => {
    const a = parseArgs('payments P1 Card payments failing --impact outage', {
      positionals: 2, rest: true, valueFlags: ['impact', 'since'],
    });
    expect(a.positional).toEqual(['payments', 'P1']);
    expect(a.rest).toBe('Card payments failing');
    expect(Object.fromEntries(a.flags)).toEqual({ impact: 'outage' });
    expect(parseServiceKey(a.positional[0] ?? '')).toBe('payments');
    expect(parsePriority(a.positional[1] ?? '')).toBe('P1');
  });

  it('calendar add business --tz Europe/Berlin --hours "mon-fri 09:00-17:00"', () => {
    const a = parseArgs('business --tz Europe/Berlin --hours "mon-fri 09:00-17:00"', { valueFlags: ['tz', 'hours'] });
    expect(a.positional).toEqual(['business']);
    expect(Object.fromEntries(a.flags)).toEqual({ tz: 'Europe/Berlin', hours: 'mon-fri 09:00-17:00' });
  });

  it('calendar holiday business 2026-12-25 2026-12-26', () => {
    expect(parseArgs('business 2026-12-25 2026-12-26').positional).toEqual(['business', '2026-12-25', '2026-12-26']);
  });

  it('service add payments "Payments API" --availability 99.9 --window 30d --calendar business', () => {
    const a = parseArgs('payments "Payments API" --availability 99.9 --window 30d --calendar business', {
      valueFlags: ['availability', 'window', 'calendar', 'degraded-weight'],
    });
    expect(a.positional).toEqual(['payments', 'Payments API']);
    expect(Object.fromEntries(a.flags)).toEqual({ availability: '99.9', window: '30d', calendar: 'business' });
  });

  it('policy set payments P1 ack=15m resolve=4h', () => {
    const a = parseArgs('payments P1 ack=15m resolve=4h');
    expect(a.positional).toEqual(['payments', 'P1', 'ack=15m', 'resolve=4h']);
    expect(parseDuration('15m')).toBe(15 * 60_000);
  });

  it('ack / pause / resume / resolve with free-text reasons', () => {
    expect(parseIncidentId(parseArgs('INC-1', { positionals: 1, rest: true }).positional[0] ?? '')).toBe(1);
    const pause = parseArgs('INC-1 waiting on the card network', { positionals: 1, rest: true });
    expect(pause.positional).toEqual(['INC-1']);
    expect(pause.rest).toBe('waiting on the card network');
    expect(parseArgs('INC-1 rolled back the release', { positionals: 1, rest: true }).rest).toBe('rolled back the release');
    expect(parseArgs('INC-1', { positionals: 1, rest: true }).rest).toBe('');
  });

  it('subscribe payments --digest daily@09:00 --tz Europe/Berlin', () => {
    const a = parseArgs('payments --digest daily@09:00 --tz Europe/Berlin', { valueFlags: ['digest', 'tz'] });
    expect(a.positional).toEqual(['payments']);
    expect(Object.fromEntries(a.flags)).toEqual({ digest: 'daily@09:00', tz: 'Europe/Berlin' });
  });

  it('report payments --period 30d; status; status payments', () => {
    expect(flagsOf('payments --period 30d', { valueFlags: ['period'] })).toEqual({ period: '30d' });
    expect(parseArgs('').positional).toEqual([]);
    expect(parseArgs('payments').positional).toEqual(['payments']);
  });
});

describe('splitArgs', () => {
  const spec: ArgSpec = { booleanFlags: ['all'], valueFlags: ['impact', 'since'] };

  it('reads --flag value, --flag=value and bare switches anywhere, with flag names case-insensitive', () => {
    expect(flagsOf('payments --all', spec)).toEqual({ all: true });
    expect(flagsOf('--impact=outage x', spec)).toEqual({ impact: 'outage' });
    expect(flagsOf('--IMPACT degraded', spec)).toEqual({ impact: 'degraded' });
    expect(flagsOf('--impact "two words"', spec)).toEqual({ impact: 'two words' });
    expect(flagsOf('--impact=a=b', spec)).toEqual({ impact: 'a=b' });
    expect(flagsOf('--since -15m', spec)).toEqual({ since: '-15m' });
    expect(flagsOf('--impact "--all"', spec)).toEqual({ impact: '--all' });
  });

  it('reads an em or en dash typed for -- as a flag, but only when it names a known flag', () => {
    expect(flagsOf('x —impact outage –all', spec)).toEqual({ impact: 'outage', all: true });
    const a = parseArgs('INC-1 waiting —vendor reply', { ...spec, positionals: 1, rest: true });
    expect(a.rest).toBe('waiting —vendor reply');
    expect(a.flags.size).toBe(0);
  });

  it('keeps free text as typed, unquotes a single-word rest and joins stretches split by flags', () => {
    const rest = (line: string) => parseArgs(line, { ...spec, positionals: 1, rest: true }).rest;
    expect(rest('INC-1 said "no"  twice\nthen left')).toBe('said "no"  twice\nthen left');
    expect(rest('INC-1 "Card payments failing" --impact outage')).toBe('Card payments failing');
    expect(rest('INC-1 Card payments --impact outage failing')).toBe('Card payments failing');
    expect(rest("INC-1 waiting on the customer's reply")).toBe("waiting on the customer's reply");
  });

  it('treats words after a bare -- and quoted words as text, never as flags', () => {
    const a = parseArgs('INC-1 -- use --force next time', { ...spec, positionals: 1, rest: true });
    expect(a.rest).toBe('use --force next time');
    expect(parseArgs('"--all" x', spec).positional).toEqual(['--all', 'x']);
    expect(parseArgs('a -- --all --', spec).positional).toEqual(['a', '--all', '--']);
    // Words that only look dashed are text.
    expect(parseArgs('a --> b --- -x', spec).positional).toEqual(['a', '-->', 'b', '---', '-x']);
  });

  it('joins words a value flag or positional slot continues into', () => {
    const s: ArgSpec = {
      positionals: 2, rest: true, valueFlags: ['since', 'digest'],
      flagContinues: { since: timeContinues, digest: digestScheduleContinues },
      positionalContinues: [undefined, timeContinues],
    };
    const a = parseArgs('payments 2026-11-25 10:05 2h planned upgrade --since 15m ago --digest weekly@mon 09:00', s);
    expect(a.positional).toEqual(['payments', '2026-11-25 10:05']);
    expect(a.rest).toBe('2h planned upgrade');
    expect(Object.fromEntries(a.flags)).toEqual({ since: '15m ago', digest: 'weekly@mon 09:00' });

    const cron = parseArgs('all --digest 0 9 * * mon-fri payments', { valueFlags: ['digest'], flagContinues: { digest: digestScheduleContinues } });
    expect(cron.flags.get('digest')).toBe('0 9 * * mon-fri');
    expect(cron.positional).toEqual(['all', 'payments']);
    expect(parseDigestSchedule(cron.flags.get('digest') as string)).toEqual({ kind: 'cron', expr: '0 9 * * mon-fri' });

    // A continuation never swallows a flag.
    expect(Object.fromEntries(parseArgs('--since 2026-11-25 --all', { ...s, booleanFlags: ['all'] }).flags))
      .toEqual({ since: '2026-11-25', all: true });
  });

  it('rejects an unknown flag, suggesting the closest known one or listing them', () => {
    expect(bad(() => parseArgs('x --impcat outage', spec)).message).toMatch(/Unknown option --impcat\. Did you mean --impact\?/);
    expect(bad(() => parseArgs('x --sinse 10:05', spec)).message).toMatch(/Did you mean --since\?/);
    expect(bad(() => parseArgs('x --al', spec)).message).toMatch(/Did you mean --all\?/);
    expect(bad(() => parseArgs('x --colour red', spec)).message).toMatch(/Options here: --all, --impact, --since\./);
    expect(bad(() => parseArgs('x --all', {})).message).toMatch(/takes no options/);
    expect(bad(() => parseArgs('x --bogus=1', spec)).message).toMatch(/Unknown option --bogus\./);
  });

  it('rejects a value flag without a value', () => {
    for (const line of ['x --impact', 'x --impact --all', 'x --impact=', 'x --impact ""', 'x --impact --', '--impact —since 1']) {
      expect(bad(() => parseArgs(line, spec)).message).toMatch(/--impact needs a value, e\.g\. --impact <value>/);
    }
  });

  it('rejects a repeated flag and a switch given a value', () => {
    expect(bad(() => parseArgs('--impact outage --impact none', spec)).message).toMatch(/--impact is given twice/);
    expect(bad(() => parseArgs('--all --ALL', spec)).message).toMatch(/--all is given twice/);
    expect(bad(() => parseArgs('--all=yes', spec)).message).toMatch(/--all is a switch and takes no value/);
  });

  it('passes tokenizer errors through', () => {
    expect(bad(() => parseArgs('x "open', spec)).message).toMatch(/never closed/);
  });

  it('never throws anything but BadArgumentError, on any line (property)', () => {
    const full: ArgSpec = { ...spec, positionals: 2, rest: true, flagContinues: { since: timeContinues }, positionalContinues: [timeContinues] };
    const line = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.array(fc.constantFrom('--all', '--impact', '--since', '--', 'x', '"y z"', '—impact', '--x=1', 'ago', '15m', '2026-11-25', '10:05'), { maxLength: 10 }).map((w) => w.join(' ')),
    );
    fc.assert(fc.property(line, (l) => onlyBadArgument(() => parseArgs(l, full))), { numRuns: 5000 });
  });

  it('splits pre-tokenized input, so the router can pass the words after the subcommand', () => {
    const tokens = tokenize('open payments P1 Card down --impact outage');
    const a = splitArgs(tokens.slice(1), { positionals: 2, rest: true, valueFlags: ['impact'] });
    expect(a.positional).toEqual(['payments', 'P1']);
    expect(a.rest).toBe('Card down');
  });
});
