/**
 * The console's read–run–print loop. On a terminal: a prompt with history. Otherwise (a pipe, a file, a
 * test): one command per line, each echoed then answered, plain text, until the input ends — so a
 * script of commands doubles as a transcript.
 */
import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';

export type ConsoleSessionOptions = {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Prompt and history (a terminal) or line-by-line batch (anything else). */
  interactive: boolean;
  /** Runs one command line and returns the text to print. Should not throw; if it does, the loop survives. */
  run: (line: string) => Promise<string>;
  /** Printed once at the start of an interactive session. */
  banner?: string;
  history?: { load(): string[]; save(newestFirst: string[]): void } | null;
  prompt?: string;
};

const EXIT_WORDS = new Set(['exit', 'quit', '\\q']);

export class ConsoleSession {
  private rl: Interface | null = null;
  private busy = false;
  /** Posts made while a command runs wait for its reply, so the reply comes right under the command. */
  private held: string[] = [];

  constructor(private readonly options: ConsoleSessionOptions) {}

  /**
   * Prints text that arrives on its own (a card posted by another command, later an alert), keeping the
   * prompt intact on a terminal.
   */
  print(text: string): void {
    const out = this.options.output;
    if (this.busy) {
      this.held.push(text);
      return;
    }
    if (this.options.interactive && this.rl) {
      clearLine(out, 0);
      cursorTo(out, 0);
      out.write(`${text}\n`);
      this.rl.prompt(true);
      return;
    }
    out.write(`${text}\n`);
  }

  /** Runs until end of input or `exit`. */
  async start(): Promise<void> {
    const { input, output, interactive } = this.options;
    const rl = interactive
      ? createInterface({
          input,
          output,
          terminal: true,
          prompt: this.options.prompt ?? 'pacta> ',
          history: this.options.history?.load() ?? [],
          historySize: 1000,
          removeHistoryDuplicates: true,
        })
      : createInterface({ input, terminal: false, crlfDelay: Infinity });
    this.rl = rl;
    if (interactive) {
      const history = this.options.history;
      if (history) rl.on('history', (h: string[]) => history.save(h));
      // Ctrl-C on an empty line leaves, like a shell; on a half-typed line it just clears it.
      rl.on('SIGINT', () => {
        if (rl.line.length > 0) {
          // Ctrl-E then Ctrl-U: move to the end and delete back to the start, readline's own way to clear.
          rl.write('', { ctrl: true, name: 'e' });
          rl.write('', { ctrl: true, name: 'u' });
          output.write('^C\n');
          rl.prompt();
        } else rl.close();
      });
      if (this.options.banner) output.write(`${this.options.banner}\n`);
      rl.prompt();
    }
    try {
      // The async iterator queues lines that arrive while a command runs: order is kept, nothing is lost.
      for await (const raw of rl) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) {
          if (interactive) rl.prompt();
          continue;
        }
        if (EXIT_WORDS.has(line.toLowerCase())) break;
        if (!interactive) output.write(`> ${line}\n`);
        this.busy = true;
        let text: string;
        try {
          text = await this.options.run(line);
        } catch (err) {
          text = `Something went wrong: ${err instanceof Error ? err.message : String(err)}`;
        }
        output.write(`${text.replace(/\n+$/, '')}\n\n`);
        this.busy = false;
        for (const post of this.held.splice(0)) output.write(`${post.replace(/\n+$/, '')}\n\n`);
        if (interactive) rl.prompt();
      }
    } finally {
      rl.close();
      this.rl = null;
    }
  }
}
