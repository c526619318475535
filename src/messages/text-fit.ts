/**
 * Small text helpers every renderer needs: a progress bar drawn with characters, and cutting text to a
 * platform limit without breaking a character in two.
 */
import { formatPercent } from '../format/percent.ts';

/** Default width of {@link progressBar}, in cells. */
export const PROGRESS_BAR_WIDTH = 10;

/**
 * A bar of `width` cells: `██████░░░░` for 0.62. Cells fill only when reached (rounded down), so a bar
 * looks full only at 100 % and more; a clock at 99 % must not look breached. Values past 1 stay full,
 * negative or NaN values are empty.
 */
export function progressBar(fraction: number, width = PROGRESS_BAR_WIDTH): string {
  const f = Number.isFinite(fraction) ? fraction : fraction > 0 ? 1 : 0;
  const filled = Math.max(0, Math.min(width, Math.floor(f * width + 1e-9)));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/**
 * Whole percent for a progress line, rounded down for the same reason as the bar: `0.999` is `99%`,
 * and only a clock that reached its target reads `100%`. Values past 1 show as they are (`130%`).
 */
export function progressPercent(fraction: number): string {
  return formatPercent(fraction, 0, { rounding: 'down' });
}

/**
 * Cuts `s` to at most `max` UTF-16 code units, ending in `marker` when cut. Platform limits count
 * characters and UTF-16 units are never fewer, so the result is within the limit either way. A
 * surrogate pair (an emoji) is never split.
 */
export function truncateText(s: string, max: number, marker = '…'): string {
  if (s.length <= max) return s;
  if (max <= marker.length) return marker.slice(0, Math.max(0, max));
  let end = max - marker.length;
  if (isHighSurrogate(s.charCodeAt(end - 1))) end -= 1;
  return s.slice(0, end).trimEnd() + marker;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Removes control characters except line feed and tab, and turns CR LF into LF. User text reaches
 * terminals and chat clients; an escape sequence in an incident title must not reach either.
 */
export function stripControlChars(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
