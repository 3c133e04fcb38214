import type { AutofixRun } from "../../core/schemas/deepsource.ts";
import { labelNames, missingLabels } from "../labels.ts";
import {
  code,
  escapeText,
  link,
  linkInRepository,
  MAX_BODY_CHARS,
  truncateMarkdown,
} from "../markdown.ts";
import { hasMarker, isStale, marker, readStamp, stampMarker } from "../markers.ts";
import type { ReactionContext } from "../reaction-contract.ts";
import { categoryLabel, commitLink, pullUrl, readableTime } from "./format.ts";

export const AUTOFIX_LABEL = "autofix";

export function autofixMarker(runUid: string): string {
  return marker("autofix", runUid);
}

const HEADLINES: Readonly<Record<string, string>> = {
  PENDING: "⏳ DeepSource Autofix is running",
  SUCCESS: "✅ DeepSource Autofix succeeded",
  FAILURE: "❌ DeepSource Autofix failed",
  TIMEOUT: "⌛ DeepSource Autofix timed out",
  CANCEL: "⏹️ DeepSource Autofix was cancelled",
  STALE: "💤 DeepSource Autofix went stale",
};

/** The run's status for a report line: "pending", or "status not reported". */
function statusWord(run: AutofixRun): string {
  return run.status ? run.status.toLowerCase() : "status not reported";
}

/** The pull request as a link, or "not opened yet" when the run names none. */
function pullRequestLine(context: ReactionContext, run: AutofixRun): string {
  const autofix = run.autofixPullRequest;
  if (autofix?.number == null) return "not opened yet";
  const title = `#${autofix.number}${autofix.title ? ` ${autofix.title}` : ""}`;
  const status = autofix.status ? ` (${escapeText(autofix.status.toLowerCase())})` : "";
  return `${linkInRepository(title, autofix.url ?? pullUrl(context.runner, autofix.number), context.runner)}${status}`;
}

/** The source commit and branch as far as the run names them. */
function sourceLine(context: ReactionContext, run: AutofixRun): string {
  const { sha, branch } = run.sourceCommit ?? {};
  const parts = [sha ? commitLink(context.runner, sha) : "", branch ? `on ${code(branch)}` : ""];
  return parts.filter(Boolean).join(" ") || "not named";
}

export function renderAutofixComment(
  context: ReactionContext,
  run: AutofixRun,
  runUid: string,
  stamp: number,
): string {
  const status = run.status ?? "";
  const headline = Object.hasOwn(HEADLINES, status)
    ? HEADLINES[status]
    : `DeepSource Autofix: ${escapeText(status || "status not reported")}`;
  const issues = run.affectedIssues ?? [];
  const lines = [
    autofixMarker(runUid),
    stampMarker(stamp),
    `### ${headline}`,
    "",
    `- **Run:** ${code(runUid)}, started ${readableTime(run.createdAt)}${run.finishedAt ? `, finished ${readableTime(run.finishedAt)}` : ""}`,
    `- **Source:** ${sourceLine(context, run)}`,
    `- **Autofix pull request:** ${pullRequestLine(context, run)}`,
  ];
  if (issues.length > 0) {
    lines.push("", `**Fixes ${issues.length === 1 ? "1 issue" : `${issues.length} issues`}:**`, "");
    for (const issue of issues) {
      lines.push(
        `- ${code(issue.shortcode)} ${escapeText(issue.title)} (${escapeText(categoryLabel(issue.category))}, ${escapeText(issue.analyzer.name)})`,
      );
    }
  }
  lines.push("", "<sub>Updated in place by hookbridge as the Autofix run moves on.</sub>");
  return truncateMarkdown(lines.join("\n"), MAX_BODY_CHARS);
}

/**
 * One sticky comment per Autofix run on its source pull request (or, when there is none, on the
 * Autofix pull request), edited in place as the run moves on; the source pull request also carries
 * the `autofix` label (and the `labels` input) once any delivery has named it.
 */
export async function syncAutofixComment(
  context: ReactionContext,
  run: AutofixRun,
  runUid: string,
  stamp: number,
): Promise<void> {
  const source = run.sourcePullRequest;
  const number = source?.number ?? run.autofixPullRequest?.number;
  if (number == null) {
    context.report.skip("Comment", code(runUid, true), "the run has no pull request to comment on");
    return;
  }
  const octokit = await context.github();
  const { runner } = context;
  const repo = { owner: runner.owner, repo: runner.repo };
  const mark = autofixMarker(runUid);
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: number,
    per_page: 100,
  });
  const writer = await context.writer();
  // A comment by anyone else carrying the marker is a forgery (or a quote): never read or edited.
  const existing = comments.find(
    (comment) => writer.owns(comment.user) && hasMarker(comment.body, mark),
  );
  const body = renderAutofixComment(context, run, runUid, stamp);
  const pullLink = link(`#${number}`, pullUrl(runner, number));
  if (existing) {
    const target = link(`comment on #${number}`, existing.html_url);
    if (isStale(stamp, readStamp(existing.body))) {
      context.report.record({
        reaction: "Comment",
        target,
        result: "kept: it shows a newer update",
      });
    } else if (existing.body === body) {
      context.report.record({ reaction: "Comment", target, result: "unchanged" });
    } else {
      await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
      context.report.record({
        reaction: "Comment",
        target,
        result: `updated (${escapeText(statusWord(run))})`,
      });
    }
  } else {
    const { data } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: number,
      body,
    });
    context.report.record({
      reaction: "Comment",
      target: link(`comment on #${number}`, data.html_url),
      result: `created (${escapeText(statusWord(run))})`,
    });
  }
  // Labelled whenever a delivery names the source pull request, not only when the comment is
  // first written: the delivery that wrote it may have named no source (a later update that
  // arrived first), or the labelling may have failed after the comment was posted.
  if (source && source.number === number) {
    const wanted = [AUTOFIX_LABEL, ...context.settings.labels];
    const { data: pull } = await octokit.rest.issues.get({ ...repo, issue_number: number });
    const labels = missingLabels(labelNames(pull.labels), wanted);
    if (labels.length > 0) {
      await octokit.rest.issues.addLabels({ ...repo, issue_number: number, labels });
      context.report.record({
        reaction: "Label",
        target: pullLink,
        result: labels.map((name) => code(name, true)).join(", "),
      });
    }
  }
}
