import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const MODULE = new URL("../../src/relay/hosts/node/log.ts", import.meta.url).pathname;

/** Runs `script` in a fresh Node process with `log` bound to a new line logger. */
function run(script: string) {
  const source = `import { createNodeLineLogger } from ${JSON.stringify(MODULE)};\nconst log = createNodeLineLogger();\n${script}`;
  return spawnSync(process.execPath, ["--input-type=module", "-e", source], { encoding: "utf8" });
}

describe("the Node relay's line logger", () => {
  it("writes every line, in order, when the process exits in the same turn it logged them", () => {
    const result = run(
      'for (let i = 0; i < 500; i++) log({ level: "info", msg: "request", i });\nprocess.exit(0);',
    );
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(500);
    expect(lines.map((line) => JSON.parse(line).i)).toEqual([...Array(500).keys()]);
  });

  it("writes an error line at once to stderr, after the lines logged before it", () => {
    const result = run(
      'log({ level: "info", msg: "before" });\nlog({ level: "error", msg: "failed" });\nprocess.kill(process.pid, "SIGKILL");',
    );
    expect(result.stdout).toBe('{"level":"info","msg":"before"}\n');
    expect(result.stderr).toBe('{"level":"error","msg":"failed"}\n');
  });

  it("writes lines on its own once the turn ends, without waiting for exit", () => {
    const result = run(
      'log({ level: "info", msg: "one" });\nlog({ level: "warn", msg: "two" });\nsetTimeout(() => process.kill(process.pid, "SIGKILL"), 50);',
    );
    expect(result.stdout).toBe('{"level":"info","msg":"one"}\n{"level":"warn","msg":"two"}\n');
  });
});
