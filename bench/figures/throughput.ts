import { join } from "node:path";
import { startChildServer } from "../lib/child.ts";
import type { BenchContext } from "../lib/context.ts";
import { BODY_BYTES, DEEPSOURCE_SECRET, writeBodyPool } from "../lib/deliveries.ts";
import type { Figure } from "../lib/figure.ts";
import { measureServer } from "../lib/measure.ts";
import { round } from "../lib/stats.ts";
import type { LoadResult } from "../load/result.ts";

const SERVERS = new URL("../servers/", import.meta.url).pathname;
const RATIO_TARGET = 0.4;
const P99_TARGET_MS = 5;

/** The server's CPU time per answered request over the measured load, in microseconds. */
function cpuPerRequest(load: LoadResult, stats: Record<string, unknown>): number | undefined {
  const micros = stats.cpuMicros;
  return typeof micros === "number" && load.requests > 0
    ? round(micros / load.requests)
    : undefined;
}

function summary(load: LoadResult, stats: Record<string, unknown>) {
  return {
    cpuMicrosPerRequest: cpuPerRequest(load, stats),
    requests: load.requests,
    rps: Math.round(load.rps),
    latencyMs: {
      p50: round(load.latencyMs.p50),
      p90: round(load.latencyMs.p90),
      p99: round(load.latencyMs.p99),
      max: round(load.latencyMs.max),
    },
    errors: load.errors,
    non2xx: load.non2xx,
  };
}

/**
 * Figure 3: the relay in dry-run mode (verify, parse, validate, dedupe, encode, log; no GitHub
 * call) against Node's bare HTTP server, same body, same generator, same cores.
 */
export async function relayThroughput(ctx: BenchContext): Promise<Figure[]> {
  const poolFile = join(ctx.scratch, "bodies.pool");
  writeBodyPool(poolFile, ctx.knobs.pool);
  const warmupPoolFile = join(ctx.scratch, "warmup-bodies.pool");
  if (ctx.knobs.loadWarmup > 0) writeBodyPool(warmupPoolFile, ctx.knobs.pool, 1_000_000);
  ctx.progress(`  bare node:http, ${ctx.knobs.duration} s`);
  const seconds = ctx.knobs.duration;
  const bare = await measureServer(
    ctx,
    await startChildServer(join(SERVERS, "bare.ts"), ctx.pin.server, { ...process.env }),
    { poolFile, warmupPoolFile, seconds },
  );
  ctx.progress(`  relay (dry run), ${ctx.knobs.duration} s`);
  const relay = await measureServer(
    ctx,
    await startChildServer(join(SERVERS, "relay.ts"), ctx.pin.server, {
      ...process.env,
      HOOKBRIDGE_DRY_RUN: "1",
      HOOKBRIDGE_SECRET_DEEPSOURCE: DEEPSOURCE_SECRET,
    }),
    { poolFile, warmupPoolFile, seconds },
  );
  const outcomes = (relay.stats.outcomes ?? {}) as Record<string, number>;
  const dispatched = outcomes["204 dry-run"] ?? 0;
  const duplicates = outcomes["200 duplicate"] ?? 0;
  const ratio = round(relay.load.rps / bare.load.rps, 3);
  const relayCpu = cpuPerRequest(relay.load, relay.stats);
  const bareCpu = cpuPerRequest(bare.load, bare.stats);
  const p99 = round(relay.load.latencyMs.p99);
  const notes = [
    `Every request carried a delivery id of its own: ${ctx.knobs.pool.toLocaleString("en-US")} pre-signed ${BODY_BYTES}-byte bodies in a cycle longer than the relay's 10,000-id memory; the relay dispatched (dry run) ${dispatched.toLocaleString("en-US")} and answered ${duplicates} as duplicates.`,
    ctx.knobs.loadWarmup > 0
      ? `Each server first took the same load for ${ctx.knobs.loadWarmup} s, unmeasured, from ${ctx.knobs.pool.toLocaleString("en-US")} other bodies (BENCH_LOAD_WARMUP), so the figures are the steady state, not the first second's compiling; the counts above include those requests.`
      : "No warm-up (BENCH_LOAD_WARMUP=0): the figures include each server's first second of compiling.",
    ctx.pin.pinned
      ? "Server pinned to core 0 and load generator to core 1 (taskset)."
      : "Not pinned (no taskset or a single core): server and generator share the CPU.",
  ];
  if (relayCpu !== undefined && bareCpu !== undefined) {
    notes.push(
      `Server CPU time per request (user + system, over the measured load): relay ${relayCpu} µs, bare node:http ${bareCpu} µs, a ratio of ${round(bareCpu / relayCpu)}× — what the requests-per-second ratio would read if the server had its core to itself; on a machine busy with other work, read this one.`,
    );
  }
  if (ctx.load.note) notes.push(ctx.load.note);
  if (!ctx.load.name.startsWith("wrk")) {
    notes.push(
      "The Node load generator tops out below what a bare node:http server can answer, so the baseline and with it the ratio flatter the relay; wrk gives the reference ratio.",
    );
  }
  return [
    {
      id: "relay-throughput",
      title: `Relay throughput (sync mode, dry run, ${ctx.knobs.connections} connections)`,
      measured: { value: Math.round(relay.load.rps), unit: "req/s" },
      baseline: { label: "bare node:http", value: Math.round(bare.load.rps), unit: "req/s" },
      ratio,
      target: {
        text: `≥ ${RATIO_TARGET.toFixed(2)}× and p99 ≤ ${P99_TARGET_MS} ms`,
        met: ratio >= RATIO_TARGET && p99 <= P99_TARGET_MS,
      },
      details: {
        generator: ctx.load.name,
        seconds: ctx.knobs.duration,
        warmupSeconds: ctx.knobs.loadWarmup,
        connections: ctx.knobs.connections,
        bodyBytes: BODY_BYTES,
        relay: { ...summary(relay.load, relay.stats), outcomes },
        bare: summary(bare.load, bare.stats),
      },
      notes,
    },
    {
      id: "relay-throughput-p99",
      title: "Relay p99 latency under that load",
      measured: { value: p99, unit: "ms" },
      baseline: { label: "bare node:http p99", value: round(bare.load.latencyMs.p99), unit: "ms" },
      ratio: round(relay.load.latencyMs.p99 / bare.load.latencyMs.p99),
      target: { text: `≤ ${P99_TARGET_MS} ms`, met: p99 <= P99_TARGET_MS },
      details: {},
      notes: [],
    },
  ];
}
