/** The webhook fixtures of test/fixtures/webhooks/ (see its README), read fresh for each use. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { WebhookPayloadError } from '../../../adapters/webhooks/errors.ts';

const DIR = resolve(import.meta.dirname, '../../fixtures/webhooks');

/** The raw bytes of a fixture, as a sender would post them. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(resolve(DIR, name));
}

/** A fixture parsed, a new object each time (tests may change it). */
export function fixture(name: string): Record<string, any> {
  return JSON.parse(fixtureBytes(name).toString('utf8')) as Record<string, any>;
}

export const ALERTMANAGER = [
  'alertmanager-default-payload.json',
  'alertmanager-group-1-firing.json',
  'alertmanager-group-2-grows.json',
  'alertmanager-group-3-shrinks.json',
  'alertmanager-group-4-resolved.json',
  'alertmanager-truncated.json',
];
export const GRAFANA = ['grafana-docs-example.json', 'grafana-alerting-test-truncated.json'];
export const GENERIC = ['generic-firing.json', 'generic-resolved.json'];

/** The message of the `WebhookPayloadError` that `parse` refuses `body` with; fails the test if it accepts it. */
export function refusalOf(parse: (body: unknown) => unknown, body: unknown): string {
  try {
    parse(body);
  } catch (err) {
    expect(err).toBeInstanceOf(WebhookPayloadError);
    return (err as Error).message;
  }
  throw new Error('expected a WebhookPayloadError');
}
