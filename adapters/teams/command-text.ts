/**
 * A Teams message as a command line. Teams sends `<at>Pacta</at> ack INC-4` with HTML entities and,
 * for formatted messages, HTML; the command language wants `ack INC-4`.
 */
import { TurnContext, type Activity, type Mention } from 'botbuilder';
import { lookupMember } from './actors.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Mentions of people and bots in the message (not of the recipient, Pacta itself). */
function mentions(activity: Activity): Mention[] {
  return TurnContext.getMentions(activity).filter((m) => typeof m.text === 'string' && m.text !== '' && m.mentioned?.id);
}

/** True when the message mentions Pacta (required in channels and group chats). */
export function mentionsBot(activity: Activity): boolean {
  return mentions(activity).some((m) => m.mentioned.id === activity.recipient?.id);
}

/**
 * The command in a message: Pacta's mention removed, other people's mentions written as `<@id>`
 * (the mention form `role grant` understands, with the person's Entra object id), HTML tags dropped and
 * entities decoded, white space collapsed.
 */
export async function commandText(context: TurnContext): Promise<string> {
  const activity = context.activity;
  let text = activity.text ?? '';
  let botMentioned = false;
  for (const m of mentions(activity)) {
    if (m.mentioned.id === activity.recipient?.id) {
      text = text.split(m.text).join(' ');
      botMentioned = true;
      continue;
    }
    if (!text.includes(m.text)) continue;
    const id = (m.mentioned as { aadObjectId?: string }).aadObjectId ?? (await lookupMember(context, m.mentioned.id))?.aadObjectId ?? m.mentioned.id;
    // No `|name` part: display names have spaces, and a mention must stay one word of the command.
    text = text.split(m.text).join(`<@${id}>`);
  }
  // A client that sends the mention without its entity: a leading `<at>…</at>` can only address Pacta.
  if (!botMentioned) text = text.replace(/^\s*<at>[^<]*<\/at>/i, ' ');
  return plain(text);
}

/** Text without HTML: line breaks kept, tags dropped (user mentions survive as `<@…>`), entities decoded. */
function plain(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(p|div|li)>/gi, '\n')
    .replace(/<(?!@)\/?[a-z][^>]*>/gi, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] === '#') {
        const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
        return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
      }
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}
