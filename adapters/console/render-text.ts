/**
 * Renders a neutral {@link Message} as terminal text for the console adapter: readable without colour
 * (logs, pipes, tests) and nicer with ANSI colour on a terminal.
 */
import { openableUrl, type Block, type Message, type Span, type Text, type Tone } from '../../src/messages/message.ts';
import { buttonCommand } from '../../src/messages/button-action.ts';
import { PROGRESS_BAR_WIDTH, progressBar, progressPercent, stripControlChars } from '../../src/messages/text-fit.ts';
import { formatInstant, pickZone } from '../../src/messages/time-text.ts';

/** Options of {@link renderText}. */
export type RenderTextOptions = {
  /** The reader's IANA zone. Times are shown in it; a span's own zone is used only if this one is invalid. */
  timezone: string;
  /** ANSI colours and emphasis. Off by default so output stays clean in pipes and logs. */
  color?: boolean;
  /** Needed for `relative` times (`in 2h 5m`); without it they are shown as date and time. */
  now?: Date;
};

const ESC = '\u001b[';
const STYLE = {
  bold: [`${ESC}1m`, `${ESC}22m`],
  dim: [`${ESC}2m`, `${ESC}22m`],
  italic: [`${ESC}3m`, `${ESC}23m`],
  underline: [`${ESC}4m`, `${ESC}24m`],
  cyan: [`${ESC}36m`, `${ESC}39m`],
} as const;
const TONE_COLOR: Record<Tone, string | null> = {
  good: `${ESC}32m`,
  warning: `${ESC}33m`,
  danger: `${ESC}31m`,
  neutral: null,
};
const RESET_COLOR = `${ESC}39m`;
const DIVIDER_WIDTH = 40;

/**
 * Renders `message` as lines of text. Header underlined (or bold and tone-coloured with colour), fields
 * aligned as `label: value`, progress as `[███████▌░░] 75%`, buttons as command hints
 * (`Actions: ack INC-4 · resolve INC-4`), links as `Runbook: https://…`, list items with `•`, context dimmed.
 */
export function renderText(message: Message, opts: RenderTextOptions): string {
  const r = new TextRenderer(opts);
  const lines: string[] = [];
  const blocks = message.blocks;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.type === 'progress') {
      // Consecutive progress lines share one label width so their bars line up.
      let j = i;
      while (blocks[j + 1]?.type === 'progress') j++;
      const run = blocks.slice(i, j + 1) as Array<Extract<Block, { type: 'progress' }>>;
      const width = Math.max(...run.map((b) => displayWidth(r.clean(b.label))));
      for (const b of run) lines.push(r.progress(b, width));
      i = j;
      continue;
    }
    lines.push(...r.block(block));
  }
  if (lines.length === 0) return r.clean(message.fallback);
  return lines.join('\n');
}

class TextRenderer {
  constructor(private readonly opts: RenderTextOptions) {}

  block(block: Block): string[] {
    switch (block.type) {
      case 'header':
        return this.header(block.text, block.tone ?? 'neutral');
      case 'text':
        return [this.text(block.text)];
      case 'fields':
        return this.fields(block.fields);
      case 'progress':
        return [this.progress(block, displayWidth(this.clean(block.label)))];
      case 'actions':
        if (block.buttons.length === 0) return [];
        return [this.style('cyan', `Actions: ${block.buttons.map((b) => buttonCommand(b.action)).join(' · ')}`)];
      case 'links':
        return this.links(block.links);
      case 'context':
        return [this.style('dim', this.text(block.text))];
      case 'divider':
        return [this.style('dim', '─'.repeat(DIVIDER_WIDTH))];
      case 'code':
        return [this.clean(block.text.replace(/\n+$/, ''))];
      case 'list':
        return block.items.map((item) => `• ${indentContinuation(this.text(item), '  ')}`);
      case 'image':
        // The console cannot show a picture: what it shows in words, and where the PNG was written.
        return [this.style('cyan', `Chart: ${this.clean(block.alt)}${block.src ? ` (${this.clean(block.src)})` : ''}`)];
    }
  }

  header(text: string, tone: Tone): string[] {
    const clean = this.clean(text);
    if (this.opts.color) return [this.tone(tone, this.style('bold', this.style('underline', clean)))];
    return [clean, '═'.repeat(Math.max(1, displayWidth(clean)))];
  }

  fields(fields: Array<{ label: string; value: Text }>): string[] {
    const width = Math.max(0, ...fields.map((f) => displayWidth(this.clean(f.label)) + 1));
    return fields.map((f) => {
      const label = padEnd(`${this.clean(f.label)}:`, width);
      // Continuation lines of a multi-line value start under the value, not under the label.
      const value = indentContinuation(this.text(f.value), ' '.repeat(width + 1));
      return `${this.style('bold', label)} ${value}`;
    });
  }

  /** `Runbook: https://…`, one line each; only links a button could open (see `openableUrl`). */
  links(links: Extract<Block, { type: 'links' }>['links']): string[] {
    return links.flatMap((link) => {
      const url = openableUrl(link.url);
      if (!url) return [];
      const label = this.clean(link.label).replace(/\s+/g, ' ').trim();
      const shown = this.style('underline', url);
      return [label ? `${label}: ${shown}` : shown];
    });
  }

  progress(block: Extract<Block, { type: 'progress' }>, labelWidth: number): string {
    const figure = progressPercent(block.fraction);
    const bar = this.tone(block.tone, `[${figureBar(figure, block.fraction)}] ${figure}`);
    const caption = this.text(block.caption);
    const label = padEnd(this.clean(block.label), labelWidth);
    return caption ? `${label}  ${bar}  ${caption}` : `${label}  ${bar}`;
  }

  text(text: Text): string {
    return (Array.isArray(text) ? text : [text]).map((s) => this.span(s)).join('');
  }

  span(s: Span): string {
    if (typeof s === 'string') return this.clean(s);
    if ('bold' in s) return this.opts.color ? this.style('bold', this.clean(s.bold)) : this.clean(s.bold);
    if ('italic' in s) return this.opts.color ? this.style('italic', this.clean(s.italic)) : this.clean(s.italic);
    if ('code' in s) return this.opts.color ? this.style('cyan', this.clean(s.code)) : `\`${this.clean(s.code)}\``;
    if ('link' in s) {
      const label = this.clean(s.link);
      const url = this.clean(s.url);
      const shown = label === url || label === '' ? url : `${label} (${url})`;
      return this.style('underline', shown);
    }
    if ('user' in s) return `@${this.clean(s.user.name ?? s.user.id)}`;
    if ('group' in s) return `@${this.clean((s.handle ?? s.group).replace(/^@/, ''))}`;
    if ('emoji' in s) return `:${this.clean(s.emoji)}:`;
    const zone = pickZone(this.opts.timezone, s.zone);
    return formatInstant(s.time, zone, s.style ?? 'datetime', this.opts.now);
  }

  /**
   * Removes control characters from user text. A title containing an ANSI escape could otherwise
   * recolour, clear or retitle the operator's terminal.
   */
  clean(s: string): string {
    return stripControlChars(s);
  }

  style(name: keyof typeof STYLE, s: string): string {
    if (!this.opts.color || s === '') return s;
    const [on, off] = STYLE[name];
    return `${on}${s}${off}`;
  }

  tone(tone: Tone, s: string): string {
    const color = TONE_COLOR[tone];
    return this.opts.color && color ? `${color}${s}${RESET_COLOR}` : s;
  }
}

// Left-aligned eighth blocks, one to seven eighths of a cell.
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * The bar beside a progress figure, drawn from that figure so the two agree: `[███████▌░░] 75%`. Cells
 * fill in eighths, rounded down like the figure, so the bar shows the figure to within an eighth of a
 * cell (1.25 %) and is full only from 100 %. A figure that is not a number (`∞%`, `n/a`) draws the bar
 * from the fraction, full or empty.
 */
function figureBar(figure: string, fraction: number): string {
  const percent = Number.parseInt(figure, 10);
  if (Number.isNaN(percent)) return progressBar(fraction);
  const total = PROGRESS_BAR_WIDTH * 8;
  const eighths = Math.max(0, Math.min(total, Math.floor((percent * total) / 100)));
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8] ?? '';
  return '█'.repeat(full) + part + '░'.repeat(PROGRESS_BAR_WIDTH - full - (part ? 1 : 0));
}

function indentContinuation(s: string, indent: string): string {
  return s.replace(/\n/g, `\n${indent}`);
}

/** Width in terminal cells, counting code points (good enough for the Latin text and bars Pacta prints). */
function displayWidth(s: string): number {
  // eslint-disable-next-line no-control-regex
  return [...s.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}
