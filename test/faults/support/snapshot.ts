import type { GitHubStandIn } from "../../support/github-stand-in/index.ts";

const MARKER = /<!-- hookbridge:(?!updated-at)[^>]*-->/;

/**
 * What a person sees in the repository, without ids, times or order of creation: check runs by
 * name and external id, comments by their hookbridge marker, issues and pull requests by title.
 */
export function visibleState(gh: GitHubStandIn, repo: string) {
  const state = gh.state.repo(repo);
  // Links name the repository; two repositories holding the same state must compare equal.
  const local = (text: string) => text.replaceAll(repo, "OWNER/REPO");
  const checkRuns = state.checkRuns
    .map((run) => ({
      key: `${run.name} / ${run.external_id}`,
      head_sha: run.head_sha,
      status: run.status,
      conclusion: run.conclusion,
      title: run.output.title,
      annotations: run.output.annotations.length,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const comments = state.issues
    .flatMap((issue) =>
      issue.comments.map((comment) => ({
        key: `#${issue.number} ${MARKER.exec(comment.body)?.[0] ?? "(no marker)"}`,
        body: local(comment.body),
      })),
    )
    .sort((a, b) => a.key.localeCompare(b.key));
  const issues = state.issues
    .map((issue) => ({
      key: `${issue.pull_request ? "pull" : "issue"}: ${issue.title}`,
      state: issue.state,
      labels: [...issue.labels].sort(),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return { checkRuns, comments, issues };
}
