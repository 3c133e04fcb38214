// Rewrites the placeholder `OWNER/hookbridge` to the repository being released, in every file a
// user copies `uses:` lines from, so a release's reusable workflows, examples and docs resolve.
// Usage: node scripts/release-rewrite.mjs <owner/repo> [root]. Prints the files it changed.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

export const PLACEHOLDER = "OWNER/hookbridge";

/** Where the placeholder is rewritten: the files users copy from, never sources or tests. */
export const REWRITTEN = [
  ".github/workflows",
  "examples",
  "docs",
  "README.md",
  "CHANGELOG.md",
  "SECURITY.md",
];

const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

function* files(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return;
  }
  if (stats.isFile()) yield path;
  else if (stats.isDirectory())
    for (const entry of readdirSync(path).sort()) yield* files(join(path, entry));
}

/** Replaces every placeholder under `root`; returns the changed files, relative to `root`. */
export function rewrite(root, repository) {
  if (!REPOSITORY.test(repository)) {
    throw new Error(
      `"${repository}" is not an owner/name repository: pass it as github.repository gives it.`,
    );
  }
  const changed = [];
  for (const top of REWRITTEN) {
    for (const file of files(join(root, top))) {
      const text = readFileSync(file, "utf8");
      if (!text.includes(PLACEHOLDER)) continue;
      writeFileSync(file, text.replaceAll(PLACEHOLDER, repository));
      changed.push(relative(root, file));
    }
  }
  return changed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [repository, root = new URL("..", import.meta.url).pathname] = process.argv.slice(2);
  try {
    for (const file of rewrite(root, repository ?? "")) console.log(file);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
