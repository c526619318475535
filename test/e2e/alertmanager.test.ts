/**
 * A real Prometheus Alertmanager (Debian's `prometheus-alertmanager`) delivering to a real `pacta start`
 * (docs/semantics.md §6, README "Connect your monitoring"): the integration is created the way an admin
 * does it, with a signed Slack command, and Alertmanager is configured with the URL and secret its reply
 * shows. An alert posted to Alertmanager's API opens an incident whose card reaches the (fake) Slack Web
 * API; the same alert ended resolves it. Skipped when Alertmanager is not installed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi, type ApiCall } from '../adapters/slack/fake-slack-api.ts';
import { SIGNING_SECRET, sendToSlackEndpoint, slashCommand } from '../adapters/slack/slack-requests.ts';
import { CRASH, E2E_TIMEOUT, PROCESS_DEADLINE, cleanEnv, freePort, skipReason, spawnPacta, tempDir, type Spawned } from './process.ts';

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const noAlertmanager = executable(ALERTMANAGER) ? '' : ` (skipped: ${ALERTMANAGER} is not installed; apt-get install prometheus-alertmanager)`;
const skip = skipReason || noAlertmanager;

/** How long Alertmanager and Pacta together may take to act on one alert: a guard against a hang, never a measure. */
const ALERT_DEADLINE = 60_000;

/** Polls `check` (every 200 ms) until it gives a value; rejects after `ms` with what `describe` says. */
async function eventually<T>(check: () => Promise<T | null | undefined>, ms: number, what: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check().catch(() => null);
    if (v !== null && v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const text = (c: ApiCall) => JSON.stringify(c.params);

describe.skipIf(skip !== '')(`a real Alertmanager delivering to pacta start${skip}`, { timeout: E2E_TIMEOUT }, () => {
  const channel = 'C0PAYMENTS';
  const summary = 'Payments API error rate above 5% (e2e)';
  const runbook = 'https://runbooks.example.com/payments/high-error-rate';
  const generatorURL = 'http://prometheus.example.com:9090/graph?g0.expr=job%3Apayments_errors%3Aratio5m+%3E+0.05';
  let api: FakeSlackApi;
  let pacta: Spawned | null = null;
  let am: ChildProcess | null = null;
  let amOutput = '';
  let amExited: Promise<unknown> = Promise.resolve();
  let pactaPort = 0;
  let amUrl = '';

  /** A slash command as `user` in the payments channel; the answer in the ack or at the response_url. */
  const sla = async (user: string, line: string): Promise<string> => {
    const responseUrl = api.responseUrl();
    const res = await sendToSlackEndpoint(`http://127.0.0.1:${pactaPort}/slack/events`, slashCommand(line, { user, channel, responseUrl }));
    expect(res.status, `${line}: ${res.text}`).toBe(200);
    if (res.text !== '') return res.text;
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    await api.until(() => api.responses.some((r) => r.id === id), PROCESS_DEADLINE);
    return JSON.stringify(api.responses.find((r) => r.id === id)!.body);
  };

  beforeAll(async () => {
    api = await new FakeSlackApi().start();
    pactaPort = await freePort();
    pacta = spawnPacta(
      ['start'],
      cleanEnv({
        PORT: String(pactaPort),
        PACTA_HOST: '127.0.0.1',
        PACTA_PUBLIC_URL: `http://127.0.0.1:${pactaPort}`,
        PACTA_DATA_DIR: tempDir('alertmanager-data'),
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-0000-e2e-token',
        SLACK_API_URL: api.url,
        SLACK_BOT_ID: api.botId,
        SLACK_BOT_USER_ID: api.botUserId,
        PACTA_ADMINS: 'slack:U0ADMIN',
      }),
    );
    await pacta.waitFor(/listening on http/);
  });

  afterAll(async () => {
    // Each step on its own, so one failing cannot leave another process running.
    if (am && am.exitCode === null && am.signalCode === null) {
      am.kill('SIGTERM');
      const timer = setTimeout(() => am?.kill('SIGKILL'), 10_000);
      await amExited;
      clearTimeout(timer);
    }
    if (pacta) {
      pacta.child.kill('SIGTERM');
      const timer = setTimeout(() => pacta?.child.kill('SIGKILL'), 30_000);
      await pacta.exited;
      clearTimeout(timer);
    }
    await api?.close();
  });

  it('an alert opens an incident for its service, the card reaches Slack, and the ended alert resolves it', async () => {
    // The admin's setup, as the README has it: a service, its incident channel, an integration.
    expect(await sla('U0ADMIN', 'service add payments "Payments API"')).toMatch(/payments/);
    expect(await sla('U0ADMIN', 'service set payments --channel')).toMatch(/payments/);
    // No --service: the alert's `service` label is what routes it.
    const added = await sla('U0ADMIN', 'integration add am-e2e --kind alertmanager');
    const url = /(http:\/\/127\.0\.0\.1:\d+\/webhooks\/am-e2e)/.exec(added)?.[1];
    const secret = /Secret \(shown once\): (\S+?)(?:["\\]|$)/.exec(added)?.[1];
    expect(url, added).toBe(`http://127.0.0.1:${pactaPort}/webhooks/am-e2e`);
    expect(secret, added).toBeTruthy();
    // The snippet in the reply is what we paste: it names the same URL and secret.
    expect(added).toContain(`credentials: ${secret}`);

    // Alertmanager, configured as the reply says, with quick grouping so the test does not wait minutes.
    const dir = tempDir('alertmanager');
    const amPort = await freePort();
    amUrl = `http://127.0.0.1:${amPort}`;
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      [
        'route:',
        '  receiver: pacta',
        '  group_by: [alertname, service]',
        '  group_wait: 1s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: pacta',
        '    webhook_configs:',
        `      - url: ${url}`,
        '        send_resolved: true',
        '        max_alerts: 0',
        '        http_config:',
        '          authorization:',
        '            type: Bearer',
        `            credentials: ${secret}`,
        '',
      ].join('\n'),
    );
    am = spawn(
      ALERTMANAGER,
      [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
        '--log.level=debug',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    am.stdout!.on('data', (c: Buffer) => (amOutput += c.toString('utf8')));
    am.stderr!.on('data', (c: Buffer) => (amOutput += c.toString('utf8')));
    amExited = new Promise((resolve) => am!.once('close', resolve));
    // Should the test process itself die, Alertmanager goes with it.
    process.once('exit', () => am?.kill('SIGKILL'));
    const amLog = () => `Alertmanager's log:\n${amOutput}\nPacta's log:\n${pacta!.stdout()}\n${pacta!.stderr()}`;
    await eventually(async () => (am!.exitCode === null && (await fetch(`${amUrl}/-/ready`)).ok ? true : null), ALERT_DEADLINE, () => `Alertmanager ready; ${amLog()}`);

    const labels = { alertname: 'HighErrorRate', service: 'payments', severity: 'critical', instance: 'api-1:8080' };
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const postAlert = async (endsAt?: string) => {
      const res = await fetch(`${amUrl}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ labels, annotations: { summary, runbook_url: runbook }, startsAt, ...(endsAt ? { endsAt } : {}), generatorURL }]),
      });
      expect(res.status, await res.text()).toBe(200);
    };

    // Firing: Alertmanager groups it, waits group_wait, and posts to Pacta; Pacta opens the incident and posts its card.
    await postAlert();
    await eventually(
      async () => (api.callsOf('chat.postMessage').some((c) => c.params.channel === channel && text(c).includes(summary)) ? true : null),
      ALERT_DEADLINE,
      () => `the incident card in ${channel}; Slack calls: ${api.calls.map((c) => c.method).join(', ')}; ${amLog()}`,
    );
    const card = api.callsOf('chat.postMessage').find((c) => c.params.channel === channel && text(c).includes(summary))!;
    const ts = String(card.answer!.ts);
    // The card: the alert's summary as the title, the service, open, from the integration, with its links.
    expect(String(card.params.text)).toMatch(/^INC-1 · P1 · .+ · payments, open, not acknowledged · From am-e2e · 1 alert firing/);
    expect(String(card.params.text)).toContain(summary);
    expect(text(card)).toContain(JSON.stringify({ url: runbook }).slice(1, -1));
    expect(text(card)).toContain(JSON.stringify({ url: generatorURL }).slice(1, -1));

    const detail = await sla('U0ALICE', 'incident INC-1');
    expect(detail).toContain(summary);
    expect(detail).toMatch(/payments/i);
    expect(detail).toMatch(/P1/);
    const opened = await sla('U0ALICE', 'alerts am-e2e');
    expect(opened).toMatch(/firing .* → opened INC-1 \(payments\)/);

    // Resolved: the same alert with endsAt in the past; Alertmanager sends the resolved group (send_resolved).
    await postAlert(new Date(Date.now() - 1_000).toISOString());
    await eventually(
      async () => {
        const d = await sla('U0ALICE', 'alerts am-e2e');
        return /resolved .* → resolved INC-1 \(payments\)/.test(d) ? d : null;
      },
      ALERT_DEADLINE,
      () => `Pacta to resolve INC-1; ${amLog()}`,
    );
    const resolved = await sla('U0ALICE', 'incident INC-1');
    expect(resolved).toMatch(/payments, resolved · From am-e2e · all alerts resolved/);
    // The card in the channel is updated in place to say so.
    await api.until(() => api.callsOf('chat.update').some((c) => c.params.ts === ts && /payments, resolved/.test(String(c.params.text))), PROCESS_DEADLINE);

    // Every delivery Alertmanager made (a retry on a slow machine would be a duplicate) concerns INC-1 alone,
    // and Alertmanager logged no failed notification: Pacta answered it 200.
    const deliveries = ((JSON.parse(await sla('U0ALICE', 'alerts am-e2e')) as { text: string }).text.split('\n')).filter((l) => l.includes(' → '));
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    for (const d of deliveries) expect(d).toMatch(/ → (opened|resolved|duplicate) INC-1 \(payments\)$/);
    expect(amOutput).not.toMatch(/Notify for alerts failed|notify retry canceled/i);
    expect(api.violations).toEqual([]);
    expect(pacta!.stderr()).not.toMatch(CRASH);
  });
});
