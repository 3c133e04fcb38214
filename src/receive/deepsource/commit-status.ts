import type { Check } from "../../core/schemas/deepsource.ts";
import { clip, code, escapeText } from "../markdown.ts";
import type { ReactionContext } from "../reaction-contract.ts";
import { checkRunName, isoTime, requireCommitSha, tally } from "./format.ts";

type StatusState = "pending" | "success" | "failure" | "error";

/**
 * DeepSource check status → commit status. Statuses know only four states: unfinished checks are
 * pending, a check that could not finish (timeout, cancelled) is an error, and the neutral ones
 * (skipped, ready, neutral) count as success so they do not block a merge.
 */
const STATUS_STATES: Readonly<Record<string, StatusState>> = {
  WAITING: "pending",
  PENDING: "pending",
  SUCCESS: "success",
  FAILURE: "failure",
  TIMEOUT: "error",
  ARTIFACT_TIMEOUT: "error",
  CANCEL: "error",
  CANCELLED: "error",
};

export function statusState(status: string): StatusState {
  return Object.hasOwn(STATUS_STATES, status) ? (STATUS_STATES[status] as StatusState) : "success";
}

// A status has no hidden field, so the time of the state it shows ends its description, where the
// next run can read it back and refuse to go backwards.
const AS_OF = /\(as of (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\)$/;

function describe(check: Check): string {
  const { summary } = check;
  const asOf = isoTime(check.updatedAt) ?? "";
  const text = `${check.status.toLowerCase()}: ${tally(summary.occurrencesIntroduced)} introduced, ${tally(summary.occurrencesResolved)} resolved`;
  // GitHub cuts descriptions at 140 characters.
  return `${clip(text, 140 - asOf.length - 9)} (as of ${asOf})`;
}

/** One commit status per analyzer: the fallback for repositories that do not want check runs. */
export async function syncAnalysisStatuses(
  context: ReactionContext,
  commit: string,
  checks: readonly Check[],
): Promise<void> {
  requireCommitSha(commit, "commitOid");
  const octokit = await context.github();
  const { owner, repo } = context.runner;
  // Newest first; one page covers a commit's statuses in practice.
  const { data: statuses } = await octokit.rest.repos.listCommitStatusesForRef({
    owner,
    repo,
    ref: commit,
    per_page: 100,
  });
  for (const check of checks) {
    const name = checkRunName(check);
    const state = statusState(check.status);
    const description = describe(check);
    const latest = statuses.find((status) => status.context === name);
    const shownAt = latest?.description ? AS_OF.exec(latest.description)?.[1] : undefined;
    const target = `${code(name, true)} on ${code(commit.slice(0, 7), true)}`;
    if (shownAt && Date.parse(shownAt) > check.updatedAt * 1000) {
      context.report.record({
        reaction: "Commit status",
        target,
        result: "kept: it shows a newer update",
      });
      continue;
    }
    if (latest && latest.state === state && latest.description === description) {
      context.report.record({ reaction: "Commit status", target, result: `unchanged (${state})` });
      continue;
    }
    await octokit.rest.repos.createCommitStatus({
      owner,
      repo,
      sha: commit,
      state,
      context: name,
      description,
      ...(context.runner.runUrl ? { target_url: context.runner.runUrl } : {}),
    });
    context.report.record({
      reaction: "Commit status",
      target,
      result: `set (${escapeText(state)})`,
    });
  }
}
