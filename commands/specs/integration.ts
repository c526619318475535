/**
 * `integration add|list|show|rotate|remove` and `alerts`: connecting monitoring (docs/semantics.md §6).
 * Secrets are shown once, in the reply to `add` and `rotate`, which is always ephemeral.
 */
import { formatIncidentRef } from '../../src/domain/incident-id.ts';
import { BadArgumentError } from '../../src/errors.ts';
import type { Block, Message } from '../../src/messages/message.ts';
import type { AlertSourceKind } from '../../src/ports/alerts.ts';
import type { Integration } from '../../src/ports/store.ts';
import { DEFAULT_ROTATE_GRACE_SECONDS, INTEGRATION_KINDS, type IntegrationUseCases, type IssuedSecret } from '../../src/usecases/integrations.ts';
import { flagValue, noPositionals, positionals } from '../arguments.ts';
import { parseDuration } from '../parse/duration.ts';
import { say } from '../replies.ts';
import type { CommandContext, CommandGroup, CommandSpec } from '../spec.ts';

function uses(ctx: CommandContext): IntegrationUseCases {
  if (!ctx.deps.integrations) throw new BadArgumentError('Monitoring integrations are not available here.');
  return ctx.deps.integrations;
}

/** The address senders post to. */
export function webhookUrl(publicUrl: string | null | undefined, name: string): string {
  return `${publicUrl ?? 'https://<your Pacta address>'}/webhooks/${encodeURIComponent(name)}`;
}

/** `critical=P1,warning=P3/none` → a map. */
function severityMap(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [k, v] = part.split('=');
    if (!k || !v) throw new BadArgumentError(`--severity takes label=priority pairs, e.g. critical=P1,warning=P3; got "${part}".`);
    out[k.trim()] = v.trim();
  }
  return out;
}

/** The ready-to-paste configuration for the sender. */
export function snippet(i: Integration, url: string, secret: string, hmacKey: string | null): string {
  if (i.kind === 'alertmanager') {
    return [
      'receivers:',
      '  - name: pacta',
      '    webhook_configs:',
      `      - url: ${url}`,
      '        send_resolved: true',
      '        max_alerts: 500',
      '        http_config:',
      '          authorization:',
      '            type: Bearer',
      `            credentials: ${secret}`,
    ].join('\n');
  }
  if (i.kind === 'grafana') {
    const lines = [
      'Contact point → Integration: Webhook',
      `  URL: ${url}`,
      '  HTTP method: POST',
      '  Authorization header - Scheme: Bearer',
      `  Authorization header - Credentials: ${secret}`,
    ];
    if (hmacKey) lines.push(`  HMAC signature - Secret: ${hmacKey}`, '  HMAC signature - Header: X-Grafana-Alerting-Signature', '  HMAC signature - Timestamp header: X-Grafana-Alerting-Timestamp');
    return lines.join('\n');
  }
  return [
    `curl -X POST ${url} \\`,
    `  -H 'Authorization: Bearer ${secret}' \\`,
    "  -H 'Content-Type: application/json' \\",
    `  -d '{"dedup_key":"disk-full-db1","status":"firing","summary":"Disk 95% full on db1"${i.defaultService ? '' : ',"service":"payments"'},"severity":"critical"}'`,
  ].join('\n');
}

function issuedReply(ctx: CommandContext, issued: IssuedSecret, verb: string, extra: string | null): Message {
  const i = issued.integration;
  const url = webhookUrl(ctx.deps.publicUrl, i.name);
  const blocks: Block[] = [
    { type: 'header', text: `Integration ${i.name} ${verb}` },
    { type: 'fields', fields: [{ label: 'URL', value: { code: url } }, { label: 'Secret (shown once)', value: { code: issued.secret } }] },
    { type: 'text', text: 'Paste this into the sender:' },
    { type: 'text', text: { code: snippet(i, url, issued.secret, issued.hmacKey) } },
  ];
  if (extra) blocks.push({ type: 'context', text: extra });
  if (!ctx.deps.publicUrl) blocks.push({ type: 'context', text: 'Set PACTA_PUBLIC_URL to the address senders reach Pacta at, and the URL above is filled in.' });
  return { fallback: `Integration ${i.name} ${verb}. URL ${url}. Secret (shown once): ${issued.secret}`, blocks };
}

function describe(i: Integration): string {
  const routing = `routes by label ${i.routeLabel}${i.defaultService ? `, else to ${i.defaultService}` : ''}`;
  const identity = i.perAlert ? 'one incident per alert' : 'one incident per alert group';
  const sev = Object.keys(i.severityMap).length ? `, severity ${Object.entries(i.severityMap).map(([k, v]) => `${k}=${v}`).join(',')}` : '';
  return `${i.name} (${i.kind}): ${routing}; ${identity}; reopens within ${Math.round(i.reopenWindowSeconds / 60)} min${sev}`;
}

const add: CommandSpec = {
  name: 'add',
  aliases: ['create', 'new'],
  usage: ['integration add <name> --kind alertmanager|grafana|generic [--service <key>] [--route-label <label>] [--per-alert] [--severity critical=P1,warning=P3] [--reopen-window 30m] [--hmac]'],
  summary: 'Connect a monitoring source: its alerts open, update and resolve incidents.',
  role: 'admin',
  args: { valueFlags: ['kind', 'service', 'route-label', 'severity', 'reopen-window'], booleanFlags: ['per-alert', 'hmac'] },
  examples: ['integration add alertmanager-prod --kind alertmanager --service payments', 'integration add grafana --kind grafana --severity critical=P1,warning=P3'],
  async run(ctx) {
    const [name] = positionals(ctx.args, ['integration name (e.g. alertmanager-prod)']);
    const kind = (flagValue(ctx.args, 'kind') ?? '').toLowerCase();
    if (!INTEGRATION_KINDS.includes(kind as AlertSourceKind)) throw new BadArgumentError(`Give --kind ${INTEGRATION_KINDS.join('|')}.`);
    const reopen = flagValue(ctx.args, 'reopen-window');
    const issued = await uses(ctx).add(
      {
        name: name!,
        kind: kind as AlertSourceKind,
        defaultService: flagValue(ctx.args, 'service') ?? null,
        ...(flagValue(ctx.args, 'route-label') !== undefined ? { routeLabel: flagValue(ctx.args, 'route-label')! } : {}),
        perAlert: ctx.args.flags.has('per-alert'),
        ...(severityMap(flagValue(ctx.args, 'severity')) ? { severityMap: severityMap(flagValue(ctx.args, 'severity'))! } : {}),
        ...(reopen !== undefined ? { reopenWindowSeconds: Math.round(parseDuration(reopen) / 1000) } : {}),
        hmac: ctx.args.flags.has('hmac'),
      },
      ctx.actor,
    );
    ctx.markChanged();
    return { message: issuedReply(ctx, issued, 'added', describe(issued.integration)), visibility: 'ephemeral' };
  },
};

const rotate: CommandSpec = {
  name: 'rotate',
  aliases: [],
  usage: ['integration rotate <name> [--grace 24h]'],
  summary: 'Issue a new secret; the old one keeps working for the grace period (default 24 h, 0 ends it now).',
  role: 'admin',
  args: { valueFlags: ['grace'] },
  async run(ctx) {
    const [name] = positionals(ctx.args, ['integration name']);
    const grace = flagValue(ctx.args, 'grace');
    const seconds = grace === undefined ? DEFAULT_ROTATE_GRACE_SECONDS : grace === '0' ? 0 : Math.round(parseDuration(grace) / 1000);
    const issued = await uses(ctx).rotate(name!, seconds);
    ctx.markChanged();
    const until = issued.integration.previousUntil;
    return { message: issuedReply(ctx, issued, 'has a new secret', until ? `The old secret works until ${until.toISOString()}.` : 'The old secret no longer works.'), visibility: 'ephemeral' };
  },
};

const remove: CommandSpec = {
  name: 'remove',
  aliases: ['rm', 'delete'],
  usage: ['integration remove <name>'],
  summary: 'Disconnect a monitoring source: its URL answers 401 from now on (its incidents stay).',
  role: 'admin',
  async run(ctx) {
    const [name] = positionals(ctx.args, ['integration name']);
    await uses(ctx).remove(name!);
    ctx.markChanged();
    return { message: say(`Removed integration ${name}. Deliveries to its URL are refused from now on; its incidents stay.`) };
  },
};

const list: CommandSpec = {
  name: 'list',
  aliases: ['ls'],
  usage: ['integration list'],
  summary: 'List the monitoring integrations.',
  role: 'viewer',
  async run(ctx) {
    noPositionals(ctx.args);
    const all = await uses(ctx).list();
    if (!all.length) return { message: say('No integrations yet.', '`integration add alertmanager-prod --kind alertmanager --service payments` connects one.') };
    return { message: { fallback: all.map(describe).join('\n'), blocks: [{ type: 'header', text: 'Integrations' }, { type: 'list', items: all.map(describe) }] } };
  },
};

const show: CommandSpec = {
  name: 'show',
  aliases: ['info'],
  usage: ['integration show <name>'],
  summary: 'An integration, its URL and its latest deliveries.',
  role: 'viewer',
  async run(ctx) {
    const [name] = positionals(ctx.args, ['integration name']);
    const i = await uses(ctx).get(name!);
    const recent = await uses(ctx).deliveries({ integration: i.name, limit: 10 });
    const blocks: Block[] = [
      { type: 'header', text: `Integration ${i.name}` },
      { type: 'text', text: describe(i) },
      { type: 'fields', fields: [{ label: 'URL', value: { code: webhookUrl(ctx.deps.publicUrl, i.name) } }, { label: 'Secret', value: i.previousUntil && i.previousUntil > ctx.now ? `rotated; old one valid until ${i.previousUntil.toISOString()}` : 'set (shown only when issued)' }] },
      ...deliveryBlocks(recent),
    ];
    return { message: { fallback: `${describe(i)}\n${webhookUrl(ctx.deps.publicUrl, i.name)}`, blocks } };
  },
};

type Delivery = Awaited<ReturnType<IntegrationUseCases['deliveries']>>[number];

/** `14:02:11Z alertmanager-prod firing → opened INC-7 (payments)`. */
function deliveryLine(d: Delivery): string {
  const inc = d.incidentNumber !== null ? ` ${formatIncidentRef(d.incidentNumber)}` : '';
  const svc = d.serviceKey ? ` (${d.serviceKey})` : '';
  const why = d.summary ? ` — ${d.summary}` : '';
  const key = d.key.length > 60 ? `${d.key.slice(0, 59)}…` : d.key;
  return `${d.receivedAt.toISOString().slice(0, 19)}Z ${d.integration} ${d.status} ${key} → ${d.outcome}${inc}${svc}${why}`;
}

function deliveryBlocks(ds: Delivery[]): Block[] {
  if (!ds.length) return [{ type: 'context', text: 'No deliveries yet.' }];
  return [{ type: 'list', items: ds.map((d) => ({ code: deliveryLine(d) })) }];
}

/** The `integration` group. */
export const integrationCommand: CommandGroup = {
  name: 'integration',
  aliases: ['integrations'],
  summary: 'Connect Alertmanager, Grafana or any tool, so alerts open and resolve incidents.',
  defaultSubcommand: 'list',
  subcommands: [add, list, show, rotate, remove],
};

/** `alerts [service|integration] [--unrouted]`: recent deliveries and what each did. */
export const alertsCommand: CommandSpec = {
  name: 'alerts',
  aliases: ['deliveries'],
  usage: ['alerts [service|integration] [--unrouted]'],
  summary: 'Recent monitoring deliveries and what each did (opened, attached, resolved, suppressed, duplicate, unrouted).',
  role: 'viewer',
  args: { booleanFlags: ['unrouted'] },
  examples: ['alerts', 'alerts payments', 'alerts alertmanager-prod', 'alerts --unrouted'],
  async run(ctx) {
    const [target] = positionals(ctx.args, ['service or integration'], 1);
    const u = uses(ctx);
    const unrouted = ctx.args.flags.has('unrouted');
    let filter: Parameters<IntegrationUseCases['deliveries']>[0] = { limit: 20, unrouted };
    if (target) {
      const isIntegration = (await u.list()).some((i) => i.name === target.toLowerCase());
      filter = isIntegration ? { ...filter, integration: target.toLowerCase() } : { ...filter, serviceKey: target.toLowerCase() };
    }
    const ds = await u.deliveries(filter);
    const title = `Recent deliveries${target ? ` for ${target}` : ''}${unrouted ? ' (unrouted)' : ''}`;
    return { message: { fallback: [title, ...ds.map(deliveryLine)].join('\n'), blocks: [{ type: 'header', text: title }, ...deliveryBlocks(ds)] } };
  },
};
