import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { BenchContext } from "../lib/context.ts";
import { dispatchEvent, RECEIVE_SECRET } from "../lib/envelope.ts";
import type { Figure } from "../lib/figure.ts";
import { bundle, ROOT, type RunnerFiles, runnerFiles, timedNode } from "../lib/runner.ts";
import { median, round } from "../lib/stats.ts";
import { missingToolNote } from "../lib/tools.ts";
import { pushEvent } from "./fan-out.ts";

const RECEIVE_TARGET = 1.5;
const EMIT_TARGET = 2.0;
const LOADED_TARGET_KB = 150;
const KB = 1000;

interface Samples {
  readonly baseline: number[];
  readonly subject: number[];
  readonly tool: string;
}

/** One action run to time: its bundle, the runner files it reads, and what a good run leaves. */
interface Subject {
  readonly id: string;
  readonly title: string;
  readonly path: string;
  readonly runner: RunnerFiles;
  readonly target?: number;
  /** Throws when a run did not do the job, so a fast failure is never measured. */
  check(run: { code: number | null; stdout: string }, runner: RunnerFiles): void;
}

async function withHyperfine(
  hyperfine: string,
  subject: Subject,
  ctx: BenchContext,
): Promise<Samples> {
  const out = join(ctx.scratch, `${subject.id}.json`);
  // Spawned, not spawnSync: emit's loopback receiver answers from this process's event loop.
  const child = spawn(
    hyperfine,
    [
      "--shell=none",
      "--style=none",
      `--runs=${ctx.knobs.runs}`,
      `--warmup=${ctx.knobs.warmup}`,
      `--export-json=${out}`,
      `${process.execPath} -e 0`,
      `${process.execPath} ${subject.path}`,
    ],
    { env: subject.runner.env, cwd: subject.runner.dir, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`hyperfine failed:\n${stderr}`);
  const runs = (JSON.parse(readFileSync(out, "utf8")) as { results: { times: number[] }[] })
    .results;
  const ms = (index: number) => (runs[index]?.times ?? []).map((seconds) => seconds * 1000);
  return { baseline: ms(0), subject: ms(1), tool: "hyperfine --shell=none" };
}

/** Alternates the two commands, so a noisy moment on the machine hits both alike. */
async function withSpawn(subject: Subject, ctx: BenchContext): Promise<Samples> {
  const baseline: number[] = [];
  const times: number[] = [];
  const { env, dir } = subject.runner;
  for (let i = 0; i < ctx.knobs.warmup + ctx.knobs.runs; i++) {
    const zero = await timedNode(["-e", "0"], env, dir);
    const run = await timedNode([subject.path], env, dir);
    if (i < ctx.knobs.warmup) continue;
    baseline.push(zero.ms);
    times.push(run.ms);
  }
  return { baseline, subject: times, tool: "node:child_process spawn → exit" };
}

/**
 * CPU milliseconds (user + system) of each command, interleaved: the figure to read when the
 * machine is shared, since a busy core stretches wall time but not the work done.
 */
async function cpuTimes(subject: Subject, ctx: BenchContext): Promise<Samples> {
  const preload = join(ROOT, "bench/lib/cpu-time.mjs");
  const out = join(ctx.scratch, `${subject.id}.cpu`);
  const env = { ...subject.runner.env, BENCH_CPU_TIME: out };
  const cpu = async (args: string[]) => {
    await timedNode(["--import", preload, ...args], env, subject.runner.dir);
    return Number(readFileSync(out, "utf8"));
  };
  const baseline: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < ctx.knobs.warmup + ctx.knobs.runs; i++) {
    const zero = await cpu(["-e", "0"]);
    const run = await cpu([subject.path]);
    if (i < ctx.knobs.warmup) continue;
    baseline.push(zero);
    times.push(run);
  }
  return { baseline, subject: times, tool: "process.cpuUsage() at exit (preload)" };
}

/**
 * Bytes of JavaScript one run loads: the run is repeated once with a preload that records every
 * file Node's module loader reads (bench/lib/loaded-files.ts), and their sizes are summed.
 */
async function loadedFiles(subject: Subject, ctx: BenchContext): Promise<string[]> {
  const list = join(ctx.scratch, `${subject.id}.loaded`);
  const preload = join(ROOT, "bench/lib/loaded-files.ts");
  const run = await timedNode(
    ["--import", preload, subject.path],
    { ...subject.runner.env, BENCH_LOADED_FILES: list },
    subject.runner.dir,
  );
  subject.check(run, subject.runner);
  return readFileSync(list, "utf8")
    .split("\n")
    .filter((file) => file !== "" && file !== preload);
}

/** The peer-equivalent action (bench/peer/action.js), bundled now with ncc's defaults. */
function buildPeer(ctx: BenchContext): string {
  const out = join(ctx.scratch, "peer");
  const built = spawnSync(
    process.execPath,
    [
      join(ROOT, "node_modules/@vercel/ncc/dist/ncc/cli.js"),
      "build",
      join(ROOT, "bench/peer/action.js"),
      "-o",
      out,
      "--quiet",
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  const entry = join(out, "index.js");
  if (built.status !== 0 || !existsSync(entry)) {
    throw new Error(`ncc could not build bench/peer/action.js:\n${built.stderr}`);
  }
  return entry;
}

async function loopbackReceiver(): Promise<{ url: string; hits(): number; close(): void }> {
  let hits = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      hits += 1;
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    hits: () => hits,
    close: () => server.close(),
  };
}

function cold(
  subject: Subject,
  samples: Samples,
  cpu: Samples,
  ctx: BenchContext,
  target?: number,
): Figure {
  const base = median(samples.baseline);
  const started = median(samples.subject);
  const ratio = round(started / base);
  return {
    id: `${subject.id}-cold-start`,
    title: subject.title,
    measured: { value: round(started, 1), unit: "ms" },
    baseline: { label: "node -e 0", value: round(base, 1), unit: "ms" },
    ratio,
    target:
      target === undefined
        ? { text: "reference", met: true }
        : { text: `≤ ${target.toFixed(1)}×`, met: ratio <= target },
    details: {
      runs: samples.subject.length,
      warmup: ctx.knobs.warmup,
      tool: samples.tool,
      ms: { median: round(started, 1), min: round(Math.min(...samples.subject), 1) },
      nodeMs: { median: round(base, 1), min: round(Math.min(...samples.baseline), 1) },
      cpu: {
        tool: cpu.tool,
        ms: round(median(cpu.subject), 1),
        nodeMs: round(median(cpu.baseline), 1),
        ratio: round(median(cpu.subject) / median(cpu.baseline)),
      },
    },
    notes: ctx.hyperfine
      ? []
      : [missingToolNote("hyperfine", "timed spawns (bench/figures/cold-start.ts)")],
  };
}

function cpuFigure(subject: Subject, cpu: Samples, target?: number): Figure {
  const base = median(cpu.baseline);
  const used = median(cpu.subject);
  const ratio = round(used / base);
  return {
    id: `${subject.id}-cpu`,
    title: `${subject.title}: CPU time`,
    measured: { value: round(used, 1), unit: "ms" },
    baseline: { label: "node -e 0", value: round(base, 1), unit: "ms" },
    ratio,
    target:
      target === undefined
        ? { text: "reference", met: true }
        : { text: `≤ ${target.toFixed(1)}×`, met: ratio <= target },
    details: { runs: cpu.subject.length, tool: cpu.tool },
    notes: [
      "CPU time: user + system of the process from start to exit (process.cpuUsage() in a preload, bench/lib/cpu-time.mjs), median; unlike wall time it does not grow while the process waits for a busy core.",
    ],
  };
}

function loaded(subject: Subject, files: string[], target?: number): Figure {
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const kb = round(bytes / KB, 1);
  return {
    id: `${subject.id}-loaded`,
    title: `${subject.title}: JavaScript loaded`,
    measured: { value: kb, unit: "KB" },
    target:
      target === undefined
        ? { text: "reference", met: true }
        : { text: `≤ ${target} KB`, met: kb <= target },
    details: { bytes, files: files.map((file) => file.replace(ROOT, "")) },
    notes: [
      "JavaScript loaded: the files Node's module loader read in one run (a module.registerHooks preload), sizes summed; Node's built-in modules are not counted.",
    ],
  };
}

/**
 * Figure 1: how much longer than a bare `node` each action takes from process start to exit —
 * receive on a signed `test.event`, emit with one delivery to a loopback receiver, and a
 * peer-equivalent action built at bench time — and the bytes of JavaScript each run loads.
 */
export async function receiveColdStart(ctx: BenchContext): Promise<Figure[]> {
  const body = new Uint8Array(readFileSync(join(ROOT, "test/fixtures/deepsource/test.event.json")));
  const dispatch = {
    eventName: "repository_dispatch",
    event: await dispatchEvent(body, "octo-org/octo-repo"),
    inputs: { secret: RECEIVE_SECRET, "github-token": "ghs_bench_token_never_used" },
  };
  const receiver = await loopbackReceiver();
  const subjects: Subject[] = [
    {
      id: "receive",
      title: "Receive cold start (test.event)",
      path: bundle(ctx.knobs.dist, "receive"),
      runner: runnerFiles(dispatch),
      target: RECEIVE_TARGET,
      check(run, runner) {
        if (run.code !== 0 || runner.outputs().status !== "TEST")
          throw new Error(`receive did not handle test.event (exit ${run.code}):\n${run.stdout}`);
      },
    },
    {
      id: "emit",
      title: "Emit cold start (one loopback delivery)",
      path: bundle(ctx.knobs.dist, "emit"),
      runner: runnerFiles({
        eventName: "push",
        event: pushEvent(),
        inputs: { url: receiver.url, secret: "bench-emit-secret" },
      }),
      target: EMIT_TARGET,
      check(run, runner) {
        const results = JSON.parse(runner.outputs().results ?? "[]") as { ok: boolean }[];
        if (run.code !== 0 || results.length !== 1 || !results[0]?.ok)
          throw new Error(`emit did not deliver (exit ${run.code}):\n${run.stdout}`);
      },
    },
    {
      id: "peer",
      title: "Peer-equivalent action (ncc: @actions/core + @actions/github + zod)",
      path: buildPeer(ctx),
      runner: runnerFiles(dispatch),
      check(run, runner) {
        if (run.code !== 0 || runner.outputs().event !== "test.event")
          throw new Error(`the peer action failed (exit ${run.code}):\n${run.stdout}`);
      },
    },
  ];
  const figures: Figure[] = [];
  try {
    for (const subject of subjects) {
      // One checked run first: a cold start that ends in an error would measure the wrong thing.
      const files = await loadedFiles(subject, ctx);
      const samples = ctx.hyperfine
        ? await withHyperfine(ctx.hyperfine, subject, ctx)
        : await withSpawn(subject, ctx);
      const cpu = await cpuTimes(subject, ctx);
      figures.push(cold(subject, samples, cpu, ctx, subject.target));
      figures.push(cpuFigure(subject, cpu, subject.target));
      figures.push(loaded(subject, files, subject.id === "peer" ? undefined : LOADED_TARGET_KB));
    }
  } finally {
    receiver.close();
  }
  return figures;
}
