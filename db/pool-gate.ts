/**
 * A bounded wait for a PostgreSQL connection. postgres.js has no acquire timeout: a query that finds
 * every connection busy waits in its queue (or is pipelined behind a busy connection's query) for as
 * long as that takes, so a pool held by slow statements would leave a Slack command hanging past its
 * 3 seconds. The gate admits as many queries and transactions at once as the pool has connections;
 * one that waits longer than `timeoutMs` for its turn fails with {@link POOL_EXHAUSTED}, which
 * db/unavailable.ts maps to the same "cannot reach its database" answer as an outage. What the gate
 * admits finds a connection free, so postgres.js itself never queues.
 *
 * How long is worth waiting depends on who waits: a person in chat has Slack's 3 s, a monitoring sender
 * or the scheduler can wait longer (a burst of webhook openings queues on its integration's lock), so
 * {@link withConnectionWait} sets the wait for everything a piece of work runs (adapters/root/inbound.ts
 * does for commands, buttons and reactions); elsewhere the gate's own timeout holds.
 *
 * Only what drizzle calls on the client is gated: `unsafe` (every statement outside a transaction) and
 * `begin` (a transaction, which holds its one connection until it ends; its statements run on it
 * without passing the gate again). Anything else passes through unchanged.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Sql } from 'postgres';
import { POOL_EXHAUSTED } from './unavailable.ts';

const patience = new AsyncLocalStorage<number>();

/** Runs `fn` with every gated statement it leads to waiting at most `ms` for a connection. */
export function withConnectionWait<T>(ms: number, fn: () => T): T {
  return patience.run(ms, fn);
}

export class PoolGate {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly size: number,
    private readonly timeoutMs: number,
  ) {
    this.free = size;
  }

  /** Runs `fn` once a connection is free (at most `timeoutMs` away), holding it until `fn` settles. */
  async run<T>(fn: () => PromiseLike<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** How many wait for a connection right now. */
  get queued(): number {
    return this.waiting.length;
  }

  private acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    const timeoutMs = patience.getStore() ?? this.timeoutMs;
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(Object.assign(new Error(`no database connection came free within ${timeoutMs} ms (all ${this.size} busy)`), { code: POOL_EXHAUSTED }));
      }, timeoutMs);
      this.waiting.push(grant);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** `client` with its statements and transactions admitted by `gate` (see above). */
export function gatedClient(client: Sql, gate: PoolGate): Sql {
  const unsafe = (...args: Parameters<Sql['unsafe']>) => gatedQuery(client.unsafe(...args), gate);
  const begin = (...args: unknown[]) => gate.run(() => (client.begin as (...a: unknown[]) => Promise<unknown>)(...args));
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'unsafe') return unsafe;
      if (prop === 'begin') return begin;
      return Reflect.get(target, prop, target);
    },
  });
}

/**
 * A postgres.js query runs when it is first awaited. The proxy runs it through the gate instead, and
 * keeps its chainable methods (`values()` returns the query itself) returning the proxy.
 */
function gatedQuery<Q extends PromiseLike<unknown>>(query: Q, gate: PoolGate): Q {
  let run: Promise<unknown> | null = null;
  const go = () => (run ??= gate.run(() => query));
  const proxy: Q = new Proxy(query, {
    get(target, prop) {
      if (prop === 'then') return (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) => go().then(ok, fail);
      if (prop === 'catch') return (fail?: (e: unknown) => unknown) => go().catch(fail);
      if (prop === 'finally') return (fn?: () => void) => go().finally(fn);
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const out = (value as (...a: unknown[]) => unknown).apply(target, args);
        return out === target ? proxy : out;
      };
    },
  });
  return proxy;
}
