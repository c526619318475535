/**
 * The caps a webhook body is read within, so that no delivery costs more than a bounded amount of work
 * or storage whatever it holds (the HTTP route refuses bodies over 1 MiB before they are parsed).
 *
 * Two kinds of fields, two treatments:
 * - What identifies or routes an alert — the group key, fingerprints, labels — is refused when over its
 *   cap (a 400 naming the field): cutting it would merge or split incidents silently.
 * - What is only shown to people — annotations, titles, messages, the receiver's name — is cut at its cap
 *   with an ellipsis, so a long description never keeps a page from arriving. A URL over its cap (or not
 *   http(s)) is dropped: half a link is no link.
 * Alerts past `alerts` are not read and are counted as truncated, as Alertmanager's own `max_alerts` does.
 */
export const LIMITS = {
  /** Alerts read per delivery; the rest are counted in `truncated`. Alertmanager's webhook snippet should set `max_alerts` below this. */
  alerts: 1_000,
  /** Entries of one label map (an alert's labels, `commonLabels`, `groupLabels`). Prometheus setups rarely pass 30. */
  labels: 128,
  /** Characters of a label name. */
  labelName: 256,
  /** Characters of a label value (long enough for URLs and pod names). */
  labelValue: 4_096,
  /** Entries of one annotation map, or of a generic event's `details`. */
  annotations: 128,
  /** Characters of an annotation name. */
  annotationName: 256,
  /** Characters of an annotation value (a templated description); longer values are cut. */
  annotationValue: 16_384,
  /** Characters of a `groupKey` (Alertmanager's holds the route and the group's label values). */
  groupKey: 16_384,
  /** Characters of a fingerprint or a generic `dedup_key`. */
  fingerprint: 1_024,
  /** Characters of a URL; a longer one is dropped. */
  url: 8_192,
  /** Characters of a title, a summary or the receiver's name; longer ones are cut. */
  title: 2_048,
  /** Characters of Grafana's `message` or `valueString`; longer ones are cut. */
  message: 16_384,
  /** Characters of an enum-like field (`status`, `version`, `state`) worth reading at all. */
  word: 64,
} as const;
