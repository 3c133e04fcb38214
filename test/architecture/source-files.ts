import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { ROOT } from "../support/run-action.ts";

export const SRC = join(ROOT, "src");

/** Every TypeScript module below `dir` (declaration files left out), as absolute paths. */
export function sourceFiles(dir: string = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Every module's text, keyed by its path below src/ with forward slashes (`core/bytes.ts`). */
export function sourceTexts(): Record<string, string> {
  return Object.fromEntries(
    sourceFiles(SRC).map((path) => [
      relative(SRC, path).split(sep).join("/"),
      readFileSync(path, "utf8"),
    ]),
  );
}
