/**
 * A small least-recently-used map. The calendar engine caches work lazily (zone offsets, year interval
 * tables, compiled calendars); this bound keeps a long-running bot from growing those caches forever.
 */
export class Lru<K, V> {
  readonly #map = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('Lru capacity must be at least 1');
  }

  get size(): number {
    return this.#map.size;
  }

  /** The value for `key`, marked as most recently used. */
  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      // Map keeps insertion order, so re-inserting moves the entry to the "newest" end.
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.capacity) {
      const oldest = this.#map.keys().next();
      if (oldest.done) break;
      this.#map.delete(oldest.value);
    }
  }

  clear(): void {
    this.#map.clear();
  }
}
