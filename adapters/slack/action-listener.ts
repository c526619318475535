/**
 * Card buttons (Acknowledge, Resolve, Pause, …): a click carries its structured action to Pacta's door,
 * which acts as the clicking user with that user's role. The change refreshes the card through the
 * outbox; only the clicker hears about a refusal (not allowed, already acknowledged), ephemerally, so the
 * channel is not spammed with other people's mistakes.
 */
import { randomUUID } from 'node:crypto';
import type { App as BoltApp, BlockAction, ButtonAction as SlackButtonAction } from '@slack/bolt';
import { UNAVAILABLE_TEXT, UnavailableError } from '../../src/errors.ts';
import { textMessage } from '../../src/messages/message.ts';
import type { ListenerDeps } from './listener-deps.ts';
import { LINK_ACTION_ID, PACTA_ACTION_ID, decodeButtonValue } from './render-blocks.ts';
import { ephemeral, postToResponseUrl, slackResponse } from './slack-reply.ts';

export function registerActionListener(bolt: BoltApp, deps: ListenerDeps): void {
  // A link button (Source, Runbook) opens its page in the browser, yet Slack still reports the click
  // and flags the button unless it is acknowledged. The HTTP receiver answers whatever no listener took;
  // Socket Mode does not, so the click is acknowledged here. There is nothing to run.
  bolt.action(LINK_ACTION_ID, async ({ ack }) => {
    await ack();
  });
  bolt.action(PACTA_ACTION_ID, async ({ ack, body, action }) => {
    // Acknowledge first: the work below may take longer than Slack's 3 seconds on a slow database.
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const click = body as BlockAction<SlackButtonAction>;
    try {
      await onClick(deps, click, action as SlackButtonAction);
    } catch (err) {
      if (err instanceof UnavailableError) {
        deps.log.warn({ reason: err.message, user: click.user.id }, 'Slack button not run: the database is unavailable');
        await postToResponseUrl(click.response_url, ephemeral(textMessage(UNAVAILABLE_TEXT)), deps.log);
        return;
      }
      const errorId = randomUUID().slice(0, 8);
      deps.log.error({ err, errorId, value: (action as SlackButtonAction).value, user: click.user.id }, 'Slack button failed');
      const text = `Sorry, something went wrong on my side. If it keeps happening, tell whoever runs Pacta and quote error id ${errorId}.`;
      await postToResponseUrl(click.response_url, ephemeral(textMessage(text)), deps.log);
    }
  });
}

async function onClick(deps: ListenerDeps, body: BlockAction<SlackButtonAction>, action: SlackButtonAction): Promise<void> {
  const decoded = decodeButtonValue(action.value);
  const channelId = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id;
  if (!decoded || !channelId) {
    deps.log.warn({ actionId: action.action_id, value: action.value }, 'Slack button with a value Pacta does not know');
    await postToResponseUrl(body.response_url, ephemeral(textMessage('That button is out of date. Type `/sla help` to see the commands.')), deps.log);
    return;
  }
  const profile = await deps.users.lookup(body.user.id);
  const name = profile.name ?? body.user.name ?? body.user.username;
  const answer = await deps.app.inbound.button({
    action: decoded,
    actor: { platform: 'slack', id: body.user.id, ...(name ? { name } : {}) },
    channel: { platform: 'slack', id: channelId },
    ...(profile.timezone ? { timezone: profile.timezone } : {}),
  });
  // Success shows in the refreshed card; a refusal, or a card Slack would not update, is told to the clicker.
  const tell = answer.kind === 'refused' ? answer.reply : answer.kind === 'changed' ? answer.problems : null;
  if (tell) await postToResponseUrl(body.response_url, slackResponse(tell), deps.log);
}
