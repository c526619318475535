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
 *
 * Incident cards go the same way: posted and refreshed through the outbox, so they get the same retries
 * and pacing. Whoever waits for a change to show (a person who typed a command) wakes the dispatcher
 * right after the commit and can wait for the outcome of the rows their change queued.
 *
 * When the database goes away mid-delivery: a post that reached the platform but could not be marked
 * sent is kept in memory and marked as soon as the database answers again, before anything new is
 * claimed (so it is not posted again when its lease lapses, unless the outage outlasts the lease); a row
 * whose attempt could not be recorded (it was not posted, or the platform refused it) is handed back
 * once the database answers. On the way out (`stop`), the claims on rows not yet started are handed
 * back at once, so another replica delivers them without waiting for the lease.
 */
import type { TimeSource } from '../time-source.ts';
import { UnavailableError } from '../errors.ts';
import { combineMessages } from '../messages/combine.ts';
import type { Message } from '../messages/message.ts';
import { ChatDeliveryError, type ChatPort, type ChatPorts } from '../ports/chat.ts';
import type { ClaimedNotification, NotificationPayload, Store } from '../ports/store.ts';
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

/** `left`: claimed rows not attempted because the dispatcher is stopping (handed back by `stop`). */
export type DispatchResult = { claimed: number; sent: number; retried: number; failed: number; left: number };

type Outcome = 'sent' | 'retried' | 'failed' | 'left';

/** What a delivery could not write because the database failed: a post to mark sent, or a claim to hand back. */
type Unrecorded = { kind: 'sent'; n: ClaimedNotification; record: () => Promise<void> } | { kind: 'release'; n: ClaimedNotification };

export type DispatchLog = { error(obj: object, msg?: string): void; warn?(obj: object, msg?: string): void };

/** How one notification's delivery attempt ended in this process. */
export type DeliveryOutcome = {
  key: string;
  payload: NotificationPayload['type'];
  status: 'sent' | 'retried' | 'failed';
  /** Why it did not go out (retried or failed). */
  error?: string;
  /** The platform adapter's words for the person who acted (see ChatDeliveryError). */
  advice?: string;
};

/** Rows that go out on their own: a card must stay a card, and a thread note belongs in its thread. */
const ALONE: ReadonlySet<NotificationPayload['type']> = new Set(['card.post', 'card.update', 'thread.note', 'escalation.page', 'escalation.direct', 'escalation.snoozed']);

export class Dispatcher {
  private readonly opts: DispatchOptions;
  private readonly waiters = new Map<string, Set<(o: DeliveryOutcome) => void>>();
  private running: Promise<void> | null = null;
  private again = false;
  /** Rows this process claimed and has not started to post: what `stop` hands back. */
  private readonly unstarted = new Map<number, ClaimedNotification>();
  /** Rows being posted right now (between the platform call and its record). */
  private readonly posting = new Set<number>();
  private readonly unrecorded: Unrecorded[] = [];
  private readonly runs = new Set<Promise<DispatchResult>>();
  private recording: Promise<void> | null = null;
  /** Rows `stop` handed back: an attempt still running on one writes nothing more. */
  private readonly handedBack = new Set<number>();
  private stopping = false;

  constructor(
    private readonly store: Store,
    private readonly time: TimeSource,
    private readonly chat: ChatPorts,
    private readonly render: (n: ClaimedNotification) => Promise<RenderedNotification | null>,
    private readonly log: DispatchLog,
    opts: Partial<DispatchOptions> = {},
  ) {
    this.opts = { ...DEFAULT_DISPATCH, ...opts };
  }

  /** Claims and delivers one batch: per channel, cards and notes one by one, the rest as one combined post. */
  runOnce(limit = 50): Promise<DispatchResult> {
    if (this.stopping) return Promise.resolve({ claimed: 0, sent: 0, retried: 0, failed: 0, left: 0 });
    const run = this.claimAndDeliver(limit);
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run)).catch(() => undefined);
    return run;
  }

  private async claimAndDeliver(limit: number): Promise<DispatchResult> {
    // What the last outage left unwritten goes first: a post not yet marked sent must be marked before
    // anything could claim it again. While the database is still away this throws, and the caller retries.
    await this.recordUnrecorded();
    const now = this.time.now();
    const platforms = this.chat.platforms();
    const claimed = await this.store.transaction((tx) => tx.outbox.claim(now, limit, this.opts.leaseMs, this.opts.coalesce, platforms));
    for (const n of claimed) this.unstarted.set(n.id, n);
    const result: DispatchResult = { claimed: claimed.length, sent: 0, retried: 0, failed: 0, left: 0 };
    const byChannel = new Map<string, ClaimedNotification[]>();
    for (const n of claimed) {
      const channel = `${n.channel.platform}:${n.channel.id}`;
      byChannel.set(channel, [...(byChannel.get(channel) ?? []), n]);
    }
    const outcomes = await Promise.all([...byChannel.values()].map((group) => this.deliverGroup(group)));
    for (const o of outcomes.flat()) result[o]++;
    return result;
  }

  /**
   * Runs batches until nothing is due, right away (after a commit whose rows someone is waiting for).
   * A wake while a run is going makes it go round once more; it never runs twice at once.
   */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        for (let i = 0; i < 10; i++) if ((await this.runOnce(200)).claimed === 0) break;
      } while (this.again);
    })()
      .catch((err: unknown) => {
        if (err instanceof UnavailableError) this.log.warn?.({ reason: err.message }, 'dispatcher run stopped: the database is unavailable; the next run retries');
        else this.log.error({ err }, 'dispatcher run failed');
      })
      .finally(() => {
        this.running = null;
      });
  }

  /**
   * The outcomes of the rows with these keys, as this process delivers them from now on, waiting at most
   * `timeoutMs`. Call it before waking the dispatcher: a row a person waits for was committed a moment
   * ago and cannot have been delivered yet. Rows another replica delivers, or that wait for their
   * channel's turn past the deadline, are left out: the caller goes on without them.
   */
  settled(keys: readonly string[], timeoutMs: number): Promise<DeliveryOutcome[]> {
    const out: DeliveryOutcome[] = [];
    const pending = new Set(keys);
    if (pending.size === 0 || timeoutMs <= 0) return Promise.resolve(out);
    return new Promise((resolve) => {
      const listeners = new Map<string, (o: DeliveryOutcome) => void>();
      const finish = () => {
        clearTimeout(timer);
        for (const [key, fn] of listeners) this.waiters.get(key)?.delete(fn);
        resolve(out);
      };
      const timer = setTimeout(finish, timeoutMs);
      for (const key of pending) {
        const fn = (o: DeliveryOutcome) => {
          out.push(o);
          pending.delete(key);
          if (pending.size === 0) finish();
        };
        listeners.set(key, fn);
        let set = this.waiters.get(key);
        if (!set) this.waiters.set(key, (set = new Set()));
        set.add(fn);
      }
    });
  }

  private settle(n: ClaimedNotification, status: DeliveryOutcome['status'], err?: unknown): void {
    const outcome: DeliveryOutcome = { key: n.key, payload: n.payload.type, status };
    if (err !== undefined) {
      outcome.error = err instanceof Error ? err.message : String(err);
      if (err instanceof ChatDeliveryError && err.detail.advice) outcome.advice = err.detail.advice;
    }
    const set = this.waiters.get(n.key);
    this.waiters.delete(n.key);
    for (const fn of set ?? []) fn(outcome);
  }

  private async deliverGroup(group: ClaimedNotification[]): Promise<Outcome[]> {
    const channel = group[0]!.channel;
    const port = this.chat.get(channel.platform);
    if (!port) return Promise.all(group.map((n) => this.fail(n, `${channel.platform} is not enabled in this Pacta`)));
    const outcomes: Outcome[] = [];
    const together: ClaimedNotification[] = [];
    for (const n of group) {
      if (ALONE.has(n.payload.type)) outcomes.push(await this.deliver(n, port));
      else together.push(n);
    }
    if (together.length === 1) outcomes.push(await this.deliver(together[0]!, port));
    else if (together.length > 1) outcomes.push(...(await this.deliverCombined(together, port)));
    return outcomes;
  }

  /** A channel's backlog as one post; each row is still marked (sent, retried or failed) on its own. */
  private async deliverCombined(group: ClaimedNotification[], port: ChatPort): Promise<Outcome[]> {
    if (this.stopping) return group.map(() => 'left' as const);
    const channel = group[0]!.channel;
    const rendered: Array<{ n: ClaimedNotification; message: Message }> = [];
    const outcomes: Outcome[] = [];
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
    if (rendered.length === 1) return [...outcomes, await this.deliver(rendered[0]!.n, port)];
    if (this.stopping) return [...outcomes, ...rendered.map(() => 'left' as const)];
    this.starting(rendered.map((r) => r.n));
    let messageId: string;
    try {
      messageId = (await port.post(channel, combineMessages(rendered.map((r) => r.message)))).id;
    } catch (err) {
      for (const r of rendered) outcomes.push(await this.retry(r.n, err));
      return outcomes;
    }
    const at = this.time.now();
    const record = () =>
      this.store.transaction(async (tx) => {
        for (const r of rendered) await tx.outbox.markSent(r.n.id, messageId, at, this.paced(at));
      });
    await this.recordSent(
      rendered.map((r) => r.n),
      record,
    );
    for (const r of rendered) this.settle(r.n, 'sent');
    return [...outcomes, ...rendered.map(() => 'sent' as const)];
  }

  private async deliver(n: ClaimedNotification, port: ChatPort): Promise<Outcome> {
    if (this.stopping) return 'left';
    let rendered: RenderedNotification | null;
    try {
      rendered = await this.render(n);
    } catch (err) {
      return this.retry(n, err);
    }
    if (!rendered) return this.fail(n, 'nothing left to send (its incident or service is gone)');
    // The last moment to leave the row to another replica: from here on it may reach the platform.
    if (this.stopping) return 'left';
    this.starting([n]);
    let messageId: string;
    try {
      if (rendered.update) {
        // A refresh: every card message of the incident in this channel shows its current state. None
        // (the card was never posted here, or is gone) leaves nothing to do.
        for (const ref of rendered.update) await port.update(ref, rendered.message);
        messageId = rendered.update[0]?.id ?? '';
      } else messageId = (await port.post(n.channel, rendered.message, rendered.threadOf)).id;
    } catch (err) {
      return this.retry(n, err);
    }
    // Record at once: this is the window in which a crash would send the notification again.
    const { kind } = rendered;
    const posted = !rendered.update;
    const at = this.time.now();
    const record = () =>
      this.store.transaction(async (tx) => {
        await tx.outbox.markSent(n.id, messageId, at, this.paced(at));
        // Cards and alerts are remembered so that reacting to them acts on their incident.
        if (posted && n.incidentNumber !== null) await tx.messages.record({ channel: n.channel, messageId, incidentNumber: n.incidentNumber, kind });
      });
    const recorded = await this.recordSent([n], record);
    if (recorded && posted && rendered.refresh) await this.catchUp(port, { channel: n.channel, id: messageId }, rendered.refresh, n.key);
    this.settle(n, 'sent');
    return 'sent';
  }

  /** Rows about to go to the platform: no longer this process's to hand back. */
  private starting(rows: readonly ClaimedNotification[]): void {
    for (const n of rows) {
      this.unstarted.delete(n.id);
      this.posting.add(n.id);
    }
  }

  /**
   * Marks posted rows sent. If the database is away, the mark is kept and written before the next claim
   * (see the top of this file): the post happened, and must not happen again. False when it was kept.
   */
  private async recordSent(rows: readonly ClaimedNotification[], record: () => Promise<void>): Promise<boolean> {
    try {
      await record();
      return true;
    } catch (err) {
      if (!(err instanceof UnavailableError)) throw err;
      this.unrecorded.push({ kind: 'sent', n: rows[0]!, record });
      this.log.warn?.({ keys: rows.map((r) => r.key), reason: err.message }, 'posted, but the database is unavailable: it is marked sent once the database answers');
      return false;
    } finally {
      for (const n of rows) this.posting.delete(n.id);
    }
  }

  /**
   * Writes what an outage left unwritten: posts marked sent, one by one, then the rows whose attempts went
   * unrecorded handed back in one statement. Throws (leaving the rest for next time) while the database
   * is still unavailable; any other failure drops that entry, so one bad row cannot stop all delivery.
   */
  private recordUnrecorded(): Promise<void> {
    if (this.unrecorded.length === 0) return Promise.resolve();
    // One writer at a time: the scheduler's run and a wake may both get here.
    this.recording ??= this.writeUnrecorded().finally(() => {
      this.recording = null;
    });
    return this.recording;
  }

  private async writeUnrecorded(): Promise<void> {
    while (this.unrecorded.length) {
      const entry = this.unrecorded[0]!;
      if (entry.kind === 'release') {
        const release = this.unrecorded.filter((u) => u.kind === 'release');
        await this.handBack(release.map((u) => u.n));
        for (const u of release) this.unrecorded.splice(this.unrecorded.indexOf(u), 1);
        continue;
      }
      try {
        await entry.record();
      } catch (err) {
        if (err instanceof UnavailableError) throw err;
        this.log.error({ err, key: entry.n.key }, 'could not record a notification posted during a database outage; its lease decides');
      }
      this.unrecorded.shift();
    }
  }

  /** Hands claims back (release): the rows are pending again at once, their attempt uncounted. */
  private async handBack(rows: readonly ClaimedNotification[]): Promise<number> {
    const claims = rows.flatMap((n) => (n.claimedUntil ? [{ id: n.id, claimedUntil: n.claimedUntil }] : []));
    if (claims.length === 0) return 0;
    return this.store.read.outbox.release(claims, this.time.now());
  }

  /**
   * Stops delivering, for a process on its way out: from now on nothing is claimed and nothing more is
   * posted; posts in flight get up to `timeoutMs` to finish and be marked; then the claims on the rows
   * this process had not started to post are handed back in one statement, so another replica delivers
   * them at once rather than after the lease. A post still in flight at the deadline is left to its
   * lease: whether the platform took it cannot be known (the README's one window). Idempotent in effect.
   */
  async stop(timeoutMs = 10_000): Promise<{ released: number; inFlight: number }> {
    this.stopping = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled([...this.runs, ...(this.running ? [this.running] : [])]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    try {
      await this.recordUnrecorded();
    } catch (err) {
      this.log.warn?.({ err, left: this.unrecorded.length }, 'stopping: could not record deliveries made during a database outage; their leases decide');
    }
    const rows = [...this.unstarted.values()];
    this.unstarted.clear();
    for (const n of rows) this.handedBack.add(n.id);
    let released = 0;
    try {
      released = await this.handBack(rows);
    } catch (err) {
      this.log.warn?.({ err, claims: rows.length }, 'stopping: could not hand back claimed notifications; they wait for their lease');
    }
    return { released, inFlight: this.posting.size };
  }

  /** Brings a just-posted card up to date if its incident changed while it was being posted. */
  private async catchUp(port: ChatPort, ref: { channel: ClaimedNotification['channel']; id: string }, refresh: () => Promise<Message | null>, key: string): Promise<void> {
    try {
      const fresh = await refresh();
      if (fresh) await port.update(ref, fresh);
    } catch (err) {
      this.log.warn?.({ err, key }, 'could not bring a just-posted card up to date; the next change will');
    }
  }

  /** The pacing gap runs from when a post finished, not when it was claimed: a slow post cannot crowd the next. */
  private paced(at: Date): Date {
    return new Date(at.getTime() + this.opts.pacingMs);
  }

  private async retry(n: ClaimedNotification, err: unknown): Promise<'retried' | 'failed'> {
    this.unstarted.delete(n.id);
    this.posting.delete(n.id);
    const e = err instanceof ChatDeliveryError ? err : null;
    const reason = err instanceof Error ? err.message : String(err);
    if (e?.detail.permanent) return this.fail(n, reason, err);
    if (n.attempts >= this.opts.maxAttempts) return this.fail(n, `gave up after ${n.attempts} attempts: ${reason}`, err);
    const now = this.time.now().getTime();
    const retryAfter = e?.detail.retryAfterMs;
    const backoff = Math.min(this.opts.maxBackoffMs, this.opts.backoffMs * 2 ** (n.attempts - 1));
    const next = new Date(now + (retryAfter ?? backoff));
    // A rate limit pauses the whole channel for its Retry-After; any other failure frees it after the gap.
    const marked = await this.unlessUnavailable(n, () => this.store.transaction((tx) => tx.outbox.markRetry(n.id, next, reason, retryAfter !== undefined ? next : this.paced(new Date(now)))));
    if (marked) this.log.warn?.({ key: n.key, attempts: n.attempts, retryAt: next.toISOString(), reason }, 'notification delivery failed; will retry');
    this.settle(n, 'retried', err);
    return 'retried';
  }

  private async fail(n: ClaimedNotification, reason: string, err?: unknown): Promise<'failed'> {
    this.unstarted.delete(n.id);
    this.posting.delete(n.id);
    const at = this.time.now();
    const marked = await this.unlessUnavailable(n, () => this.store.transaction((tx) => tx.outbox.markFailed(n.id, reason, at, this.paced(at))));
    if (marked) this.log.error({ key: n.key, channel: n.channel, attempts: n.attempts, reason }, 'notification failed for good');
    this.settle(n, 'failed', err ?? new Error(reason));
    return 'failed';
  }

  /**
   * Writes an attempt's outcome; if the database is away, the row (not posted, or refused by the
   * platform) is handed back once it answers instead, to be tried again. False in that case.
   */
  private async unlessUnavailable(n: ClaimedNotification, write: () => Promise<void>): Promise<boolean> {
    if (this.handedBack.has(n.id)) return false;
    try {
      await write();
      return true;
    } catch (err) {
      if (!(err instanceof UnavailableError)) throw err;
      this.unrecorded.push({ kind: 'release', n });
      return false;
    }
  }
}
