// Rewrites the placeholder `OWNER/hookbridge` to the repository being released, in every file a
// user copies `uses:` lines from, so a release's reusable workflows, examples and docs resolve.
// With --pin, every `uses:` inside the reusable workflows is then pinned to a full commit SHA, so
// they run in organisations that allow actions only by SHA.
// Usage: node scripts/release-rewrite.mjs <owner/repo> [root] [--pin SHA [--tag vX.Y.Z]].
// Prints the files it changed.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";

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
const FULL_SHA = /^[0-9a-f]{40}$/;
/** A `uses:` line of a workflow (a step's or a job's), its value quoted or not, a comment after. */
const USES = /^(\s*(?:-\s+)?uses:\s*)(["']?)([^\s"'#]+)\2(\s+#.*)?$/;

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

function checkRepository(repository) {
  if (!REPOSITORY.test(repository)) {
    throw new Error(
      `"${repository}" is not an owner/name repository: pass it as github.repository gives it.`,
    );
  }
}

/** Replaces every placeholder under `root`; returns the changed files, relative to `root`. */
export function rewrite(root, repository) {
  checkRepository(repository);
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

/** The workflows other repositories call (`on: workflow_call`), relative to `root`. */
export function reusableWorkflows(root) {
  const dir = join(root, ".github/workflows");
  return [...files(dir)]
    .filter((file) => /\.ya?ml$/.test(file))
    .filter((file) => /^\s+workflow_call:/m.test(readFileSync(file, "utf8")))
    .map((file) => relative(root, file));
}

/**
 * Pins every `uses:` of the reusable workflows to a full commit SHA: this repository's own
 * actions to `sha` (the commit being released, whose action.yml and dist/ the release carries
 * unchanged), with the ref they named kept as a comment; anyone else's must already be pinned, or
 * this refuses, naming the line. Local `./` actions are the caller's and stay as they are.
 * Returns the changed files, relative to `root`.
 */
export function pinReusableWorkflows(root, repository, sha, tag) {
  checkRepository(repository);
  if (!FULL_SHA.test(sha)) {
    throw new Error(
      `--pin must be a full 40-character commit SHA (git rev-parse HEAD), not "${sha}".`,
    );
  }
  const changed = [];
  for (const name of reusableWorkflows(root)) {
    const file = join(root, name);
    const lines = readFileSync(file, "utf8").split("\n");
    let edited = false;
    for (const [index, line] of lines.entries()) {
      const match = USES.exec(line);
      if (!match) continue;
      const [, lead, quote, target] = match;
      if (target.startsWith("./")) continue;
      const at = target.lastIndexOf("@");
      const action = target.slice(0, at);
      const ref = target.slice(at + 1);
      const ours = action === repository || action.startsWith(`${repository}/`);
      if (ours) {
        lines[index] = `${lead}${quote}${action}@${sha}${quote} # ${tag ?? ref}`;
        edited = true;
      } else if (at < 0 || !FULL_SHA.test(ref)) {
        throw new Error(
          `${name}:${index + 1} uses ${target}, which is not pinned to a full commit SHA: pin it in the source (uses: ${action}@<sha> # ${ref}), or organisations that allow actions only by SHA refuse this reusable workflow.`,
        );
      }
    }
    if (edited) {
      writeFileSync(file, lines.join("\n"));
      changed.push(name);
    }
  }
  return changed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { positionals, values } = parseArgs({
      allowPositionals: true,
      options: { pin: { type: "string" }, tag: { type: "string" } },
    });
    const [repository = "", root = new URL("..", import.meta.url).pathname] = positionals;
    const changed = new Set(rewrite(root, repository));
    if (values.pin !== undefined)
      for (const file of pinReusableWorkflows(root, repository, values.pin, values.tag))
        changed.add(file);
    for (const file of [...changed].sort()) console.log(file);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
