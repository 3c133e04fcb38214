import type { RepoState } from "../test/support/github-stand-in/index.ts";
import type { Checklist } from "./checklist.ts";

/** A comment's lines as a reader sees them: hidden markers and blank lines dropped. */
const visible = (text: string | null | undefined): string[] =>
  (text ?? "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .split("\n")
    .map((line) => line.trimEnd().slice(0, 110))
    .filter((line) => line.trim().length > 0);

/** Prints what the receive action left in the repository, and checks the essentials are there. */
export function printState(repo: RepoState, log: (line?: string) => void, check: Checklist): void {
  log(`   check runs (${repo.checkRuns.length}):`);
  for (const run of repo.checkRuns) {
    log(
      `     • ${run.name.padEnd(28)} ${run.status}/${run.conclusion ?? "—"}  ${run.output.annotations.length} annotations  on ${run.head_sha.slice(0, 7)}`,
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
