import { describe, expect, it } from 'vitest';
import { parseAlertmanager } from '../../../adapters/webhooks/alertmanager.ts';
import { parseJsonBody } from '../../../adapters/webhooks/common.ts';
import { WebhookPayloadError } from '../../../adapters/webhooks/errors.ts';
import { LIMITS } from '../../../adapters/webhooks/limits.ts';
import { fixture, fixtureBytes, refusalOf } from './fixtures.ts';

/** The message a body is refused with. */
const refusal = (body: unknown): string => refusalOf(parseAlertmanager, body);

const GROUP_KEY = '{}/{severity="critical"}:{alertname="HighErrorRate", service="payments"}';

describe('parseAlertmanager: Alertmanager’s own payload', () => {
  it('reads the default payload of its notifier test, from the raw bytes', () => {
    const d = parseAlertmanager(parseJsonBody(fixtureBytes('alertmanager-default-payload.json')));
    expect(d).toEqual({
      kind: 'alertmanager',
      groupKey: '{}:{alertname="test1"}',
      status: 'resolved',
      alerts: [
        {
          fingerprint: fixture('alertmanager-default-payload.json').alerts[0].fingerprint,
          status: 'resolved',
          startsAt: new Date('2020-01-01T00:00:00Z'),
          endsAt: new Date('2020-01-01T01:00:00Z'),
          labels: { alertname: 'TestAlert' },
          annotations: { summary: 'Test summary' },
          sourceUrl: 'http://generator.url',
          silenceUrl: null,
          dashboardUrl: null,
          panelUrl: null,
          imageUrl: null,
          value: null,
        },
      ],
      truncated: 0,
      commonLabels: { alertname: 'TestAlert' },
      commonAnnotations: { summary: 'Test summary' },
      groupLabels: {},
      externalUrl: 'http://am',
      receiver: 'test_receiver',
      reason: 'unknown',
      orgId: null,
      title: null,
      message: null,
    });
  });

  it('follows a group that grows, shrinks and resolves, under one group key and stable fingerprints', () => {
    const steps = ['1-firing', '2-grows', '3-shrinks', '4-resolved'].map((s) => parseAlertmanager(fixture(`alertmanager-group-${s}.json`)));
    expect(steps.map((d) => d.groupKey)).toEqual([GROUP_KEY, GROUP_KEY, GROUP_KEY, GROUP_KEY]);
    expect(steps.map((d) => d.status)).toEqual(['firing', 'firing', 'firing', 'resolved']);
    expect(steps.map((d) => d.alerts.map((a) => `${a.labels['instance']}:${a.status}`))).toEqual([
      ['api-1:8080:firing'],
      ['api-1:8080:firing', 'api-2:8080:firing'],
      ['api-1:8080:resolved', 'api-2:8080:firing'],
      ['api-1:8080:resolved', 'api-2:8080:resolved'],
    ]);
    expect(steps.map((d) => d.reason)).toEqual(['first notification', 'new alerts added', 'some alerts resolved', 'all alerts resolved']);
    // The same labels, the same fingerprint, in every delivery.
    const api1 = steps.map((d) => d.alerts[0]!.fingerprint);
    expect(new Set(api1).size).toBe(1);
    expect(steps[1]!.alerts[1]!.fingerprint).not.toBe(api1[0]);
    expect(steps[1]!.commonLabels).toEqual({ alertname: 'HighErrorRate', job: 'payments-api', service: 'payments', severity: 'critical' });
    expect(steps[0]!.groupLabels).toEqual({ alertname: 'HighErrorRate', service: 'payments' });
  });

  it('reads Go’s zero endsAt of a firing alert as not ended, and Go’s nanoseconds and offsets to the millisecond', () => {
    const shrinks = parseAlertmanager(fixture('alertmanager-group-3-shrinks.json'));
    expect(shrinks.alerts[1]!.endsAt).toBeNull();
    expect(shrinks.alerts[0]!.startsAt).toEqual(new Date('2026-03-02T10:15:30.123Z'));
    expect(shrinks.alerts[0]!.endsAt).toEqual(new Date('2026-03-02T10:31:00Z'));
    const resolved = parseAlertmanager(fixture('alertmanager-group-4-resolved.json'));
    expect(resolved.alerts[1]!.endsAt).toEqual(new Date('2026-03-02T09:40:15.250Z'));
  });

  it('carries truncatedAlerts (max_alerts)', () => {
    const d = parseAlertmanager(fixture('alertmanager-truncated.json'));
    expect(d.alerts).toHaveLength(2);
    expect(d.truncated).toBe(1);
  });

  it('reads older Alertmanagers that send no truncatedAlerts, notification_reason or common maps', () => {
    const b = fixture('alertmanager-group-1-firing.json');
    for (const k of ['truncatedAlerts', 'notification_reason', 'commonLabels', 'commonAnnotations', 'groupLabels', 'routeLabels', 'receiver', 'externalURL']) delete b[k];
    const d = parseAlertmanager(b);
    expect(d).toMatchObject({ truncated: 0, reason: null, commonLabels: {}, commonAnnotations: {}, groupLabels: {}, receiver: null, externalUrl: null });
  });

  it('ignores fields it does not know, at every level', () => {
    const b = fixture('alertmanager-group-1-firing.json');
    b['newField'] = { deep: [1, 2, 3] };
    b.alerts[0].extra = 'x';
    expect(parseAlertmanager(b).alerts[0]).not.toHaveProperty('extra');
  });
});

describe('parseAlertmanager: refusals name the problem and its path', () => {
  const base = () => fixture('alertmanager-group-2-grows.json');
  const withAlert = (i: number, change: Record<string, unknown>) => {
    const b = base();
    b.alerts[i] = { ...b.alerts[i], ...change };
    return b;
  };

  it.each([
    ['a Grafana body', fixture('grafana-docs-example.json'), 'version is "1", not Alertmanager\'s "4": this is a Grafana body, for an integration of kind grafana'],
    ['no version', { ...base(), version: undefined }, 'version is missing; Alertmanager\'s payloads have "4"'],
    ['version 3', { ...base(), version: '3' }, 'version is "3", not Alertmanager\'s "4"'],
    ['a number for the version', { ...base(), version: 4 }, 'version is 4, not Alertmanager\'s "4"'],
    ['no group key', { ...base(), groupKey: undefined }, 'groupKey is missing'],
    ['an empty group key', { ...base(), groupKey: '' }, 'groupKey is empty'],
    ['an unknown status', { ...base(), status: 'pending' }, 'status is "pending"; expected "firing" or "resolved"'],
    ['a negative truncatedAlerts', { ...base(), truncatedAlerts: -1 }, 'truncatedAlerts is not a whole number of at least 0: -1'],
    ['labels not an object', { ...base(), commonLabels: ['a'] }, 'commonLabels is not an object (of labels)'],
    ['no alerts', { ...base(), alerts: undefined }, 'alerts is missing'],
    ['empty alerts', { ...base(), alerts: [] }, 'alerts is empty'],
    ['alerts not an array', { ...base(), alerts: {} }, 'alerts is not an array'],
    ['a bad start', withAlert(1, { startsAt: '2026-02-30T10:00:00Z' }), 'alerts[1].startsAt is not a date: "2026-02-30T10:00:00Z"'],
    ['a start that is a number', withAlert(0, { startsAt: 1760000000 }), 'alerts[0].startsAt is not a date (an RFC 3339 string)'],
    ['no end', withAlert(0, { endsAt: undefined }), 'alerts[0].endsAt is missing'],
    ['no fingerprint', withAlert(1, { fingerprint: undefined }), 'alerts[1].fingerprint is missing'],
    ['no labels', withAlert(1, { labels: undefined }), 'alerts[1].labels is missing'],
    ['a label that is a number', withAlert(0, { labels: { alertname: 'X', 'the zone': 3 } }), 'alerts[0].labels["the zone"] is not a string'],
    ['an alert status', withAlert(0, { status: 'ok' }), 'alerts[0].status is "ok"; expected "firing" or "resolved"'],
    ['a generatorURL that is not a string', withAlert(0, { generatorURL: 7 }), 'alerts[0].generatorURL is not a string'],
    ['a resolved group with a firing alert', { ...base(), status: 'resolved' }, 'status is "resolved" but alerts[0] is firing'],
    ['a body that is not an object', 'hello', 'the body is "hello", not a JSON object'],
    ['null', null, 'the body is null, not a JSON object'],
  ])('%s', (_what, body, message) => {
    expect(refusal(body)).toContain(message);
  });

  it('a firing group none of whose alerts fires', () => {
    const b = base();
    b.alerts = b.alerts.map((a: Record<string, unknown>) => ({ ...a, status: 'resolved', endsAt: '2026-03-02T10:31:00Z' }));
    expect(refusal(b)).toBe('status is "firing" but none of its alerts is');
  });

  it('refuses what identifies over its cap, and cuts what is only shown', () => {
    expect(refusal({ ...base(), groupKey: 'k'.repeat(LIMITS.groupKey + 1) })).toBe(`groupKey is longer than ${LIMITS.groupKey} characters`);
    const many = Object.fromEntries(Array.from({ length: LIMITS.labels + 1 }, (_, i) => [`l${i}`, 'v']));
    expect(refusal(withAlert(0, { labels: many }))).toBe(`alerts[0].labels has more than ${LIMITS.labels} labels`);
    expect(refusal(withAlert(0, { labels: { ['n'.repeat(LIMITS.labelName + 1)]: 'v' } }))).toBe(
      `alerts[0].labels has a label name longer than ${LIMITS.labelName} characters`,
    );
    expect(refusal(withAlert(0, { labels: { alertname: 'v'.repeat(LIMITS.labelValue + 1) } }))).toBe(
      `alerts[0].labels.alertname is longer than ${LIMITS.labelValue} characters`,
    );
    const long = parseAlertmanager(withAlert(0, { annotations: { description: 'd'.repeat(100_000) }, generatorURL: `https://x.example/${'p'.repeat(LIMITS.url)}` }));
    expect(long.alerts[0]!.annotations['description']).toHaveLength(LIMITS.annotationValue);
    expect(long.alerts[0]!.annotations['description']!.endsWith('…')).toBe(true);
    expect(long.alerts[0]!.sourceUrl).toBeNull();
  });

  it('reads at most LIMITS.alerts alerts and counts the rest as truncated, without reading them', () => {
    const b = base();
    const one = b.alerts[0];
    b.alerts = [...Array.from({ length: LIMITS.alerts }, () => one), ...Array.from({ length: 500 }, () => 'not an alert')];
    b.truncatedAlerts = 2;
    const d = parseAlertmanager(b);
    expect(d.alerts).toHaveLength(LIMITS.alerts);
    expect(d.truncated).toBe(502);
  });

  it('keeps links to http(s) only', () => {
    expect(parseAlertmanager(withAlert(0, { generatorURL: 'javascript:alert(1)' })).alerts[0]!.sourceUrl).toBeNull();
    expect(parseAlertmanager(withAlert(0, { generatorURL: '' })).alerts[0]!.sourceUrl).toBeNull();
  });

  it('keeps a label named __proto__ as data', () => {
    const b = parseJsonBody(JSON.stringify(withAlert(0, {})).replace('"alertname":', '"__proto__":"x","alertname":'));
    const labels = parseAlertmanager(b).alerts[0]!.labels;
    expect(Object.hasOwn(labels, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
  });

  it('refuses bodies that are not JSON or not UTF-8', () => {
    expect(() => parseJsonBody('{"version":')).toThrow(new WebhookPayloadError('the body is not JSON'));
    expect(() => parseJsonBody(Buffer.from([0x7b, 0xff, 0x7d]))).toThrow(new WebhookPayloadError('the body is not UTF-8 text'));
    expect(parseJsonBody(Buffer.from('\ufeff{"a":1}'))).toEqual({ a: 1 });
  });
});

describe('parseAlertmanager: RFC 3339 times as Go writes them', () => {
  const at = (startsAt: unknown) => {
    const b = fixture('alertmanager-group-1-firing.json');
    b.alerts[0].startsAt = startsAt;
    return parseAlertmanager(b).alerts[0]!.startsAt;
  };
  it.each([
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
    ['2026-03-02T10:15:30.1+05:30', '2026-03-02T04:45:30.100Z'],
    ['2026-03-02T10:15:30.999999999-23:59', '2026-03-03T10:14:30.999Z'],
    ['0001-01-01T00:00:00.000Z', null],
    ['0001-01-01T01:00:00+01:00', null],
    ['0001-01-01T00:00:01Z', '0001-01-01T00:00:01.000Z'],
  ])('%s', (input, expected) => {
    const t = at(input);
    expect(t === null ? null : t.toISOString()).toBe(expected);
  });
  it.each(['2023-02-29T00:00:00Z', '2026-03-02T24:00:00Z', '2026-03-02T10:15:60Z', '2026-03-02T10:15:30', '2026-03-02 10:15:30Z', '2026-03-02T10:15:30.Z', '2026-03-02T10:15:30+0100'])(
    'refuses %s',
    (input) => {
      expect(() => at(input)).toThrow(`alerts[0].startsAt is not a date: ${JSON.stringify(input)}`);
    },
  );
});
