/**
 * Escalation policies as typed in chat (docs/semantics.md §7): who is paged, and when, while an incident
 * is not acknowledged.
 *
 *     after 5m: oncall primary; after 15m: oncall secondary, @lead; at 90%: #ops; repeat 2 every 30m
 *
 * Levels are separated by `;` or line breaks. Each is `after <duration>: <targets>` (wall-clock time since
 * the incident opened; `after 0m` pages at once) or `at <N>%: <targets>` (a share of the acknowledge
 * target, 1–100, a whole number or one decimal). Targets are separated by `,`, spaces or `and`:
 *
 * - `oncall <rota>`: whoever is on call in that rota (`on-call` is read too);
 * - a person as `role grant` reads one (`<@U123>`, `<@U123|alice>`, `slack:U123`, `teams:<id>`, a bare
 *   `@name` from Slack or Teams), or `console:<id>`;
 * - a Slack user group `<!subteam^S123|@handle>` (only in a policy set from Slack);
 * - a channel: `#here` (where the command was typed), Slack's `<#C123|ops>`, or explicitly
 *   `#slack:C123`, `#teams:<conversation id>`, `#console:<name>`.
 *
 * An optional last clause `repeat <n> every <duration>` runs the whole ladder again `n` more times (1–10),
 * each round `every` (1m–7d) after the one before.
 *
 * `after` levels must come in increasing time, `at` levels in increasing percentage. The two kinds may be
 * mixed, but their relative order cannot be checked here (a percentage of a business-hours target is
 * no fixed time): the levels fire in the order written, each not before its own trigger.
 */
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { EscalationLevel, EscalationPolicy, EscalationTarget, EscalationTrigger, Person } from '../../src/domain/oncall.ts';
import { BadArgumentError } from '../../src/errors.ts';
import { formatDuration } from '../../src/format/duration.ts';
import { parseUser } from '../specs/role.ts';
import { parseDuration } from './duration.ts';
import { echo } from './echo.ts';
import { closestMatch } from './suggest.ts';

/** The levels and repeat of a policy: what {@link parseEscalation} reads and {@link formatEscalation} writes. */
export type EscalationLadder = Pick<EscalationPolicy, 'levels' | 'repeat'>;

/** Who typed the policy, and where: the platform decides how mentions read, the channel is `#here`. */
export type EscalationInvoker = { platform: 'slack' | 'teams' | 'console'; channel: ChannelRef };

export const MAX_ESCALATION_LEVELS = 10;
export const MAX_LEVEL_TARGETS = 10;
export const MAX_REPEAT_TIMES = 10;
/** The latest a level may fire, and the longest gap between rounds: 7 days, in seconds. */
export const MAX_ESCALATION_SECONDS = 7 * 24 * 3600;
/** The shortest gap between rounds, in seconds. */
export const MIN_REPEAT_EVERY_SECONDS = 60;

/**
 * Longer text is no policy anyone means: ten levels of ten targets with long Teams ids stay well under it.
 * Refused before parsing, so the work is bounded whatever is pasted.
 */
const MAX_ESCALATION_TEXT = 10_000;

const EXAMPLE = 'after 5m: oncall primary; after 15m: oncall secondary, @lead';
const TARGET_FORMS = 'oncall <rota>, a person (<@U123>, slack:U123, teams:<id>), a Slack user group or a channel (#here, #slack:C123)';
const LEVEL_WORDS = ['after', 'at', 'repeat'];
const TARGET_WORDS = ['oncall', 'and'];
const EVERYONE = new Set(['here', 'channel', 'everyone']);

/** Slack ids (users, channels, user groups) as Slack escapes them. */
const SLACK_ID = /^[A-Za-z0-9]{1,40}$/;
/** A name or handle as it can be written back: no spaces, separators or markup. */
const LABEL = /^[^\s,;<>|@\p{C}]{1,80}$/u;
/** A channel or console person id as it can be written back after `#slack:`, `console:` … */
const WRITABLE_ID = /^[^\s,;<>|\p{C}]{1,200}$/u;
/** Person ids as `role grant` accepts them. */
const PERSON_ID = /^[A-Za-z0-9._:@-]{1,200}$/;
const ROTA_NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/**
 * Parses the levels and repeat of an escalation policy (see the module comment for the grammar).
 * Duplicate targets within a level are dropped silently, the first kept.
 *
 * Throws `BadArgumentError` with one sentence saying what to write instead.
 */
export function parseEscalation(text: string, invoker: EscalationInvoker): EscalationLadder {
  if (text.length > MAX_ESCALATION_TEXT) {
    throw new BadArgumentError(`That policy is too long (${text.length} characters); write at most ${MAX_ESCALATION_LEVELS} levels like ${EXAMPLE}.`);
  }
  const clauses = text.split(/[;\r\n]/).map((c) => c.trim()).filter((c) => c !== '');
  const levels: EscalationLevel[] = [];
  let repeat: EscalationPolicy['repeat'] = null;
  let repeatText = '';
  for (const clause of clauses) {
    const word = firstWord(clause).toLowerCase();
    if (repeat !== null) {
      throw new BadArgumentError(`"${echo(repeatText)}" must be the last clause, after every level: move "${echo(clause)}" before it.`);
    }
    if (word === 'repeat') {
      repeat = parseRepeat(clause);
      repeatText = clause;
    } else if (word === 'after' || word === 'at') {
      levels.push(parseLevel(clause, word, invoker));
    } else {
      throw unknownClause(clause);
    }
  }
  if (levels.length === 0) throw new BadArgumentError(`Write at least one level, e.g. ${EXAMPLE}.`);
  if (levels.length > MAX_ESCALATION_LEVELS) {
    throw new BadArgumentError(`A policy has at most ${MAX_ESCALATION_LEVELS} levels, this one has ${levels.length}: merge or drop some.`);
  }
  checkOrder(levels);
  return { levels, repeat };
}

/**
 * The canonical text of a ladder: it parses back to the same value from Slack (and from Teams or the
 * console when it has no Slack user group). People are written `slack:U123`, `teams:<id>`, `console:<id>`,
 * channels `#slack:C123` (or `<#C123|ops>` when a Slack channel has a name), user groups
 * `<!subteam^S123|@handle>`, durations as `formatDuration` writes them, without spaces (`1h30m`, `2d`).
 */
export function formatEscalation(p: EscalationLadder): string {
  const clauses = p.levels.map((l) => `${triggerText(l.trigger)}: ${l.targets.map(formatTarget).join(', ')}`);
  if (p.repeat) clauses.push(`repeat ${p.repeat.times} every ${durationText(p.repeat.everySeconds)}`);
  return clauses.join('; ');
}

/** A target as it reads in a reply: `on-call of primary`, `<@U123>`, `@oncall`, `#ops`. Plain text. */
export function targetText(t: EscalationTarget): string {
  switch (t.kind) {
    case 'rota':
      return `on-call of ${t.rota}`;
    case 'person':
      return `<@${t.person.id}>`;
    case 'group':
      return t.handle ? `@${t.handle}` : `user group ${t.id}`;
    case 'channel':
      return t.name ? `#${t.name}` : `#${t.channel.platform}:${t.channel.id}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Clauses

function firstWord(clause: string): string {
  return /^[^\s:]*/.exec(clause)?.[0] ?? '';
}

function unknownClause(clause: string): BadArgumentError {
  const word = firstWord(clause);
  const shown = echo(word === '' ? clause : word);
  if (looksLikeTarget(word)) {
    return new BadArgumentError(`Say when "${echo(clause)}" is paged: after 5m: ${echo(clause)} or at 90%: ${echo(clause)}.`);
  }
  if (closestMatch(word, TARGET_WORDS.slice(0, 1)) !== undefined) {
    return new BadArgumentError(`Unknown word "${shown}": did you mean oncall? Start each level with when it fires, e.g. after 5m: oncall primary.`);
  }
  const close = closestMatch(word, LEVEL_WORDS);
  if (close) return new BadArgumentError(`Unknown word "${shown}": did you mean ${close}? Each level starts with after <duration>: or at <N>%:, e.g. ${EXAMPLE}.`);
  return new BadArgumentError(`Unknown word "${shown}": each level starts with after <duration>: or at <N>%:, e.g. ${EXAMPLE}.`);
}

function looksLikeTarget(word: string): boolean {
  const w = word.toLowerCase();
  return w === 'oncall' || w === 'on-call' || /^[<#@]/.test(w) || /^(slack|teams|console)$/.test(w);
}

function parseLevel(clause: string, keyword: 'after' | 'at', invoker: EscalationInvoker): EscalationLevel {
  const rest = clause.slice(keyword.length);
  const m = /^\s*([^\s:]*)\s*(:?)\s*([\s\S]*)$/.exec(rest);
  const value = m?.[1] ?? '';
  const colon = m?.[2] === ':';
  const targetsText = m?.[3] ?? '';
  if (value === '') {
    throw new BadArgumentError(keyword === 'after' ? `Say how long after: e.g. after 5m: oncall primary.` : `Say at what share of the acknowledge target: e.g. at 90%: oncall primary.`);
  }
  const trigger: EscalationTrigger = keyword === 'after' ? { kind: 'after', seconds: parseAfter(value) } : { kind: 'at', percent: parsePercent(value) };
  const head = `${keyword} ${value}`;
  if (!colon && targetsText !== '') {
    throw new BadArgumentError(`Put a colon between "${echo(head)}" and whom it pages: ${echo(head)}: ${echo(targetsText, 30)}.`);
  }
  const targets = parseTargets(targetsText, invoker);
  if (targets.length === 0) throw new BadArgumentError(`"${echo(head)}" pages nobody: name whom, e.g. ${echo(head)}: oncall primary.`);
  if (targets.length > MAX_LEVEL_TARGETS) {
    throw new BadArgumentError(`"${echo(head)}" has ${targets.length} targets, the most is ${MAX_LEVEL_TARGETS}: page a rota, group or channel instead.`);
  }
  return { trigger, targets };
}

/** Seconds of `after <duration>`: 0 (at once) to 7 days. */
function parseAfter(value: string): number {
  if (/^0+[smhdw]?$/i.test(value)) return 0;
  const seconds = parseDuration(value) / 1000;
  if (seconds > MAX_ESCALATION_SECONDS) {
    throw new BadArgumentError(`"after ${echo(value)}" is too late for an escalation level: the latest is after 7d.`);
  }
  return seconds;
}

function parsePercent(value: string): number {
  const m = /^(\d{1,3}(?:\.\d)?)%$/.exec(value);
  if (!m) {
    if (/^\d+(?:\.\d)?$/.test(value)) throw new BadArgumentError(`Write the percentage with a % sign: at ${echo(value)}%: oncall primary.`);
    if (/^\d+[.,]\d+%?$/.test(value)) throw new BadArgumentError(`Write "${echo(value)}" with at most one decimal and a point, e.g. at 99.5%:.`);
    throw new BadArgumentError(`"at ${echo(value)}" is not a percentage of the acknowledge target: write e.g. at 90%: oncall primary.`);
  }
  const percent = Number(m[1]);
  if (percent < 1 || percent > 100) throw new BadArgumentError(`"at ${echo(value)}" is out of range: write a percentage from 1% to 100%, e.g. at 90%:.`);
  return percent;
}

function parseRepeat(clause: string): NonNullable<EscalationPolicy['repeat']> {
  const words = clause.split(/\s+/).slice(1);
  const usage = 'write it as repeat 2 every 30m';
  const [count, ...after] = words;
  if (count === undefined) throw new BadArgumentError(`Say how many more rounds and how far apart: ${usage}.`);
  if (!/^\d{1,3}$/.test(count)) throw new BadArgumentError(`"${echo(count)}" is not a number of rounds: ${usage} (1 to ${MAX_REPEAT_TIMES} more rounds).`);
  const times = Number(count);
  if (times < 1 || times > MAX_REPEAT_TIMES) throw new BadArgumentError(`Repeat 1 to ${MAX_REPEAT_TIMES} more times, not ${times}: ${usage}.`);
  // `repeat 2 times every 30m` reads naturally; the canonical form leaves `times` out.
  const rest = after[0]?.toLowerCase() === 'times' || after[0]?.toLowerCase() === 'time' ? after.slice(1) : after;
  const [every, duration, ...extra] = rest;
  if (every === undefined) throw new BadArgumentError(`Say how far apart the rounds are: repeat ${times} every 30m.`);
  if (every.toLowerCase() !== 'every') {
    const close = closestMatch(every, ['every']);
    throw new BadArgumentError(`Unknown word "${echo(every)}"${close ? ' (did you mean every?)' : ''}: write repeat ${times} every 30m.`);
  }
  if (duration === undefined) throw new BadArgumentError(`Say how far apart the rounds are: repeat ${times} every 30m.`);
  const seconds = parseDuration(duration) / 1000;
  if (seconds < MIN_REPEAT_EVERY_SECONDS) throw new BadArgumentError(`Rounds must be at least 1m apart, not ${echo(duration)}: e.g. repeat ${times} every 30m.`);
  if (seconds > MAX_ESCALATION_SECONDS) throw new BadArgumentError(`Rounds can be at most 7d apart, not ${echo(duration)}: e.g. repeat ${times} every 1d.`);
  if (extra.length > 0) {
    throw new BadArgumentError(`"${echo(extra.join(' '))}" does not belong after repeat: end the policy with repeat ${times} every ${durationText(seconds)}.`);
  }
  return { times, everySeconds: seconds };
}

function checkOrder(levels: readonly EscalationLevel[]): void {
  let lastAfter: number | undefined;
  let lastAt: number | undefined;
  for (const { trigger } of levels) {
    if (trigger.kind === 'after') {
      if (lastAfter !== undefined && trigger.seconds <= lastAfter) {
        const [now, before] = [triggerText(trigger), triggerText({ kind: 'after', seconds: lastAfter })];
        throw new BadArgumentError(
          trigger.seconds === lastAfter
            ? `Two levels fire "${now}": levels go in order, each later than the one before, so put their targets in one level.`
            : `Levels go in order: put "${now}" before "${before}".`,
        );
      }
      lastAfter = trigger.seconds;
    } else {
      if (lastAt !== undefined && trigger.percent <= lastAt) {
        const [now, before] = [triggerText(trigger), triggerText({ kind: 'at', percent: lastAt })];
        throw new BadArgumentError(
          trigger.percent === lastAt
            ? `Two levels fire "${now}": levels go in order, percentages increasing, so put their targets in one level.`
            : `Levels go in order, percentages increasing: put "${now}" before "${before}".`,
        );
      }
      lastAt = trigger.percent;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Targets

/** Words of a target list: a `<…>` mention stays whole; `,` and white space separate. */
const TOKEN = /<[^<>]*>|[^\s,<>]+|[<>]/g;

function parseTargets(text: string, invoker: EscalationInvoker): EscalationTarget[] {
  const tokens = text.match(TOKEN) ?? [];
  const out: EscalationTarget[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i] ?? '';
    const lower = word.toLowerCase();
    if (lower === 'and') continue;
    let target: EscalationTarget;
    if (lower === 'oncall' || lower === 'on-call') {
      const name = tokens[++i];
      if (name === undefined) throw new BadArgumentError(`Name the rota after "${word}": e.g. oncall primary.`);
      target = { kind: 'rota', rota: parseRotaName(name) };
    } else {
      target = parseTarget(word, invoker);
    }
    const key = targetKey(target);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(target);
  }
  return out;
}

function parseRotaName(input: string): string {
  const name = input.toLowerCase();
  if (ROTA_NAME.test(name)) return name;
  if (name.length > 40) throw new BadArgumentError(`A rota name has at most 40 characters; "${echo(input)}" has ${name.length}.`);
  throw new BadArgumentError(`"${echo(input)}" is not a rota name: use lowercase letters, digits, - and _, e.g. oncall primary.`);
}

function parseTarget(word: string, invoker: EscalationInvoker): EscalationTarget {
  const shown = echo(word);
  if (word.startsWith('<')) {
    if (word.startsWith('<@')) return { kind: 'person', person: parseUser(word, invoker.platform) };
    const group = /^<!subteam\^([^|>]*)(?:\|([^>]*))?>$/i.exec(word);
    if (group) {
      if (invoker.platform !== 'slack') {
        throw new BadArgumentError(`"${shown}" is a Slack user group, which only a policy set from Slack can page: name people or a channel instead.`);
      }
      const id = group[1] ?? '';
      if (!SLACK_ID.test(id)) throw new BadArgumentError(`"${shown}" is not a Slack user group: mention one like @oncall from Slack.`);
      const handle = label(group[2], shown, 'user group');
      return handle === undefined ? { kind: 'group', id } : { kind: 'group', id, handle };
    }
    const special = /^<!([a-z]+)(?:\|[^>]*)?>$/i.exec(word);
    if (special && EVERYONE.has((special[1] ?? '').toLowerCase())) throw everyone(word);
    const channel = /^<#([^|>]*)(?:\|([^>]*))?>$/.exec(word);
    if (channel) {
      const id = channel[1] ?? '';
      if (!SLACK_ID.test(id)) throw new BadArgumentError(`"${shown}" is not a Slack channel: mention one like #ops from Slack, or write #slack:C123.`);
      const name = label(channel[2], shown, 'channel');
      const ref: ChannelRef = { platform: 'slack', id };
      return name === undefined ? { kind: 'channel', channel: ref } : { kind: 'channel', channel: ref, name };
    }
    throw new BadArgumentError(`"${shown}" is not something Pacta can page: write ${TARGET_FORMS}.`);
  }
  if (word.startsWith('#')) return { kind: 'channel', channel: parseChannel(word, invoker) };
  if (word.startsWith('@')) {
    if (EVERYONE.has(word.slice(1).toLowerCase())) throw everyone(word);
    return { kind: 'person', person: parseUser(word, invoker.platform) };
  }
  const prefixed = /^(slack|teams|console):(.*)$/i.exec(word);
  if (prefixed) {
    const platform = (prefixed[1] ?? '').toLowerCase() as Person['platform'];
    const id = prefixed[2] ?? '';
    if (!PERSON_ID.test(id)) throw new BadArgumentError(`"${shown}" is not a person: write ${platform}:<their id>, e.g. slack:U123.`);
    if (platform === 'console') return { kind: 'person', person: { platform, id } };
    return { kind: 'person', person: parseUser(word, invoker.platform) };
  }
  const lower = word.toLowerCase();
  if (lower === 'repeat' || lower === 'every') {
    throw new BadArgumentError(`"repeat" is a clause of its own, after a semicolon at the end: e.g. …; repeat 2 every 30m.`);
  }
  if (lower === 'after' || lower === 'at') {
    throw new BadArgumentError(`Separate levels with a semicolon before "${shown}": e.g. ${EXAMPLE}.`);
  }
  const close = closestMatch(word, TARGET_WORDS);
  if (close) throw new BadArgumentError(`Unknown word "${shown}": did you mean ${close}? Write ${TARGET_FORMS}.`);
  if (ROTA_NAME.test(lower)) throw new BadArgumentError(`Unknown word "${shown}": for whoever is on call in that rota write oncall ${lower}, or write ${TARGET_FORMS}.`);
  throw new BadArgumentError(`Unknown word "${shown}": write ${TARGET_FORMS}.`);
}

/** `#here`, `#slack:C123`, `#teams:<conversation id>`, `#console:<name>`. */
function parseChannel(word: string, invoker: EscalationInvoker): ChannelRef {
  const shown = echo(word);
  const rest = word.slice(1);
  if (rest.toLowerCase() === 'here') {
    if (!WRITABLE_ID.test(invoker.channel.id)) {
      throw new BadArgumentError(`This conversation cannot be named in a policy: write the channel explicitly, e.g. #${invoker.channel.platform}:<id>.`);
    }
    return { platform: invoker.channel.platform, id: invoker.channel.id };
  }
  const m = /^(slack|teams|console):(.*)$/i.exec(rest);
  if (m) {
    const platform = (m[1] ?? '').toLowerCase() as ChannelRef['platform'];
    const id = m[2] ?? '';
    if (!WRITABLE_ID.test(id)) throw new BadArgumentError(`"${shown}" names no channel: write #${platform}:<channel id>, e.g. #slack:C123, or #here.`);
    return { platform, id };
  }
  const close = closestMatch(rest, ['here']);
  if (close) throw new BadArgumentError(`Unknown channel "${shown}": did you mean #here (this channel)?`);
  throw new BadArgumentError(
    `Pacta cannot look up the channel "${shown}" by name: write #here for this channel, mention it from Slack, or write #slack:C123, #teams:<id> or #console:<name>.`,
  );
}

function everyone(word: string): BadArgumentError {
  return new BadArgumentError(`"${echo(word)}" would notify everyone: write #here to post in this channel, or name people, a rota or a user group.`);
}

/** The optional `|name` of a Slack mention, without a leading `@`; undefined when empty. */
function label(raw: string | undefined, shown: string, what: string): string | undefined {
  const s = (raw ?? '').trim().replace(/^@/, '');
  if (s === '') return undefined;
  if (!LABEL.test(s)) throw new BadArgumentError(`"${shown}" is not a Slack ${what}: mention it again from Slack.`);
  return s;
}

/** What makes two targets the same (names and handles aside). */
function targetKey(t: EscalationTarget): string {
  switch (t.kind) {
    case 'rota':
      return `rota ${t.rota}`;
    case 'person':
      return `person ${t.person.platform}:${t.person.id}`;
    case 'group':
      return `group ${t.id}`;
    case 'channel':
      return `channel ${t.channel.platform}:${t.channel.id}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

function formatTarget(t: EscalationTarget): string {
  switch (t.kind) {
    case 'rota':
      return `oncall ${t.rota}`;
    case 'person':
      return `${t.person.platform}:${t.person.id}`;
    case 'group':
      return t.handle ? `<!subteam^${t.id}|@${t.handle}>` : `<!subteam^${t.id}>`;
    case 'channel':
      return t.name && t.channel.platform === 'slack' && SLACK_ID.test(t.channel.id)
        ? `<#${t.channel.id}|${t.name}>`
        : `#${t.channel.platform}:${t.channel.id}`;
  }
}

function triggerText(t: EscalationTrigger): string {
  return t.kind === 'after' ? `after ${durationText(t.seconds)}` : `at ${t.percent}%`;
}

/**
 * A whole number of seconds as `parseDuration` reads it: `formatDuration`'s form without its spaces
 * (`1h30m`, `7d`, `1d1h1m1s`), largest units first, zero parts left out. Zero is `0m` (`after 0m`: at once).
 */
function durationText(seconds: number): string {
  return seconds === 0 ? '0m' : formatDuration(seconds * 1000).replaceAll(' ', '');
}

/** A person as an escalation target or rota member is written: `<@U123>`, `slack:U123`, `teams:<id>`, `console:<id>`. */
export function parsePerson(word: string, platform: EscalationInvoker['platform']): Person {
  const t = parseTarget(word, { platform, channel: { platform, id: '' } });
  if (t.kind !== 'person') throw new BadArgumentError(`"${echo(word)}" is not a person: mention them (@alice) or write slack:U123, teams:<id> or console:<id>.`);
  return t.person;
}
