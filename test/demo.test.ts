import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/run-action.ts";

describe("npm run demo", () => {
  it("runs the whole loop and every hop does what it should", async () => {
    const child = spawn("npm", ["run", "--silent", "demo"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(output).toMatch(/(\d+) of \1 checks passed/);
    expect(output).toContain("deepsource.analysis_run.updated");
    expect(output).toContain("deveo.push");
    // Its steps are numbered once each, and the first says why the relay answers 204 there.
    const steps = [...output.matchAll(/^(\d+)\. /gm)].map((match) => Number(match[1]));
    expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
    expect(output).toMatch(/^1\. .*sync mode: 204 once GitHub accepted/m);
    expect(output).toMatch(/^5\. The queue \(the relay's default mode\)/m);
    // It ends with the delivery table the CLI prints.
    expect(output).toMatch(
      /6\. The delivery log: hookbridge deliveries[\s\S]*ID\s+PROVIDER\s+EVENT\s+STATUS\s+ATTEMPTS\s+AGE\s+OUTCOME\s+RUN\s+LAST ERROR\n\s+\S+\s+deepsource\s+\S+\s+dispatched/,
    );
    expect(code).toBe(0);
  }, 120_000);
});
