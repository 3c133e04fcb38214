import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import {
  type GitHubStandIn,
  startGitHubStandIn,
} from "../../test/support/github-stand-in/index.ts";
import { startChildServer } from "../lib/child.ts";
import type { BenchContext } from "../lib/context.ts";
import { BODY_BYTES, DEEPSOURCE_SECRET, writeBodyPool } from "../lib/deliveries.ts";
import type { Figure } from "../lib/figure.ts";
import { type Measured, measureServer } from "../lib/measure.ts";
import { round } from "../lib/stats.ts";
import { runNodeLoad } from "../load/generator.ts";
import type { LoadResult } from "../load/result.ts";

const SERVERS = new URL("../servers/", import.meta.url).pathname;
const DISPATCHES = "POST /repos/{owner}/{repo}/dispatches";
const TOKEN = "ghs_bench_queue_burst_token";
const REPOSITORY = "bench-org/queue-burst";
const ACK_P99_TARGET_MS = 20;
const THROUGHPUT_RATIO_TARGET = 0.3;
const THROUGHPUT_P99_TARGET_MS = 10;
/** Against a minimal server that also answers only once the body is durable. */
const DURABLE_RATIO_TARGET = 0.5;
const DURABLE_P99_RATIO_TARGET = 2;
/** Distinct bodies per second of the queue's throughput runs: more than the relay acks. */
const QUEUE_POOL_PER_SECOND = 10_000;
/** What GitHub answers beyond its cap: a secondary rate limit saying when to come back. */
const SECONDARY_LIMIT = {
  status: 429,
  headers: { "retry-after": "1" },
  body: {
    message:
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    documentation_url:
      "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
  },
};

interface BurstRun {
  readonly cap: number;
  readonly load: LoadResult;
  readonly acked: number;
  readonly dispatched: number;
  readonly lost: number;
  /** Still in the relay's queue when the bench stopped waiting: neither lost nor dispatched. */
  readonly waiting: number;
  readonly twice: number;
  /** First dispatch request to the last one GitHub accepted, by the stand-in's clock. */
  readonly drainMs: number;
  /** Start of the burst to the last accepted dispatch. */
  readonly totalMs: number;
  readonly refused: number;
  readonly outcomes: Record<string, number>;
  readonly dispatches: Record<string, number>;
}

function queueRelayEnv(ctx: BenchContext, gh: GitHubStandIn, extra: Record<string, string>) {
  return {
    ...process.env,
    HOOKBRIDGE_DELIVERY: "queue",
    HOOKBRIDGE_DATA_DIR: mkdtempSync(join(ctx.scratch, "queue-")),
    HOOKBRIDGE_REPOSITORY: REPOSITORY,
    HOOKBRIDGE_GITHUB_TOKEN: TOKEN,
    HOOKBRIDGE_GITHUB_API_URL: gh.url,
    HOOKBRIDGE_SECRET_DEEPSOURCE: DEEPSOURCE_SECRET,
    ...extra,
  };
}

/** Accepted dispatches per delivery id, as the stand-in recorded them. */
function acceptedById(gh: GitHubStandIn): Map<string, number> {
  const counts = new Map<string, number>();
  for (const dispatch of gh.state.repo(REPOSITORY).dispatches) {
    const id = String(dispatch.client_payload?.id);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

async function burst(
  ctx: BenchContext,
  gh: GitHubStandIn,
  cap: number,
  poolFile: string,
  count: number,
): Promise<BurstRun> {
  gh.reset();
  gh.setRateCap(DISPATCHES, cap, SECONDARY_LIMIT);
  const relay = await startChildServer(
    join(SERVERS, "relay.ts"),
    ctx.pin.server,
    queueRelayEnv(ctx, gh, {
      // GitHub's cap is what limits here, not the relay's own pacing.
      HOOKBRIDGE_DISPATCH_RATE: "1000000",
      HOOKBRIDGE_DISPATCH_CONCURRENCY: "8",
      // One dispatch per delivery, as the figures before batching were measured.
      HOOKBRIDGE_BATCH_WINDOW: "0",
    }),
  );
  try {
    const started = Date.now();
    const load = await runNodeLoad({
      url: relay.url,
      path: "/deepsource",
      connections: ctx.knobs.connections,
      seconds: 60,
      requests: count,
      poolFile,
      prefix: ctx.pin.load,
    });
    const acked = load.requests - load.non2xx;
    // Generous: the cap alone needs count/cap seconds, and each refusal costs a second's pause.
    const deadline = Date.now() + 20_000 + (3 * count * 1000) / cap;
    while (acceptedById(gh).size < acked && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // A moment more, so a late second copy of a delivery would be seen too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stats = await relay.stats();
    const outcomes = (stats.outcomes ?? {}) as Record<string, number>;
    const accepted = acceptedById(gh);
    const waiting = typeof stats.pending === "number" ? stats.pending : 0;
    const requests = gh.requests.filter((request) => request.template?.endsWith("/dispatches"));
    const acceptedAt = requests.filter((r) => r.status === 204).map((r) => r.at);
    const firstAt = Math.min(...requests.map((r) => r.at));
    const lastAt = Math.max(...acceptedAt);
    return {
      cap,
      load,
      acked,
      dispatched: accepted.size,
      lost: Math.max(0, acked - accepted.size - waiting),
      waiting,
      twice: [...accepted.values()].filter((n) => n > 1).length,
      drainMs: lastAt - firstAt,
      totalMs: lastAt - started,
      refused: requests.filter((r) => r.status === 429).length,
      outcomes,
      dispatches: (stats.dispatches ?? {}) as Record<string, number>,
    };
  } finally {
    await relay.stop();
  }
}

function latency(load: LoadResult) {
  return {
    p50: round(load.latencyMs.p50),
    p90: round(load.latencyMs.p90),
    p99: round(load.latencyMs.p99),
    max: round(load.latencyMs.max),
  };
}

/**
 * Figures 7 and 8: the Node relay in queue mode. A burst of signed DeepSource deliveries while
 * the GitHub stand-in serves only N dispatches a second (the rest get a secondary rate limit
 * with Retry-After: 1): the provider's ack p99, deliveries lost or dispatched twice, and the drain
 * time against each N. Then the ack throughput with a durable commit per group of requests
 * against a bare node:http server, same generator, same cores.
 */
export async function queueBurst(ctx: BenchContext): Promise<Figure[]> {
  const { burstSize, burstCaps, queueDuration } = ctx.knobs;
  const gh = await startGitHubStandIn({ token: TOKEN });
  const burstPool = join(ctx.scratch, "burst-bodies.pool");
  writeBodyPool(burstPool, burstSize, 2_000_000);
  const runs: BurstRun[] = [];
  // Enough distinct deliveries that none is sent twice: a copy costs the relay less than a new
  // delivery (no body stored), while the durable server writes every body it gets.
  const queuePool = Math.max(ctx.knobs.pool, Math.ceil(queueDuration * QUEUE_POOL_PER_SECOND));
  let throughput: { relay: Measured; bare: Measured; durable: Measured; verified: Measured };
  try {
    for (const cap of burstCaps) {
      ctx.progress(`  burst of ${burstSize}, GitHub serving ${cap}/s`);
      runs.push(await burst(ctx, gh, cap, burstPool, burstSize));
    }
    gh.reset();
    const poolFile = join(ctx.scratch, "queue-bodies.pool");
    writeBodyPool(poolFile, queuePool, 3_000_000);
    const warmupPoolFile = join(ctx.scratch, "queue-warmup-bodies.pool");
    const warmupPool = Math.ceil(ctx.knobs.loadWarmup * QUEUE_POOL_PER_SECOND);
    if (warmupPool > 0) writeBodyPool(warmupPoolFile, warmupPool, 4_000_000);
    const pools = { poolFile, warmupPoolFile, seconds: queueDuration };
    ctx.progress(`  bare node:http, ${queueDuration} s`);
    const bare = await measureServer(
      ctx,
      await startChildServer(join(SERVERS, "bare.ts"), ctx.pin.server, { ...process.env }),
      pools,
    );
    ctx.progress(`  minimal durable server (node:http + node:sqlite), ${queueDuration} s`);
    const durable = await measureServer(
      ctx,
      await startChildServer(join(SERVERS, "durable.ts"), ctx.pin.server, {
        ...process.env,
        BENCH_DURABLE_DIR: mkdtempSync(join(ctx.scratch, "durable-")),
      }),
      pools,
    );
    ctx.progress(
      `  minimal durable server that also verifies and parses each body, ${queueDuration} s`,
    );
    const verified = await measureServer(
      ctx,
      await startChildServer(join(SERVERS, "durable.ts"), ctx.pin.server, {
        ...process.env,
        BENCH_DURABLE_DIR: mkdtempSync(join(ctx.scratch, "verified-")),
        BENCH_DURABLE_VERIFY_SECRET: DEEPSOURCE_SECRET,
      }),
      pools,
    );
    ctx.progress(`  relay (queue, durable commit), ${queueDuration} s`);
    // The default pace (80 a minute): the dispatcher stays out of the way of the answers.
    const relay = await measureServer(
      ctx,
      await startChildServer(join(SERVERS, "relay.ts"), ctx.pin.server, queueRelayEnv(ctx, gh, {})),
      pools,
    );
    throughput = { relay, bare, durable, verified };
  } finally {
    await gh.close();
  }

  const worstP99 = round(Math.max(...runs.map((run) => run.load.latencyMs.p99)));
  const lost = runs.reduce((sum, run) => sum + run.lost, 0);
  const waiting = runs.reduce((sum, run) => sum + run.waiting, 0);
  const twice = runs.reduce((sum, run) => sum + run.twice, 0);
  const perCap = Object.fromEntries(
    runs.map((run) => [
      `${run.cap}/s`,
      {
        ackMs: latency(run.load),
        acked: run.acked,
        errors: run.load.errors,
        non2xx: run.load.non2xx,
        dispatched: run.dispatched,
        lost: run.lost,
        stillQueuedAtDeadline: run.waiting,
        dispatchesPerSecond: round(run.dispatched / (run.drainMs / 1000)),
        dispatchedTwice: run.twice,
        drainS: round(run.drainMs / 1000),
        burstStartToDrainedS: round(run.totalMs / 1000),
        refusedByCap: run.refused,
        relayOutcomes: run.outcomes,
        relayDispatches: run.dispatches,
      },
    ]),
  );
  const burstNotes = [
    `${burstSize.toLocaleString("en-US")} distinct signed ${BODY_BYTES}-byte DeepSource deliveries over ${ctx.knobs.connections} connections (Node generator, a fixed count), to \`hookbridge relay\` in queue mode with its SQLite database in a temporary directory, HOOKBRIDGE_DISPATCH_RATE=1000000 and HOOKBRIDGE_DISPATCH_CONCURRENCY=8, so the stand-in's cap is what limits; beyond the cap the stand-in answers 429 with Retry-After: 1.`,
    "Lost = answered 2xx but neither accepted by the stand-in nor still in the relay's queue when the bench stopped waiting; dispatched twice = accepted more than once (from the stand-in's log).",
  ];
  const { relay, bare, durable, verified } = throughput;
  const durableRatio = round(relay.load.rps / durable.load.rps, 3);
  const durableP99Ratio = round(relay.load.latencyMs.p99 / durable.load.latencyMs.p99);
  const outcomes = (relay.stats.outcomes ?? {}) as Record<string, number>;
  const ratio = round(relay.load.rps / bare.load.rps, 3);
  const p99 = round(relay.load.latencyMs.p99);
  const throughputNotes = [
    `Queue mode with a durable commit (SQLite, WAL, group commit, the log synced on the thread pool) before each 202; ${ctx.knobs.connections} connections for ${queueDuration} s each, cycling ${queuePool.toLocaleString("en-US")} pre-signed bodies; the relay queued ${(outcomes["202 queued"] ?? 0).toLocaleString("en-US")} (the warm-up's included) and answered ${outcomes["200 duplicate"] ?? 0} as duplicates.`,
    ctx.knobs.loadWarmup > 0
      ? `Each server first took the same load for ${ctx.knobs.loadWarmup} s, unmeasured, from bodies of its own (BENCH_LOAD_WARMUP), as in figure 3: the figures are the steady state, not the first second's compiling.`
      : "No warm-up (BENCH_LOAD_WARMUP=0): the figures include each server's first second of compiling.",
    ctx.pin.pinned
      ? "Server pinned to core 0 and load generator to core 1 (taskset)."
      : "Not pinned (no taskset or a single core): server and generator share the CPU.",
  ];
  if (ctx.load.note) throughputNotes.push(ctx.load.note);

  return [
    {
      id: "queue-burst-ack-p99",
      title: `Queue: provider ack p99 in a burst of ${burstSize} (worst of N = ${burstCaps.join(", ")}/s)`,
      measured: { value: worstP99, unit: "ms" },
      target: { text: `≤ ${ACK_P99_TARGET_MS} ms`, met: worstP99 <= ACK_P99_TARGET_MS },
      details: { connections: ctx.knobs.connections, deliveries: burstSize, perCap },
      notes: burstNotes,
    },
    {
      id: "queue-burst-lost",
      title: "Queue: deliveries answered 2xx, then neither dispatched nor queued",
      measured: { value: lost, unit: "" },
      target: { text: "0", met: lost === 0 },
      details: { stillQueuedAtDeadline: waiting },
      notes:
        waiting > 0
          ? [
              `${waiting.toLocaleString("en-US")} deliveries of the bursts were still in the relay's queue when the bench stopped waiting (20 s + 3 × burst ÷ N): not lost, and counted neither as lost nor in the drains, whose times then end at the last accepted dispatch before the deadline.`,
            ]
          : [],
    },
    {
      id: "queue-burst-dispatched-twice",
      title: "Queue: deliveries dispatched twice",
      measured: { value: twice, unit: "" },
      target: { text: "0", met: twice === 0 },
      details: {},
      notes: [],
    },
    ...runs.map((run): Figure => {
      const seconds = run.drainMs / 1000;
      // Not drained by the deadline: the pace reached against the pace GitHub allowed says more
      // than a drain time that ended at the deadline.
      if (run.waiting > 0) {
        const rate = round(run.dispatched / seconds);
        return {
          id: `queue-burst-drain-${run.cap}`,
          title: `Queue: ${run.dispatched} of ${burstSize} dispatched with GitHub serving ${run.cap}/s (${run.waiting} still queued)`,
          measured: { value: rate, unit: "/s" },
          baseline: { label: "GitHub's cap", value: run.cap, unit: "/s" },
          ratio: round(rate / run.cap),
          target: { text: "reported", met: null },
          details: { seconds: round(seconds), dispatched: run.dispatched, waiting: run.waiting },
          notes: [],
        };
      }
      return {
        id: `queue-burst-drain-${run.cap}`,
        title: `Queue: drain of ${burstSize} with GitHub serving ${run.cap}/s`,
        measured: { value: round(seconds), unit: "s" },
        baseline: {
          label: `${burstSize}/${run.cap}`,
          value: round(burstSize / run.cap),
          unit: "s",
        },
        ratio: round(seconds / (burstSize / run.cap)),
        target: { text: "reported", met: null },
        details: {},
        notes: [],
      };
    }),
    {
      id: "queue-ack-throughput",
      title: `Queue: ack throughput with durable commit (${ctx.knobs.connections} connections)`,
      measured: { value: Math.round(relay.load.rps), unit: "req/s" },
      baseline: { label: "bare node:http", value: Math.round(bare.load.rps), unit: "req/s" },
      ratio,
      target: {
        text: `≥ ${THROUGHPUT_RATIO_TARGET.toFixed(2)}× and p99 ≤ ${THROUGHPUT_P99_TARGET_MS} ms`,
        met: ratio >= THROUGHPUT_RATIO_TARGET && p99 <= THROUGHPUT_P99_TARGET_MS,
      },
      details: {
        generator: ctx.load.name,
        seconds: queueDuration,
        warmupSeconds: ctx.knobs.loadWarmup,
        connections: ctx.knobs.connections,
        bodyBytes: BODY_BYTES,
        relay: {
          requests: relay.load.requests,
          rps: Math.round(relay.load.rps),
          latencyMs: latency(relay.load),
          errors: relay.load.errors,
          non2xx: relay.load.non2xx,
          outcomes,
        },
        bare: {
          requests: bare.load.requests,
          rps: Math.round(bare.load.rps),
          latencyMs: latency(bare.load),
        },
      },
      notes: throughputNotes,
    },
    {
      id: "queue-ack-throughput-p99",
      title: "Queue: ack p99 under that load",
      measured: { value: p99, unit: "ms" },
      baseline: { label: "bare node:http p99", value: round(bare.load.latencyMs.p99), unit: "ms" },
      ratio: round(relay.load.latencyMs.p99 / bare.load.latencyMs.p99),
      target: { text: `≤ ${THROUGHPUT_P99_TARGET_MS} ms`, met: p99 <= THROUGHPUT_P99_TARGET_MS },
      details: {},
      notes: [],
    },
    {
      id: "queue-ack-vs-durable",
      title: "Queue: ack throughput against a minimal durable server",
      measured: { value: Math.round(relay.load.rps), unit: "req/s" },
      baseline: {
        label: "node:http + node:sqlite",
        value: Math.round(durable.load.rps),
        unit: "req/s",
      },
      ratio: durableRatio,
      target: {
        text: `≥ ${DURABLE_RATIO_TARGET.toFixed(2)}×`,
        met: durableRatio >= DURABLE_RATIO_TARGET,
      },
      details: {
        durable: {
          requests: durable.load.requests,
          rps: Math.round(durable.load.rps),
          latencyMs: latency(durable.load),
          errors: durable.load.errors,
          non2xx: durable.load.non2xx,
          commits: durable.stats.commits,
          cpuMicrosPerRequest: round(
            Number(durable.stats.cpuMicros ?? 0) / Math.max(1, durable.load.requests),
          ),
        },
        relayCpuMicrosPerRequest: round(
          Number(relay.stats.cpuMicros ?? 0) / Math.max(1, relay.load.requests),
        ),
      },
      notes: [
        "The minimal durable server (bench/servers/durable.ts) reads each body with node:http and answers 202 once it is committed to node:sqlite, with WAL, synchronous=FULL (the guarantee the relay's store gives by syncing its log itself) and group commit (the bodies of one event-loop turn in one transaction); nothing else. Same generator, bodies, connections, cores and run.",
      ],
    },
    {
      id: "queue-ack-vs-durable-p99",
      title: "Queue: ack p99 against the minimal durable server's",
      measured: { value: p99, unit: "ms" },
      baseline: {
        label: "node:http + node:sqlite p99",
        value: round(durable.load.latencyMs.p99),
        unit: "ms",
      },
      ratio: durableP99Ratio,
      target: {
        text: `≤ ${DURABLE_P99_RATIO_TARGET}× its p99`,
        met: durableP99Ratio <= DURABLE_P99_RATIO_TARGET,
      },
      details: {},
      notes: [],
    },
    {
      id: "queue-ack-vs-verified",
      title: "Queue: ack throughput against a minimal durable server that verifies and parses",
      measured: { value: Math.round(relay.load.rps), unit: "req/s" },
      baseline: {
        label: "the same, with HMAC check and JSON.parse",
        value: Math.round(verified.load.rps),
        unit: "req/s",
      },
      ratio: round(relay.load.rps / verified.load.rps, 3),
      target: { text: "reported", met: null },
      details: {
        verified: {
          requests: verified.load.requests,
          rps: Math.round(verified.load.rps),
          latencyMs: latency(verified.load),
          errors: verified.load.errors,
          non2xx: verified.load.non2xx,
          cpuMicrosPerRequest: round(
            Number(verified.stats.cpuMicros ?? 0) / Math.max(1, verified.load.requests),
          ),
        },
        verifiedAgainstMinimal: round(verified.load.rps / durable.load.rps, 3),
        p99AgainstVerified: round(relay.load.latencyMs.p99 / verified.load.latencyMs.p99),
      },
      notes: [
        `The floor under any relay's answer: the minimal durable server with the two steps no relay may skip before a 202, checking the body's HMAC and parsing its JSON (BENCH_DURABLE_VERIFY_SECRET). Those alone take it to ${round(verified.load.rps / durable.load.rps, 2)}× its own throughput (p99 ${round(verified.load.latencyMs.p99)} ms); what the relay does above that floor is dedupe, validation, routing, sizing, the store's indexes and its log.`,
      ],
    },
  ];
}
