/**
 * Where an incident opened by monitoring comes from, as its card and its detail show it
 * (docs/semantics.md §6): the integration and how many alerts fire, the labels that matter, the
 * description, and buttons to the alert's source and runbook.
 *
 * All of it arrived in a webhook body, so it is shown, never obeyed: every renderer escapes it like any
 * stored text, and a person marker in it reads as a name, as in a title (docs/semantics.md §4) — a
 * monitoring system cannot mention or broadcast to anyone. It is cut here to sizes that keep the card
 * well inside Slack's and Teams' limits whatever the sender put in.
 */
import type { MonitoringSource } from '../../model/incident-state.ts';
import type { Block, Span } from '../message.ts';
import { storedPlain } from '../stored-text.ts';
import { truncateText } from '../text-fit.ts';
import { at, count, joinParts } from './plain.ts';

/** Labels shown; more are counted (`+3 more`). */
export const SOURCE_LABELS_SHOWN = 8;
/** A label's name and value are cut to these lengths. */
export const LABEL_NAME_MAX = 40;
export const LABEL_VALUE_MAX = 80;
/** The description is cut to this many characters and lines. */
export const DESCRIPTION_MAX = 500;
export const DESCRIPTION_LINES = 6;
const INTEGRATION_MAX = 80;

/** `From alertmanager-prod · 3 alerts firing`, or `… · all alerts resolved`. */
export function sourceLine(source: MonitoringSource): Span[] {
  const firing = source.firing > 0 ? `${count(source.firing, 'alert')} firing` : 'all alerts resolved';
  return ['From ', { bold: oneLine(source.integration, INTEGRATION_MAX) || source.kind }, ` · ${firing}`];
}

/** The source as blocks: the line above with the last delivery, the labels, the description, the links. */
export function sourceBlocks(source: MonitoringSource, zone: string): Block[] {
  const line: Span[] = [...sourceLine(source)];
  if (source.lastDeliveryAt.getTime() > 0) line.push(' · last delivery ', at(source.lastDeliveryAt, zone));
  const blocks: Block[] = [{ type: 'text', text: line }];

  const labels = source.labels
    .map(([name, value]) => [oneLine(name, LABEL_NAME_MAX), oneLine(value, LABEL_VALUE_MAX)] as const)
    .filter(([name]) => name !== '');
  const shown = labels.slice(0, SOURCE_LABELS_SHOWN);
  if (shown.length > 0) {
    const more = labels.length - shown.length;
    blocks.push({ type: 'text', text: joinParts([...shown.map(([name, value]): Span => ({ code: `${name}=${value}` })), more > 0 ? `+${more} more` : null]) });
  }

  const description = descriptionText(source.description);
  if (description) blocks.push({ type: 'text', text: description });

  const links: Array<{ label: string; url: string }> = [];
  if (source.sourceUrl) links.push({ label: 'Source', url: source.sourceUrl });
  if (source.runbookUrl) links.push({ label: 'Runbook', url: source.runbookUrl });
  if (links.length > 0) blocks.push({ type: 'links', links });
  return blocks;
}

/** Text on one line, cut to `max`. */
function oneLine(s: string, max: number): string {
  return truncateText(storedPlain(s).replace(/\s+/g, ' ').trim(), max);
}

/** The description with its line breaks, blank runs folded, cut to the first lines and characters. */
function descriptionText(description: string | null): string {
  if (!description) return '';
  const lines = storedPlain(description)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd());
  const kept: string[] = [];
  for (const l of lines) {
    if (l.trim() === '' && (kept.length === 0 || kept[kept.length - 1] === '')) continue;
    kept.push(l);
  }
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  const text = kept.slice(0, DESCRIPTION_LINES).join('\n').trimEnd();
  return truncateText(kept.length > DESCRIPTION_LINES ? `${text}…` : text, DESCRIPTION_MAX);
}
