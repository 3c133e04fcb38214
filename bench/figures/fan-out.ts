import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { BenchContext } from "../lib/context.ts";
import type { Figure } from "../lib/figure.ts";
import { bundle, runnerFiles, timedNode } from "../lib/runner.ts";
import { median, round } from "../lib/stats.ts";

const URLS = 20;
const SLOW_MS = 1000;
const TARGET_MS = 1200;

interface Receiver {
  readonly url: string;
  hits: number;
  readonly server: Server;
}

async function receiver(delayMs: number): Promise<Receiver> {
  const self: { hits: number } = { hits: 0 };
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      self.hits += 1;
      setTimeout(() => response.end("ok"), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(self, { url: `http://127.0.0.1:${port}/hook`, server });
}

/** A real push GitHub sent (octokit/webhooks' examples): a new branch with one commit. */
export function pushEvent(): unknown {
  const require = createRequire(import.meta.url);
  const definitions = require("@octokit/webhooks-examples") as {
    name: string;
    examples: { ref: string; created: boolean; commits: unknown[] }[];
  }[];
  const push = definitions
    .find((definition) => definition.name === "push")
    ?.examples.find((event) => event.ref.startsWith("refs/heads/") && event.commits.length > 0);
  if (!push) throw new Error("@octokit/webhooks-examples has no push with commits");
  return push;
}

async function emit(
  bundlePath: string,
  urls: readonly string[],
): Promise<{ ms: number; slowestMs: number }> {
  const runner = runnerFiles({
    eventName: "push",
    event: pushEvent(),
    inputs: { url: urls.join("\n"), secret: "bench-emit-secret", timeout: "10", retries: "3" },
  });
  const run = await timedNode([bundlePath], runner.env, runner.dir);
  const results = JSON.parse(runner.outputs().results ?? "[]") as { ok: boolean; ms: number }[];
  if (run.code !== 0 || results.length !== urls.length || !results.every((result) => result.ok)) {
    throw new Error(`emit failed (exit ${run.code}):\n${run.stdout}`);
  }
  return { ms: run.ms, slowestMs: Math.max(...results.map((result) => result.ms)) };
}

/**
 * Figure 5: the emit action delivering one push to 20 loopback receivers, one of which takes
 * 1 s to answer. Deliveries run concurrently, so the whole step should take about as long as the
 * slow receiver alone, which is the baseline.
 */
export async function emitFanOut(ctx: BenchContext): Promise<Figure[]> {
  const emitBundle = bundle(ctx.knobs.dist, "emit");
  const receivers = [
    await receiver(SLOW_MS),
    ...(await Promise.all(Array.from({ length: URLS - 1 }, () => receiver(0)))),
  ];
  try {
    const urls = receivers.map((entry) => entry.url);
    const alone: number[] = [];
    const fanned: number[] = [];
    let slowest = 0;
    for (let i = 0; i < ctx.knobs.reactionRuns; i++) {
      alone.push((await emit(emitBundle, [urls[0] as string])).ms);
      const run = await emit(emitBundle, urls);
      fanned.push(run.ms);
      slowest = Math.max(slowest, run.slowestMs);
    }
    const measured = median(fanned);
    const base = median(alone);
    return [
      {
        id: "emit-fan-out",
        title: `Emit fan-out: ${URLS} URLs, one answering in ${SLOW_MS / 1000} s`,
        measured: { value: round(measured, 1), unit: "ms" },
        baseline: { label: "the slow URL alone", value: round(base, 1), unit: "ms" },
        ratio: round(measured / base),
        target: { text: `≤ ${TARGET_MS / 1000} s`, met: measured <= TARGET_MS },
        details: {
          runsMs: fanned.map((ms) => round(ms)),
          aloneRunsMs: alone.map((ms) => round(ms)),
          slowestDeliveryMs: slowest,
          hitsPerReceiver: receivers.map((entry) => entry.hits),
        },
        notes: ["Wall time is the whole step: process start, 20 signed deliveries, outputs, exit."],
      },
    ];
  } finally {
    for (const entry of receivers) {
      entry.server.closeAllConnections();
      entry.server.close();
    }
  }
}
