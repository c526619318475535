/**
 * Reads a Grafana unified alerting webhook body (a contact point of type Webhook) into an
 * `AlertDelivery`. Grafana's notifier builds it on Alertmanager's data, so the core is Alertmanager's
 * (`groupKey`, `status`, `truncatedAlerts`, `receiver`, the group's label maps, `externalURL`, and alerts
 * with `status`, `labels`, `annotations`, `startsAt`, `endsAt`, `generatorURL`, `fingerprint`), plus:
 *
 * - `version: "1"` — Grafana's own payload version, not Alertmanager's "4";
 * - `orgId`, and `title`, `state` (`alerting` | `ok`) and `message` (Grafana marks these three as to be
 *   deprecated; `state` repeats `status` and is not carried);
 * - per alert: `silenceURL`, `dashboardURL`, `panelURL` (often empty strings), `imageURL` (when a
 *   screenshot was taken), `values` (the numbers of the rule's expressions, or null), the older
 *   `valueString`, and fields Pacta ignores (`orgId`, `ruleUID`, `embeddedImage`, `enrichments`).
 *
 * Grafana may send Go's zero time for `startsAt` as well as `endsAt`; both read as null. Grafana's
 * legacy (pre-unified) alerting sent another body altogether, without `version`, and is refused.
 * A contact point with a custom payload template sends whatever it renders and is refused unless that
 * is this shape. Caps: `limits.ts`.
 */
import { z } from 'zod';
import type { AlertDelivery, AlertEvent } from '../../src/ports/alerts.ts';
import { alertCore, coreEvent, groupCore, readGroup } from './alertmanager.ts';
import { clip, link, payloadVersion, text } from './common.ts';
import { LIMITS } from './limits.ts';

const envelope = z.object({
  version: payloadVersion(
    '1',
    "Grafana's",
    { '4': 'this is an Alertmanager body, for an integration of kind alertmanager' },
    "Grafana's legacy alerting is not supported, only unified alerting",
  ),
  ...groupCore,
  orgId: z.number().int().min(0),
  title: text(LIMITS.title),
  state: text(LIMITS.word),
  message: text(LIMITS.message),
});

/** Grafana's `values` (`map[string]float64`, null when none) as `B=44.23943737541908, C=1`. */
const values = z.unknown().optional().transform((v, ctx): string | null => {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) {
    ctx.issues.push({ code: 'custom', message: 'is not an object (of numbers)', input: v });
    return z.NEVER;
  }
  const parts: string[] = [];
  let n = 0;
  for (const name in v) {
    if (!Object.hasOwn(v, name)) continue;
    if (++n > LIMITS.annotations) {
      ctx.issues.push({ code: 'custom', message: `has more than ${LIMITS.annotations} values`, input: v });
      return z.NEVER;
    }
    const x = (v as Record<string, unknown>)[name];
    if (typeof x !== 'number') {
      ctx.issues.push({ code: 'custom', message: 'is not a number', input: x, path: [name] });
      return z.NEVER;
    }
    parts.push(`${clip(name, LIMITS.annotationName)}=${x}`);
  }
  return parts.length === 0 ? null : clip(parts.join(', '), LIMITS.message);
});

const alert = z
  .object({
    ...alertCore,
    silenceURL: link,
    dashboardURL: link,
    panelURL: link,
    imageURL: link,
    values,
    valueString: text(LIMITS.message),
  })
  .transform(
    (a): AlertEvent => ({
      ...coreEvent(a),
      silenceUrl: a.silenceURL,
      dashboardUrl: a.dashboardURL,
      panelUrl: a.panelURL,
      imageUrl: a.imageURL,
      value: a.values ?? a.valueString,
    }),
  );

/**
 * Reads a parsed JSON body (see `parseJsonBody`). Throws `WebhookPayloadError` naming the first problem,
 * and nothing else, on any input.
 */
export function parseGrafana(body: unknown): AlertDelivery {
  return readGroup(body, envelope, alert, (e) => ({ kind: 'grafana', reason: null, orgId: e.orgId, title: e.title, message: e.message }));
}
