import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { summary as runnerSummary } from "@actions/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileJobSummary } from "../../src/runner/job-summary.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hookbridge-summary-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `@actions/core`'s own summary class, aimed at `path`. */
function actionsSummary(path: string) {
  const SummaryClass = Object.getPrototypeOf(runnerSummary).constructor as new () => {
    addRaw(text: string): unknown;
    write(): Promise<unknown>;
  };
  const writer = new SummaryClass();
  (writer as unknown as { _filePath: string })._filePath = path;
  return writer;
}

describe("FileJobSummary, receive's job summary", () => {
  it("appends what @actions/core's summary appends, and empties its buffer after each write", async () => {
    const ours = join(dir, "ours.md");
    const theirs = join(dir, "theirs.md");
    writeFileSync(ours, "before\n");
    writeFileSync(theirs, "before\n");
    const summary = new FileJobSummary({ GITHUB_STEP_SUMMARY: ours });
    await summary.addRaw("## héllo\n").addRaw("| a | b |\n").write();
    await summary.addRaw("second\n").write();
    const reference = actionsSummary(theirs);
    reference.addRaw("## héllo\n");
    reference.addRaw("| a | b |\n");
    await reference.write();
    reference.addRaw("second\n");
    await reference.write();
    expect(readFileSync(ours, "utf8")).toBe("before\n## héllo\n| a | b |\nsecond\n");
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
