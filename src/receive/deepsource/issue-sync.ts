import { clampLine, repositoryFile } from "../../core/repository-file.ts";
import type { RepositoryIssue } from "../../core/schemas/deepsource.ts";
import type { GitHubClient } from "../github-client.ts";
import { ensureComments } from "../issue-mirror.ts";
import { labelNames, missingLabels } from "../labels.ts";
import {
  clip,
  code,
  escapeLines,
  escapeText,
  link,
  MAX_BODY_CHARS,
  truncateMarkdown,
} from "../markdown.ts";
import { hasMarker, isStale, marker, readStamp, stampMarker } from "../markers.ts";
import type { ReactionContext } from "../reaction-contract.ts";
import type { RunnerContext } from "../source.ts";
import type { Writer } from "../writer.ts";
import { unplacedNote } from "./annotations.ts";
import { categoryLabel, commitLink, count, linesUrl } from "./format.ts";

/** Every synced issue carries this label; it is also how they are found again. */
export const ISSUE_LABEL = "deepsource";

export function issueMarker(shortcode: string): string {
  return marker("deepsource-issue", shortcode);
}

type GitHubIssue = Awaited<ReturnType<GitHubClient["rest"]["issues"]["get"]>>["data"];

async function findIssue(
  octokit: GitHubClient,
  runner: RunnerContext,
  shortcode: string,
  writer: Writer,
): Promise<GitHubIssue | undefined> {
  const mark = issueMarker(shortcode);
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner: runner.owner,
    repo: runner.repo,
    labels: ISSUE_LABEL,
    state: "all",
    // Oldest first, so if a person ever copies the marker into another issue the original wins.
    sort: "created",
    direction: "asc",
    per_page: 100,
  });
  // Only issues the action's own identity opened: anyone can open one carrying the marker.
  return issues.find(
    (issue) => !issue.pull_request && writer.owns(issue.user) && hasMarker(issue.body, mark),
  );
}

function issueTitle(item: RepositoryIssue): string {
  // GitHub's limit for an issue title is 256 characters.
  return clip(`DeepSource ${item.issue.shortcode}: ${item.issue.title}`, 256);
}

function wantedLabels(context: ReactionContext, item: RepositoryIssue): string[] {
  const names = [ISSUE_LABEL, item.issue.category.toLowerCase(), ...context.settings.labels];
  return [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];
}

export function renderIssueBody(
  context: ReactionContext,
  item: RepositoryIssue,
  stamp: number,
): string {
  const { issue } = item;
  const sha = item.repository.latestCommitOid ?? undefined;
  const facts = [
    code(issue.shortcode),
    escapeText(categoryLabel(issue.category)),
    `${escapeText(issue.analyzer.name)} analyzer`,
    ...(issue.autofixAvailable ? ["Autofix available"] : []),
  ];
  const occurrences = (item.occurrences ?? []).map((occurrence) => {
    const begin = clampLine(occurrence.beginLine);
    const end = Math.max(begin, clampLine(occurrence.endLine));
    const lines = end > begin ? `${begin}-${end}` : `${begin}`;
    const path = repositoryFile(occurrence.path);
    // A path leaving the repository is shown as text (escaped, one line), never as a link; without
    // a commit there is nothing to link to either.
    if (path === undefined)
      return `- ${code(occurrence.path)}:${lines} (not a file in this repository): ${escapeText(occurrence.title)}`;
    const place = sha
      ? link(`${path}:${lines}`, linesUrl(context.runner, sha, path, begin, end))
      : code(`${path}:${lines}`);
    return `- ${place}: ${escapeText(occurrence.title)}`;
  });
  const note = item.occurrences ? unplacedNote(item.occurrences) : undefined;
  const where = foundWhere(context, item);
  const found = item.occurrences
    ? [
        `DeepSource found ${count(item.occurrences.length, "occurrence")} ${where}:`,
        "",
        ...occurrences,
      ]
    : [`DeepSource reports it ${where}, without listing its occurrences.`];
  const body = [
    issueMarker(issue.shortcode),
    stampMarker(stamp),
    `**${escapeText(issue.title)}**`,
    "",
    facts.join(" · "),
    "",
    escapeLines(issue.shortDescription)
      .split("\n")
      .map((line) => `> ${line}`)
      .join("\n"),
    "",
    ...found,
    ...(note ? ["", note] : []),
    "",
    "<sub>Kept up to date by hookbridge from DeepSource; closed when DeepSource reports the issue resolved.</sub>",
  ].join("\n");
  return truncateMarkdown(body, MAX_BODY_CHARS);
}

/** "on `main` at abc1234", with what DeepSource named of the branch and commit. */
function foundWhere(context: ReactionContext, item: RepositoryIssue): string {
  const { defaultBranch, latestCommitOid } = item.repository;
  const branch = defaultBranch ? code(defaultBranch) : "the default branch";
  return latestCommitOid
    ? `on ${branch} at ${commitLink(context.runner, latestCommitOid)}`
    : `on ${branch}`;
}

function replaceStamp(body: string, stamp: number): string {
  return /<!-- hookbridge:updated-at:[^>]* -->/.test(body)
    ? body.replace(/<!-- hookbridge:updated-at:[^>]* -->/, stampMarker(stamp))
    : `${stampMarker(stamp)}\n${body}`;
}

/**
 * One GitHub issue per DeepSource issue: opened the first time it is introduced, refreshed (and
 * reopened) when it is introduced again, never duplicated. Found again by its hidden marker.
 */
export async function openIssue(
  context: ReactionContext,
  item: RepositoryIssue,
  stamp: number,
): Promise<void> {
  const octokit = await context.github();
  const { runner } = context;
  const repo = { owner: runner.owner, repo: runner.repo };
  const labels = wantedLabels(context, item);
  const title = issueTitle(item);
  const body = renderIssueBody(context, item, stamp);
  const shortcode = code(item.issue.shortcode, true);
  const existing = await findIssue(octokit, runner, item.issue.shortcode, await context.writer());
  if (!existing) {
    const { data } = await octokit.rest.issues.create({ ...repo, title, body, labels });
    context.report.record({
      reaction: "Issue",
      target: link(`#${data.number} ${title}`, data.html_url),
      result: `opened for ${shortcode}`,
    });
    return;
  }
  const target = link(`#${existing.number} ${existing.title}`, existing.html_url);
  const shown = readStamp(existing.body);
  // At equal times a resolution wins: DeepSource stamps both events of one commit alike.
  if (isStale(stamp, shown)) {
    context.report.record({ reaction: "Issue", target, result: "kept: it shows a newer update" });
    return;
  }
  if (stamp === shown && existing.state === "closed") {
    context.report.record({
      reaction: "Issue",
      target,
      result: "kept closed: resolved as of the same time",
    });
    return;
  }
  const current = labelNames(existing.labels);
  const missing = missingLabels(current, labels);
  const reopen = existing.state === "closed";
  const changed =
    existing.body !== body || existing.title !== title || missing.length > 0 || reopen;
  if (!changed) {
    context.report.record({ reaction: "Issue", target, result: "unchanged" });
    return;
  }
  await octokit.rest.issues.update({
    ...repo,
    issue_number: existing.number,
    title,
    body,
    ...(missing.length > 0 ? { labels: [...current, ...missing] } : {}),
    ...(reopen ? { state: "open" as const, state_reason: "reopened" as const } : {}),
  });
  context.report.record({
    reaction: "Issue",
    target,
    result: reopen ? "reopened: introduced again" : "updated",
  });
}

/** Marks the comment saying an issue was resolved as of `stamp`, so it is posted once. */
export function resolvedMarker(shortcode: string, stamp: number): string {
  return marker("deepsource-resolved", `${shortcode}:${stamp}`);
}

/**
 * Closes the issue when DeepSource reports it resolved, then says so in a comment. Deliveries are
 * not ordered: a resolution that arrives before its introduction opens the issue from the issue
 * data it carries and closes it at once, so the late introduction, stamped no later, leaves it
 * closed. Closing comes first and the comment is posted only when the issue does not carry it
 * yet, so a run that stopped in between is completed by the next without a second comment.
 */
export async function closeIssue(
  context: ReactionContext,
  item: RepositoryIssue,
  stamp: number,
  resolved: number | null | undefined,
): Promise<void> {
  const octokit = await context.github();
  const { runner } = context;
  const repo = { owner: runner.owner, repo: runner.repo };
  const shortcode = item.issue.shortcode;
  let existing = await findIssue(octokit, runner, shortcode, await context.writer());
  if (!existing) {
    const { data } = await octokit.rest.issues.create({
      ...repo,
      title: issueTitle(item),
      body: renderIssueBody(context, item, stamp),
      labels: wantedLabels(context, item),
    });
    context.report.record({
      reaction: "Issue",
      target: link(`#${data.number} ${data.title}`, data.html_url),
      result: `opened for ${code(shortcode, true)}, resolved before it was reported introduced`,
    });
    existing = data;
  }
  const target = link(`#${existing.number} ${existing.title}`, existing.html_url);
  const shown = readStamp(existing.body);
  if (isStale(stamp, shown)) {
    context.report.record({ reaction: "Issue", target, result: "kept: it shows a newer update" });
    return;
  }
  if (existing.state === "closed" && shown === stamp) {
    context.report.record({ reaction: "Issue", target, result: "unchanged: already closed" });
  } else {
    await octokit.rest.issues.update({
      ...repo,
      issue_number: existing.number,
      state: "closed",
      state_reason: "completed",
      body: replaceStamp(existing.body ?? issueMarker(shortcode), stamp),
    });
    context.report.record({ reaction: "Issue", target, result: "closed" });
  }
  const counted =
    resolved === null || resolved === undefined
      ? ""
      : ` (${count(resolved, "occurrence")} resolved)`;
  await ensureComments(context, existing, [
    {
      marker: resolvedMarker(shortcode, stamp),
      body: `DeepSource reports ${code(shortcode)} resolved ${foundWhere(context, item)}${counted}. Closing.`,
    },
  ]);
}
