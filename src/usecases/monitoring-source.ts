/** An alert key as its incident's card shows it (docs/semantics.md §6). */
import type { MonitoringSource } from '../model/incident-state.ts';
import type { AlertKeyState, Integration } from '../ports/store.ts';

const LABELS_SHOWN = 8;

const httpUrl = (u: string | undefined | null): string | null => (u && /^https?:\/\//i.test(u) ? u : null);

/** The card's view of a key (docs/semantics.md §6: labels, description, runbook link, source link, alerts firing). */
export function sourceOf(state: AlertKeyState, kind: Integration['kind']): MonitoringSource {
  const firing = state.alerts.filter((a) => a.firing);
  const labels: Array<[string, string]> = [];
  const seen = new Set<string>();
  const add = (k: string, v: string) => {
    if (seen.has(k) || labels.length >= LABELS_SHOWN) return;
    seen.add(k);
    labels.push([k, v]);
  };
  const common = state.commonLabels;
  if (common.alertname) add('alertname', common.alertname);
  for (const [k, v] of Object.entries(state.groupLabels)) add(k, v);
  for (const [k, v] of Object.entries(common)) add(k, v);
  const ann = (name: string) => state.commonAnnotations[name] ?? firing.find((a) => a.annotations[name])?.annotations[name] ?? state.alerts.find((a) => a.annotations[name])?.annotations[name] ?? null;
  return {
    integration: state.integration,
    kind,
    firing: firing.length,
    labels,
    description: ann('description'),
    runbookUrl: httpUrl(ann('runbook_url')),
    sourceUrl: httpUrl(state.sourceUrl),
    lastDeliveryAt: state.lastDeliveryAt ?? new Date(0),
  };
}

