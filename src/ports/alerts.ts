/**
 * What a monitoring webhook hands to the core: one delivery of a group of alerts, in neutral terms.
 * The webhook adapters (`adapters/webhooks/`) read Alertmanager, Grafana and generic JSON bodies into
 * this shape; nothing here names a platform's or a library's types. What a delivery does (open, attach,
 * resolve, reopen, suppress) is decided behind the use cases, by the rules of docs/semantics.md.
 *
 * Every string has been bounded by the adapter (see `adapters/webhooks/limits.ts`), every URL is an
 * absolute http(s) URL or null, and every map is a plain object of strings with own keys only.
 */

/** Where a delivery came from, and so which body format it was read from. */
export type AlertSourceKind = 'alertmanager' | 'grafana' | 'generic';

/** `firing`: the condition holds now. `resolved`: it no longer does. */
export type AlertStatus = 'firing' | 'resolved';

/** One alert of a delivery. */
export type AlertEvent = {
  /**
   * The alert's identity within its source: Alertmanager's and Grafana's fingerprint (a hash of its
   * labels, 16 hex digits), a generic event's `dedup_key`. The same labels give the same fingerprint in
   * every delivery, so it names the alert across a group's notifications. Never empty.
   */
  fingerprint: string;
  /** This alert's own status; a firing group can carry alerts that have already resolved. */
  status: AlertStatus;
  /**
   * When the condition began, as the source saw it (the impact of an incident starts at the earliest of
   * its alerts). Null when the source does not say: generic events, and Go's zero time
   * `0001-01-01T00:00:00Z`, which Grafana sends for alerts it built without one.
   */
  startsAt: Date | null;
  /**
   * When the condition ended, for a resolved alert. Null while it fires: Alertmanager and Grafana send
   * Go's zero time `0001-01-01T00:00:00Z` for "not ended" (they hide a firing alert's timeout).
   */
  endsAt: Date | null;
  /** The alert's labels (what it is: `alertname`, `service`, `severity`, `instance` …). */
  labels: Record<string, string>;
  /** The alert's annotations (what to tell people: `summary`, `description`, `runbook_url` …). */
  annotations: Record<string, string>;
  /**
   * The page of the rule or query that raised the alert (Alertmanager and Grafana `generatorURL`, a
   * generic event's `source_url`): the card's "Source" button.
   */
  sourceUrl: string | null;
  /** Grafana: where to silence this alert (`silenceURL`). Null elsewhere. */
  silenceUrl: string | null;
  /** Grafana: the dashboard of the rule (`dashboardURL`, deprecated by Grafana, often empty). */
  dashboardUrl: string | null;
  /** Grafana: the panel of the rule (`panelURL`, deprecated by Grafana, often empty). */
  panelUrl: string | null;
  /** Grafana: a screenshot of the panel, when Grafana took one (`imageURL`). */
  imageUrl: string | null;
  /**
   * What was measured, as text for people (Grafana `values` as `B=44.2394, C=1`, else its older
   * `valueString`). Null when the source says nothing.
   */
  value: string | null;
};

/** One webhook delivery: a notification about one alert group. */
export type AlertDelivery = {
  kind: AlertSourceKind;
  /**
   * The group's identity within its source: Alertmanager's and Grafana's `groupKey` (the route and the
   * values of its `group_by` labels), a generic event's `dedup_key`. Stable across the group's
   * notifications. Never empty. Grafana's keys are unique only within one organization (`orgId`).
   */
  groupKey: string;
  /**
   * The group's status as the source computed it over `alerts`: `firing` when at least one of them
   * fires. With `truncated > 0` it says nothing of the alerts left out: a "resolved" delivery may have
   * firing alerts among those the sender dropped.
   */
  status: AlertStatus;
  /** The alerts of the group the sender included, in its order; at least one. */
  alerts: AlertEvent[];
  /**
   * How many alerts of the group are not in `alerts`: those the sender left out (Alertmanager's and
   * Grafana's `max_alerts`, reported as `truncatedAlerts`) plus those Pacta did not read past its cap on
   * alerts per delivery.
   */
  truncated: number;
  /** The labels shared by every alert of `alerts` (Alertmanager and Grafana compute them). */
  commonLabels: Record<string, string>;
  /** The annotations shared by every alert (a group's common `summary` makes a good title). */
  commonAnnotations: Record<string, string>;
  /** The labels the group was formed by (the route's `group_by`); may be empty. */
  groupLabels: Record<string, string>;
  /** The sender's own page: the Alertmanager or Grafana that sent it (`externalURL`). */
  externalUrl: string | null;
  /** The name of the sender's receiver or contact point (`receiver`); informational. */
  receiver: string | null;
  /**
   * Why the sender notified, when it says (recent Alertmanager `notification_reason`: `first
   * notification`, `new alerts added`, `some alerts resolved`, `all alerts resolved`, `repeat interval
   * elapsed`); informational.
   */
  reason: string | null;
  /** Grafana's organization (`orgId`); null for other sources. Part of a Grafana group's identity. */
  orgId: number | null;
  /** A one-line heading the sender wrote (Grafana `title`, a generic event's `summary`). */
  title: string | null;
  /** The sender's rendered text for people (Grafana `message`); null for other sources. */
  message: string | null;
};
