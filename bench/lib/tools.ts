import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { availableParallelism } from "node:os";
import { delimiter, join } from "node:path";

const INSTALL_HINT =
  "install it with `apt-get update && apt-get install -y wrk hyperfine` (Debian/Ubuntu) or `brew install wrk hyperfine` (macOS)";

/** Absolute path of an executable on PATH, or undefined. */
export function findExecutable(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

/** The first line a tool prints for `--version` (or `-v`), for results.json. */
export function toolVersion(path: string, flag = "--version"): string {
  const result = spawnSync(path, [flag], { encoding: "utf8" });
  return `${result.stdout}${result.stderr}`.split("\n")[0]?.trim() ?? "";
}

export function missingToolNote(name: string, fallback: string): string {
  return `${name} is not installed, so ${fallback} was used; for the reference numbers ${INSTALL_HINT}.`;
}

/**
 * CPU pinning: the server under test on core 0, the load generator on core 1, so neither steals
 * the other's time. Without `taskset` or a second core nothing is pinned, and the table says so.
 */
export interface Pinning {
  readonly server: readonly string[];
  readonly load: readonly string[];
  readonly pinned: boolean;
}

export function pinning(): Pinning {
  const taskset = findExecutable("taskset");
  if (!taskset || availableParallelism() < 2) return { server: [], load: [], pinned: false };
  return { server: [taskset, "-c", "0"], load: [taskset, "-c", "1"], pinned: true };
}
