import type { Clock } from "../clock.ts";

interface Bucket {
  tokens: number;
  refilledAt: number;
  /** No dispatch before this monotonic time (a rate limit GitHub asked for). */
  pausedUntil: number;
}

export interface PacerOptions {
  readonly clock: Clock;
  /** Dispatches per minute per identity. */
  readonly ratePerMinute: number;
  /** Dispatches that may go out back to back after a quiet spell; 1 spaces every dispatch. */
  readonly burst?: number;
}

const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 5 * 60 * 1000;

/**
 * The wait after `failures` consecutive transient failures (1 for the first): 1 s doubling to
 * 5 minutes, half fixed and half random so that retries of many deliveries spread out.
 */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (Math.max(1, failures) - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

/**
 * A token bucket per GitHub identity (the token, or one App installation), plus the pauses
 * GitHub asks for, all on the monotonic clock. A delivery's own backoff is not kept here: it is
 * the delivery's `next_attempt_at`, so one failing repository slows nobody else.
 */
export class Pacer {
  readonly #options: PacerOptions;
  readonly #buckets = new Map<string, Bucket>();
  readonly #intervalMs: number;
  readonly #burst: number;

  constructor(options: PacerOptions) {
    this.#options = options;
    this.#intervalMs = 60_000 / options.ratePerMinute;
    this.#burst = Math.max(1, options.burst ?? 1);
  }

  #bucket(identity: string): Bucket {
    let bucket = this.#buckets.get(identity);
    if (!bucket) {
      bucket = {
        tokens: this.#burst,
        refilledAt: this.#options.clock.monotonic(),
        pausedUntil: 0,
      };
      this.#buckets.set(identity, bucket);
    }
    return bucket;
  }

  /**
   * Milliseconds until `identity` may dispatch; 0 means a token was taken and the caller
   * dispatches now.
   */
  take(identity: string): number {
    const wait = this.waitFor(identity);
    if (wait === 0) (this.#buckets.get(identity) as Bucket).tokens -= 1;
    return wait;
  }

  /** Milliseconds until `identity` may dispatch, taking nothing. */
  waitFor(identity: string): number {
    const bucket = this.#bucket(identity);
    const now = this.#options.clock.monotonic();
    if (bucket.pausedUntil > now) return Math.ceil(bucket.pausedUntil - now);
    bucket.tokens = Math.min(
      this.#burst,
      bucket.tokens + (now - bucket.refilledAt) / this.#intervalMs,
    );
    bucket.refilledAt = now;
    if (bucket.tokens >= 1) return 0;
    return Math.ceil((1 - bucket.tokens) * this.#intervalMs);
  }

  /** GitHub said to wait: nothing more goes out for this identity for `seconds`. */
  pause(identity: string, seconds: number): void {
    const bucket = this.#bucket(identity);
    bucket.pausedUntil = Math.max(
      bucket.pausedUntil,
      this.#options.clock.monotonic() + seconds * 1000,
    );
  }
}
