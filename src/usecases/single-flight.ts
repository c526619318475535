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
  private running: Promise<T> | null = null;

  /** The in-flight run of `compute`, or a new one. Rejections reach every caller that shared the run. */
  run(compute: () => Promise<T>): Promise<T> {
    if (this.running) return this.running;
    const p = nextTurn()
      .then(compute)
      .finally(() => {
        if (this.running === p) this.running = null;
      });
    this.running = p;
    return p;
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
