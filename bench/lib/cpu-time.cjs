/**
 * Preloaded with `node --require` to write the process's own CPU time (user + system, from process
 * start, Node's start-up included) to `BENCH_CPU_TIME` at exit: the bench's CPU figure when
 * hyperfine, which reads the kernel's own accounting, is not installed. On a busy machine wall
 * time includes waiting for a core; CPU time does not, so its ratio to `node -e 0` stays meaningful.
 * CommonJS and `--require`, not an ES module and `--import`: an ES preload starts Node's ES module
 * loader even for `node -e 0` (about 4 ms of CPU here), which `node -e 0` would otherwise not pay,
 * and a cost added to both sides flatters every ratio.
 */
"use strict";

process.on("exit", () => {
  const out = process.env.BENCH_CPU_TIME;
  const { user, system } = process.cpuUsage();
  if (out) require("node:fs").writeFileSync(out, String((user + system) / 1000));
});
