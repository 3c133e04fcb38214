import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { BenchContext } from "../lib/context.ts";
import { dispatchEvent, RECEIVE_SECRET } from "../lib/envelope.ts";
import type { Figure } from "../lib/figure.ts";
import {
  bundle,
  ROOT,
  type RunnerFiles,
  runnerFiles,
  timedNode,
  timedSpawn,
} from "../lib/runner.ts";
import { median, round } from "../lib/stats.ts";
import { findExecutable, missingToolNote } from "../lib/tools.ts";
import { pushEvent } from "./fan-out.ts";

const RECEIVE_TARGET = 1.5;
const EMIT_TARGET = 2.0;
const LOADED_TARGET_KB = 150;
const KB = 1000;

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

/** Wall times of one subject and of `node -e 0`, each run in ms, as the process itself took them. */
interface WallTimes {
  readonly baseline: number[];
  readonly subject: number[];
  readonly tool: string;
  /** What was taken off every run as the cost of spawning and reaping a process from here. */
  readonly spawnMs?: number;
}

/** CPU time (user + system) of one subject and of `node -e 0`, in ms. */
interface CpuTimes {
  readonly subject: number;
  readonly baseline: number;
  readonly tool: string;
}

/**
 * hyperfine -N (no shell): its own process starts each run and reads the kernel's accounting, so
 * neither side carries the bench's overhead, and user + system come from the same runs.
 */
async function withHyperfine(
  hyperfine: string,
  subject: Subject,
  ctx: BenchContext,
): Promise<{ wall: WallTimes; cpu: CpuTimes }> {
  const out = join(ctx.scratch, `${subject.id}.json`);
  // Spawned, not spawnSync: emit's loopback receiver answers from this process's event loop.
  const child = spawn(
    hyperfine,
    [
      "-N",
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
  const runs = (
    JSON.parse(readFileSync(out, "utf8")) as {
      results: { times: number[]; user: number; system: number }[];
    }
  ).results;
  const ms = (index: number) => (runs[index]?.times ?? []).map((seconds) => seconds * 1000);
  const cpu = (index: number) => ((runs[index]?.user ?? 0) + (runs[index]?.system ?? 0)) * 1000;
  const tool = "hyperfine -N";
  return {
    wall: { baseline: ms(0), subject: ms(1), tool },
    cpu: { subject: cpu(1), baseline: cpu(0), tool: `${tool}: user + system, mean` },
  };
}

/**
 * Without hyperfine: timed spawns from this process, the two commands alternated so a noisy
 * moment hits both alike. A spawn from here costs more than the process it starts (a large parent
 * to fork, pipes, its event loop noticing the exit), and that cost on both sides pulls every ratio
 * towards 1; `true`, which does nothing, is spawned the same way between them, and its median is
 * taken off every run.
 */
async function withSpawn(subject: Subject, ctx: BenchContext): Promise<WallTimes> {
  const nothing = findExecutable("true");
  const baseline: number[] = [];
  const times: number[] = [];
  const spawns: number[] = [];
  const { env, dir } = subject.runner;
  for (let i = 0; i < ctx.knobs.warmup + ctx.knobs.runs; i++) {
    const empty = nothing ? await timedSpawn(nothing, [], env, dir) : undefined;
    const zero = await timedNode(["-e", "0"], env, dir);
    const run = await timedNode([subject.path], env, dir);
    if (i < ctx.knobs.warmup) continue;
    if (empty) spawns.push(empty.ms);
    baseline.push(zero.ms);
    times.push(run.ms);
  }
  const spawnMs = spawns.length > 0 ? median(spawns) : 0;
  const less = (ms: number) => Math.max(0, ms - spawnMs);
  return {
    baseline: baseline.map(less),
    subject: times.map(less),
    tool: nothing
      ? "node:child_process spawn → exit, less the median spawn of `true`"
      : "node:child_process spawn → exit (no `true` to measure the spawn cost with)",
    spawnMs: round(spawnMs, 2),
  };
}

/**
 * Without hyperfine: CPU milliseconds (user + system) of each command, read by the process itself
 * at exit (a CommonJS preload, bench/lib/cpu-time.cjs), interleaved; medians.
 */
async function cpuTimes(subject: Subject, ctx: BenchContext): Promise<CpuTimes> {
  const preload = join(ROOT, "bench/lib/cpu-time.cjs");
  const out = join(ctx.scratch, `${subject.id}.cpu`);
  const env = { ...subject.runner.env, BENCH_CPU_TIME: out };
  const cpu = async (args: string[]) => {
    await timedNode(["--require", preload, ...args], env, subject.runner.dir);
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
  return {
    subject: median(times),
    baseline: median(baseline),
    tool: "process.cpuUsage() at exit (bench/lib/cpu-time.cjs preload), median",
  };
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

/** A goal of `≤ target×`, or a reference figure that has none. */
function ratioGoal(ratio: number, target?: number): Figure["target"] {
  return target === undefined
    ? { text: "reference", met: null }
    : { text: `≤ ${target.toFixed(1)}×`, met: ratio <= target };
}

function cold(
  subject: Subject,
  wall: WallTimes,
  cpu: CpuTimes,
  ctx: BenchContext,
  target?: number,
): Figure {
  const base = median(wall.baseline);
  const started = median(wall.subject);
  const ratio = round(started / base);
  return {
    id: `${subject.id}-cold-start`,
    title: subject.title,
    measured: { value: round(started, 1), unit: "ms" },
    baseline: { label: "node -e 0", value: round(base, 1), unit: "ms" },
    ratio,
    target: ratioGoal(ratio, target),
    details: {
      runs: wall.subject.length,
      warmup: ctx.knobs.warmup,
      tool: wall.tool,
      ...(wall.spawnMs === undefined ? {} : { spawnMsSubtracted: wall.spawnMs }),
      ms: { median: round(started, 1), min: round(Math.min(...wall.subject), 1) },
      nodeMs: { median: round(base, 1), min: round(Math.min(...wall.baseline), 1) },
      cpu: {
        tool: cpu.tool,
        ms: round(cpu.subject, 1),
        nodeMs: round(cpu.baseline, 1),
        ratio: round(cpu.subject / cpu.baseline),
      },
    },
    notes: ctx.hyperfine
      ? []
      : [
          missingToolNote(
            "hyperfine",
            "timed spawns less the measured cost of a spawn (bench/figures/cold-start.ts)",
          ),
        ],
  };
}

function cpuFigure(subject: Subject, cpu: CpuTimes, target?: number): Figure {
  const ratio = round(cpu.subject / cpu.baseline);
  return {
    id: `${subject.id}-cpu`,
    title: `${subject.title}: CPU time`,
    measured: { value: round(cpu.subject, 1), unit: "ms" },
    baseline: { label: "node -e 0", value: round(cpu.baseline, 1), unit: "ms" },
    ratio,
    target: ratioGoal(ratio, target),
    details: { tool: cpu.tool },
    notes: [
      "CPU time: user + system of the process from start to exit (hyperfine's, from the kernel; without hyperfine, process.cpuUsage() in a CommonJS preload); unlike wall time it does not grow while the process waits for a busy core.",
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
        ? { text: "reference", met: null }
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
      const { wall, cpu } = ctx.hyperfine
        ? await withHyperfine(ctx.hyperfine, subject, ctx)
        : { wall: await withSpawn(subject, ctx), cpu: await cpuTimes(subject, ctx) };
      figures.push(cold(subject, wall, cpu, ctx, subject.target));
      figures.push(cpuFigure(subject, cpu, subject.target));
      figures.push(loaded(subject, files, subject.id === "peer" ? undefined : LOADED_TARGET_KB));
    }
  } finally {
    receiver.close();
  }
  return figures;
}
