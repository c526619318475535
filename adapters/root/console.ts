/**
 * `pacta console`: Pacta in a terminal, as a local admin in a channel named `console`, on the same
 * database as the server (or a throw-away one with `--db memory`). Same commands, same replies, same
 * incident cards as Slack and Teams — rendered as text.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartFiles } from '../console/chart-files.ts';
import type { Logger } from 'pino';
import { withFilesInline, type Message } from '../../src/messages/message.ts';
import type { Config } from '../config.ts';
import { ConsoleChatPort } from '../console/console-chat-port.ts';
import { historyPath, loadHistory, saveHistory } from '../console/history.ts';
import { CONSOLE_CHANNEL, consoleActor } from '../console/identity.ts';
import { localFiles } from '../console/local-files.ts';
import { renderText } from '../console/render-text.ts';
import { ConsoleSession } from '../console/session.ts';
import { seedDemo } from '../demo/seed.ts';
import { startScheduler } from '../scheduler.ts';
import { createApp } from './app.ts';

export type ConsoleOptions = {
  config: Config;
  /** In-memory PGlite instead of the configured database (`--db memory`). */
  memory: boolean;
  /** Seed the demo estate first (skipped when services exist). */
  demo: boolean;
  log: Logger;
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  output?: NodeJS.WritableStream & { isTTY?: boolean };
};

/** Runs a console session to the end of input (or `exit`), then closes the database. */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { config, log } = options;
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = input.isTTY === true && output.isTTY === true;
  // Colour only for a person at a terminal; pipes and files get plain text they can grep.
  const color = interactive;
  // The console, and only it, reads files a person names (`calendar import … holidays.ics`).
  const app = await createApp({ config, log, files: localFiles(), ...(options.memory ? { db: 'memory' as const } : {}) });
  try {
    // Charts become PNG files in the temp folder, named by what they show; the reply names the path.
    const writeCharts = chartFiles(app.chartImages, join(tmpdir(), 'pacta-charts'));
    const render = (message: Message) => renderText(message, { timezone: config.timezone, color, now: app.time.now() });
    const actor = consoleActor();
    const history = interactive ? historyPath(config.dataDir) : null;
    const session: ConsoleSession = new ConsoleSession({
      input,
      output,
      interactive,
      banner:
        `Pacta console — you are ${actor.name} (admin) in #${CONSOLE_CHANNEL.id}; database: ${app.db.location}; times in ${config.timezone}.\n` +
        'Type `help` for the commands, `exit` or Ctrl-D to leave.',
      history: history ? { load: () => loadHistory(history), save: (h) => saveHistory(history, h) } : null,
      run: async (line) => {
        try {
          const answer = await app.inbound.command({ text: line, actor, channel: CONSOLE_CHANNEL });
          return render(await writeCharts(withFilesInline(answer.reply)));
        } catch (err) {
          // The router answers bad input itself; reaching here means the database or a bug failed us.
          log.error({ err, line }, 'console command failed');
          return `Sorry, that failed: ${err instanceof Error ? err.message : String(err)}`;
        }
      },
    });
    app.chat.register('console', new ConsoleChatPort({ print: (text) => session.print(text), render, prepare: writeCharts }));
    if (options.demo) {
      const seeded = await seedDemo(app.store, app.time.now());
      output.write(
        seeded.seeded
          ? `Seeded the demo estate: ${seeded.services} services, ${seeded.incidents} incidents over the last 30 days (${seeded.open} open).\n`
          : 'The database already has services: the demo estate was not seeded again.\n',
      );
    }
    // At a terminal, alerts and digests for subscriptions of #console print as they fall due. A piped
    // script gets exactly its replies and nothing timed.
    const scheduler = interactive ? startScheduler(app, log) : null;
    try {
      await session.start();
    } finally {
      await scheduler?.stop();
    }
  } finally {
    await app.close();
  }
}
