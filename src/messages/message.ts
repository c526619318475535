/**
 * The neutral message model. The core and the commands describe what to show; each platform's renderer
 * (plain text, Slack Block Kit, Teams Adaptive Cards) decides how. No platform field appears here.
 */
import type { Chart } from '../charts/chart.ts';
import type { Actor } from '../domain/incident.ts';

/** Inline text with light emphasis. Renderers escape it for their platform. */
export type Span =
  | string
  | { bold: string }
  | { italic: string }
  | { code: string }
  | { link: string; url: string }
  /** A person; Slack and Teams render a mention, plain text their name. */
  | { user: Actor }
  /** A Slack user group: Slack renders a mention (`<!subteam^ID>`), others its handle. */
  | { group: string; handle?: string }
  /** A reaction or emoji by its platform name (`eyes`, `like`): Slack shows the emoji, others the name. */
  | { emoji: string }
  /** An instant, shown in the reader's zone with the zone named. */
  | { time: Date; zone: string; style?: 'datetime' | 'time' | 'relative' };

export type Text = Span | Span[];

export type Tone = 'good' | 'warning' | 'danger' | 'neutral';

/** What a button does: the command it runs, as the clicking user. */
export type ButtonAction = { id: 'ack' | 'resolve' | 'pause' | 'resume' | 'reopen' | SnoozeActionId; incident: number };

/** Snooze an incident's escalation for 30 min, 1 h or 2 h (docs/semantics.md §7). */
export type SnoozeActionId = 'snooze30m' | 'snooze1h' | 'snooze2h';

export type Block =
  | { type: 'header'; text: string; tone?: Tone }
  | { type: 'text'; text: Text }
  /** Label/value pairs, laid out in columns where the platform can. */
  | { type: 'fields'; fields: Array<{ label: string; value: Text }> }
  /** A clock or budget line: label, progress 0..1+ (may pass 1), and a caption. */
  | { type: 'progress'; label: string; fraction: number; caption: Text; tone: Tone }
  | { type: 'actions'; buttons: Array<{ label: string; action: ButtonAction; style?: 'primary' | 'danger' }> }
  /**
   * Buttons that open a web page (an alert's source, its runbook) and run no command. Renderers show
   * only links {@link openableUrl} accepts, and drop the rest.
   */
  | { type: 'links'; links: Array<{ label: string; url: string }> }
  /** Small print: ids, hints, "updated at". */
  | { type: 'context'; text: Text }
  | { type: 'divider' }
  /** A bulleted list. */
  | { type: 'list'; items: Text[] }
  /**
   * Preformatted text shown verbatim, in monospace where the platform can (a code block): a document
   * such as `sla document`'s Markdown, to be copied as it is.
   */
  | { type: 'code'; text: string }
  /**
   * A chart (src/charts/chart.ts), drawn by the platform's adapter: Slack uploads it as a PNG into the
   * channel, Teams shows it as a card image, the console prints `alt` and the path of a PNG it wrote.
   * `alt` says in words what the chart shows, for screen readers and for platforms that cannot show it.
   */
  | {
      type: 'image';
      alt: string;
      chart: Chart;
      /**
       * Where the platform finds the drawn image, set by its adapter just before rendering (a signed URL or
       * a data: URL for Teams, a file path for the console); absent: renderers show `alt` instead.
       */
      src?: string;
    };

export type ImageBlock = Extract<Block, { type: 'image' }>;

export type Message = {
  /** Plain text used for notifications, screen readers and platforms that cannot show blocks. */
  fallback: string;
  blocks: Block[];
};

/** Who sees a reply: only the person who asked, or everyone in the channel. */
export type Visibility = 'ephemeral' | 'channel';

/**
 * A file that comes with a reply (an export, an agreement): Slack sends it to the person as a file in
 * their direct messages with Pacta, Teams shows it in a code block, the console prints it.
 */
export type ReplyFile = { name: string; title: string; text: string };

export type Reply = { visibility: Visibility; message: Message; files?: ReplyFile[] };

/** The reply's message with its files shown inline, each under its name in a code block (Teams, the console). */
export function withFilesInline(reply: Reply): Message {
  if (!reply.files?.length) return reply.message;
  const blocks: Block[] = [...reply.message.blocks];
  for (const f of reply.files) blocks.push({ type: 'context', text: [{ bold: f.name }, ` — ${f.title}`] }, { type: 'code', text: f.text });
  return { fallback: reply.message.fallback, blocks };
}

/** The message's charts, in order. */
export function imagesOf(message: Message): ImageBlock[] {
  return message.blocks.filter((b): b is ImageBlock => b.type === 'image');
}

/** The message with its images dropped (Slack shares them as files beside the message). */
export function withoutImages(message: Message): Message {
  return { fallback: message.fallback, blocks: message.blocks.filter((b) => b.type !== 'image') };
}

/**
 * The message with each image's `src` set by `locate` (null: the image is shown by its alt text). Images are
 * located one after another, so `locate` may measure what the message has room for.
 */
export async function withImageSources(message: Message, locate: (image: ImageBlock, sofar: Message) => Promise<string | null>): Promise<Message> {
  if (!message.blocks.some((b) => b.type === 'image')) return message;
  const blocks: Block[] = [...message.blocks];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.type !== 'image') continue;
    const src = await locate(b, { fallback: message.fallback, blocks });
    if (src) blocks[i] = { ...b, src };
  }
  return { fallback: message.fallback, blocks };
}

/** A message with only text, for short answers. */
export function textMessage(text: string): Message {
  return { fallback: text, blocks: [{ type: 'text', text }] };
}

/**
 * The longest URL a link button carries: Slack's limit for a button URL. Every renderer applies it, so a
 * link shows on every platform or on none.
 */
export const LINK_URL_MAX = 3000;

/**
 * `url` as a link button may open it: an absolute http(s) URL of at most `max` characters, normalised
 * (so Slack and Teams accept it) and without user name or password, so a secret in a source link is not
 * posted in a channel. Null for anything else (`javascript:`, relative, malformed, too long).
 */
export function openableUrl(url: string, max = LINK_URL_MAX): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  parsed.username = '';
  parsed.password = '';
  return parsed.href.length <= max ? parsed.href : null;
}

/** Plain text of a span or list of spans, for fallbacks and the console. */
export function plainText(text: Text, render: (s: Span) => string = plainSpan): string {
  return Array.isArray(text) ? text.map(render).join('') : render(text);
}

function plainSpan(s: Span): string {
  if (typeof s === 'string') return s;
  if ('bold' in s) return s.bold;
  if ('italic' in s) return s.italic;
  if ('code' in s) return s.code;
  if ('link' in s) return `${s.link} (${s.url})`;
  if ('user' in s) return s.user.name ?? s.user.id;
  if ('group' in s) return `@${(s.handle ?? s.group).replace(/^@/, '')}`;
  if ('emoji' in s) return `:${s.emoji}:`;
  return s.time.toISOString();
}
