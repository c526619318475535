import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleChatPort } from '../../../adapters/console/console-chat-port.ts';
import { renderText } from '../../../adapters/console/render-text.ts';
import { ConsoleSession } from '../../../adapters/console/session.ts';
import { textMessage } from '../../../src/messages/message.ts';

async function runBatch(lines: string, run: (line: string, session: ConsoleSession) => Promise<string>): Promise<{ out: string; ran: string[] }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const ran: string[] = [];
  const session: ConsoleSession = new ConsoleSession({
    input,
    output,
    interactive: false,
    run: async (line) => {
      ran.push(line);
      return run(line, session);
    },
  });
  const done = session.start();
  input.end(lines);
  await done;
  return { out, ran };
}

describe('ConsoleSession without a terminal', () => {
  it('runs one command per line in order, echoing each, skipping blanks and # comments', async () => {
    const { out, ran } = await runBatch('# set-up\n\nstatus\n  ack INC-1  \r\n# done\nreport --period 7d', async (line) => {
      // Slow first command: the second must still wait for it.
      if (line === 'status') await new Promise((r) => setTimeout(r, 30));
      return `reply to ${line}\n`;
    });
    expect(ran).toEqual(['status', 'ack INC-1', 'report --period 7d']);
    expect(out).toBe('> status\nreply to status\n\n> ack INC-1\nreply to ack INC-1\n\n> report --period 7d\nreply to report --period 7d\n\n');
  });

  it('prints a post made while a command runs (its incident card) after that command\'s reply', async () => {
    const { out } = await runBatch('open payments P1 Down\nstatus\n', async (line, session) => {
      if (line.startsWith('open')) session.print('── Pacta posted in #console ──\nINC-1 card');
      return `reply to ${line}`;
    });
    expect(out).toBe('> open payments P1 Down\nreply to open payments P1 Down\n\n── Pacta posted in #console ──\nINC-1 card\n\n> status\nreply to status\n\n');
  });

  it('stops at exit, and survives a command that throws', async () => {
    const { out, ran } = await runBatch('boom\nexit\nstatus\n', async (line) => {
      if (line === 'boom') throw new Error('database went away');
      return 'ok';
    });
    expect(ran).toEqual(['boom']);
    expect(out).toContain('Something went wrong: database went away');
  });
});

describe('ConsoleChatPort', () => {
  it('prints posted and updated messages as plain text, with unique ids', async () => {
    const printed: string[] = [];
    const port = new ConsoleChatPort({ print: (t) => printed.push(t), render: (m) => renderText(m, { timezone: 'UTC' }) });
    const channel = { platform: 'console' as const, id: 'console' };
    const a = await port.post(channel, textMessage('INC-1 opened'));
    const b = await port.post(channel, textMessage('second'), a);
    await port.update(a, textMessage('INC-1 acknowledged'));
    expect(a.id).not.toBe(b.id);
    expect(b.threadId).toBe(a.id);
    expect(printed[0]).toBe('── Pacta posted in #console ──\nINC-1 opened');
    expect(printed[1]).toContain(`in the thread of message ${a.id}`);
    expect(printed[2]).toBe('── Pacta updated a message in #console ──\nINC-1 acknowledged');
    // Another session's port must not reuse these ids (message refs are stored).
    const other = new ConsoleChatPort({ print: () => {}, render: () => '' });
    expect((await other.post(channel, textMessage('x'))).id).not.toBe(a.id);
  });
});
