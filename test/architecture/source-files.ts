import { readdirSync } from "node:fs";
import { join } from "node:path";
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
