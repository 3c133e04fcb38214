import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Figure } from "../../bench/lib/figure.ts";
import { ROOT } from "../support/run-action.ts";

const results = JSON.parse(readFileSync(join(ROOT, "bench/results.json"), "utf8")) as {
  machine: { coldStartTool: string };
  figures: Figure[];
};

describe("the published performance figures", () => {
  it("are the ones in bench/results.json on every page (README, docs/performance.md, docs/queue.md)", () => {
    const run = spawnSync(process.execPath, [join(ROOT, "bench/docs.ts"), "--check"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("show every goal as met or not, and reference figures as neither", () => {
    for (const figure of results.figures) {
      const reference = ["reference", "reported"].includes(figure.target.text);
      expect({ id: figure.id, met: figure.target.met }).toEqual({
        id: figure.id,
        met: reference ? null : expect.any(Boolean),
      });
    }
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("<!-- bench:summary:start -->"));
    const rows = table
      .split("\n")
      .filter((line) => line.startsWith("| ") && !line.startsWith("| ---"));
    expect(rows[0]).toBe("| | measured | same run | goal | met |");
    for (const row of rows.slice(1)) expect(row).toMatch(/\| (yes|no|—) \|$/);
  });

  it("time cold starts as a user would: hyperfine -N, or spawns less the measured spawn cost", () => {
    expect(results.machine.coldStartTool).toMatch(/hyperfine .* -N$|less the cost of a spawn/);
    const cold = results.figures.find((figure) => figure.id === "receive-cold-start");
    expect(cold?.details.tool).toMatch(/^hyperfine -N$|less the median spawn of `true`/);
    // The queue's figures are the same run's as the rest, not a table of their own.
    const queue = readFileSync(join(ROOT, "docs/queue.md"), "utf8");
    const ack = results.figures.find((figure) => figure.id === "queue-ack-throughput");
    expect(ack).toBeDefined();
    expect(queue).toContain(ack?.title);
  });
});
