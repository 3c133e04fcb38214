/** Every tunable of `npm run bench`, read from the environment once. */
export interface Knobs {
  /** Process starts per command for the cold-start medians. */
  readonly runs: number;
  readonly warmup: number;
  /** Seconds of load against the relay and against the bare server, each. */
  readonly duration: number;
  /**
   * Seconds of the same load each server gets first, unmeasured, so figure 3 reads the steady
   * state rather than the first second's compiling (which a cold-start figure measures on its own).
   */
  readonly loadWarmup: number;
  readonly connections: number;
  /** Seconds and connections for the ack-latency figure, where each request waits on GitHub. */
  readonly latencyDuration: number;
  readonly latencyConnections: number;
  /** Deliveries in the queue's burst, and the dispatches per second the stand-in serves in each run. */
  readonly burstSize: number;
  readonly burstCaps: readonly number[];
  /** Seconds of load for the queue's ack throughput, against the relay and the bare server each. */
  readonly queueDuration: number;
  /** Receive runs per reaction event; the median is reported. */
  readonly reactionRuns: number;
  /** Distinct signed bodies the load generator cycles through. */
  readonly pool: number;
  /** Force a load generator instead of using wrk when it is installed. */
  readonly load: "auto" | "wrk" | "node";
  /** Run only these figures (ids), or all when empty. */
  readonly only: readonly string[];
  readonly out: string;
  /** The built actions to measure; another directory lets a change be measured before and after. */
  readonly dist: string;
}

function number(name: string, fallback: number, min: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === "") return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`${name} must be a number of at least ${min}, not "${text}".`);
  }
  return value;
}

/** A comma-separated list of positive numbers. */
function numbers(name: string, fallback: readonly number[]): readonly number[] {
  const text = process.env[name];
  if (text === undefined || text.trim() === "") return fallback;
  const values = text.split(",").map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isFinite(value) || value <= 0)) {
    throw new Error(`${name} must be a comma-separated list of positive numbers, not "${text}".`);
  }
  return values;
}

export function readKnobs(): Knobs {
  const load = (process.env.BENCH_LOAD ?? "auto").trim() || "auto";
  if (load !== "auto" && load !== "wrk" && load !== "node") {
    throw new Error(`BENCH_LOAD must be auto, wrk or node, not "${load}".`);
  }
  return {
    runs: Math.round(number("BENCH_RUNS", 20, 3)),
    warmup: Math.round(number("BENCH_WARMUP", 3, 0)),
    duration: number("BENCH_DURATION", 10, 1),
    loadWarmup: number("BENCH_LOAD_WARMUP", 2, 0),
    connections: Math.round(number("BENCH_CONNECTIONS", 50, 1)),
    latencyDuration: number("BENCH_LATENCY_DURATION", 5, 1),
    latencyConnections: Math.round(number("BENCH_LATENCY_CONNECTIONS", 10, 1)),
    reactionRuns: Math.round(number("BENCH_REACTION_RUNS", 3, 1)),
    burstSize: Math.round(number("BENCH_BURST", 1000, 10)),
    burstCaps: numbers("BENCH_BURST_CAPS", [50, 100, 200]),
    queueDuration: number("BENCH_QUEUE_DURATION", 5, 1),
    // The relay remembers 10,000 dispatched ids: a longer cycle means a body comes back only
    // after its id was forgotten, so no request is answered as a duplicate.
    pool: Math.round(number("BENCH_POOL", 12_000, 100)),
    load,
    only: (process.env.BENCH_ONLY ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id.length > 0),
    out: process.env.BENCH_OUT ?? new URL("../results.json", import.meta.url).pathname,
    dist: process.env.BENCH_DIST ?? new URL("../../dist/", import.meta.url).pathname,
  };
}
