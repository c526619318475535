import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../../../adapters/webhooks/common.ts';
import { parseGrafana } from '../../../adapters/webhooks/grafana.ts';
import { fixture, fixtureBytes, refusalOf } from './fixtures.ts';

const refusal = (body: unknown): string => refusalOf(parseGrafana, body);

describe('parseGrafana: Grafana’s documented payload', () => {
  it('reads the example of Grafana’s webhook notifier page, from the raw bytes', () => {
    const d = parseGrafana(parseJsonBody(fixtureBytes('grafana-docs-example.json')));
    expect(d).toMatchObject({
      kind: 'grafana',
      groupKey: '{}:{}',
      status: 'firing',
      truncated: 0,
      orgId: 1,
      receiver: 'My Super Webhook',
      title: '[FIRING:2]  (blue)',
      commonLabels: { team: 'blue' },
      commonAnnotations: {},
      groupLabels: {},
      externalUrl: 'https://play.grafana.org/',
      reason: null,
    });
    expect(d.message).toMatch(/^\*\*Firing\*\*\n\nLabels:\n - alertname = T2/);
    expect(d.alerts).toHaveLength(2);
    expect(d.alerts[0]).toEqual({
      fingerprint: 'c6eadffa33fcdf37',
      status: 'firing',
      startsAt: new Date('2021-10-12T07:51:03.157Z'),
      endsAt: null,
      labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
      annotations: {
        description: 'The system has high memory usage',
        runbook_url: 'https://myrunbook.com/runbook/1234',
        summary: 'This alert was triggered for zone us-1',
      },
      sourceUrl: 'https://play.grafana.org/alerting/1afz29v7z/edit',
      silenceUrl: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1',
      dashboardUrl: null,
      panelUrl: null,
      imageUrl: null,
      value: 'B=44.23943737541908, C=1',
    });
  });

  it('reads grafana/alerting’s truncated delivery: zero start times, null values, alert-level orgId', () => {
    const d = parseGrafana(fixture('grafana-alerting-test-truncated.json'));
    expect(d.truncated).toBe(1);
    expect(d.alerts.map((a) => [a.fingerprint, a.startsAt, a.endsAt, a.value])).toEqual([
      ['fac0861a85de433a', null, null, null],
      ['fab6861a85d5eeb5', null, null, null],
    ]);
    expect(d.groupLabels).toEqual({ alertname: '' });
    expect(d.title).toBe('Alerts firing: 2');
  });

  it('reads a resolved delivery (state ok) with Grafana’s older valueString and a screenshot', () => {
    const b = fixture('grafana-docs-example.json');
    b.status = 'resolved';
    b.state = 'ok';
    for (const a of b.alerts) {
      a.status = 'resolved';
      a.endsAt = '2021-10-12T10:01:03.157076+02:00';
      delete a.values;
      a.valueString = "[ metric='' labels={} value=14151.331895396988 ]";
      a.imageURL = 'https://grafana.example.com/public/img/attachments/abc.png';
    }
    const d = parseGrafana(b);
    expect(d.status).toBe('resolved');
    expect(d.alerts[1]).toMatchObject({
      endsAt: new Date('2021-10-12T08:01:03.157Z'),
      value: "[ metric='' labels={} value=14151.331895396988 ]",
      imageUrl: 'https://grafana.example.com/public/img/attachments/abc.png',
    });
  });
});

describe('parseGrafana: refusals', () => {
  const base = () => fixture('grafana-docs-example.json');
  it.each([
    ['an Alertmanager body', fixture('alertmanager-default-payload.json'), 'version is "4", not Grafana\'s "1": this is an Alertmanager body, for an integration of kind alertmanager'],
    ['a legacy alerting body', { title: 'x', ruleId: 1, state: 'alerting', evalMatches: [] }, 'version is missing; Grafana\'s payloads have "1" (Grafana\'s legacy alerting is not supported, only unified alerting)'],
    ['no orgId', { ...base(), orgId: undefined }, 'orgId is missing'],
    ['an orgId that is text', { ...base(), orgId: '1' }, 'orgId is not a number'],
    ['a fractional orgId', { ...base(), orgId: 1.5 }, 'orgId is not a whole number'],
    ['a title that is a number', { ...base(), title: 5 }, 'title is not a string'],
  ])('%s', (_what, body, message) => {
    expect(refusal(body)).toBe(message);
  });

  it('refuses values that are not numbers, naming the value', () => {
    const b = base();
    b.alerts[1].values = { B: 'high' };
    expect(refusal(b)).toBe('alerts[1].values.B is not a number');
    b.alerts[1].values = [1];
    expect(refusal(b)).toBe('alerts[1].values is not an object (of numbers)');
  });
});
