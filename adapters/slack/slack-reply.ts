/**
 * A command's reply as Slack wants it: in the HTTP response that acknowledges a slash command (when it
 * is ready within Slack's 3 seconds), or posted later to the request's `response_url`. Ephemeral replies
 * reach only the person who asked; `channel` replies are posted `in_channel`.
 */
import type { Logger } from 'pino';
import type { Message, Reply } from '../../src/messages/message.ts';
import { renderBlocks, type SlackMessagePayload } from './render-blocks.ts';

export type SlackResponse = SlackMessagePayload & { response_type: 'ephemeral' | 'in_channel'; replace_original?: boolean };

// A message shared by several replies (one `status` for everyone who asked at once) is rendered once,
// into one response object per visibility (which the HTTP receiver serialises once, too). Messages and
// responses are never changed after they are built, so the identity of one is as good as its content.
const responses = new WeakMap<Message, Partial<Record<SlackResponse['response_type'], SlackResponse>>>();

/** The Slack response for `reply`. */
export function slackResponse(reply: Reply): SlackResponse {
  const type = reply.visibility === 'channel' ? 'in_channel' : 'ephemeral';
  let byType = responses.get(reply.message);
  if (!byType) responses.set(reply.message, (byType = {}));
  return (byType[type] ??= { response_type: type, ...renderBlocks(reply.message) });
}

/** An ephemeral message for the person who clicked or typed, outside any command. */
export function ephemeral(message: Message): SlackResponse {
  return { response_type: 'ephemeral', ...renderBlocks(message) };
}

/**
 * Posts `response` to a `response_url` (valid for 30 minutes, 5 uses). Returns false, after logging,
 * when Slack refuses it or does not answer in `timeoutMs`: there is no one else to tell.
 */
export async function postToResponseUrl(url: string, response: SlackResponse, log: Logger, timeoutMs = 10_000): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      // A late reply must not replace the message a button sits on; it is a new message to the user.
      body: JSON.stringify({ replace_original: false, ...response }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.text();
    if (!res.ok) {
      log.warn({ status: res.status }, 'Slack refused a reply posted to response_url');
      return false;
    }
    return true;
  } catch (err) {
    log.warn({ err }, 'could not post a reply to Slack’s response_url');
    return false;
  }
}
