/**
 * What scripts/build.mjs puts in dist/, read from the files themselves (the global setup has just
 * built them from this source).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { dispatch, envelope, freshRepo, sample } from "../receive/support.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
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

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

describe("the bundles", () => {
  it("take the version from package.json and nothing else of it", () => {
    for (const name of ["emit", "cli", "worker"]) {
      const files = Object.values(output(name)).join("\n");
      expect(files, name).toContain(`{version:${JSON.stringify(packageJson.version)}}`);
      expect(files, name).not.toContain(packageJson.description);
      expect(files, name).not.toContain("devDependencies");
    }
  });

  it("load four files on a receive run that reacts to nothing: the entry, the chunk every run shares, and the provider's reactions", async () => {
    // Without the build's joined imports, esbuild cuts what every run loads into a chunk per
    // combination of lazy targets sharing it: fourteen files on this run.
    const dir = mkdtempSync(join(tmpdir(), "hookbridge-loaded-"));
    try {
      const list = join(dir, "loaded.txt");
      const run = await dispatch(gh, await envelope(sample("test.event")), {
        repo: freshRepo("loaded-files"),
        bundle: true,
        env: {
          NODE_OPTIONS: `--import ${join(ROOT, "bench/lib/loaded-files.ts")}`,
          BENCH_LOADED_FILES: list,
        },
      });
      expect(run.code, run.stdout).toBe(0);
      const files = readFileSync(list, "utf8")
        .split("\n")
        .filter((file) => file.startsWith(join(ROOT, "dist")))
        .map((file) => relative(join(ROOT, "dist"), file).replace(/-[A-Z0-9]{8}\.js$/, ".js"));
      expect(files).toEqual([
        "receive/index.js",
        "receive/chunk.js",
        "receive/deepsource.js",
        "receive/chunk.js",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
