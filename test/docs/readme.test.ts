import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/run-action.ts";

describe("README", () => {
  it("documents every input and output exactly as the action.yml files declare them", () => {
    expect(() =>
      execFileSync(process.execPath, [join(ROOT, "scripts/docs.mjs"), "--check"], {
        cwd: ROOT,
        stdio: "pipe",
      }),
    ).not.toThrow();
  });

  it("shows the two commands a fresh clone needs", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme).toContain("npm run demo");
    expect(readme).toContain("npm test");
  });
});
