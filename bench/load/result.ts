/** What one load run measured, whichever generator ran it. */
export interface LoadResult {
  readonly generator: string;
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** Answers outside 2xx/3xx. */
  readonly non2xx: number;
}

export interface LoadOptions {
  /** Origin, e.g. http://127.0.0.1:8787. */
  readonly url: string;
  readonly path: string;
  readonly connections: number;
  readonly seconds: number;
  /** A file written by writeBodyPool. */
  readonly poolFile: string;
  /** Stop after sending this many requests (a burst), or at `seconds`, whichever comes first. */
  readonly requests?: number;
  /** Command prefix that pins the generator to its core. */
  readonly prefix: readonly string[];
}
