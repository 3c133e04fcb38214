import type { AnalysisRun, Check, RepositoryMetric } from "../../core/schemas/deepsource.ts";
import {
  type CheckConclusion,
  type CheckStatus,
  type DesiredCheckRun,
  findCheckRun,
  showsAlready,
  writeCheckRun,
} from "../github-checks.ts";
import { code, escapeText, link, table } from "../markdown.ts";
import { isStale, marker, readStamp, stampMarker } from "../markers.ts";
import type { ReactionContext } from "../reaction-contract.ts";
import {
  categoryLabel,
  cell,
  checkRunName,
  commitLink,
  count,
  isoTime,
  latestValue,
  requireCommitSha,
  tally,
} from "./format.ts";

interface CheckState {
  readonly status: CheckStatus;
  readonly conclusion?: CheckConclusion;
}

const completed = (conclusion: CheckConclusion): CheckState => ({
  status: "completed",
  conclusion,
});

/**
 * DeepSource check status → GitHub check run. DeepSource has no separate "running" state: a
 * PENDING check belongs to a run that has started, so it shows as in progress; WAITING (queued
 * behind other work) shows as queued. READY, NEUTRAL and anything DeepSource adds later complete
 * as neutral: finished, neither passed nor failed.
 */
export const CHECK_STATES: Readonly<Record<string, CheckState>> = {
  WAITING: { status: "queued" },
  PENDING: { status: "in_progress" },
  SUCCESS: completed("success"),
  FAILURE: completed("failure"),
  TIMEOUT: completed("timed_out"),
  ARTIFACT_TIMEOUT: completed("timed_out"),
  CANCEL: completed("cancelled"),
  CANCELLED: completed("cancelled"),
  SKIPPED: completed("skipped"),
  READY: completed("neutral"),
  NEUTRAL: completed("neutral"),
};

export function checkState(status: string): CheckState {
  return Object.hasOwn(CHECK_STATES, status)
    ? (CHECK_STATES[status] as CheckState)
    : completed("neutral");
}

export function checkExternalId(run: AnalysisRun, check: Check): string {
  return `${run.runUid}:${check.analyzer.shortcode}`;
}

function withUnit(value: number | null | undefined, unit: string | null | undefined): string {
  if (value === null || value === undefined) return "none";
  if (!unit) return String(value);
  return unit.length === 1 ? `${value}${unit}` : `${value} ${unit}`;
}

function metricRows(metrics: readonly RepositoryMetric[]): string[][] {
  const rows: string[][] = [];
  for (const metric of metrics) {
    for (const item of metric.items) {
      const latest = latestValue(item);
      const status = latest?.thresholdStatus ?? "UNKNOWN";
      const mark = status === "PASSING" ? "✅ " : status === "FAILING" ? "❌ " : "";
      rows.push([
        `${cell(metric.name)} (${code(metric.shortcode, true)})`,
        code(item.key, true),
        latest ? cell(latest.valueDisplay) : "",
        cell(withUnit(latest?.threshold ?? item.threshold, metric.unit)),
        `${mark}${cell(status)}`,
      ]);
    }
  }
  return rows;
}

/** The check run's summary: issues by category, then the metrics table. */
export function renderCheckSummary(
  context: ReactionContext,
  run: AnalysisRun,
  commit: string,
  check: Check,
): string {
  const { summary } = check;
  const branch = run.branchName ? ` on ${code(run.branchName)}` : "";
  const lines = [
    `**${escapeText(check.analyzer.name)}**${branch} at ${commitLink(context.runner, commit)}: ${count(summary.occurrencesIntroduced, "issue occurrence")} introduced, ${tally(summary.occurrencesResolved)} resolved.`,
    "",
  ];
  const categories = (summary.occurrenceDistributionByCategory ?? []).filter(
    (entry) => entry !== null && entry.introduced > 0,
  );
  const rows = categories.flatMap((entry) =>
    entry ? [[cell(categoryLabel(entry.category)), String(entry.introduced), ""]] : [],
  );
  rows.push([
    "**All categories**",
    `**${tally(summary.occurrencesIntroduced)}**`,
    `**${tally(summary.occurrencesResolved)}**`,
  ]);
  lines.push(table(["Category", "Introduced", "Resolved"], rows), "");
  const metrics = metricRows(check.metrics ?? []);
  if (metrics.length > 0)
    lines.push(
      "**Metrics**",
      "",
      table(["Metric", "Key", "Value", "Threshold", "Status"], metrics),
      "",
    );
  lines.push(`DeepSource run ${code(run.runUid)}, check ${code(check.id)}.`);
  return lines.join("\n");
}

function renderTitle(check: Check, state: CheckState): string {
  const { summary } = check;
  const counts = `${tally(summary.occurrencesIntroduced)} introduced, ${tally(summary.occurrencesResolved)} resolved`;
  switch (state.status) {
    case "queued":
      return "Waiting for analysis";
    case "in_progress":
      return "Analysing";
    default:
      return `${check.status.charAt(0)}${check.status.slice(1).toLowerCase().replace(/_/g, " ")}: ${counts}`;
  }
}

export function desiredCheckRun(
  context: ReactionContext,
  run: AnalysisRun,
  commit: string,
  check: Check,
): DesiredCheckRun {
  const state = checkState(check.status);
  const externalId = checkExternalId(run, check);
  return {
    name: checkRunName(check),
    headSha: commit,
    externalId,
    status: state.status,
    ...(state.conclusion ? { conclusion: state.conclusion } : {}),
    ...(isoTime(check.createdAt) ? { startedAt: isoTime(check.createdAt) } : {}),
    ...(isoTime(check.finishedAt ?? check.updatedAt)
      ? { completedAt: isoTime(check.finishedAt ?? check.updatedAt) }
      : {}),
    title: renderTitle(check, state),
    summary: renderCheckSummary(context, run, commit, check),
    text: `${marker("deepsource-check", externalId)}\n${stampMarker(check.updatedAt)}`,
  };
}

/**
 * One check run per analyzer on the analysed commit (not the workflow's GITHUB_SHA: a dispatched
 * workflow runs on the default branch's tip), keyed by run and analyzer, so every update of a run
 * edits the same check run and an update older than what is shown is dropped.
 */
export async function syncAnalysisCheckRuns(
  context: ReactionContext,
  run: AnalysisRun,
  commit: string,
  checks: readonly Check[],
): Promise<void> {
  requireCommitSha(commit, "commitOid");
  const octokit = await context.github();
  for (const check of checks) {
    const desired = desiredCheckRun(context, run, commit, check);
    const existing = await findCheckRun(
      octokit,
      context.runner,
      desired.headSha,
      desired.name,
      desired.externalId,
    );
    const shown = readStamp(existing?.output.text);
    const target = (url: string | null | undefined) => link(desired.name, url);
    if (existing && isStale(check.updatedAt, shown)) {
      context.report.record({
        reaction: "Check run",
        target: target(existing.html_url),
        result: "kept: it shows a newer update",
      });
      continue;
    }
    if (existing && showsAlready(existing, desired)) {
      context.report.record({
        reaction: "Check run",
        target: target(existing.html_url),
        result: `unchanged (${existing.conclusion ?? existing.status})`,
      });
      continue;
    }
    const written = await writeCheckRun(octokit, context.runner, existing, desired);
    context.report.record({
      reaction: "Check run",
      target: target(written.url),
      result: `${existing ? "updated" : "created"} (${desired.conclusion ?? desired.status.replace("_", " ")})`,
    });
  }
}
