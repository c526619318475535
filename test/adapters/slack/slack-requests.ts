/**
 * Requests exactly as Slack sends them to `/slack/events`: slash commands form-encoded, events as JSON
 * `event_callback`s, interactivity as a form field `payload` holding JSON — each signed with the signing
 * secret over `v0:timestamp:body`. Tests can forge, age or post-date the signature.
 */
import { randomUUID } from 'node:crypto';
import { signSlackRequest } from '../../../adapters/slack/signature.ts';

export const SIGNING_SECRET = 'test-signing-secret-8f14e45fceea167a5a36dedd4bea2543';
export const TEAM_ID = 'T0PACTA';

export type SlackRequest = { body: string; contentType: 'application/x-www-form-urlencoded' | 'application/json' };

export type SendOptions = {
  secret?: string;
  /** Seconds; default now. */
  timestamp?: number;
  /** Replace the signature header (or omit it with null). */
  signature?: string | null;
  retryNum?: number;
  retryReason?: string;
};

export type SlackAnswer = { status: number; text: string; json: unknown; ms: number };

export function slashCommand(text: string, o: { user: string; userName?: string; channel: string; responseUrl: string; command?: string }): SlackRequest {
  const form = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    team_domain: 'pacta-test',
    channel_id: o.channel,
    channel_name: 'incidents',
    user_id: o.user,
    user_name: o.userName ?? o.user.toLowerCase(),
    command: o.command ?? '/sla',
    text,
    api_app_id: 'A0PACTA',
    is_enterprise_install: 'false',
    response_url: o.responseUrl,
    trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
  });
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
}

export type ReactionOptions = { user: string; reaction: string; channel: string; ts: string; itemUser?: string; eventId?: string; itemType?: 'message' | 'file' };

/** A `reaction_added` / `reaction_removed` event callback; returns the event id too. */
export function reactionEvent(type: 'reaction_added' | 'reaction_removed', o: ReactionOptions): SlackRequest & { eventId: string } {
  const eventId = o.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  const now = Math.floor(Date.now() / 1000);
  const item = o.itemType === 'file' ? { type: 'file', file: 'F0FILE' } : { type: 'message', channel: o.channel, ts: o.ts };
  const body = {
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0PACTA',
    event: { type, user: o.user, reaction: o.reaction, item_user: o.itemUser ?? 'U0PACTABOT', item, event_ts: `${now}.000200` },
    type: 'event_callback',
    event_id: eventId,
    event_time: now,
    authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: 'U0PACTABOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${randomUUID()}`,
  };
  return { body: JSON.stringify(body), contentType: 'application/json', eventId };
}

/** A `block_actions` payload for a click on a button with `value`, on the message `messageTs`. */
export function buttonClick(o: { user: string; userName?: string; channel: string; messageTs: string; value: string; actionId?: string; responseUrl: string }): SlackRequest {
  const payload = {
    type: 'block_actions',
    user: { id: o.user, username: o.userName ?? o.user.toLowerCase(), name: o.userName ?? o.user.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0PACTA',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: o.messageTs, channel_id: o.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
    team: { id: TEAM_ID, domain: 'pacta-test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: o.channel, name: 'incidents' },
    message: { type: 'message', user: 'U0PACTABOT', ts: o.messageTs, text: 'card', blocks: [] },
    state: { values: {} },
    response_url: o.responseUrl,
    actions: [
      {
        action_id: o.actionId ?? `pacta:${o.value.split(' ')[0]}:${o.value.replace(/^.*INC-/, '')}`,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'Resolve', emoji: true },
        value: o.value,
        type: 'button',
        action_ts: `${Math.floor(Date.now() / 1000)}.000300`,
      },
    ],
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export function urlVerification(challenge: string): SlackRequest {
  return { body: JSON.stringify({ token: 'deprecated-verification-token', challenge, type: 'url_verification' }), contentType: 'application/json' };
}

/** Posts a (signed) request to `url`, as Slack would. */
export async function sendToSlackEndpoint(url: string, req: SlackRequest, o: SendOptions = {}): Promise<SlackAnswer> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': req.contentType,
    'x-slack-request-timestamp': String(timestamp),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  const signature = o.signature === undefined ? signSlackRequest(o.secret ?? SIGNING_SECRET, timestamp, req.body) : o.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  if (o.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(o.retryNum);
    headers['x-slack-retry-reason'] = o.retryReason ?? 'http_timeout';
  }
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body: req.body });
  const text = await res.text();
  const ms = performance.now() - started;
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, text, json, ms };
}
