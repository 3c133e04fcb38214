/**
 * `npm run bench`: measures each figure against a baseline taken in the same run, prints one
 * table and writes bench/results.json. It reports; it never fails on a slow number.
 * Knobs are environment variables, listed in bench/README.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { relayAckLatency } from "./figures/ack-latency.ts";
import { batchingRuns } from "./figures/batching.ts";
import { bundleSizes } from "./figures/bundle-size.ts";
import { queueBurst } from "./figures/burst.ts";
import { receiveColdStart } from "./figures/cold-start.ts";
import { emitFanOut } from "./figures/fan-out.ts";
import { receiveReaction } from "./figures/reaction.ts";
import { relayThroughput } from "./figures/throughput.ts";
import { workerCpuTime } from "./figures/worker-cpu.ts";
import type { BenchContext } from "./lib/context.ts";
import type { Figure } from "./lib/figure.ts";
import { readKnobs } from "./lib/knobs.ts";
import { round } from "./lib/stats.ts";
import { renderTable } from "./lib/table.ts";
import { findExecutable, pinning, toolVersion } from "./lib/tools.ts";
import { chooseGenerator } from "./load/generator.ts";

const SUITES: readonly {
  id: string;
  title: string;
  run: (ctx: BenchContext) => Promise<Figure[]>;
}[] = [
  { id: "cold-start", title: "1. receive cold start", run: receiveColdStart },
  { id: "reaction", title: "2. receive reaction", run: receiveReaction },
  { id: "throughput", title: "3. relay throughput", run: relayThroughput },
  { id: "ack-latency", title: "4. relay ack latency", run: relayAckLatency },
  { id: "fan-out", title: "5. emit fan-out", run: emitFanOut },
  { id: "bundle-size", title: "6. bundle sizes", run: bundleSizes },
  { id: "queue", title: "7–8. relay queue: burst and durable ack throughput", run: queueBurst },
  { id: "batching", title: "9. batching: workflow runs per commit", run: batchingRuns },
  { id: "worker-cpu", title: "10. Worker CPU time per accepted delivery", run: workerCpuTime },
];

const knobs = readKnobs();
const ROOT_DIR = new URL("..", import.meta.url).pathname;
const hyperfine = findExecutable("hyperfine");
const scratch = mkdtempSync(join(tmpdir(), "hookbridge-bench-"));
const ctx: BenchContext = {
  knobs,
  pin: pinning(),
  load: chooseGenerator(knobs.load),
  hyperfine,
  scratch,
  progress: (line) => process.stderr.write(`${line}\n`),
};

const figures: Figure[] = [];
const failures: { suite: string; error: string }[] = [];
const started = performance.now();
// Other work on the machine stretches wall times (CPU times much less): the pages say how busy it was.
const loadBefore = loadavg()[0] ?? 0;
try {
  for (const suite of SUITES) {
    if (knobs.only.length > 0 && !knobs.only.includes(suite.id)) continue;
    ctx.progress(suite.title);
    try {
      figures.push(...(await suite.run(ctx)));
    } catch (error) {
      // One broken figure (a bundle not built yet) must not hide the others.
      const message = error instanceof Error ? error.message : String(error);
      failures.push({ suite: suite.id, error: message });
      ctx.progress(`  failed: ${message.split("\n")[0]}`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const machine = {
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? "unknown",
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  pinned: ctx.pin.pinned,
  loadGenerator: ctx.load.name,
  loadAverage: { before: round(loadBefore), after: round(loadavg()[0] ?? 0) },
  coldStartTool: hyperfine
    ? `${toolVersion(hyperfine)} -N`
    : "timed spawns less the cost of a spawn (hyperfine not installed)",
};
const results = {
  schema: 1,
  date: new Date().toISOString(),
  seconds: Math.round((performance.now() - started) / 1000),
  machine,
  // Paths relative to the repository, so results from different checkouts compare cleanly.
  knobs: {
    ...knobs,
    out: relative(ROOT_DIR, knobs.out),
    dist: relative(ROOT_DIR, knobs.dist) || ".",
  },
  figures,
  failures,
};
writeFileSync(knobs.out, `${JSON.stringify(results, null, 2)}\n`);

console.log(
  `\nhookbridge bench — ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.pinned ? "server and load pinned to separate cores" : "not pinned"}, load: ${machine.loadGenerator}\n`,
);
console.log(renderTable(figures));
const notes = [...new Set(figures.flatMap((figure) => figure.notes))];
if (notes.length > 0) console.log(`\n${notes.map((note) => `- ${note}`).join("\n")}`);
for (const failure of failures)
  console.log(`\n${failure.suite} could not be measured: ${failure.error}`);
console.log(`\nWritten to ${knobs.out} in ${results.seconds} s.`);
if (failures.length > 0) process.exitCode = 1;
