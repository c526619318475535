/**
 * The low-level parsing layer of the command language: words, flags and free text, and the value types
 * commands take (durations, priorities, incident ids, service keys, times, zones, digest schedules).
 * Every parser throws `BadArgumentError` with a message meant for the chat user.
 */
export { parseArgs, splitArgs, type ArgSpec, type Continues, type FlagSpec, type ParsedArgs } from './args.ts';
export { digestScheduleContinues, formatDigestSchedule, parseDigestSchedule, toCron, type DigestSchedule } from './digest-schedule.ts';
export { MAX_DURATION_MS, parseDuration } from './duration.ts';
export { parseIncidentId } from './incident-id.ts';
export { IMPACTS, parseImpact, type Impact } from './impact.ts';
export { PRIORITIES, parsePriority, type Priority } from './priority.ts';
export { parseServiceKey } from './service-key.ts';
export { closestMatch } from './suggest.ts';
export { parseFutureTime, parseTime, timeContinues, type TimeContext } from './time.ts';
export { parseTimeZone } from './time-zone.ts';
export { stripCommandWord, tokenize, type Token } from './tokenize.ts';
