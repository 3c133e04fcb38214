/** Time as the dispatcher sees it; tests pass a virtual clock so waits of minutes take none. */
export interface Clock {
  /** Wall-clock milliseconds: what is stored (receipt, next attempt) and compared with GitHub's resets. */
  now(): number;
  /**
   * Milliseconds that only ever move forward at the same pace, whatever happens to the wall
   * clock: pacing and pauses are measured on it, so a clock stepped back stalls nothing.
   */
  monotonic(): number;
  /** Resolves once `now()` has reached `now() + ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
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
