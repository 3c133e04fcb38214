/**
 * What scripts/build.mjs puts in dist/, read from the files themselves (the global setup has just
 * built them from this source).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { ROOT } from "../support/run-action.ts";

/** Every JavaScript file of one output, its text keyed by its path below dist/. */
function output(name: string): Record<string, string> {
  const dir = join(ROOT, "dist", name);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((file) => file.endsWith(".js"))
      .map((file) => [`${name}/${file}`, readFileSync(join(dir, file), "utf8")]),
  );
}

describe("the bundles", () => {
  it("take the version from package.json and nothing else of it", () => {
    for (const name of ["emit", "cli", "worker"]) {
      const files = Object.values(output(name)).join("\n");
      expect(files, name).toContain(`{version:${JSON.stringify(packageJson.version)}}`);
      expect(files, name).not.toContain(packageJson.description);
      expect(files, name).not.toContain("devDependencies");
    }
  });
});
