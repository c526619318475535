/**
 * Text as Slack sends it, back to what the person typed (docs/semantics.md §4). With `should_escape`
 * (both manifests set it) Slack writes `&`, `<` and `>` as `&amp;`, `&lt;`, `&gt;` and everything it
 * recognised as an `<…>` token: people `<@U123|bob>`, channels `<#C123|ops>`, user groups
 * `<!subteam^S123|@oncall>`, broadcasts `<!here>`, `<!channel>`, `<!everyone>`, links
 * `<https://x|label>`. A literal `<` is always an entity, so every real `<` opens a token.
 *
 * People stay people: a mention becomes the person marker of stored text (`<@U123|bob>`, see
 * src/messages/stored-text.ts), a mention in Slack and the name elsewhere. Everything else becomes the
 * words it showed as: `#ops`, `@oncall`, a link's label and address. A broadcast becomes the plain word
 * `@here`, which no renderer turns back into a broadcast.
 */
import { personMarker } from '../../src/messages/stored-text.ts';

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/** Decodes Slack's three entities (the only ones Slack writes). */
function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt);/g, (_m, name: string) => ENTITY[name] ?? '');
}

/** Slack-escaped text (`command.text`, event text) as the person meant it. */
export function decodeSlackText(text: string): string {
  return text.replace(/<([^<>]*)>|&(amp|lt|gt);/g, (_m, token: string | undefined, entity: string | undefined) =>
    token === undefined ? (ENTITY[entity ?? ''] ?? '') : decodeToken(token),
  );
}

/** One `<…>` token (its inside): `@U123|bob`, `#C123|ops`, `!here`, `https://x|label`. */
function decodeToken(inside: string): string {
  const bar = inside.indexOf('|');
  const target = bar === -1 ? inside : inside.slice(0, bar);
  const label = bar === -1 ? '' : decodeEntities(inside.slice(bar + 1)).trim();
  if (target.startsWith('@')) {
    const id = target.slice(1);
    // Anything Pacta's marker cannot hold (never sent by Slack) is shown as its label.
    if (!/^[A-Za-z0-9._-]{1,200}$/.test(id)) return `@${label || id}`;
    return personMarker({ id, name: label.replace(/^@/, '') });
  }
  if (target.startsWith('#')) return `#${label.replace(/^#/, '') || target.slice(1)}`;
  if (target.startsWith('!')) {
    const [kind, id] = target.slice(1).split('^', 2) as [string, string | undefined];
    if (kind === 'date') return label;
    if (kind === 'subteam') return label.startsWith('@') ? label : `@${label || id || 'group'}`;
    // `<!here>`, `<!channel>`, `<!everyone>` (sometimes `<!here|here>`): the word, not the broadcast.
    return `@${kind}`;
  }
  const url = decodeEntities(target);
  if (label === '' || label === url) return url;
  // `example.com` typed is sent as `<http://example.com|example.com>`: keep what was typed.
  if (url.replace(/^(https?:\/\/|mailto:|tel:)/i, '') === label) return label;
  return `${label} (${url})`;
}
