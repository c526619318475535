/**
 * Concurrent callers of the same read share one computation. When fifty people (or one dashboard
 * polling) ask `status` at once, the estate is read and scored once, not fifty times over one
 * connection pool. A caller that arrives while a computation is gathering or running gets that
 * computation's result: state read at most one computation's duration (milliseconds) before it asked,
 * as if it had asked a moment earlier. Nothing is kept once the computation settles, so there is no
 * cache to invalidate.
 *
 * A run starts one event-loop turn after its first caller. Requests that arrived together are then all
 * waiting for it — which matters on the embedded database, whose queries run on this thread and would
 * otherwise finish a whole computation before the next request is even read.
 */
export class SingleFlight<T> {
  private running: { key: number; promise: Promise<T> } | null = null;

  /**
   * The in-flight run of `compute` started under the same `key`, or a new one. Callers pass the store's
   * write count as the key, so a read never joins a computation that started before a write this process
   * made: whoever changed something and asks next sees the change. Rejections reach every caller that
   * shared the run.
   */
  run(compute: () => Promise<T>, key = 0): Promise<T> {
    if (this.running && this.running.key === key) return this.running.promise;
    const promise = nextTurn()
      .then(compute)
      .finally(() => {
        if (this.running?.promise === promise) this.running = null;
      });
    this.running = { key, promise };
    return promise;
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
