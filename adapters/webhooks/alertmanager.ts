/**
 * Reads a Prometheus Alertmanager webhook body (`webhook_config`, payload version 4) into an
 * `AlertDelivery`. The fields, as Alertmanager writes them (its `notify/webhook` and `template` Data):
 *
 * ```
 * { version: "4", groupKey, truncatedAlerts, status: firing|resolved, receiver, groupLabels,
 *   commonLabels, commonAnnotations, externalURL, notification_reason (recent versions), routeLabels,
 *   alerts: [{ status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint }] }
 * ```
 *
 * Strict about what identifies and times an alert (version, keys, statuses, fingerprints, times, label
 * maps), lenient about what it does not know (extra fields are ignored, so newer Alertmanagers still
 * parse) and about what older ones omit (`truncatedAlerts`, `notification_reason`, the common maps).
 * A firing alert's `endsAt` is Go's zero time `0001-01-01T00:00:00Z` (Alertmanager hides the timeout it
 * would otherwise expire at) and reads as null. Caps: `limits.ts`.
 */
import { z } from 'zod';
import type { AlertDelivery, AlertEvent } from '../../src/ports/alerts.ts';
import { checkGroupStatus, count, goTime, guarded, key, link, parseWith, payloadVersion, readAlerts, status, stringMap, text, NOT_GRAFANA } from './common.ts';
import { LIMITS } from './limits.ts';

/** The group's fields, as Alertmanager writes them and Grafana keeps them (Grafana adds its own). */
export const groupCore = {
  groupKey: key(LIMITS.groupKey),
  status,
  truncatedAlerts: count,
  receiver: text(LIMITS.title),
  groupLabels: stringMap('label'),
  commonLabels: stringMap('label'),
  commonAnnotations: stringMap('annotation'),
  externalURL: link,
};
type Group = z.infer<z.ZodObject<typeof groupCore>>;

const envelope = z.object({
  version: payloadVersion('4', "Alertmanager's", { '1': 'this is a Grafana body, for an integration of kind grafana' }),
  ...groupCore,
  notification_reason: text(LIMITS.word),
});

/** One alert, as Alertmanager and (with more fields) Grafana write it. */
export const alertCore = {
  status,
  labels: stringMap('label', true),
  annotations: stringMap('annotation'),
  startsAt: goTime,
  endsAt: goTime,
  generatorURL: link,
  fingerprint: key(LIMITS.fingerprint),
};

/** The `AlertEvent` fields every Alertmanager-shaped alert gives, from `alertCore`. */
export function coreEvent(a: z.infer<z.ZodObject<typeof alertCore>>): Omit<AlertEvent, keyof typeof NOT_GRAFANA> {
  return { fingerprint: a.fingerprint, status: a.status, startsAt: a.startsAt, endsAt: a.endsAt, labels: a.labels, annotations: a.annotations, sourceUrl: a.generatorURL };
}

const alert = z.object(alertCore).transform((a): AlertEvent => ({ ...coreEvent(a), ...NOT_GRAFANA }));

/**
 * Reads a parsed JSON body (see `parseJsonBody`). Throws `WebhookPayloadError` naming the first problem,
 * and nothing else, on any input.
 */
export function parseAlertmanager(body: unknown): AlertDelivery {
  return readGroup(body, envelope, alert, (e) => ({ kind: 'alertmanager', reason: e.notification_reason, orgId: null, title: null, message: null }));
}

/**
 * A group body of Alertmanager's shape (Alertmanager's own, Grafana's): its envelope, its alerts (past the
 * cap counted as truncated), their statuses checked against the group's, as a delivery; `own` gives the
 * fields only one source has. Throws `WebhookPayloadError` and nothing else.
 */
export function readGroup<E extends Group>(
  body: unknown,
  envelope: z.ZodType<E>,
  alert: z.ZodType<AlertEvent>,
  own: (e: E) => Pick<AlertDelivery, 'kind' | 'reason' | 'orgId' | 'title' | 'message'>,
): AlertDelivery {
  return guarded(body, (b) => {
    const e = parseWith(envelope, b);
    const { alerts, skipped } = readAlerts(b, alert);
    checkGroupStatus(e.status, alerts, skipped);
    return {
      groupKey: e.groupKey,
      status: e.status,
      alerts,
      truncated: Math.min(e.truncatedAlerts + skipped, Number.MAX_SAFE_INTEGER),
      commonLabels: e.commonLabels,
      commonAnnotations: e.commonAnnotations,
      groupLabels: e.groupLabels,
      externalUrl: e.externalURL,
      receiver: e.receiver,
      ...own(e),
    };
  });
}
