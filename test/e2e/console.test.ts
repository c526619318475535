/**
 * The console as a person scripts it: the real `bin/pacta.js` process, commands piped to stdin.
 */
import { describe, expect, it } from 'vitest';
import { E2E_TIMEOUT, CRASH, cleanEnv, runPacta, skipReason, transcript } from './process.ts';

// docs/semantics.md §4, exactly as written, plus one incident whose impact began earlier (so availability moves)
// and two bad lines that must be answered, not crash.
const SCRIPT = `# docs/semantics.md §4
calendar add business --tz Europe/Berlin --hours "mon-fri 09:00-17:00"
calendar holiday business 2026-12-25 2026-12-26
service add payments "Payments API" --availability 99.9 --window 30d --calendar business
policy set payments P1 ack=15m resolve=4h
open payments P1 Card payments failing --impact outage
ack INC-1
pause INC-1 waiting on the card network
resume INC-1
resolve INC-1 rolled back the release
subscribe payments --digest daily@09:00 --tz Europe/Berlin

open payments P2 Refunds slow --impact degraded --since -30m
ack INC-99
frobnicate everything
status
status payments
report payments --period 30d
`;

describe.skipIf(skipReason !== '')(`pacta console, piped${skipReason}`, { timeout: E2E_TIMEOUT }, () => {
  it('runs the docs/semantics.md §4 lines and answers each, plain text, exit 0', async () => {
    const run = await runPacta(['console', '--db', 'memory'], cleanEnv({ PACTA_TIMEZONE: 'Europe/Berlin' }), SCRIPT);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(CRASH);
    // No ANSI escapes when stdout is not a terminal.
    expect(run.stdout).not.toContain('\u001b[');

    const s = transcript(run.stdout);
    const commands = SCRIPT.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect([...s.keys()]).toEqual(commands);
    for (const c of commands) expect(s.get(c)!.trim(), `reply to "${c}"`).not.toBe('');

    expect(s.get('calendar add business --tz Europe/Berlin --hours "mon-fri 09:00-17:00"')).toMatch(/business.*Europe\/Berlin/);
    expect(s.get('calendar holiday business 2026-12-25 2026-12-26')).toContain('2026-12-25');
    expect(s.get('service add payments "Payments API" --availability 99.9 --window 30d --calendar business')).toMatch(/payments.*Payments API/);
    expect(s.get('policy set payments P1 ack=15m resolve=4h')).toMatch(/15m[\s\S]*4h/);

    // Opening posts the incident card in #console after the reply.
    const opened = s.get('open payments P1 Card payments failing --impact outage')!;
    expect(opened).toMatch(/INC-1/);
    expect(opened).toContain('Pacta posted in #console');
    expect(opened.indexOf('INC-1')).toBeLessThan(opened.indexOf('Pacta posted'));

    // Each change refreshes the card in place and says what happened.
    for (const [line, word] of [
      ['ack INC-1', /acknowledged/i],
      ['pause INC-1 waiting on the card network', /paused/i],
      ['resume INC-1', /resumed|running|acknowledged/i],
      ['resolve INC-1 rolled back the release', /resolved/i],
    ] as const) {
      expect(s.get(line), line).toMatch(word);
      expect(s.get(line), line).toContain('Pacta updated a message in #console');
    }
    expect(s.get('pause INC-1 waiting on the card network')).toContain('waiting on the card network');
    expect(s.get('subscribe payments --digest daily@09:00 --tz Europe/Berlin')).toMatch(/payments[\s\S]*daily@09:00/);

    // Bad input: a reply that says what was wrong, nothing posted.
    expect(s.get('ack INC-99')).toMatch(/INC-99/);
    expect(s.get('ack INC-99')).not.toContain('Pacta updated');
    expect(s.get('frobnicate everything')).toMatch(/frobnicate|unknown|help/i);

    // 30 minutes of degraded impact weigh 15 minutes: 1 − 900 s / 30 d = 99.965 %, shown floored as 99.96 %.
    expect(s.get('status')).toMatch(/payments/);
    expect(s.get('status')).toMatch(/99\.9[0-9]*%/);
    expect(s.get('status payments')).toMatch(/99\.96%/);
    expect(s.get('status payments')).toMatch(/INC-2/);
    expect(s.get('report payments --period 30d')).toMatch(/99\.96%/);
    expect(s.get('report payments --period 30d')).toMatch(/MTTA/);
  });

  it('--demo seeds an estate that status and report show at once', async () => {
    const run = await runPacta(['console', '--db', 'memory', '--demo'], cleanEnv(), 'status\nreport --period 30d\n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Seeded the demo estate: 6 services, 32 incidents/);
    const s = transcript(run.stdout);
    const status = s.get('status')!;
    const shown = ['payments', 'checkout', 'identity', 'search', 'notifications', 'reporting'].filter((k) => status.includes(k));
    expect(shown.length).toBeGreaterThanOrEqual(4);
    expect(status).toMatch(/breached/i);
    const report = s.get('report --period 30d')!;
    expect(report).toMatch(/MTTA/);
    expect(report).toMatch(/\d+(\.\d+)?%/);
    expect(run.stdout).not.toMatch(CRASH);
  });

  it('answers an unknown subcommand of the CLI with usage and status 2', async () => {
    const run = await runPacta(['serve'], cleanEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown command "serve"');
    expect(run.stderr).toContain('Usage: pacta <command>');
  });
});
