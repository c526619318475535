/**
 * HTML that cannot be injected into: every value interpolated into `html` is escaped unless it is
 * already {@link Html} (built by `html` itself), so a service name, title or note such as
 * `<script>…</script>` or `" onmouseover="…` is shown as text wherever it lands — element or attribute.
 * The message model's spans (src/messages/message.ts) become HTML here, so the dashboard says a figure
 * in the very words chat does (the same view helpers build them).
 */
import { formatInstant, isoSeconds } from '../../src/messages/time-text.ts';
import type { Span, Text } from '../../src/messages/message.ts';
import { openableUrl } from '../../src/messages/message.ts';

/** Markup known to be safe: only `html`, `raw` and the renderers here make one. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = Html | string | number | null | undefined | false | readonly Value[];

/** Escapes text for an element or a quoted attribute: `& < > " '`. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  // Characters no page should carry (NUL, other C0 controls but tab and line breaks) are dropped.
  return escapeHtml(String(v).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ''));
}

/** A template whose values are escaped (arrays joined, null/undefined/false left out). */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Trusted markup as it is: only for constants of this adapter (the stylesheet), never for stored text. */
export function raw(text: string): Html {
  return new Html(text);
}

/** An instant in `zone` with the zone named, as chat shows it, in a machine-readable `<time>`. */
export function timeHtml(t: Date, zone: string, style: 'datetime' | 'time' = 'datetime'): Html {
  return html`<time datetime="${isoSeconds(t)}">${formatInstant(t, zone, style)}</time>`;
}

/**
 * A message `Text` as HTML: bold, italic and code as such, people by name, times as `<time>` in their
 * zone, links only when they are plain http(s) (as chat shows them).
 */
export function textHtml(text: Text): Html {
  const spans: readonly Span[] = Array.isArray(text) ? text : [text];
  return new Html(spans.map((s) => spanHtml(s).text).join(''));
}

function spanHtml(s: Span): Html {
  if (typeof s === 'string') return html`${s}`;
  if ('bold' in s) return html`<strong>${s.bold}</strong>`;
  if ('italic' in s) return html`<em>${s.italic}</em>`;
  if ('code' in s) return html`<code>${s.code}</code>`;
  if ('link' in s) {
    const url = openableUrl(s.url);
    return url ? html`<a href="${url}" rel="noreferrer noopener">${s.link}</a>` : html`${s.link}`;
  }
  if ('user' in s) return html`${s.user.name ?? s.user.id}`;
  if ('group' in s) return html`@${(s.handle ?? s.group).replace(/^@/, '')}`;
  if ('emoji' in s) return html`:${s.emoji}:`;
  return timeHtml(s.time, s.zone, s.style === 'time' ? 'time' : 'datetime');
}
