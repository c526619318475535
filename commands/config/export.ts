/**
 * The configuration in export's words (docs/semantics.md §8): the stored objects as documents, and any
 * document brought to that same form (`normalize`), so that comparing the two says what really differs
 * — `60m` and `1h` are the same, and so is leaving out a default.
 */
import { parseWeeklyHours } from '../../src/calendar/index.ts';
import { channelKey } from '../../src/domain/channel.ts';
import type { CreditTier } from '../../src/domain/service.ts';
import { formatDuration } from '../../src/format/duration.ts';
import { formatWeeklyHours } from '../../src/messages/views/lists.ts';
import type { Repositories } from '../../src/ports/store.ts';
import { checkCredits } from '../../src/slo/credits.ts';
import { parseCredits } from '../parse/credits.ts';
import { formatDigestSchedule, parseDigestSchedule } from '../parse/digest-schedule.ts';
import { parseDuration } from '../parse/duration.ts';
import { formatEscalation, parseEscalation, parsePerson } from '../parse/escalation.ts';
import { formatHandoff, parseHandoff } from '../parse/handoff.ts';
import { API_VERSION, identity, KINDS, type ConfigDocument } from './documents.ts';

/** Credit tiers in the words `--credits` takes, highest threshold first: `99.9=10%,99=25%`. */
const creditsText = (tiers: readonly CreditTier[]): string => tiers.map((t) => `${t.below}=${t.credit}%`).join(',');
const seconds = (s: number): string => formatDuration(s * 1000, { style: 'compact' }).replace(/\s+/g, '');
const personKey = (p: { platform: string; id: string }) => `${p.platform}:${p.id}`;

/** Every stored configuration object as a document, in a fixed order: kinds as listed, then by identity. */
export async function exportDocuments(r: Repositories): Promise<ConfigDocument[]> {
  const docs: ConfigDocument[] = [];
  const v = API_VERSION;
  for (const c of await r.calendars.list()) {
    const spec: { timezone: string; hours: string; holidays?: string[] } = { timezone: c.timezone, hours: formatWeeklyHours(c.weekly) };
    if (c.holidays?.length) spec.holidays = [...c.holidays].sort();
    docs.push({ apiVersion: v, kind: 'Calendar', metadata: { name: c.name }, spec });
  }
  const services = await r.services.list();
  for (const s of services) {
    const spec: Extract<ConfigDocument, { kind: 'Service' }>['spec'] = { displayName: s.name };
    if (s.calendar) spec.calendar = s.calendar;
    if (s.objective) spec.availability = { target: Math.round(s.objective.target * 100 * 1e6) / 1e6, window: s.objective.window };
    if (s.degradedWeight !== 0.5) spec.degradedWeight = s.degradedWeight;
    if (s.channel) spec.channel = channelKey(s.channel);
    if (s.credits?.length) spec.credits = creditsText(s.credits);
    if (s.public) spec.public = true;
    docs.push({ apiVersion: v, kind: 'Service', metadata: { name: s.key }, spec });
  }
  for (const s of services) {
    for (const p of await r.policies.list(s.key)) {
      const spec: Extract<ConfigDocument, { kind: 'Policy' }>['spec'] = { service: p.serviceKey, priority: p.priority };
      if (p.ackTargetSeconds) spec.acknowledge = seconds(p.ackTargetSeconds);
      if (p.resolveTargetSeconds) spec.resolve = seconds(p.resolveTargetSeconds);
      if (p.calendar) spec.calendar = p.calendar;
      spec.warnings = [...p.warningThresholds];
      docs.push({ apiVersion: v, kind: 'Policy', spec });
    }
  }
  for (const rota of await r.rotas.list()) {
    docs.push({ apiVersion: v, kind: 'Rota', metadata: { name: rota.name }, spec: { zone: rota.zone, handoff: formatHandoff(rota.handoff), members: rota.members.map(personKey) } });
  }
  for (const e of await r.escalations.all()) {
    const spec: Extract<ConfigDocument, { kind: 'Escalation' }>['spec'] = { service: e.serviceKey, policy: formatEscalation(e) };
    if (e.priority) spec.priority = e.priority;
    docs.push({ apiVersion: v, kind: 'Escalation', spec });
  }
  for (const i of await r.integrations.list()) {
    const spec: Extract<ConfigDocument, { kind: 'Integration' }>['spec'] = { type: i.kind };
    if (i.defaultService) spec.service = i.defaultService;
    if (i.routeLabel !== 'service') spec.routeLabel = i.routeLabel;
    if (i.perAlert) spec.perAlert = true;
    if (Object.keys(i.severityMap).length) spec.severity = Object.fromEntries(Object.entries(i.severityMap).sort(([a], [b]) => a.localeCompare(b)));
    if (i.reopenWindowSeconds !== 1800) spec.reopenWindow = seconds(i.reopenWindowSeconds);
    docs.push({ apiVersion: v, kind: 'Integration', metadata: { name: i.name }, spec });
  }
  for (const s of await r.subscriptions.list()) {
    const spec: Extract<ConfigDocument, { kind: 'Subscription' }>['spec'] = { channel: channelKey(s.channel), services: s.allServices ? 'all' : [...s.services].sort(), timezone: s.timezone };
    if (s.digestSpec) spec.digest = s.digestSpec;
    docs.push({ apiVersion: v, kind: 'Subscription', spec });
  }
  for (const role of await r.roles.list()) docs.push({ apiVersion: v, kind: 'Role', spec: { user: `${role.platform}:${role.userId}`, role: role.role } });
  return sortDocuments(docs);
}

export function sortDocuments(docs: ConfigDocument[]): ConfigDocument[] {
  return [...docs].sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || identity(a).localeCompare(identity(b)));
}


/**
 * A document in the form export writes it: defaults left out or filled in as export does, durations,
 * hand-offs and escalation ladders in their canonical words, lists sorted where order means nothing. So
 * `15m` and `900s` are no change, nor is leaving out what is the default.
 * @throws BadArgumentError when a value does not read (a bad duration, hand-off or ladder)
 */
export function normalize(d: ConfigDocument): ConfigDocument {
  const dur = (s: string) => seconds(parseDuration(s) / 1000);
  switch (d.kind) {
    case 'Calendar': {
      const spec: typeof d.spec = { timezone: d.spec.timezone, hours: formatWeeklyHours(parseWeeklyHours(d.spec.hours)) };
      if (d.spec.holidays?.length) spec.holidays = [...new Set(d.spec.holidays)].sort();
      return { ...d, spec };
    }
    case 'Service': {
      const { degradedWeight, credits, public: shown, ...rest } = d.spec;
      const tiers = credits ? parseCredits(credits) : null;
      return {
        ...d,
        spec: {
          ...rest,
          ...(degradedWeight !== undefined && degradedWeight !== 0.5 ? { degradedWeight } : {}),
          ...(tiers?.length ? { credits: creditsText(checkCredits(tiers)) } : {}),
          ...(shown ? { public: true } : {}),
        },
      };
    }
    case 'Policy': {
      const spec: typeof d.spec = { service: d.spec.service, priority: d.spec.priority };
      if (d.spec.acknowledge) spec.acknowledge = dur(d.spec.acknowledge);
      if (d.spec.resolve) spec.resolve = dur(d.spec.resolve);
      if (d.spec.calendar) spec.calendar = d.spec.calendar;
      spec.warnings = [...new Set(d.spec.warnings ?? [75, 90])].sort((a, b) => a - b);
      return { ...d, spec };
    }
    case 'Rota':
      return { ...d, spec: { ...d.spec, handoff: formatHandoff(parseHandoff(d.spec.handoff)), members: d.spec.members.map((m) => personKey(parsePerson(m, 'console'))) } };
    case 'Escalation': {
      const policy = formatEscalation(parseEscalation(d.spec.policy, { platform: 'slack', channel: { platform: 'console', id: 'apply' } }));
      return { ...d, spec: { ...d.spec, policy } };
    }
    case 'Integration': {
      const spec: typeof d.spec = { type: d.spec.type };
      if (d.spec.service) spec.service = d.spec.service;
      if (d.spec.routeLabel && d.spec.routeLabel !== 'service') spec.routeLabel = d.spec.routeLabel;
      if (d.spec.perAlert) spec.perAlert = true;
      if (d.spec.severity && Object.keys(d.spec.severity).length) spec.severity = Object.fromEntries(Object.entries(d.spec.severity).map(([k, v]) => [k.toLowerCase(), v] as const).sort(([a], [b]) => a.localeCompare(b)));
      if (d.spec.reopenWindow && parseDuration(d.spec.reopenWindow) !== 1_800_000) spec.reopenWindow = dur(d.spec.reopenWindow);
      if (d.spec.secretFromEnv) spec.secretFromEnv = d.spec.secretFromEnv;
      return { ...d, spec };
    }
    case 'Subscription': {
      const spec: typeof d.spec = { channel: d.spec.channel, services: d.spec.services === 'all' ? 'all' : [...new Set(d.spec.services)].sort(), timezone: d.spec.timezone };
      if (d.spec.digest) spec.digest = formatDigestSchedule(parseDigestSchedule(d.spec.digest));
      return { ...d, spec };
    }
    case 'Role':
      return { ...d, spec: { ...d.spec, user: personKey(parsePerson(d.spec.user, 'console')) } };
  }
}

