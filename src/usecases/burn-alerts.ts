/**
 * Burn-rate alerts (docs/semantics.md §3, §5): once per episode. An episode opens when a service's multi-window
 * burn rate crosses a page or ticket threshold, is escalated (one more alert) if a ticket becomes a page,
 * and ends with a recovery note when every rate is back under its threshold. Episodes live in the
 * database (one open per service), so replicas and restarts neither repeat nor miss an alert.
 */
import type { TimeSource } from '../time-source.ts';
import type { Store } from '../ports/store.ts';
import { recipients } from './audience.ts';
import { outboxKeys } from './outbox-keys.ts';
import type { QueryUseCases } from './queries.ts';

export type BurnCheckResult = { started: number; escalated: number; ended: number };

export class BurnAlertUseCase {
  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
    private readonly queries: QueryUseCases,
  ) {}

  async check(): Promise<BurnCheckResult> {
    const now = this.time.now();
    const result: BurnCheckResult = { started: 0, escalated: 0, ended: 0 };
    const [overview, open] = await Promise.all([this.queries.overview(), this.store.read.burns.openServices()]);
    const withEpisode = new Set(open);
    for (const s of overview.services) {
      if (!s.objective) continue;
      const severity = s.objective.burn;
      // Most services neither burn nor have an episode to end: no transaction for them.
      if (!severity && !withEpisode.has(s.service.key)) continue;
      const key = s.service.key;
      await this.store.transaction(async (tx) => {
        const open = await tx.burns.open(key);
        const notify = async (type: 'burn.alert' | 'burn.recovered', episode: number, label: string) => {
          const payload = type === 'burn.alert' ? { type, service: key, severity: severity!, episode } : { type, service: key, episode };
          const channels = recipients('service', { serviceKey: key }, await tx.subscriptions.forService(key));
          await tx.outbox.enqueueMany(
            channels.map((channel) => ({ key: outboxKeys.burn(key, episode, label, channel), channel, incidentNumber: null, payload, notBefore: now })),
            now,
          );
        };
        if (severity && !open) {
          const ep = await tx.burns.start(key, severity, now);
          if (ep) {
            await notify('burn.alert', ep.id, severity);
            result.started++;
          }
        } else if (severity === 'page' && open?.severity === 'ticket') {
          await tx.burns.escalate(open.id, 'page');
          await notify('burn.alert', open.id, 'page');
          result.escalated++;
        } else if (!severity && open) {
          await tx.burns.end(open.id, now);
          await notify('burn.recovered', open.id, 'recovered');
          result.ended++;
        }
      });
    }
    return result;
  }
}
