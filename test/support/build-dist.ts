/**
 * vitest's global setup: builds `dist/` from the source under test before any file runs. The
 * Workers, CLI, bundle, demo and end-to-end tests run the built bundles, as a runner, a shell or
 * workerd does; built here, they are always the source being tested, never an earlier build.
 * It is a real build every time (about a second), not a check of file times, which a checkout or
 * a rebase can leave newer than a source edit.
 */
import { spawnSync } from "node:child_process";
import { ROOT } from "./run-action.ts";

export default function buildDist(): void {
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (build.error) throw build.error;
  if (build.status !== 0) {
    throw new Error(
      `The build before the tests failed (exit ${build.status}): fix what esbuild reports above, then run the tests again.`,
    );
  }
}
