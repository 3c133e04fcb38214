import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { ROOT } from "../support/run-action.ts";

export const SRC = join(ROOT, "src");

/**
 * Trees laid out as src/ is, each planted with what one architecture test must find (a core
 * module taking `node:fs`, a cycle, a provider named out of place): each test runs its checker
 * over its tree as it runs it over src/, so every run shows the checker still finds them.
 */
export const PLANTED = {
  layering: join(ROOT, "test/fixtures/architecture/layering"),
  cycles: join(ROOT, "test/fixtures/architecture/cycles"),
  names: join(ROOT, "test/fixtures/architecture/provider-names"),
} as const;

/** Every TypeScript module below `dir` (declaration files left out), as absolute paths. */
export function sourceFiles(dir: string = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Every module's text, keyed by its path below `root` with forward slashes (`core/bytes.ts`). */
export function sourceTexts(root: string = SRC): Record<string, string> {
  return Object.fromEntries(
    sourceFiles(root).map((path) => [
      relative(root, path).split(sep).join("/"),
      readFileSync(path, "utf8"),
    ]),
  );
}
