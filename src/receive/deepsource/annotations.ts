import type { RepositoryIssue } from "../../core/schemas/deepsource.ts";
import {
  type CheckAnnotation,
  type DesiredCheckRun,
  findCheckRun,
  writeCheckRun,
} from "../github-checks.ts";
import { clip, code, link, table } from "../markdown.ts";
import { marker, readState, stateMarker } from "../markers.ts";
import type { ReactionContext } from "../reactions.ts";
import { categoryLabel, cell, commitLink, count, isoTime, requireCommitSha } from "./format.ts";

export const ISSUES_CHECK_RUN = "DeepSource: issues";

type Level = "failure" | "warning" | "notice";

/** Bugs and security problems fail; smells and slow code warn; style and docs are notes. */
const LEVELS: Readonly<Record<string, Level>> = {
  BUG_RISK: "failure",
  SECURITY: "failure",
  ANTI_PATTERN: "warning",
  PERFORMANCE: "warning",
};

export function annotationLevel(category: string): Level {
  return Object.hasOwn(LEVELS, category) ? (LEVELS[category] as Level) : "notice";
}

/** One annotation per occurrence, on its exact lines; columns only make sense within one line. */
export function annotationsFor(item: RepositoryIssue): CheckAnnotation[] {
  const { issue } = item;
  const level = annotationLevel(issue.category);
  return item.occurrences.map((occurrence) => {
    const start = Math.max(1, Math.trunc(occurrence.beginLine));
    const end = Math.max(start, Math.trunc(occurrence.endLine));
    const oneLine =
      start === end &&
      occurrence.beginColumn >= 1 &&
      occurrence.endColumn >= occurrence.beginColumn;
    return {
      path: occurrence.path.replace(/^\/+/, ""),
      start_line: start,
      end_line: end,
      ...(oneLine
        ? {
            start_column: Math.trunc(occurrence.beginColumn),
            end_column: Math.trunc(occurrence.endColumn),
          }
        : {}),
      annotation_level: level,
      title: clip(`${issue.shortcode}: ${issue.title}`, 255),
      message: clip(occurrence.title || issue.title, 4000),
      raw_details: clip(issue.shortDescription, 4000),
    };
  });
}

/** What the issues check run has shown so far, kept in its own text between runs. */
interface IssueEntry {
  readonly shortcode: string;
  readonly title: string;
  readonly category: string;
  readonly analyzer: string;
  readonly occurrences: number;
}

const STATE = "deepsource-issues";

interface IssuesState {
  readonly issues: readonly IssueEntry[];
  /** An issue whose annotations were being sent when the last run stopped, and how many landed. */
  readonly sending?: { readonly shortcode: string; readonly sent: number };
}

function readIssuesState(text: string | null | undefined): IssuesState {
  const state = readState(text, STATE) as { issues?: unknown; sending?: unknown } | undefined;
  const issues = Array.isArray(state?.issues)
    ? state.issues.filter(
        (entry): entry is IssueEntry =>
          typeof entry === "object" &&
          entry !== null &&
          typeof entry.shortcode === "string" &&
          typeof entry.occurrences === "number",
      )
    : [];
  const sending = state?.sending as { shortcode?: unknown; sent?: unknown } | undefined;
  return typeof sending?.shortcode === "string" && typeof sending.sent === "number"
    ? { issues, sending: { shortcode: sending.shortcode, sent: sending.sent } }
    : { issues };
}

function renderSummary(
  context: ReactionContext,
  sha: string,
  branch: string,
  entries: readonly IssueEntry[],
): string {
  const rows = entries.map((entry) => [
    `${code(entry.shortcode, true)} ${cell(entry.title)}`,
    cell(categoryLabel(entry.category)),
    cell(entry.analyzer),
    String(entry.occurrences),
  ]);
  return [
    `Issues DeepSource found introduced on ${code(branch)} at ${commitLink(context.runner, sha)}; each occurrence is annotated on its lines.`,
    "",
    table(["Issue", "Category", "Analyzer", "Occurrences"], rows),
  ].join("\n");
}

/**
 * Annotates every occurrence of a newly introduced issue on one `DeepSource: issues` check run per
 * commit. DeepSource sends one event per issue, so the check run collects them; its text records
 * which issues it already carries, so a repeated delivery adds no duplicate annotations.
 */
export async function syncIssueAnnotations(
  context: ReactionContext,
  item: RepositoryIssue,
  stamp: number,
): Promise<void> {
  const sha = item.repository.latestCommitOid;
  requireCommitSha(sha, "latestCommitOid");
  const octokit = await context.github();
  const externalId = `deepsource-issues:${sha}`;
  const existing = await findCheckRun(octokit, context.runner, sha, ISSUES_CHECK_RUN, externalId);
  const state = readIssuesState(existing?.output.text);
  const entries = state.issues;
  if (existing && entries.some((entry) => entry.shortcode === item.issue.shortcode)) {
    context.report.record({
      reaction: "Annotations",
      target: link(ISSUES_CHECK_RUN, existing.html_url),
      result: `unchanged: ${code(item.issue.shortcode, true)} is already annotated`,
    });
    return;
  }
  // A run that stopped halfway through this issue's annotations left a note of how many landed.
  const resumeAt = state.sending?.shortcode === item.issue.shortcode ? state.sending.sent : 0;
  const next: IssueEntry[] = [
    ...entries,
    {
      shortcode: item.issue.shortcode,
      title: clip(item.issue.title, 100),
      category: item.issue.category,
      analyzer: item.issue.analyzer.name,
      occurrences: item.occurrences.length,
    },
  ];
  const total = next.reduce((sum, entry) => sum + entry.occurrences, 0);
  const failing = next.some((entry) => annotationLevel(entry.category) === "failure");
  const completedAt = isoTime(stamp);
  const desired: DesiredCheckRun = {
    name: ISSUES_CHECK_RUN,
    headSha: sha,
    externalId,
    status: "completed",
    // Bugs and security issues fail the commit's checks; anything milder leaves it neutral.
    conclusion: failing ? "failure" : "neutral",
    ...(completedAt ? { completedAt } : {}),
    title: `${count(total, "occurrence")} of ${count(next.length, "issue")} introduced`,
    summary: renderSummary(context, sha, item.repository.defaultBranch, next),
    text: `${marker("deepsource-issues", sha)}\n${stateMarker(STATE, { issues: next })}`,
    textWhileSending: (sent) =>
      `${marker("deepsource-issues", sha)}\n${stateMarker(STATE, { issues: entries, sending: { shortcode: item.issue.shortcode, sent: resumeAt + sent } })}`,
  };
  const annotations = context.settings.annotations ? annotationsFor(item).slice(resumeAt) : [];
  const written = await writeCheckRun(octokit, context.runner, existing, desired, annotations);
  context.report.record({
    reaction: "Annotations",
    target: link(ISSUES_CHECK_RUN, written.url),
    result: `${existing ? "updated" : "created"} (${desired.conclusion}): ${count(annotations.length, "annotation")} for ${code(item.issue.shortcode, true)}`,
  });
}
