/**
 * The outbox dispatcher: delivers queued notifications through each platform's ChatPort.
 *
 * Exactly once, as far as a chat API allows: a row is claimed (status `sending`, with a lease) in one
 * transaction, posted outside any transaction, and marked `sent` with the platform's message id right
 * after the API answers. Retries after a failure reuse the same row, so nothing is queued twice. The one
 * window for a duplicate is a crash (or a lease running out) after the platform accepted the post and
 * before the `sent` mark commits — milliseconds, documented in the README. Channels are paced across
 * replicas: one post in flight per channel, the next no sooner than a second after it finished; a rate
 * limit pauses the channel for its Retry-After.
 */
import type { Clock } from '../clock.ts';
import { combineMessages } from '../messages/combine.ts';
import type { Message } from '../messages/message.ts';
import { ChatDeliveryError } from '../ports/chat.ts';
import type { ClaimedNotification, Store } from '../ports/store.ts';
import type { ChatPorts } from './cards.ts';
import type { RenderedNotification } from './notifications.ts';

export type DispatchOptions = {
  /** Attempts before a notification is marked failed (default 8). */
  maxAttempts: number;
  /** Minimum gap between posts to one channel (default 1000 ms). */
  pacingMs: number;
  /** How long a claim holds before another replica may take the row (default 2 min). */
  leaseMs: number;
  /** First retry delay; doubles each attempt up to `maxBackoffMs` (defaults 2 s, 10 min). */
  backoffMs: number;
  maxBackoffMs: number;
  /** A channel's backlog up to this many goes out as one combined post (default 10). */
  coalesce: number;
};

export const DEFAULT_DISPATCH: DispatchOptions = { maxAttempts: 8, pacingMs: 1000, leaseMs: 120_000, backoffMs: 2000, maxBackoffMs: 600_000, coalesce: 10 };

export type DispatchResult = { claimed: number; sent: number; retried: number; failed: number };

export type DispatchLog = { error(obj: object, msg?: string): void; warn?(obj: object, msg?: string): void };

export class Dispatcher {
  private readonly opts: DispatchOptions;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly chat: ChatPorts,
    private readonly render: (n: ClaimedNotification) => Promise<RenderedNotification | null>,
    private readonly log: DispatchLog,
    opts: Partial<DispatchOptions> = {},
  ) {
    this.opts = { ...DEFAULT_DISPATCH, ...opts };
  }

  /** Claims and delivers one batch: one post per channel (a backlog combined), channels in parallel. */
  async runOnce(limit = 50): Promise<DispatchResult> {
    const now = this.clock.now();
    const claimed = await this.store.transaction((tx) => tx.outbox.claim(now, limit, this.opts.leaseMs, this.opts.coalesce));
    const result: DispatchResult = { claimed: claimed.length, sent: 0, retried: 0, failed: 0 };
    const byChannel = new Map<string, ClaimedNotification[]>();
    for (const n of claimed) byChannel.set(`${n.channel.platform}:${n.channel.id}`, [...(byChannel.get(`${n.channel.platform}:${n.channel.id}`) ?? []), n]);
    const outcomes = await Promise.all([...byChannel.values()].map((group) => (group.length === 1 ? this.deliver(group[0]!).then((o) => [o]) : this.deliverCombined(group))));
    for (const o of outcomes.flat()) result[o]++;
    return result;
  }

  /** A channel's backlog as one post; each row is still marked (sent, retried or failed) on its own. */
  private async deliverCombined(group: ClaimedNotification[]): Promise<Array<'sent' | 'retried' | 'failed'>> {
    const channel = group[0]!.channel;
    const port = this.chat(channel.platform);
    if (!port) return Promise.all(group.map((n) => this.fail(n, `${channel.platform} is not enabled in this Pacta`)));
    const rendered: Array<{ n: ClaimedNotification; message: Message }> = [];
    const outcomes: Array<'sent' | 'retried' | 'failed'> = [];
    for (const n of group) {
      try {
        const r = await this.render(n);
        if (r) rendered.push({ n, message: r.message });
        else outcomes.push(await this.fail(n, 'nothing left to send (its incident or service is gone)'));
      } catch (err) {
        outcomes.push(await this.retry(n, err));
      }
    }
    if (rendered.length === 0) return outcomes;
    if (rendered.length === 1) return [...outcomes, await this.deliver(rendered[0]!.n)];
    let messageId: string;
    try {
      messageId = (await port.post(channel, combineMessages(rendered.map((r) => r.message)))).id;
    } catch (err) {
      for (const r of rendered) outcomes.push(await this.retry(r.n, err));
      return outcomes;
    }
    await this.store.transaction(async (tx) => {
      const at = this.clock.now();
      for (const r of rendered) await tx.outbox.markSent(r.n.id, messageId, at, this.paced(at));
    });
    return [...outcomes, ...rendered.map(() => 'sent' as const)];
  }

  private async deliver(n: ClaimedNotification): Promise<'sent' | 'retried' | 'failed'> {
    const port = this.chat(n.channel.platform);
    if (!port) return this.fail(n, `${n.channel.platform} is not enabled in this Pacta`);
    let rendered: RenderedNotification | null;
    try {
      rendered = await this.render(n);
    } catch (err) {
      return this.retry(n, err);
    }
    if (!rendered) return this.fail(n, 'nothing left to send (its incident or service is gone)');
    let messageId: string;
    try {
      messageId = (await port.post(n.channel, rendered.message, rendered.threadOf)).id;
    } catch (err) {
      return this.retry(n, err);
    }
    // Record at once: this is the window in which a crash would send the notification again.
    const kind = rendered.kind;
    await this.store.transaction(async (tx) => {
      const at = this.clock.now();
      await tx.outbox.markSent(n.id, messageId, at, this.paced(at));
      // Alerts are remembered so that reacting to them acknowledges their incident.
      if (n.incidentNumber !== null) await tx.messages.record({ channel: n.channel, messageId, incidentNumber: n.incidentNumber, kind });
    });
    return 'sent';
  }

  /** The pacing gap runs from when a post finished, not when it was claimed: a slow post cannot crowd the next. */
  private paced(at: Date): Date {
    return new Date(at.getTime() + this.opts.pacingMs);
  }

  private async retry(n: ClaimedNotification, err: unknown): Promise<'retried' | 'failed'> {
    const e = err instanceof ChatDeliveryError ? err : null;
    const reason = err instanceof Error ? err.message : String(err);
    if (e?.detail.permanent) return this.fail(n, reason);
    if (n.attempts >= this.opts.maxAttempts) return this.fail(n, `gave up after ${n.attempts} attempts: ${reason}`);
    const now = this.clock.now().getTime();
    const retryAfter = e?.detail.retryAfterMs;
    const backoff = Math.min(this.opts.maxBackoffMs, this.opts.backoffMs * 2 ** (n.attempts - 1));
    const next = new Date(now + (retryAfter ?? backoff));
    // A rate limit pauses the whole channel for its Retry-After; any other failure frees it after the gap.
    await this.store.transaction((tx) => tx.outbox.markRetry(n.id, next, reason, retryAfter !== undefined ? next : this.paced(new Date(now))));
    this.log.warn?.({ key: n.key, attempts: n.attempts, retryAt: next.toISOString(), reason }, 'notification delivery failed; will retry');
    return 'retried';
  }

  private async fail(n: ClaimedNotification, reason: string): Promise<'failed'> {
    const at = this.clock.now();
    await this.store.transaction((tx) => tx.outbox.markFailed(n.id, reason, at, this.paced(at)));
    this.log.error({ key: n.key, channel: n.channel, attempts: n.attempts, reason }, 'notification failed for good');
    return 'failed';
  }
}
