import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import type { BenchContext } from "../lib/context.ts";
import { DEEPSOURCE_SECRET, writeBodyPool } from "../lib/deliveries.ts";
import type { Figure } from "../lib/figure.ts";
import { round } from "../lib/stats.ts";
import { runNodeLoad } from "../load/generator.ts";

/** What Cloudflare's free plan allows one invocation: 10 ms of CPU. */
const FREE_PLAN_CPU_MS = 10;
const DELIVERIES = 2_000;
const WARMUP = 200;
const CONNECTIONS = 10;
/** The answer a Worker gives when it does nothing but read the body: the runtime's own share. */
const TRIVIAL = `export default {
  async fetch(request) {
    await request.arrayBuffer();
    return new Response('{"queued":true}', { status: 202, headers: { "content-type": "application/json" } });
  },
};`;

/**
 * The two places a Worker can put a delivery before its 202, alone: a Durable Object's SQLite
 * (what the relay does) and a Cloudflare Queue (what it used to do). Each keeps the headers and
 * the body and nothing else; the queue's consumer only acknowledges, so the queue's figure
 * leaves out the write a consumer would still have to make for the delivery log.
 */
const DURABLE_OBJECT_WRITE = `import { DurableObject } from "cloudflare:workers";
export class Intake extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS bodies (seq INTEGER PRIMARY KEY, received_at INTEGER NOT NULL, headers TEXT NOT NULL, body TEXT NOT NULL)");
  }
  take(headers, body) {
    this.ctx.storage.sql.exec("INSERT INTO bodies (received_at, headers, body) VALUES (?, ?, ?)", Date.now(), headers, body);
    return true;
  }
}
export default {
  async fetch(request, env) {
    const body = await request.text();
    const headers = JSON.stringify(Object.fromEntries(request.headers));
    await env.INTAKE.get(env.INTAKE.idFromName("relay")).take(headers, body);
    return new Response('{"queued":true}', { status: 202, headers: { "content-type": "application/json" } });
  },
};`;
const QUEUE_SEND = `export default {
  async fetch(request, env) {
    const body = await request.text();
    await env.INTAKE.send({ headers: Object.fromEntries(request.headers), body });
    return new Response('{"queued":true}', { status: 202, headers: { "content-type": "application/json" } });
  },
  async queue(batch) {
    batch.ackAll();
  },
};`;

/** CPU seconds (user + system, every thread) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  // Fields after the command's closing parenthesis: state is 3rd, utime 14th, stime 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The workerd processes this process started. */
function workerdChildren(): Set<number> {
  const found = new Set<number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (command === "workerd" && parent === process.pid) found.add(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return found;
}

interface Measured {
  readonly accepted: number;
  readonly cpuMsPerRequest: number;
  readonly rps: number;
  readonly p99Ms: number;
}

/** Starts workerd with `options`, warms it, then sends DELIVERIES and reads its CPU time. */
async function measure(
  ctx: BenchContext,
  options: ConstructorParameters<typeof Miniflare>[0],
  pools: { warm: string; timed: string },
): Promise<Measured> {
  const before = workerdChildren();
  // The relay logs a line per request, as deployed; the bench reads none of them.
  const mf = new Miniflare({
    ...options,
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.resume();
      stderr.resume();
    },
  } as ConstructorParameters<typeof Miniflare>[0]);
  try {
    const url = (await mf.ready).origin;
    const [pid] = [...workerdChildren()].filter((candidate) => !before.has(candidate));
    if (pid === undefined) throw new Error("the workerd process miniflare started was not found");
    const send = (poolFile: string, requests: number) =>
      runNodeLoad({
        url,
        path: "/deepsource",
        connections: CONNECTIONS,
        seconds: 120,
        requests,
        poolFile,
        prefix: ctx.pin.load,
      });
    await send(pools.warm, WARMUP);
    const start = cpuSeconds(pid);
    const load = await send(pools.timed, DELIVERIES);
    const used = cpuSeconds(pid) - start;
    const accepted = load.requests - load.non2xx - load.errors;
    return {
      accepted,
      cpuMsPerRequest: (used * 1000) / Math.max(1, accepted),
      rps: load.rps,
      p99Ms: load.latencyMs.p99,
    };
  } finally {
    await mf.dispose();
  }
}

/**
 * Figure 10: the Worker's CPU time per accepted delivery in workerd, the runtime Cloudflare runs
 * (locally through miniflare), in queue mode with its Durable Object's SQLite storage: verify,
 * parse, the object's durable insert and the 202. workerd reports no CPU time of its own locally
 * (a tail event's cpuTime is 0 there), so it is the workerd process's CPU time from /proc over
 * the run, every thread, divided by the deliveries accepted; against a Worker that only reads
 * the body and answers 202, the share of the runtime and miniflare's own entry worker.
 */
export async function workerCpuTime(ctx: BenchContext): Promise<Figure[]> {
  if (process.platform !== "linux")
    throw new Error("the Worker's CPU time is read from /proc, which only Linux has");
  const script = join(ctx.knobs.dist, "worker/index.js");
  const compatibilityDate = /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(
    readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8"),
  )?.[1];
  const pools = { warm: join(ctx.scratch, "worker-warm.pool"), timed: "" };
  writeBodyPool(pools.warm, WARMUP, 4_000_000);
  pools.timed = join(ctx.scratch, "worker-timed.pool");
  writeBodyPool(pools.timed, DELIVERIES, 4_100_000);

  ctx.progress(`  trivial Worker in workerd, ${DELIVERIES} requests`);
  const trivial = await measure(ctx, { modules: true, script: TRIVIAL, compatibilityDate }, pools);
  ctx.progress(
    `  relay Worker in workerd (queue mode, Durable Object SQLite), ${DELIVERIES} deliveries`,
  );
  const relay = await measure(
    ctx,
    {
      modules: true,
      scriptPath: script,
      compatibilityDate,
      bindings: {
        HOOKBRIDGE_REPOSITORY: "bench-org/worker-cpu",
        HOOKBRIDGE_DELIVERY: "queue",
        HOOKBRIDGE_GITHUB_TOKEN: "ghs_bench_worker_cpu_token",
        HOOKBRIDGE_SECRET_DEEPSOURCE: DEEPSOURCE_SECRET,
        // Held for an hour: the run measures intake; no dispatch runs meanwhile.
        HOOKBRIDGE_BATCH_WINDOW: "1h",
      },
      durableObjects: { HOOKBRIDGE_DELIVERIES: { className: "RelayDeliveries", useSQLite: true } },
    },
    pools,
  );
  ctx.progress(`  a Worker writing each body to a Durable Object's SQLite, ${DELIVERIES} requests`);
  const objectWrite = await measure(
    ctx,
    {
      modules: true,
      script: DURABLE_OBJECT_WRITE,
      compatibilityDate,
      durableObjects: { INTAKE: { className: "Intake", useSQLite: true } },
    },
    pools,
  );
  ctx.progress(`  a Worker sending each body to a Cloudflare Queue, ${DELIVERIES} requests`);
  const queueSend = await measure(
    ctx,
    {
      modules: true,
      script: QUEUE_SEND,
      compatibilityDate,
      queueProducers: { INTAKE: "intake" },
      queueConsumers: { intake: { maxBatchSize: 100, maxBatchTimeout: 1 } },
    },
    pools,
  );
  const measured = round(relay.cpuMsPerRequest);
  const intake = (label: string, run: Measured) => ({
    label,
    cpuMsPerRequest: round(run.cpuMsPerRequest),
    rps: Math.round(run.rps),
    p99Ms: round(run.p99Ms),
    accepted: run.accepted,
  });
  return [
    {
      id: "worker-cpu-per-delivery",
      title: "Worker: CPU time per accepted delivery in workerd (queue mode)",
      measured: { value: measured, unit: "ms" },
      baseline: {
        label: "a Worker answering 202",
        value: round(trivial.cpuMsPerRequest),
        unit: "ms",
      },
      ratio: round(relay.cpuMsPerRequest / trivial.cpuMsPerRequest),
      target: {
        text: `≤ ${FREE_PLAN_CPU_MS} ms (free plan)`,
        met: measured <= FREE_PLAN_CPU_MS,
      },
      details: {
        deliveries: DELIVERIES,
        connections: CONNECTIONS,
        relay: { accepted: relay.accepted, rps: Math.round(relay.rps) },
        trivial: { accepted: trivial.accepted, rps: Math.round(trivial.rps) },
        relayOwnCpuMs: round(relay.cpuMsPerRequest - trivial.cpuMsPerRequest),
      },
      notes: [
        `CPU time of the workerd process (user + system, every thread, from /proc) over ${DELIVERIES.toLocaleString("en-US")} distinct signed DeepSource deliveries on ${CONNECTIONS} connections, after ${WARMUP} unmeasured, divided by those answered 202: the isolate's verify and parse, the Durable Object's insert and the answer together, so each of those invocations alone uses less; dispatch is held off (HOOKBRIDGE_BATCH_WINDOW=1h). workerd reports no CPU time itself when run locally.`,
      ],
    },
    {
      id: "worker-intake-queue-vs-object",
      title: "Worker: a Cloudflare Queue send against a Durable Object write before the 202",
      measured: { value: round(queueSend.cpuMsPerRequest), unit: "ms" },
      baseline: {
        label: "a Durable Object SQLite write",
        value: round(objectWrite.cpuMsPerRequest),
        unit: "ms",
      },
      ratio: round(queueSend.cpuMsPerRequest / objectWrite.cpuMsPerRequest),
      target: { text: "reported", met: null },
      details: {
        queueSend: intake("Cloudflare Queue send (local, miniflare)", queueSend),
        objectWrite: intake("Durable Object SQLite insert", objectWrite),
        relay: intake("the relay in queue mode", relay),
        trivial: intake("a Worker answering 202", trivial),
      },
      notes: [
        `Where a Worker can put a delivery before answering, each alone in workerd (CPU as above, ${DELIVERIES.toLocaleString("en-US")} requests on ${CONNECTIONS} connections, the same bodies): a send to a Cloudflare Queue, whose consumer only acknowledges, against an insert into a Durable Object's SQLite. miniflare's Queues are a local stand-in for Cloudflare's, so the queue's latency here is not Cloudflare's; its CPU in the isolate is the part a Worker pays for.`,
        "A queue in front would not spare the object its write: the delivery log, dedupe, coalescing and order per repository live in the object, so its consumer would still insert each delivery there, after the provider had its 202.",
      ],
    },
  ];
}
