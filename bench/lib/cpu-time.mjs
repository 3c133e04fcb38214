/**
 * Preloaded with `node --import` to write the process's own CPU time (user + system, from process
 * start, Node's start-up included) to `BENCH_CPU_TIME` at exit. On a busy machine wall time
 * includes waiting for a core; CPU time does not, so its ratio to `node -e 0` stays meaningful.
 * Plain JavaScript, so no type stripping adds to what it measures.
 */
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  const out = process.env.BENCH_CPU_TIME;
  const { user, system } = process.cpuUsage();
  if (out) writeFileSync(out, String((user + system) / 1000));
});
