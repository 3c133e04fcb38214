import { clampLine, repositoryFile } from "../../core/repository-file.ts";
import type { Occurrence, RepositoryIssue } from "../../core/schemas/deepsource.ts";
import {
  type CheckAnnotation,
  type CheckConclusion,
  type DesiredCheckRun,
  findCheckRun,
  showsAlready,
  writeCheckRun,
} from "../github-checks.ts";
import { clip, code, escapeLines, escapeText, link } from "../markdown.ts";
import { marker } from "../markers.ts";
import type { ReactionContext } from "../reaction-contract.ts";
import { categoryLabel, commitLink, count, isoTime, requireCommitSha } from "./format.ts";
import { deepsourceInputs } from "./inputs.ts";

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

/** Bugs and security issues fail the commit's checks; anything milder leaves them neutral. */
export function issueConclusion(category: string): CheckConclusion {
  return annotationLevel(category) === "failure" ? "failure" : "neutral";
}

/** The check run of one DeepSource issue: `DeepSource: <shortcode>`. */
export function issueCheckRunName(shortcode: string): string {
  return `DeepSource: ${shortcode}`.slice(0, 100);
}

export function issueExternalId(sha: string, shortcode: string): string {
  return `deepsource-issue:${sha}:${shortcode}`;
}

/** Whether an occurrence names a file in the repository; those that do not are left out. */
function placed(occurrence: Occurrence): string | undefined {
  return repositoryFile(occurrence.path);
}

/** How many occurrences name no file inside the repository, and so get no annotation or link. */
export function unplacedCount(occurrences: readonly Occurrence[]): number {
  return occurrences.filter((occurrence) => placed(occurrence) === undefined).length;
}

/**
 * One annotation per occurrence that names a file in the repository, on its exact lines (clamped
 * to sane numbers); columns only make sense within one line.
 */
export function annotationsFor(
  item: RepositoryIssue,
  occurrences: readonly Occurrence[],
): CheckAnnotation[] {
  const { issue } = item;
  const level = annotationLevel(issue.category);
  return occurrences.flatMap((occurrence) => {
    const path = placed(occurrence);
    if (path === undefined) return [];
    const start = clampLine(occurrence.beginLine);
    const end = Math.max(start, clampLine(occurrence.endLine));
    const oneLine =
      start === end &&
      occurrence.beginColumn >= 1 &&
      occurrence.endColumn >= occurrence.beginColumn;
    const startColumn = clampLine(occurrence.beginColumn);
    return [
      {
        path,
        start_line: start,
        end_line: end,
        ...(oneLine
          ? {
              start_column: startColumn,
              end_column: Math.max(startColumn, clampLine(occurrence.endColumn)),
            }
          : {}),
        annotation_level: level,
        title: clip(`${issue.shortcode}: ${issue.title}`, 255),
        message: clip(occurrence.title || issue.title, 4000),
        raw_details: clip(issue.shortDescription, 4000),
      },
    ];
  });
}

/** The sentence saying occurrences were left out, or nothing when every one was placed. */
export function unplacedNote(occurrences: readonly Occurrence[]): string | undefined {
  const unplaced = unplacedCount(occurrences);
  if (unplaced === 0) return undefined;
  return `${count(unplaced, "occurrence")} named no file inside the repository (a path leaving it, or with control characters), so ${unplaced === 1 ? "it is" : "they are"} shown without a link or annotation.`;
}

function renderSummary(
  context: ReactionContext,
  item: RepositoryIssue,
  sha: string,
  occurrences: readonly Occurrence[],
): string {
  const { issue, repository } = item;
  const branch = repository.defaultBranch ? code(repository.defaultBranch) : "the default branch";
  const note = unplacedNote(occurrences);
  const description = escapeLines(issue.shortDescription)
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
  return [
    `${code(issue.shortcode)} ${escapeText(issue.title)}: ${escapeText(categoryLabel(issue.category))}, found by the ${escapeText(issue.analyzer.name)} analyzer.`,
    "",
    `DeepSource found it introduced on ${branch} at ${commitLink(context.runner, sha)}: ${count(occurrences.length, "occurrence")}, each annotated on its lines.`,
    ...(note ? ["", note] : []),
    ...(description ? ["", description] : []),
  ].join("\n");
}

/**
 * One check run per introduced DeepSource issue on its commit, annotating each occurrence.
 * DeepSource sends one event per issue, all at once; a check run of their own keeps parallel runs
 * from ever writing over each other (no state is shared between issues). A run that stopped partway
 * through the annotations is resumed from the count GitHub reports, and a repeated delivery finds
 * every annotation there and writes nothing.
 */
export async function syncIssueAnnotations(
  context: ReactionContext,
  item: RepositoryIssue,
  sha: string,
  occurrences: readonly Occurrence[],
  stamp: number,
): Promise<void> {
  requireCommitSha(sha, "latestCommitOid");
  const { shortcode } = item.issue;
  const octokit = await context.github();
  const name = issueCheckRunName(shortcode);
  const externalId = issueExternalId(sha, shortcode);
  const existing = await findCheckRun(octokit, context.runner, sha, name, externalId);
  const completedAt = isoTime(stamp);
  const desired: DesiredCheckRun = {
    name,
    headSha: sha,
    externalId,
    status: "completed",
    conclusion: issueConclusion(item.issue.category),
    ...(completedAt ? { completedAt } : {}),
    title: clip(item.issue.title, 255),
    summary: renderSummary(context, item, sha, occurrences),
    text: marker("deepsource-issue-check", `${sha}:${shortcode}`),
  };
  const { annotations: annotate } = deepsourceInputs(context.settings);
  const all = annotate ? annotationsFor(item, occurrences) : [];
  const unplaced = unplacedCount(occurrences);
  // GitHub appends annotations and never removes them, so those it already holds are the first
  // ones this issue has: a run that stopped between two batches left exactly that many.
  const sent = existing?.output.annotations_count ?? 0;
  const annotations = all.slice(sent);
  const target = link(name, existing?.html_url);
  if (existing && annotations.length === 0 && showsAlready(existing, desired)) {
    context.report.record({
      reaction: "Annotations",
      target,
      result: `unchanged: ${code(shortcode, true)} is already annotated`,
    });
    return;
  }
  const written = await writeCheckRun(octokit, context.runner, existing, desired, annotations);
  context.report.record({
    reaction: "Annotations",
    target: link(name, written.url),
    result: `${existing ? "updated" : "created"} (${desired.conclusion}): ${count(annotations.length, "annotation")} for ${code(shortcode, true)}${unplaced > 0 && annotate ? `; ${count(unplaced, "occurrence")} left out: no file inside the repository` : ""}`,
  });
}
