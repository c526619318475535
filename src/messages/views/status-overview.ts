/**
 * `status` with no argument: every service, worst first. Built to stay readable — and inside Slack's
 * 50-block limit — with a thousand services: breached and at-risk services are listed up to a cap each,
 * the rest of each group is counted with a pointer to `status <service>`, and the healthy tail is one
 * line. The block count does not grow with the number of services.
 */
import type { Health, ServiceStatus, StatusOverview } from '../../model/status.ts';
import type { Block, Message, Text, Tone } from '../message.ts';
import { at, count, plain, withCode } from './plain.ts';
import { serviceLine } from './service-line.ts';

/** Options of {@link statusOverview}. */
export type StatusOverviewOptions = {
  /** The reader's IANA zone. */
  timezone: string;
  /** Lines per group (breached, at risk) before the rest is counted; default 15. */
  cap?: number;
  /** Healthy services are listed one per line only up to this many; past it, one summary line. */
  healthyInline?: number;
};

const GROUPS: Array<{ health: Health; title: string; tone: Tone }> = [
  { health: 'breached', title: 'Breached', tone: 'danger' },
  { health: 'at_risk', title: 'At risk', tone: 'warning' },
  { health: 'healthy', title: 'Healthy', tone: 'good' },
];

/** Every service, worst first, capped per group; see the module comment. */
export function statusOverview(overview: StatusOverview, opts: StatusOverviewOptions): Message {
  const zone = opts.timezone;
  const cap = opts.cap ?? 15;
  const healthyInline = opts.healthyInline ?? 10;
  const { counts, services } = overview;
  const total = services.length;
  if (total === 0) {
    const text = 'No services yet. Add one with `service add payments "Payments API" --availability 99.9 --window 30d`.';
    return { fallback: text, blocks: [{ type: 'header', text: 'Status' }, { type: 'text', text: withCode(text) }] };
  }
  const tone: Tone = counts.breached ? 'danger' : counts.at_risk ? 'warning' : 'good';
  const open = services.reduce((n, s) => n + s.openCount, 0);
  const summary = `${counts.breached} breached · ${counts.at_risk} at risk · ${counts.healthy} healthy · ${count(open, 'open incident')}`;
  const blocks: Block[] = [
    { type: 'header', text: `Status · ${count(total, 'service')}`, tone },
    { type: 'text', text: summary },
  ];
  const byHealth = (h: Health): ServiceStatus[] => services.filter((s) => s.health === h);
  for (const group of GROUPS) {
    const members = byHealth(group.health);
    if (members.length === 0) continue;
    if (group.health === 'healthy' && members.length > healthyInline) {
      blocks.push({ type: 'text', text: [{ bold: `${count(members.length, 'healthy service')}` }, ...withCode(' — within objective, no open incidents. `status <service>` shows one.')] });
      continue;
    }
    blocks.push({ type: 'text', text: { bold: `${group.title} (${members.length})` } });
    blocks.push({ type: 'list', items: members.slice(0, cap).map((s): Text => serviceLine(s, zone)) });
    if (members.length > cap) {
      blocks.push({ type: 'context', text: withCode(`…and ${members.length - cap} more ${group.title.toLowerCase()} — \`status <service>\` shows one.`) });
    }
  }
  blocks.push({ type: 'context', text: ['As of ', at(overview.now, zone)] });
  return { fallback: fallback(overview, summary), blocks };
}

// Names the worst few so a notification preview says what is wrong, not only how many.
function fallback(overview: StatusOverview, summary: string): string {
  const worst = overview.services.filter((s) => s.health !== 'healthy').slice(0, 5);
  const names = worst.map((s) => `${s.service.key} (${s.health === 'breached' ? 'breached' : 'at risk'})`).join(', ');
  return plain(`Status of ${count(overview.services.length, 'service')}: ${summary}${names ? `. Worst: ${names}` : ''}.`);
}
