import { join } from "node:path";
import { startGitHubStandIn } from "../../test/support/github-stand-in/index.ts";
import { startChildServer } from "../lib/child.ts";
import type { BenchContext } from "../lib/context.ts";
import { DEEPSOURCE_SECRET, writeBodyPool } from "../lib/deliveries.ts";
import type { Figure } from "../lib/figure.ts";
import { percentile, round } from "../lib/stats.ts";

const SERVER = new URL("../servers/relay.ts", import.meta.url).pathname;
const DISPATCHES = "POST /repos/{owner}/{repo}/dispatches";
const TOKEN = "ghs_bench_ack_latency_token";
const REPOSITORY = "bench-org/ack-latency";
const GITHUB_DELAY_MS = 50;
const P99_TARGET_MS = 60;

/** The same dispatch, sent straight to the stand-in by as many clients: GitHub's own share. */
async function direct(url: string, clients: number, seconds: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  let serial = 0;
  const client = async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      const response = await fetch(`${url}/repos/${REPOSITORY}/dispatches`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${TOKEN}`,
          accept: "application/vnd.github+json",
          "content-type": "application/json",
        },
        body: JSON.stringify({
          event_type: "deepsource.analysis_run.updated",
          client_payload: { id: `direct-${serial++}` },
        }),
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return latencies;
}

/**
 * Figure 4: how long a provider waits for the relay's 2xx when every dispatch takes GitHub 50 ms.
 * The relay answers only once GitHub accepted, so the floor is GitHub's own latency, measured
 * directly against the same stand-in as the baseline.
 */
export async function relayAckLatency(ctx: BenchContext): Promise<Figure[]> {
  const gh = await startGitHubStandIn({ token: TOKEN });
  gh.setDelay(DISPATCHES, GITHUB_DELAY_MS);
  const poolFile = join(ctx.scratch, "ack-bodies.pool");
  // Each connection manages at most 20 requests a second against a 50 ms GitHub; twice that
  // many distinct bodies means none is sent twice.
  writeBodyPool(
    poolFile,
    Math.min(
      ctx.knobs.pool,
      Math.ceil(ctx.knobs.latencyConnections * ctx.knobs.latencyDuration * 40),
    ),
    1_000_000,
  );
  try {
    const baseline = await direct(gh.url, ctx.knobs.latencyConnections, 2);
    const relay = await startChildServer(SERVER, ctx.pin.server, {
      ...process.env,
      HOOKBRIDGE_REPOSITORY: REPOSITORY,
      // This figure measures the answer after GitHub accepted; burst.ts measures the queue.
      HOOKBRIDGE_DELIVERY: "sync",
      HOOKBRIDGE_GITHUB_TOKEN: TOKEN,
      HOOKBRIDGE_GITHUB_API_URL: gh.url,
      HOOKBRIDGE_SECRET_DEEPSOURCE: DEEPSOURCE_SECRET,
    });
    let stats: Record<string, unknown>;
    let load: Awaited<ReturnType<BenchContext["load"]["run"]>>;
    try {
      ctx.progress(`  relay → stand-in (+${GITHUB_DELAY_MS} ms), ${ctx.knobs.latencyDuration} s`);
      load = await ctx.load.run({
        url: relay.url,
        path: "/deepsource",
        connections: ctx.knobs.latencyConnections,
        seconds: ctx.knobs.latencyDuration,
        poolFile,
        prefix: ctx.pin.load,
      });
      stats = await relay.stats();
    } finally {
      await relay.stop();
    }
    const outcomes = (stats.outcomes ?? {}) as Record<string, number>;
    const dispatches = gh.state.repo(REPOSITORY).dispatches.length - baseline.length;
    const p99 = round(load.latencyMs.p99);
    const directP99 = round(percentile(baseline, 99));
    return [
      {
        id: "relay-ack-latency",
        title: `Relay ack latency, GitHub answering in ${GITHUB_DELAY_MS} ms (p99)`,
        measured: { value: p99, unit: "ms" },
        baseline: { label: "direct dispatch p99", value: directP99, unit: "ms" },
        ratio: round(load.latencyMs.p99 / percentile(baseline, 99)),
        target: { text: `p99 ≤ ${P99_TARGET_MS} ms`, met: p99 <= P99_TARGET_MS },
        details: {
          generator: ctx.load.name,
          connections: ctx.knobs.latencyConnections,
          seconds: ctx.knobs.latencyDuration,
          latencyMs: {
            p50: round(load.latencyMs.p50),
            p90: round(load.latencyMs.p90),
            p99,
            max: round(load.latencyMs.max),
          },
          rps: Math.round(load.rps),
          directMs: { p50: round(percentile(baseline, 50)), p99: directP99 },
          relayOutcomes: outcomes,
          dispatchesRecorded: dispatches,
          errors: load.errors,
          non2xx: load.non2xx,
          standInViolations: gh.violations.length,
        },
        notes: [],
      },
    ];
  } finally {
    await gh.close();
  }
}
