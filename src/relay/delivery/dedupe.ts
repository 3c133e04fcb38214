export interface DeliveryMemoryOptions {
  /** Wall clock in milliseconds. */
  readonly now: () => number;
  /** How many delivery ids are remembered before the least recently seen is forgotten. */
  readonly capacity?: number;
  /** How long a dispatched id counts as a duplicate. */
  readonly ttlMs?: number;
}

export type Claim =
  /** Nobody has this id: the caller dispatches, then calls `settle`. */
  | { readonly state: "new"; settle(dispatched: boolean): void }
  /** Dispatched recently. */
  | { readonly state: "seen" }
  /** Another request is dispatching it right now. */
  | { readonly state: "in-flight" };

// Provider retries after a lost answer arrive within minutes (DevRev's last one after about
// 3 minutes); an hour covers them without swallowing a redelivery someone asks for tomorrow.
const DEFAULT_TTL_MS = 60 * 60 * 1000;
const DEFAULT_CAPACITY = 10_000;

/**
 * Remembers recently dispatched delivery ids (an LRU bounded in size and age) and the ids being
 * dispatched right now, so neither a retry nor a concurrent copy dispatches twice. An id whose
 * dispatch failed is forgotten at once, so the provider's retry goes through.
 *
 * On Cloudflare Workers this memory lives in one isolate: copies of a delivery that land on
 * different isolates or locations are not recognised as duplicates.
 */
export class DeliveryMemory {
  readonly #now: () => number;
  readonly #capacity: number;
  readonly #ttlMs: number;
  /** id → expiry time; Map order is recency order. */
  readonly #seen = new Map<string, number>();
  readonly #inFlight = new Set<string>();
  /**
   * Kept from one eviction to the next. A fresh `keys()` iterator starts at the front of the
   * Map's table and steps over every slot an eviction or a refresh emptied since the table was
   * last compacted, thousands on a full memory; this one resumes where it stopped. Entries are
   * only ever evicted from the front and added at the back, so every live entry lies ahead of it.
   */
  #oldest: MapIterator<string> | undefined;

  constructor(options: DeliveryMemoryOptions) {
    this.#now = options.now;
    this.#capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  }

  /**
   * Claims a delivery known by one or more keys: its id, and a digest of its signed bytes when
   * the id is not signed. A copy under any of its keys is a duplicate, so a body replayed under a
   * fresh, unsigned id is recognised too.
   */
  claim(...keys: readonly [string, ...string[]]): Claim {
    let inFlight = false;
    for (const key of keys) {
      if (this.#seenRecently(key)) return { state: "seen" };
      if (this.#inFlight.has(key)) inFlight = true;
    }
    if (inFlight) return { state: "in-flight" };
    for (const key of keys) this.#inFlight.add(key);
    let settled = false;
    return {
      state: "new",
      settle: (dispatched) => {
        if (settled) return;
        settled = true;
        for (const key of keys) {
          this.#inFlight.delete(key);
          if (dispatched) this.#remember(key);
        }
      },
    };
  }

  get size(): number {
    return this.#seen.size;
  }

  /** Whether `key` was dispatched within the TTL; a hit becomes the most recently seen. */
  #seenRecently(key: string): boolean {
    const expires = this.#seen.get(key);
    if (expires === undefined) return false;
    this.#seen.delete(key);
    if (expires <= this.#now()) return false;
    this.#seen.set(key, expires);
    return true;
  }

  #remember(key: string): void {
    this.#seen.set(key, this.#now() + this.#ttlMs);
    while (this.#seen.size > this.#capacity) {
      this.#oldest ??= this.#seen.keys();
      const next = this.#oldest.next();
      if (next.done) {
        // Only reachable if the invariant above were broken: start over from the front.
        this.#oldest = undefined;
        continue;
      }
      this.#seen.delete(next.value);
    }
  }
}
