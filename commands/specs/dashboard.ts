/**
 * `dashboard [--for 7d]` (viewers): a signed link to the read-only web dashboard (docs/dashboard.md),
 * valid for a limited time and showing times in the asker's zone. The reply is for the asker alone: anyone
 * holding the link sees the dashboard until it expires.
 */
import { formatDuration } from '../../src/format/duration.ts';
import { BadArgumentError } from '../../src/errors.ts';
import type { Block } from '../../src/messages/message.ts';
import { at, plain, withCode } from '../../src/messages/views/plain.ts';
import { flagValue, noPositionals } from '../arguments.ts';
import { parseDuration } from '../parse/duration.ts';
import { say } from '../replies.ts';
import type { CommandSpec } from '../spec.ts';

const HOUR = 3_600_000;
/** How long a link lasts unless `--for` says otherwise. */
export const DASHBOARD_LINK_DEFAULT_MS = 24 * HOUR;
/** The longest a link may last: long enough for a wall screen's week, short enough that a leaked link dies. */
export const DASHBOARD_LINK_MAX_MS = 30 * 24 * HOUR;
/** The shortest: a link that expires before it is opened is no use. */
export const DASHBOARD_LINK_MIN_MS = 5 * 60_000;

/** `https://pacta.example.com/dashboard/<token>/`: the address a dashboard token opens. */
export function dashboardUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/dashboard/${token}/`;
}

export const dashboardCommand: CommandSpec = {
  name: 'dashboard',
  aliases: ['web', 'link'],
  usage: ['dashboard [--for 24h]'],
  summary: 'A private link to the web dashboard (services, charts, incidents), valid for 24 hours or --for up to 30 days.',
  role: 'viewer',
  args: { valueFlags: ['for'] },
  examples: ['dashboard', 'dashboard --for 7d'],
  async run(ctx) {
    noPositionals(ctx.args);
    const given = flagValue(ctx.args, 'for');
    const ms = given === undefined ? DASHBOARD_LINK_DEFAULT_MS : parseDuration(given);
    const d = (x: number) => formatDuration(x, { style: 'compact' });
    if (ms > DASHBOARD_LINK_MAX_MS) throw new BadArgumentError(`A dashboard link lasts at most ${d(DASHBOARD_LINK_MAX_MS)}; ask for a new one when it runs out, e.g. \`dashboard --for 7d\`.`);
    if (ms < DASHBOARD_LINK_MIN_MS) throw new BadArgumentError(`A dashboard link lasts at least ${d(DASHBOARD_LINK_MIN_MS)}, e.g. \`dashboard --for 1h\`.`);
    const publicUrl = ctx.deps.publicUrl?.trim();
    if (!publicUrl) {
      return {
        message: say(
          'The dashboard needs the address people reach Pacta at: set PACTA_PUBLIC_URL (e.g. `PACTA_PUBLIC_URL=https://pacta.example.com`) where Pacta runs, restart it, and ask again.',
          'docs/dashboard.md explains the dashboard and the public status page.',
        ),
      };
    }
    if (!ctx.deps.links) throw new BadArgumentError('The dashboard is not available here: ask in Slack or Teams, where Pacta serves it.');
    const expiresAt = new Date(Math.floor((ctx.now.getTime() + ms) / 1000) * 1000);
    const token = await ctx.deps.links.dashboard(expiresAt, ctx.timezone);
    const url = dashboardUrl(publicUrl, token);
    const until = ['Valid until ', at(expiresAt, ctx.timezone), ` (${d(ms)}), times in ${ctx.timezone}. Anyone with the link can open it until then: keep it to yourself, and `, ...withCode('`dashboard` gives you a new one.')];
    const blocks: Block[] = [
      { type: 'text', text: 'Your dashboard: every service, its charts and incidents, read-only.' },
      { type: 'links', links: [{ label: 'Open the dashboard', url }] },
      { type: 'text', text: { code: url } },
      { type: 'context', text: until },
    ];
    return { message: { fallback: `Your dashboard: ${url}\n${plain(until)}`, blocks } };
  },
};
