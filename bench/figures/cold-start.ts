import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchContext } from "../lib/context.ts";
import { dispatchEvent, RECEIVE_SECRET } from "../lib/envelope.ts";
import type { Figure } from "../lib/figure.ts";
import { bundle, ROOT, runnerFiles, timedNode } from "../lib/runner.ts";
import { median, round } from "../lib/stats.ts";
import { missingToolNote } from "../lib/tools.ts";

const TARGET = 2.0;

interface Samples {
  readonly baseline: number[];
  readonly receive: number[];
  readonly tool: string;
}

function withHyperfine(
  hyperfine: string,
  bundlePath: string,
  ctx: BenchContext,
  env: Record<string, string>,
  cwd: string,
): Samples {
  const out = join(ctx.scratch, "cold-start.json");
  const result = spawnSync(
    hyperfine,
    [
      "--shell=none",
      "--style=none",
      `--runs=${ctx.knobs.runs}`,
      `--warmup=${ctx.knobs.warmup}`,
      `--export-json=${out}`,
      `${process.execPath} -e 0`,
      `${process.execPath} ${bundlePath}`,
    ],
    { env, cwd, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`hyperfine failed:\n${result.stderr}`);
  const runs = (JSON.parse(readFileSync(out, "utf8")) as { results: { times: number[] }[] })
    .results;
  const ms = (index: number) => (runs[index]?.times ?? []).map((seconds) => seconds * 1000);
  return { baseline: ms(0), receive: ms(1), tool: "hyperfine --shell=none" };
}

/** Alternates the two commands, so a noisy moment on the machine hits both alike. */
async function withSpawn(
  bundlePath: string,
  ctx: BenchContext,
  env: Record<string, string>,
  cwd: string,
): Promise<Samples> {
  const baseline: number[] = [];
  const receive: number[] = [];
  for (let i = 0; i < ctx.knobs.warmup + ctx.knobs.runs; i++) {
    const zero = await timedNode(["-e", "0"], env, cwd);
    const run = await timedNode([bundlePath], env, cwd);
    if (i < ctx.knobs.warmup) continue;
    baseline.push(zero.ms);
    receive.push(run.ms);
  }
  return { baseline, receive, tool: "node:child_process spawn → exit" };
}

/** Figure 1: how much longer than a bare `node` the receive action takes to start and finish. */
export async function receiveColdStart(ctx: BenchContext): Promise<Figure[]> {
  const receive = bundle(ctx.knobs.dist, "receive");
  const body = new Uint8Array(readFileSync(join(ROOT, "test/fixtures/deepsource/test.event.json")));
  const runner = runnerFiles({
    eventName: "repository_dispatch",
    event: await dispatchEvent(body, "octo-org/octo-repo"),
    inputs: { secret: RECEIVE_SECRET, "github-token": "ghs_bench_token_never_used" },
  });
  // One checked run first: a cold start that ends in an error would measure the wrong thing.
  const check = await timedNode([receive], runner.env, runner.dir);
  const outputs = runner.outputs();
  if (check.code !== 0 || outputs.status !== "TEST") {
    throw new Error(`${receive} did not handle test.event (exit ${check.code}):\n${check.stdout}`);
  }
  const samples = ctx.hyperfine
    ? withHyperfine(ctx.hyperfine, receive, ctx, runner.env, runner.dir)
    : await withSpawn(receive, ctx, runner.env, runner.dir);
  const base = median(samples.baseline);
  const started = median(samples.receive);
  const ratio = round(started / base);
  return [
    {
      id: "receive-cold-start",
      title: "Receive cold start (test.event)",
      measured: { value: round(started, 1), unit: "ms" },
      baseline: { label: "node -e 0", value: round(base, 1), unit: "ms" },
      ratio,
      target: { text: `≤ ${TARGET.toFixed(1)}×`, met: ratio <= TARGET },
      details: {
        runs: samples.receive.length,
        warmup: ctx.knobs.warmup,
        tool: samples.tool,
        receiveMs: { median: round(started, 1), min: round(Math.min(...samples.receive), 1) },
        nodeMs: { median: round(base, 1), min: round(Math.min(...samples.baseline), 1) },
      },
      notes: ctx.hyperfine
        ? []
        : [missingToolNote("hyperfine", "timed spawns (bench/figures/cold-start.ts)")],
    },
  ];
}
