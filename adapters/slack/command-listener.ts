/**
 * `/sla …`: runs the command language as the Slack user who typed it, in the channel they typed it in.
 * Slack waits 3 seconds for the acknowledgement. A reply ready within the budget (2.5 s by default)
 * travels in the acknowledgement itself; a slower one is acknowledged empty at the deadline and posted to
 * `response_url` when it is ready, so the user never sees "dispatch_failed".
 */
import { randomUUID } from 'node:crypto';
import type { App as BoltApp, SlashCommand } from '@slack/bolt';
import { UNAVAILABLE_TEXT, UnavailableError } from '../../src/errors.ts';
import { imagesOf, textMessage } from '../../src/messages/message.ts';
import type { ListenerDeps } from './listener-deps.ts';
import { postToResponseUrl, slackResponse, type SlackResponse } from './slack-reply.ts';
import { decodeSlackText } from './slack-text.ts';

/**
 * Any slash command of this app: the manifest declares `/sla`, but a workspace where `/sla` is taken
 * can rename it (`/pacta`) without reconfiguring Pacta.
 */
const ANY_COMMAND = /^\/.+/;

export function registerCommandListener(bolt: BoltApp, deps: ListenerDeps): void {
  bolt.command(ANY_COMMAND, async ({ command, ack }) => {
    const work = runCommand(deps, command);
    const ready = await within(work, deps.ackDeadline);
    if (ready) {
      await ack(ready.value);
      return;
    }
    await ack();
    deps.log.info({ command: command.command, budgetMs: deps.ackBudgetMs }, 'slash command reply not ready in time: it goes to response_url');
    await postToResponseUrl(command.response_url, await work, deps.log);
  });
}

/** Runs one slash command and renders its reply. Never rejects: a failure becomes an apology with an id. */
async function runCommand(deps: ListenerDeps, command: SlashCommand): Promise<SlackResponse> {
  try {
    const profile = await deps.users.lookup(command.user_id);
    const name = profile.name ?? command.user_name;
    const answer = await deps.app.inbound.command({
      // Slack escapes what was typed; Pacta stores and answers what was meant (docs/semantics.md §4).
      text: decodeSlackText(command.text ?? ''),
      actor: { platform: 'slack', id: command.user_id, ...(name ? { name } : {}) },
      channel: { platform: 'slack', id: command.channel_id },
      ...(profile.timezone ? { timezone: profile.timezone } : {}),
    });
    const files = answer.reply.files ?? [];
    const charts = deps.port.sharesCharts ? imagesOf(answer.reply.message) : [];
    if (files.length === 0 && charts.length === 0) return slackResponse(answer.reply);
    // Files and charts go to the asker alone, in their direct messages with Pacta, after the reply (an
    // ephemeral reply cannot carry them); the reply says each chart in words meanwhile.
    void (async () => {
      for (const f of files) await deps.port.uploadToUser(command.user_id, f);
      await deps.port.chartsToUser(command.user_id, charts);
    })().catch((err: unknown) => deps.log.error({ err, user: command.user_id, files: files.map((f) => f.name), charts: charts.length }, 'could not send the reply files to the Slack user'));
    const sent = [...files.map((f) => f.name), ...(charts.length ? [charts.length === 1 ? 'the chart' : `${charts.length} charts`] : [])];
    const n = files.length + charts.length;
    const note = { type: 'context' as const, text: `${sent.join(', ')}: sent to you as ${n === 1 ? 'a file' : 'files'} in your messages with Pacta.` };
    return slackResponse({ ...answer.reply, message: { ...answer.reply.message, blocks: [...answer.reply.message.blocks, note] } });
  } catch (err) {
    if (err instanceof UnavailableError) {
      deps.log.warn({ reason: err.message, user: command.user_id }, 'slash command not run: the database is unavailable');
      return slackResponse({ visibility: 'ephemeral', message: textMessage(UNAVAILABLE_TEXT) });
    }
    const errorId = randomUUID().slice(0, 8);
    deps.log.error({ err, errorId, text: command.text, user: command.user_id }, 'slash command failed');
    return slackResponse({
      visibility: 'ephemeral',
      message: textMessage(`Sorry, something went wrong on my side. If it keeps happening, tell whoever runs Pacta and quote error id ${errorId}.`),
    });
  }
}

/**
 * When a slash command must be acknowledged: resolves once the budget is spent. `signal` aborts when the
 * reply was ready first, so a timer can be cleared. Injectable so tests choose the path (reply in the ack,
 * or at response_url) instead of racing the wall clock.
 */
export type AckDeadline = (signal: AbortSignal) => Promise<void>;

/** The production deadline: `ms` of real time. */
export function ackAfter(ms: number): AckDeadline {
  return (signal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    });
}

/** `{ value }` if `p` settles before `deadline`, else null (and `p` keeps running). */
async function within<T>(p: Promise<T>, deadline: AckDeadline): Promise<{ value: T } | null> {
  const done = new AbortController();
  try {
    return await Promise.race([p.then((value) => ({ value })), deadline(done.signal).then(() => null)]);
  } finally {
    done.abort();
  }
}
