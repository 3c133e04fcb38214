import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clip, plural } from "../demo/report.ts";
import { ROOT } from "./support/run-action.ts";

const require = createRequire(import.meta.url);
const { nodeVersionProblem } = require("../scripts/check-node.cjs") as {
  nodeVersionProblem: (version: string) => string | null;
};

describe("the demo's report", () => {
  it("counts in the singular for one", () => {
    expect(plural(1, "annotation")).toBe("1 annotation");
    expect(plural(0, "annotation")).toBe("0 annotations");
    expect(plural(3, "annotation")).toBe("3 annotations");
  });

  it("cuts long lines between words and marks the cut", () => {
    const line =
      "DeepSource Autofix opened a pull request that fixes the unused imports in every module of the project";
    const cut = clip(line, 40);
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut.endsWith("…")).toBe(true);
    expect(line.startsWith(cut.slice(0, -1))).toBe(true);
    expect(line[cut.length - 1]).toBe(" ");
    expect(clip("short", 40)).toBe("short");
    expect(clip("x".repeat(60), 40)).toBe(`${"x".repeat(39)}…`);
  });
});

describe("npm run demo on an older Node", () => {
  it("names the version it needs and the one it found", () => {
    expect(nodeVersionProblem("v20.19.0")).toMatch(
      /^hookbridge needs Node 24 or newer \(you have v20\.19\.0\): install it with nvm, fnm or volta/,
    );
    expect(nodeVersionProblem("v18.0.0")).toContain("(you have v18.0.0)");
    expect(nodeVersionProblem("v24.0.0")).toBeNull();
    expect(nodeVersionProblem("v25.1.0")).toBeNull();
  });

  // The machine's own node is older than 24 on many runners; run the demo script with it when
  // there is one, so the check is proven on the Node it exists for.
  const oldNode = ["/usr/bin/node", "/usr/local/bin/node"].find(
    (path) => existsSync(path) && nodeVersionProblem(versionOf(path)) !== null,
  );
  it.skipIf(!oldNode)("prints the sentence instead of ERR_UNKNOWN_FILE_EXTENSION", async () => {
    const bin = mkdtempSync(join(tmpdir(), "hookbridge-old-node-"));
    try {
      symlinkSync(oldNode as string, join(bin, "node"));
      const script = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts.demo;
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = execFile("sh", ["-c", script], {
          cwd: ROOT,
          env: { PATH: `${bin}:/usr/bin:/bin` },
        });
        let stderr = "";
        child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.on("close", (code) => resolve({ code, stderr }));
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^hookbridge needs Node 24 or newer \(you have v\d+\.\d+\.\d+\)/,
      );
      expect(result.stderr).not.toContain("ERR_UNKNOWN_FILE_EXTENSION");
      // `npx hookbridge demo` runs the CLI bundle, which starts on an old Node, then checks.
      const direct = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(
          oldNode as string,
          [join(ROOT, "dist/cli/index.js"), "demo"],
          (error, _out, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
        );
      });
      expect(direct.code).toBe(2);
      expect(direct.stderr).toMatch(
        /^hookbridge demo: hookbridge needs Node 24 or newer \(you have v/,
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

function versionOf(node: string): string {
  try {
    return require("node:child_process").execFileSync(node, ["-v"], { encoding: "utf8" }).trim();
  } catch {
    return "v24.0.0";
  }
}
