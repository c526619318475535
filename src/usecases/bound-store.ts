/**
 * A `Store` whose transactions all run inside one transaction already open. A use case that composes
 * other use cases (monitoring opens, attaches to and resolves incidents while recording the delivery
 * that caused it) gives them this store, so every write of the whole delivery commits together or not
 * at all, with no second code path for incidents.
 */
import type { Repositories, Store } from '../ports/store.ts';

export function boundStore(tx: Repositories, outer: Store): Store {
  return {
    transaction: (fn) => fn(tx),
    read: tx,
    get commits() {
      return outer.commits;
    },
  };
}
