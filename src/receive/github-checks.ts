import type { GitHubClient } from "./github-client.ts";
import { GITHUB_TEXT_LIMIT, truncateMarkdown } from "./markdown.ts";
import type { RunnerContext } from "./source.ts";

export type CheckRun = Awaited<ReturnType<GitHubClient["rest"]["checks"]["get"]>>["data"];
type CreateParameters = Parameters<GitHubClient["rest"]["checks"]["create"]>[0] & object;
export type CheckStatus = "queued" | "in_progress" | "completed";
export type CheckConclusion =
  | "success"
  | "failure"
  | "neutral"
  | "cancelled"
  | "skipped"
  | "timed_out"
  | "action_required";
export type CheckAnnotation = NonNullable<
  NonNullable<CreateParameters["output"]>["annotations"]
>[number];

/** Check runs and statuses attach to a full commit SHA (SHA-1, or SHA-256 repositories). */
export function isCommitSha(value: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
}

/** GitHub takes at most this many annotations in one create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** The state one check run should show. */
export interface DesiredCheckRun {
  readonly name: string;
  readonly headSha: string;
  readonly externalId: string;
  readonly status: CheckStatus;
  readonly conclusion?: CheckConclusion;
  readonly startedAt?: string;
  readonly completedAt?: string;
  readonly title: string;
  readonly summary: string;
  /** Holds the hidden markers; shown below the summary on the check run's page. */
  readonly text: string;
}

/**
 * Finds the check run this integration made for `externalId` on a commit: one request, filtered
 * by name, because a commit can carry hundreds of check runs from other tools.
 */
export async function findCheckRun(
  octokit: GitHubClient,
  runner: RunnerContext,
  sha: string,
  name: string,
  externalId: string,
): Promise<CheckRun | undefined> {
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
    owner: runner.owner,
    repo: runner.repo,
    ref: sha,
    check_name: name,
    // "latest" would hide an older run's check run with the same name, which we still own.
    filter: "all",
    per_page: 100,
  });
  return runs.find((run) => run.external_id === externalId);
}

/** Whether `existing` already shows exactly `desired`, so writing it again would change nothing. */
export function showsAlready(existing: CheckRun, desired: DesiredCheckRun): boolean {
  return (
    existing.status === desired.status &&
    (existing.conclusion ?? undefined) === desired.conclusion &&
    existing.output.title === desired.title &&
    existing.output.summary === limit(desired.summary) &&
    existing.output.text === limit(desired.text)
  );
}

function limit(markdown: string): string {
  return truncateMarkdown(markdown, GITHUB_TEXT_LIMIT - 535);
}

function fields(desired: DesiredCheckRun, annotations: readonly CheckAnnotation[]) {
  return {
    status: desired.status,
    ...(desired.conclusion ? { conclusion: desired.conclusion } : {}),
    ...(desired.startedAt ? { started_at: desired.startedAt } : {}),
    ...(desired.status === "completed" && desired.completedAt
      ? { completed_at: desired.completedAt }
      : {}),
    output: {
      title: desired.title.slice(0, 255),
      summary: limit(desired.summary),
      text: limit(desired.text),
      ...(annotations.length > 0 ? { annotations: [...annotations] } : {}),
    },
  };
}

/**
 * Creates the check run or brings `existing` up to date, sending annotations 50 at a time: the
 * first batch with the create or update, each further batch in an update of its own (GitHub
 * appends annotations on update, and counts them in `output.annotations_count`, so a run that
 * stops between batches can be resumed from that count).
 */
export async function writeCheckRun(
  octokit: GitHubClient,
  runner: RunnerContext,
  existing: CheckRun | undefined,
  desired: DesiredCheckRun,
  annotations: readonly CheckAnnotation[] = [],
): Promise<{ url: string | null; id: number }> {
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  const repo = { owner: runner.owner, repo: runner.repo };
  const first = fields(desired, batches[0] ?? []);
  const written = existing
    ? (await octokit.rest.checks.update({ ...repo, check_run_id: existing.id, ...first })).data
    : (
        await octokit.rest.checks.create({
          ...repo,
          name: desired.name,
          head_sha: desired.headSha,
          external_id: desired.externalId,
          ...first,
        })
      ).data;
  for (const [index, batch] of batches.entries()) {
    if (index === 0) continue;
    const { output } = fields(desired, batch);
    await octokit.rest.checks.update({ ...repo, check_run_id: written.id, output });
  }
  return { url: written.html_url, id: written.id };
}
