import type { DeliveryStore } from "./store.ts";

/** What `/healthz` says of a relay in queue mode, on every host: whether it can write, and counts. */
export function queueHealth(store: DeliveryStore, now: number): Record<string, unknown> {
  const health = store.health();
  const stats = store.stats(now);
  return {
    // A store that cannot write takes nothing in: the probe must see it, not only the log.
    ...(health.writable ? {} : { ok: false, error: health.error }),
    delivery: "queue",
    queue: {
      pending: stats.pending,
      oldest_pending_s: stats.oldestPendingAgeSeconds,
      failed: stats.failed,
    },
  };
}
