/**
 * What went wrong when Slack refused a Web API call, in terms a person in the channel can act on. Rate
 * limits fail fast (the client rejects 429s instead of sleeping for minutes inside an interactive
 * request); a missing channel membership says how to invite the bot.
 */
import { webApi } from '@slack/bolt';
import { ChatDeliveryError } from '../../src/ports/chat.ts';

export type SlackFailure =
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  /** The bot is not a member of the channel (and lacks `chat:write.public`, or the channel is private). */
  | { kind: 'not-in-channel' }
  /** A private channel or DM the bot was never invited to, or a deleted channel. */
  | { kind: 'channel-not-found' }
  | { kind: 'archived' }
  /** The message to update is gone (deleted in Slack). */
  | { kind: 'message-not-found' }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'refused'; code: string };

/**
 * A Slack Web API call that failed, classified. As a ChatDeliveryError it tells the outbox dispatcher
 * when to retry (a 429's Retry-After) and when retrying is pointless (no access to the channel).
 */
export class SlackCallError extends ChatDeliveryError {
  constructor(
    readonly method: string,
    readonly failure: SlackFailure,
    options?: ErrorOptions,
  ) {
    super(`Slack ${method} failed: ${describe(failure)}`, { ...deliveryDetail(failure), advice: slackAdvice(failure) });
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

// Slack's own transient failures; every other refusal (bad auth, missing scope, invalid blocks) will be
// refused again, so the dispatcher gives up at once and says why.
const TRANSIENT_CODES = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

function deliveryDetail(f: SlackFailure): { retryAfterMs?: number; permanent?: boolean } {
  switch (f.kind) {
    case 'rate-limited':
      return { retryAfterMs: f.retryAfterSeconds * 1000 };
    case 'unreachable':
      return {};
    case 'refused':
      return TRANSIENT_CODES.has(f.code) ? {} : { permanent: true };
    default:
      return { permanent: true };
  }
}

/** Classifies an error thrown by the Web API client. */
export function classifySlackError(err: unknown): SlackFailure {
  const e = err as { code?: unknown; retryAfter?: unknown; data?: { error?: unknown }; statusCode?: unknown; message?: unknown };
  if (e?.code === webApi.ErrorCode.RateLimitedError) return { kind: 'rate-limited', retryAfterSeconds: typeof e.retryAfter === 'number' ? e.retryAfter : 60 };
  if (e?.code === webApi.ErrorCode.PlatformError) {
    const code = String(e.data?.error ?? 'unknown_error');
    if (code === 'not_in_channel') return { kind: 'not-in-channel' };
    if (code === 'channel_not_found') return { kind: 'channel-not-found' };
    if (code === 'is_archived') return { kind: 'archived' };
    if (code === 'message_not_found' || code === 'cant_update_message') return { kind: 'message-not-found' };
    if (code === 'ratelimited') return { kind: 'rate-limited', retryAfterSeconds: 60 };
    return { kind: 'refused', code };
  }
  if (e?.code === webApi.ErrorCode.HTTPError) return { kind: 'unreachable', detail: `HTTP ${String(e.statusCode)}` };
  return { kind: 'unreachable', detail: err instanceof Error ? err.message : String(err) };
}

function describe(f: SlackFailure): string {
  switch (f.kind) {
    case 'rate-limited':
      return `rate limited (retry after ${f.retryAfterSeconds} s)`;
    case 'unreachable':
      return `unreachable (${f.detail})`;
    case 'refused':
      return f.code;
    default:
      return f.kind;
  }
}

/**
 * What went wrong, for the person who acted, continuing "I could not post the incident card here: …",
 * and what to do about it. Command names are in backticks (they render as code).
 */
export function slackAdvice(failure: SlackFailure): string {
  switch (failure.kind) {
    case 'rate-limited':
      return `Slack is rate-limiting Pacta right now (Slack asks to wait ${failure.retryAfterSeconds} s). The change itself is saved, and Pacta tries again then.`;
    case 'not-in-channel':
      return 'I am not a member of this channel. Invite me with `/invite @Pacta`, or give the app the `chat:write.public` scope so it can post in public channels without joining.';
    case 'channel-not-found':
      return 'I cannot see this channel. In a private channel or a DM, invite me first with `/invite @Pacta`.';
    case 'archived':
      return 'this channel is archived.';
    case 'message-not-found':
      return 'the message is gone from Slack.';
    case 'unreachable':
      return `Slack did not answer (${failure.detail}). The change itself is saved.`;
    case 'refused':
      return `Slack said \`${failure.code}\`.`;
  }
}
