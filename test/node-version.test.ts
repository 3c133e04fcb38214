import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import checkNode from "../scripts/check-node.cjs";
import { ROOT } from "./support/run-action.ts";

const { nodeVersionProblem } = checkNode;
const SENTENCE = /^hookbridge needs Node 24 or newer \(you have v\d+\.\d+\.\d+\): install it/;

describe("the Node version check", () => {
  it("names the version it needs and the one it found", () => {
    expect(nodeVersionProblem("v20.19.0")).toMatch(
      /^hookbridge needs Node 24 or newer \(you have v20\.19\.0\): install it with nvm, fnm or volta/,
    );
    // Node 22 runs the relay's node:sqlite as experimental, and a few tests fail on it.
    expect(nodeVersionProblem("v22.12.0")).toContain("(you have v22.12.0)");
    expect(nodeVersionProblem("v18.0.0")).toContain("(you have v18.0.0)");
    expect(nodeVersionProblem("v24.0.0")).toBeNull();
    expect(nodeVersionProblem("v25.1.0")).toBeNull();
  });

  it("is what the systemd example asks of its node", () => {
    const unit = readFileSync(join(ROOT, "examples/relay/hookbridge-relay.service"), "utf8");
    expect(unit).toMatch(/ExecStart=\/usr\/bin\/node /);
    expect(unit).toContain("must be Node 24 or newer");
  });
});

function versionOf(node: string): string {
  try {
    return execFileSync(node, ["-v"], { encoding: "utf8" }).trim();
  } catch {
    return "v24.0.0";
  }
}

// Many machines' own node is older than 24 (Debian 12's is 18, this project's CI machine has 20):
// every entry point is run with it when there is one, so the check is proven where it matters.
const oldNode = ["/usr/bin/node", "/usr/local/bin/node"].find(
  (path) => existsSync(path) && nodeVersionProblem(versionOf(path)) !== null,
);

describe.skipIf(!oldNode)(`every entry point on an older Node (${oldNode})`, () => {
  let bin = "";
  const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<
    string,
    string
  >;
  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), "hookbridge-old-node-"));
    symlinkSync(oldNode as string, join(bin, "node"));
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  /** Runs `file args` with only the old node on PATH, as a machine without Node 24 would. */
  function withOldNode(file: string, args: string[], env: Record<string, string> = {}) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        file,
        args,
        {
          cwd: ROOT,
          env: {
            PATH: `${bin}:${join(ROOT, "node_modules/.bin")}:/usr/bin:/bin`,
            HOME: bin,
            ...env,
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  for (const name of ["demo", "test", "start"]) {
    it(`npm ${name === "test" || name === "start" ? name : `run ${name}`} says which Node it needs`, async () => {
      // The script as npm runs it: through sh, with node_modules/.bin on PATH.
      const result = await withOldNode("sh", ["-c", scripts[name] as string], {
        HOOKBRIDGE_DRY_RUN: "1",
        PORT: "0",
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(SENTENCE);
      expect(result.stderr).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION|groupBy|node:sqlite|report it/);
    });
  }

  for (const command of [
    ["relay"],
    ["sign", "--provider", "github", "--secret", "s", "--file", "package.json"],
    ["demo"],
    ["--version"],
  ]) {
    it(`node dist/cli/index.js ${command[0]} says which Node it needs, and exits 2`, async () => {
      const result = await withOldNode(
        join(bin, "node"),
        [join(ROOT, "dist/cli/index.js"), ...command],
        {
          HOOKBRIDGE_DRY_RUN: "1",
          PORT: "0",
        },
      );
      expect(result).toMatchObject({ code: 2, stdout: "" });
      expect(result.stderr).toMatch(SENTENCE);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    });
  }
});
