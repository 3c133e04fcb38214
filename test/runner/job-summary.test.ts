import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileJobSummary } from "../../src/runner/job-summary.ts";
import { ROOT } from "../support/run-action.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hookbridge-summary-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs `calls` against `@actions/core`'s own `summary` in a Node process whose environment names
 * `path` as GITHUB_STEP_SUMMARY, as a runner gives it.
 */
function withActionsSummary(path: string, calls: string): void {
  const run = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", `const { summary } = await import("@actions/core");${calls}`],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", GITHUB_STEP_SUMMARY: path },
    },
  );
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
}

describe("FileJobSummary, the actions' job summary", () => {
  it("appends what @actions/core's summary appends, and empties its buffer after each write", async () => {
    const ours = join(dir, "ours.md");
    const theirs = join(dir, "theirs.md");
    writeFileSync(ours, "before\n");
    writeFileSync(theirs, "before\n");
    // Payload text as a summary may hold it: `%`, `::`, line endings of both kinds, non-ASCII.
    const payload = "::error::not a command here\r\n100% %0A ☃\r";
    const summary = new FileJobSummary({ GITHUB_STEP_SUMMARY: ours });
    await summary.addRaw("## héllo\n").addRaw("| a | b |\n").write();
    await summary.addRaw(payload).addRaw("second\n").write();
    withActionsSummary(
      theirs,
      `summary.addRaw("## héllo\\n"); summary.addRaw("| a | b |\\n"); await summary.write();
       summary.addRaw(${JSON.stringify(payload)}); summary.addRaw("second\\n"); await summary.write();`,
    );
    expect(readFileSync(ours, "utf8")).toBe(`before\n## héllo\n| a | b |\n${payload}second\n`);
    expect(readFileSync(ours, "utf8")).toBe(readFileSync(theirs, "utf8"));
  });

  it("fails as @actions/core does without GITHUB_STEP_SUMMARY", async () => {
    await expect(new FileJobSummary({}).addRaw("x").write()).rejects.toThrow(
      "Unable to find environment variable for $GITHUB_STEP_SUMMARY",
    );
  });

  it("refuses a summary file it cannot write instead of creating or skipping it", async () => {
    const missing = join(dir, "missing.md");
    await expect(
      new FileJobSummary({ GITHUB_STEP_SUMMARY: missing }).addRaw("x").write(),
    ).rejects.toThrow(`Unable to access summary file: '${missing}'`);
    expect(() => readFileSync(missing)).toThrow();
    if (process.getuid?.() !== 0) {
      const readOnly = join(dir, "read-only.md");
      writeFileSync(readOnly, "");
      chmodSync(readOnly, 0o444);
      await expect(
        new FileJobSummary({ GITHUB_STEP_SUMMARY: readOnly }).addRaw("x").write(),
      ).rejects.toThrow("Unable to access summary file");
    }
  });
});
