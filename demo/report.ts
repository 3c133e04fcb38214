import type { RepoState } from "../test/support/github-stand-in/index.ts";
import type { Checklist } from "./checklist.ts";

const WIDTH = 110;

/** `1 annotation`, `2 annotations`. */
export const plural = (count: number, noun: string): string =>
  `${count} ${noun}${count === 1 ? "" : "s"}`;

/** A line cut to `width` at a word boundary, with an ellipsis when anything was dropped. */
export function clip(line: string, width = WIDTH): string {
  if (line.length <= width) return line;
  const room = line.slice(0, width - 1);
  const space = room.lastIndexOf(" ");
  // A single overlong word (a URL, a hash) is cut where it must be.
  return `${(space > width / 2 ? room.slice(0, space) : room).trimEnd()}…`;
}

/** A comment's lines as a reader sees them: hidden markers and blank lines dropped. */
const visible = (text: string | null | undefined): string[] =>
  (text ?? "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .split("\n")
    .map((line) => clip(line.trimEnd()))
    .filter((line) => line.trim().length > 0);

/** Prints what the receive action left in the repository, and checks the essentials are there. */
export function printState(repo: RepoState, log: (line?: string) => void, check: Checklist): void {
  log(`   check runs (${repo.checkRuns.length}):`);
  for (const run of repo.checkRuns) {
    log(
      `     • ${run.name.padEnd(28)} ${run.status}/${run.conclusion ?? "—"}  ${plural(run.output.annotations.length, "annotation").padEnd(14)} on ${run.head_sha.slice(0, 7)}`,
    );
  }
  check.expect(
    repo.checkRuns.some((run) => run.conclusion === "failure"),
    "the failing analyzer has a failed check run",
  );
  check.expect(
    repo.checkRuns.some((run) => run.output.annotations.length > 0),
    "issue occurrences are annotated on their lines",
  );

  const commented = repo.issues.filter((issue) => issue.comments.length > 0);
  for (const issue of repo.issues.filter(
    (issue) =>
      issue.pull_request || issue.comments.length > 0 || issue.labels.includes("deepsource"),
  )) {
    log(
      `   ${issue.pull_request ? "pull request" : "issue"} #${issue.number} [${issue.state}] ${issue.title}`,
    );
    log(`     labels: ${issue.labels.join(", ") || "—"}`);
    for (const comment of issue.comments) {
      const [first = "", ...rest] = visible(comment.body);
      log(`     comment: ${first}`);
      for (const line of rest.slice(0, 6)) log(`              ${line}`);
    }
  }
  check.expect(
    commented.some((issue) => issue.pull_request),
    "the autofix run has a sticky comment on its pull request",
  );
  check.expect(
    repo.issues.some((issue) => !issue.pull_request && issue.labels.includes("deepsource")),
    "the introduced DeepSource issue was opened as a GitHub issue",
  );
}
