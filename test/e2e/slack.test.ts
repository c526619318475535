/**
 * `pacta start` with Slack configured, as a Slack admin would run it: the real process, Slack's signed
 * requests on its one port, a fake Slack Web API behind SLACK_API_URL. Proves the wiring in
 * adapters/start.ts: the first log lines, the route, the chat port, and a clean stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../adapters/slack/fake-slack-api.ts';
import { SIGNING_SECRET, reactionEvent, sendToSlackEndpoint, slashCommand } from '../adapters/slack/slack-requests.ts';
import { CRASH, E2E_TIMEOUT, PROCESS_DEADLINE, cleanEnv, freePort, skipReason, spawnPacta, tempDir } from './process.ts';

describe.skipIf(skipReason !== '')(`pacta start with Slack${skipReason}`, { timeout: E2E_TIMEOUT }, () => {
  let api: FakeSlackApi;
  beforeAll(async () => {
    api = await new FakeSlackApi().start();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('serves /slack/events: /sla open posts a card, eyes acknowledges it, forged requests get 401; SIGTERM exits 0', async () => {
    const port = await freePort();
    const server = spawnPacta(
      ['start'],
      cleanEnv({
        PORT: String(port),
        PACTA_HOST: '127.0.0.1',
        PACTA_DATA_DIR: tempDir('slack'),
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-0000-e2e-token',
        SLACK_API_URL: api.url,
        SLACK_BOT_ID: api.botId,
        SLACK_BOT_USER_ID: api.botUserId,
        PACTA_ADMINS: 'slack:U0ADMIN',
      }),
    );
    try {
      await server.waitFor(/listening on http/);
      const url = `http://127.0.0.1:${port}/slack/events`;
      const channel = 'C0E2E';
      // The answer in the ack or, when the process took longer than Slack's 2.5 s budget (as it may on a
      // loaded machine), at the command's response_url: both are how Pacta answers.
      const as = async (user: string, text: string): Promise<{ status: number; json: unknown }> => {
        const responseUrl = api.responseUrl();
        const res = await sendToSlackEndpoint(url, slashCommand(text, { user, channel, responseUrl }));
        if (res.status !== 200 || res.text !== '') return res;
        const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
        await api.until(() => api.responses.some((r) => r.id === id), PROCESS_DEADLINE);
        return { status: 200, json: api.responses.find((r) => r.id === id)!.body };
      };

      expect((await as('U0ADMIN', 'service add payments "Payments API"')).status).toBe(200);
      expect((await as('U0ADMIN', 'policy set payments P1 ack=15m resolve=4h')).status).toBe(200);
      const opened = await as('U0ALICE', 'open payments P1 Card payments failing');
      expect(opened.status).toBe(200);
      expect(opened.json).toMatchObject({ response_type: 'ephemeral' });
      expect(JSON.stringify(opened.json)).toContain('INC-1');
      // The card goes out through the outbox: usually before the answer, later on a loaded machine.
      await api.until(() => api.callsOf('chat.postMessage').length >= 1, PROCESS_DEADLINE);
      const [card] = api.callsOf('chat.postMessage');
      expect(card!.params.channel).toBe(channel);
      const ts = String(card!.answer!.ts);

      const forged = await sendToSlackEndpoint(url, reactionEvent('reaction_added', { user: 'U0BOB', reaction: 'eyes', channel, ts }), { secret: 'wrong' });
      expect(forged.status).toBe(401);

      expect((await sendToSlackEndpoint(url, reactionEvent('reaction_added', { user: 'U0BOB', reaction: 'eyes', channel, ts }))).status).toBe(200);
      await api.until(() => api.callsOf('chat.update').length === 1 && api.callsOf('chat.postMessage').length === 2, PROCESS_DEADLINE);
      expect(api.callsOf('chat.update')[0]!.params).toMatchObject({ channel, ts });
      expect(api.callsOf('chat.postMessage')[1]!.params).toMatchObject({ channel, thread_ts: ts });
      expect(api.violations).toEqual([]);
      // Configured bot ids: the process never called auth.test.
      expect(api.callsOf('auth.test')).toEqual([]);

      server.child.kill('SIGTERM');
      const { code, signal } = await server.exited;
      expect(signal).toBeNull();
      expect(code).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
    }
    const log = server.stdout();
    expect(log).toMatch(/enabled: Slack: HTTP events, commands and interactivity at \/slack\/events/);
    expect(log).toMatch(/Slack: commands, events and interactivity at \/slack\/events/);
    expect(server.stderr()).not.toMatch(CRASH);
  });
});
