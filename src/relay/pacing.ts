/** Time as the dispatcher sees it; tests pass a virtual clock so waits of minutes take none. */
export interface Clock {
  /** Wall-clock milliseconds. */
  now(): number;
  /** Resolves once `now()` has reached `now() + ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
    }),
};

interface Bucket {
  tokens: number;
  refilledAt: number;
  /** No dispatch before this time (a rate limit or a backoff GitHub asked for). */
  pausedUntil: number;
  /** Consecutive transient failures, for the exponential backoff. */
  failures: number;
}

export interface PacerOptions {
  readonly clock: Clock;
  /** Dispatches per minute per identity. */
  readonly ratePerMinute: number;
  /** Dispatches that may go out back to back after a quiet spell; 1 spaces every dispatch. */
  readonly burst?: number;
  /** Random number in [0, 1), for jitter. */
  readonly random?: () => number;
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
 * A token bucket per GitHub identity (today one token or App installation; the key is a string
 * so routing per installation can add more), plus the pauses GitHub asks for.
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
        refilledAt: this.#options.clock.now(),
        pausedUntil: 0,
        failures: 0,
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
    const bucket = this.#bucket(identity);
    const now = this.#options.clock.now();
    if (bucket.pausedUntil > now) return bucket.pausedUntil - now;
    bucket.tokens = Math.min(
      this.#burst,
      bucket.tokens + (now - bucket.refilledAt) / this.#intervalMs,
    );
    bucket.refilledAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) * this.#intervalMs);
  }

  /** GitHub said to wait: nothing more goes out for this identity until then. */
  pause(identity: string, seconds: number): number {
    const bucket = this.#bucket(identity);
    bucket.pausedUntil = Math.max(bucket.pausedUntil, this.#options.clock.now() + seconds * 1000);
    return bucket.pausedUntil;
  }

  /** A 5xx or network error: exponential backoff (half fixed, half random), shared by the identity. */
  backOff(identity: string): number {
    const bucket = this.#bucket(identity);
    bucket.failures += 1;
    const wait = backoffMs(bucket.failures, this.#options.random);
    bucket.pausedUntil = Math.max(bucket.pausedUntil, this.#options.clock.now() + wait);
    return bucket.pausedUntil;
  }

  /** GitHub accepted a dispatch: the backoff starts again from its base. */
  succeeded(identity: string): void {
    this.#bucket(identity).failures = 0;
  }
}
