/**
 * The receive and emit actions print their log lines and workflow commands with src/runner/step-log.ts
 * instead of @actions/core's functions. The same calls are made through both, each in a process of
 * its own with stdout on a pipe (as the runner reads it), and the bytes must be the same.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;

// Every kind of text a message can hold: line breaks (\n, \r, both) that could start a command,
// `%` and what looks already escaped, `::` and whole forged commands, non-ASCII, and the
// non-string values @actions/core turns into text; through every function, masking included.
const CALLS = `
  log.info("plain line");
  log.info("two\\nlines with ::error::inside and 100%");
  log.info("carriage\\rreturn, %0D and ::warning::x");
  log.debug("debug\\r\\nwith %0A already escaped and ::");
  log.debug("::error file=a.ts::forged\\r%");
  log.warning("warning: ümlaut ☃");
  log.warning("::set-output name=x::y\\r\\n%25 and %");
  log.warning(new Error("an error object\\nwith :: and %"));
  log.setSecret("s3cr3t%value\\n");
  log.setSecret("::add-mask::nested\\r\\n%0A");
  log.setFailed("failed\\nover two lines");
  log.setFailed("::error::forged\\r\\n100%");
  log.setFailed(new TypeError("typed"));
  log.debug(undefined);
  log.debug({ "::": "a\\nb%" });
  log.info("");
`;

/** What a Node process running `script` (an ES module) prints, and its exit code. */
function runScript(script: string): { stdout: string; code: number | null } {
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  expect(run.stderr).toBe("");
  return { stdout: run.stdout, code: run.status };
}

function printed(module: string): { stdout: string; code: number | null } {
  return runScript(`const log = await import(${JSON.stringify(module)});${CALLS}`);
}

describe("the step log written to file descriptor 1", () => {
  it("prints byte for byte what @actions/core prints, and fails the step the same way", () => {
    const ours = printed(`${ROOT}src/runner/step-log.ts`);
    const theirs = printed("@actions/core");
    expect(ours.stdout).toContain("::error::failed%0Aover two lines\n");
    expect(ours.stdout).toContain("::add-mask::s3cr3t%25value%0A\n");
    expect(ours.stdout).toContain("::add-mask::::add-mask::nested%0D%0A%250A\n");
    expect(ours.stdout).toContain("::warning::::set-output name=x::y%0D%0A%2525 and %25\n");
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.code).toBe(1);
    expect(theirs.code).toBe(1);
  });
});

describe("ending the process after a run", () => {
  function ended(calls: string): { stdout: string; code: number | null } {
    // A timer stands for work left to the event loop: it prints only if the process lives on.
    return runScript(`const log = await import(${JSON.stringify(`${ROOT}src/runner/step-log.ts`)});
      setTimeout(() => log.info("the event loop ran on"), 0);
      ${calls}
      log.exitWhenLogWritten();`);
  }

  it("exits at once with every line written and the exit code setFailed chose", () => {
    const passed = ended(`log.info("done");`);
    expect(passed).toEqual({ stdout: "done\n", code: 0 });
    const failed = ended(`log.info("done"); log.setFailed("refused");`);
    expect(failed).toEqual({ stdout: "done\n::error::refused\n", code: 1 });
  });
});
