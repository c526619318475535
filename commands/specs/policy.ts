/**
 * `policy set|show`: per service and priority, the time-to-acknowledge and time-to-resolve targets, the
 * calendar they are counted on and the warning thresholds (docs/semantics.md §2).
 */
import { BadArgumentError, NotFoundError } from '../../src/errors.ts';
import { formatDuration } from '../../src/format/duration.ts';
import { policiesList } from '../../src/messages/views/lists.ts';
import type { SlaPolicy } from '../../src/domain/service.ts';
import type { PolicyInput } from '../../src/usecases/admin.ts';
import { positionals, serviceAt } from '../arguments.ts';
import { parseDuration } from '../parse/duration.ts';
import { echo } from '../parse/echo.ts';
import { parsePriority } from '../parse/priority.ts';
import { closestMatch } from '../parse/suggest.ts';
import { say } from '../replies.ts';
import type { CommandGroup, CommandSpec } from '../spec.ts';

const SETTINGS = ['ack', 'resolve', 'calendar', 'warn'];
const EXAMPLE = 'e.g. ack=15m resolve=4h calendar=business warn=75,90';

/** Reads `ack=15m resolve=4h calendar=business warn=75,90` words into a policy change. */
function readSettings(words: readonly string[]): Omit<PolicyInput, 'serviceKey' | 'priority'> {
  const out: Omit<PolicyInput, 'serviceKey' | 'priority'> = {};
  const seen = new Set<string>();
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new BadArgumentError(`"${echo(word)}" is not a setting: write name=value, ${EXAMPLE}.`);
    const name = word.slice(0, eq).toLowerCase();
    const value = word.slice(eq + 1).trim();
    if (!SETTINGS.includes(name)) {
      const guess = closestMatch(name, SETTINGS);
      throw new BadArgumentError(`Unknown setting "${echo(name)}".${guess ? ` Did you mean ${guess}=…?` : ''} Settings: ${SETTINGS.join(', ')} (${EXAMPLE}).`);
    }
    if (seen.has(name)) throw new BadArgumentError(`${name}= is given twice; give it once.`);
    seen.add(name);
    if (value === '') throw new BadArgumentError(`${name}= needs a value, ${EXAMPLE}.`);
    const off = /^(none|off)$/i.test(value);
    if (name === 'ack') out.ackSeconds = off ? null : parseDuration(value) / 1000;
    else if (name === 'resolve') out.resolveSeconds = off ? null : parseDuration(value) / 1000;
    else if (name === 'calendar') out.calendar = off ? null : value;
    else out.warnings = readWarnings(value);
  }
  return out;
}

function readWarnings(value: string): number[] {
  if (/^(none|off)$/i.test(value)) return [];
  return value.split(',').map((part) => {
    const p = part.trim().replace(/%$/, '');
    if (!/^\d{1,2}$/.test(p) || Number(p) < 1) throw new BadArgumentError(`warn= takes whole percents from 1 to 99, e.g. warn=75,90, not "${echo(value)}".`);
    return Number(p);
  });
}

function describe(p: SlaPolicy): string {
  const d = (s: number | null) => (s === null ? 'none' : formatDuration(s * 1000, { style: 'compact' }));
  const warn = p.warningThresholds.length ? p.warningThresholds.map((w) => `${w}%`).join(', ') : 'never';
  return `${p.serviceKey} ${p.priority}: acknowledge within ${d(p.ackTargetSeconds)}, resolve within ${d(p.resolveTargetSeconds)}, counted on ${p.calendar ?? "the service's calendar"}; warn at ${warn}`;
}

const set: CommandSpec = {
  name: 'set',
  aliases: ['add', 'update'],
  usage: ['policy set <service> <P1-P4> [ack=15m] [resolve=4h] [calendar=<name>] [warn=75,90]'],
  summary: 'Set the acknowledge and resolve targets of a service for one priority.',
  role: 'admin',
  examples: ['policy set payments P1 ack=15m resolve=4h', 'policy set payments P3 ack=4h resolve=3d calendar=business warn=50,90'],
  async run(ctx) {
    const words = ctx.args.positional;
    if (words.length < 2) positionals(ctx.args, ['service', 'priority (P1 to P4)']);
    const serviceKey = serviceAt(words, 0);
    const priority = parsePriority(words[1] ?? '');
    const changes = readSettings(words.slice(2));
    if (Object.keys(changes).length === 0) throw new BadArgumentError(`Give at least one target, e.g. \`policy set ${serviceKey} ${priority} ack=15m resolve=4h\`.`);
    const policy = await ctx.deps.admin.setPolicy({ serviceKey, priority, ...changes });
    ctx.markChanged();
    return { message: say(`Policy set — ${describe(policy)}.`, 'Incidents opened from now on use it; `priority <id> <P>` recomputes an open one.') };
  },
};

const show: CommandSpec = {
  name: 'show',
  aliases: ['list', 'ls', 'get'],
  usage: ['policy show <service>'],
  summary: "Show a service's SLA targets per priority.",
  role: 'viewer',
  examples: ['policy show payments'],
  async run(ctx) {
    const key = serviceAt(positionals(ctx.args, ['service']), 0);
    const service = await ctx.deps.admin.service(key);
    if (!service) throw new NotFoundError(`There is no service "${key}". \`service list\` shows the services.`);
    return { message: policiesList(service, await ctx.deps.admin.policies(key)) };
  },
};

/** The `policy` group. */
export const policyCommand: CommandGroup = {
  name: 'policy',
  aliases: ['policies'],
  summary: 'SLA targets per service and priority: time to acknowledge, time to resolve.',
  subcommands: [set, show],
};
