/**
 * Stored text — incident titles, notes, pause reasons, resolve notes — as the views show it
 * (docs/semantics.md §4). Text is stored as the person meant it, decoded by the adapter it came through,
 * with one piece of markup: a person is kept as a marker, `<@ID>` or `<@ID|name>`, the command
 * language's mention form (the one `role grant` reads). The marker names a person on the platform of
 * whoever wrote the text — a Teams author's `<@…>` is a Teams user; anyone else's (Slack, the console) a
 * Slack user, as in the command language — so stored text needs no platform field of its own.
 *
 * Nothing else in stored text is markup: every renderer escapes it for its platform, so `<!channel>`,
 * `@here` or `<at>` typed by someone is shown, never sent.
 */
import type { Actor } from '../domain/incident.ts';
import type { Span } from './message.ts';

/** A person marker: the id as `role grant` accepts it, and an optional display name. */
const PERSON = /<@([A-Za-z0-9._-]{1,200})(?:\|([^<>|\n]{0,200}))?>/g;

/** The platform a person marker written by `author` refers to. */
function markerPlatform(author: Actor): Actor['platform'] {
  return author.platform === 'teams' ? 'teams' : 'slack';
}

/** The person marker for `person`, as adapters write it into stored text. Names lose `<`, `>`, `|` and line breaks. */
export function personMarker(person: { id: string; name?: string | undefined }): string {
  const name = (person.name ?? '').replace(/[<>|\r\n]/g, '').trim();
  return name ? `<@${person.id}|${name}>` : `<@${person.id}>`;
}

/**
 * Stored text written by `author` as spans: each person marker becomes a `{ user }` span (a mention
 * where the platform can show one, the name elsewhere), everything else stays literal text.
 */
export function storedText(text: string, author: Actor): Span[] {
  const out: Span[] = [];
  let last = 0;
  for (const m of text.matchAll(PERSON)) {
    const i = m.index ?? 0;
    if (i > last) out.push(text.slice(last, i));
    const name = m[2]?.trim();
    out.push({ user: { platform: markerPlatform(author), id: m[1] ?? '', ...(name ? { name } : {}) } });
    last = i + m[0].length;
  }
  if (last < text.length || out.length === 0) out.push(text.slice(last));
  return out;
}

/**
 * Stored text in plain words, for places that hold no spans (headers, fallbacks, bold runs): each
 * person marker becomes the person's name, or their id when the marker carries no name.
 */
export function storedPlain(text: string): string {
  return text.replace(PERSON, (_m, id: string, name: string | undefined) => name?.trim() || id);
}
