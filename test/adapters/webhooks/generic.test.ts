import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../../../adapters/webhooks/common.ts';
import { parseGeneric } from '../../../adapters/webhooks/generic.ts';
import { LIMITS } from '../../../adapters/webhooks/limits.ts';
import { fixture, fixtureBytes, refusalOf } from './fixtures.ts';

const refusal = (body: unknown): string => refusalOf(parseGeneric, body);

describe('parseGeneric', () => {
  it('reads a firing event into one delivery of one alert: labels service/severity, annotations details and summary', () => {
    const d = parseGeneric(parseJsonBody(fixtureBytes('generic-firing.json')));
    expect(d).toEqual({
      kind: 'generic',
      groupKey: 'disk-full-db1',
      status: 'firing',
      alerts: [
        {
          fingerprint: 'disk-full-db1',
          status: 'firing',
          startsAt: null,
          endsAt: null,
          labels: { service: 'payments', severity: 'critical' },
          annotations: {
            host: 'db1',
            used_pct: '95',
            mount: '/var/lib/postgresql',
            threshold_crossed: 'true',
            runbook_url: 'https://runbooks.example.com/disk-full',
            summary: 'Disk 95% full on db1',
          },
          sourceUrl: 'https://monitoring.example.com/hosts/db1/disk',
          silenceUrl: null,
          dashboardUrl: null,
          panelUrl: null,
          imageUrl: null,
          value: null,
        },
      ],
      truncated: 0,
      commonLabels: { service: 'payments', severity: 'critical' },
      commonAnnotations: {
        host: 'db1',
        used_pct: '95',
        mount: '/var/lib/postgresql',
        threshold_crossed: 'true',
        runbook_url: 'https://runbooks.example.com/disk-full',
        summary: 'Disk 95% full on db1',
      },
      groupLabels: {},
      externalUrl: null,
      receiver: null,
      reason: null,
      orgId: null,
      title: 'Disk 95% full on db1',
      message: null,
    });
  });

  it('reads the minimal resolve: no labels, the summary as the one annotation', () => {
    const d = parseGeneric(fixture('generic-resolved.json'));
    expect(d.status).toBe('resolved');
    expect(d.alerts[0]).toMatchObject({ labels: {}, annotations: { summary: 'Disk back to 70% on db1' }, sourceUrl: null });
  });

  it('lets the summary win over a detail of that name, and ignores unknown fields', () => {
    const d = parseGeneric({ ...fixture('generic-resolved.json'), details: { summary: 'not this' }, timestamp: 'x' });
    expect(d.alerts[0]!.annotations).toEqual({ summary: 'Disk back to 70% on db1' });
  });

  it.each([
    ['no dedup_key', { status: 'firing', summary: 's' }, 'dedup_key is missing'],
    ['a numeric dedup_key', { dedup_key: 7, status: 'firing', summary: 's' }, 'dedup_key is not a string'],
    ['a dedup_key over the cap', { dedup_key: 'k'.repeat(LIMITS.fingerprint + 1), status: 'firing', summary: 's' }, `dedup_key is longer than ${LIMITS.fingerprint} characters`],
    ['an unknown status', { dedup_key: 'k', status: 'acknowledged', summary: 's' }, 'status is "acknowledged"; expected "firing" or "resolved"'],
    ['no summary', { dedup_key: 'k', status: 'firing' }, 'summary is missing'],
    ['a blank summary', { dedup_key: 'k', status: 'firing', summary: '  ' }, 'summary is empty'],
    ['a numeric service', { dedup_key: 'k', status: 'firing', summary: 's', service: 3 }, 'service is not a string'],
    ['details as a list', { dedup_key: 'k', status: 'firing', summary: 's', details: ['a'] }, 'details is not an object'],
    ['a nested detail', { dedup_key: 'k', status: 'firing', summary: 's', details: { a: { b: 1 } } }, 'details.a is not a string, number, boolean or null'],
  ])('refuses %s', (_what, body, message) => {
    expect(refusal(body)).toBe(message);
  });
});
