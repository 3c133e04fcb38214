// Prints one version's section of CHANGELOG.md (Keep a Changelog), the body of its GitHub release.
// Usage: node scripts/release-notes.mjs <X.Y.Z> [CHANGELOG.md]. Exits 1 when the section is missing.
import { readFileSync } from "node:fs";

/** The text under `## [version]` up to the next `## ` heading, trimmed; undefined when absent. */
export function releaseNotes(changelog, version) {
  const lines = changelog.split(/\r?\n/);
  const heading = new RegExp(`^## \\[${version.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\]`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return undefined;
  const end = lines.findIndex((line, index) => index > start && /^## /.test(line));
  const notes = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .filter((line) => !/^\[[^\]]+\]:\s/.test(line))
    .join("\n")
    .trim();
  return notes.length > 0 ? notes : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [version = "", file = new URL("../CHANGELOG.md", import.meta.url).pathname] =
    process.argv.slice(2);
  const notes = releaseNotes(readFileSync(file, "utf8"), version.replace(/^v/, ""));
  if (notes === undefined) {
    console.error(
      `CHANGELOG.md has no "## [${version.replace(/^v/, "")}]" section with text: add one (move the Unreleased entries under it) and tag again.`,
    );
    process.exit(1);
  }
  console.log(notes);
}
