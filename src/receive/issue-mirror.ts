/**
 * One GitHub issue standing for one object kept elsewhere (a DevRev work item, a DejaCode
 * request): found again by its hidden marker, opened once, edited only by news at least as new
 * as what it shows, and commented on at most once per comment marker. Shared by the providers
 * whose events mirror objects; what an issue says is theirs, how it is kept in step is here.
 */
import type { GitHubClient } from "./github-client.ts";
import { labelNames, missingLabels } from "./labels.ts";
import { clip, link, MAX_BODY_CHARS, truncateMarkdown } from "./markdown.ts";
import { hasMarker, isStale, readStamp, stampMarker } from "./markers.ts";
import type { ReactionContext } from "./reaction-contract.ts";

export type GitHubIssue = Awaited<ReturnType<GitHubClient["rest"]["issues"]["get"]>>["data"];

/** How the issues of one kind are found: by a label they all carry, then by one marker. */
export interface MirrorKey {
  /** Every mirrored issue of this kind carries it; listing by it keeps the search short. */
  readonly label: string;
  /** The hidden marker naming the mirrored object, from `marker()`. */
  readonly marker: string;
}

export type MirrorState =
  | { readonly state: "open" }
  | { readonly state: "closed"; readonly reason: "completed" | "not_planned" };

/** What the issue should show, as of `stamp`. */
export interface MirrorContent {
  /** Plain text (GitHub shows titles literally); cut to GitHub's 256 characters here. */
  readonly title: string;
  /** Markdown with every payload string escaped; the markers are put in front of it here. */
  readonly body: string;
  /** Labels the issue should carry; the `labels` input is added to them. */
  readonly labels: readonly string[];
  /** Whether a label is one this source sets, so it is removed once no longer wanted. */
  readonly manages: (label: string) => boolean;
  /** When the content was current (milliseconds); older content never replaces newer. */
  readonly stamp: number;
  /** The state the source says the object is in; absent leaves the issue's state alone. */
  readonly state?: MirrorState;
}

export interface MirrorResult {
  readonly issue: GitHubIssue;
  /** False when the issue shows newer news and was left alone. */
  readonly applied: boolean;
}

function repoOf(context: ReactionContext) {
  return { owner: context.runner.owner, repo: context.runner.repo };
}

/** `#12 Title`, linked: how the job summary names an issue. */
export function issueTarget(issue: Pick<GitHubIssue, "number" | "title" | "html_url">): string {
  return link(`#${issue.number} ${issue.title}`, issue.html_url);
}

/** Labels without repeats (GitHub compares label names case-insensitively), first spelling kept. */
export function uniqueLabels(names: readonly string[]): string[] {
  return [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];
}

/** A label made from a payload value: one line, lower-case, within GitHub's 50 characters. */
export function valueLabel(prefix: string, value: string): string {
  return clip(`${prefix}${value.trim().replace(/\s+/g, " ").toLowerCase()}`, 50);
}

/** The body as stored: marker and stamp first (where a cut never reaches), then the content. */
export function mirrorBody(key: MirrorKey, content: Pick<MirrorContent, "body" | "stamp">): string {
  return truncateMarkdown(
    [key.marker, stampMarker(content.stamp), content.body].join("\n"),
    MAX_BODY_CHARS,
  );
}

function replaceStamp(body: string, stamp: number): string {
  const pattern = /<!-- hookbridge:updated-at:[^>]* -->/;
  return pattern.test(body)
    ? body.replace(pattern, stampMarker(stamp))
    : `${stampMarker(stamp)}\n${body}`;
}

/** Every issue carrying the marker, oldest first: the first is the mirror, any other a copy. */
async function listMirrors(context: ReactionContext, key: MirrorKey): Promise<GitHubIssue[]> {
  const octokit = await context.github();
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repoOf(context),
    labels: key.label,
    state: "all",
    // Oldest first, so if a person ever copies the marker into another issue the original wins.
    sort: "created",
    direction: "asc",
    per_page: 100,
  });
  const writer = await context.writer();
  // Only issues the action's own identity opened: anyone can open one carrying the marker.
  return issues.filter(
    (issue) => !issue.pull_request && writer.owns(issue.user) && hasMarker(issue.body, key.marker),
  );
}

export async function findMirror(
  context: ReactionContext,
  key: MirrorKey,
): Promise<GitHubIssue | undefined> {
  return (await listMirrors(context, key))[0];
}

export interface NewIssue {
  readonly title: string;
  /** The whole body, markers included. */
  readonly body: string;
  readonly labels: readonly string[];
}

/**
 * Opens the issue. GitHub runs workflows in parallel, so two events about one object can both
 * find no issue and both open one; the run whose issue came second notices, closes its copy
 * (without the marker, so it is never found again) and carries on with the first.
 */
export async function openMirror(
  context: ReactionContext,
  key: MirrorKey,
  issue: NewIssue,
): Promise<{ readonly issue: GitHubIssue; readonly opened: boolean }> {
  const octokit = await context.github();
  const repo = repoOf(context);
  const { data } = await octokit.rest.issues.create({
    ...repo,
    ...issue,
    labels: [...issue.labels],
  });
  const first = await findMirror(context, key);
  if (!first || first.number === data.number) {
    context.report.record({ reaction: "Issue", target: issueTarget(data), result: "opened" });
    return { issue: data, opened: true };
  }
  await octokit.rest.issues.update({
    ...repo,
    issue_number: data.number,
    state: "closed",
    state_reason: "not_planned",
    body: `Opened twice at the same moment by parallel workflow runs: #${first.number} is the issue hookbridge keeps up to date.`,
  });
  context.report.record({
    reaction: "Issue",
    target: issueTarget(data),
    result: `closed: a parallel run opened #${first.number} for the same object first`,
  });
  return { issue: first, opened: false };
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  const lower = (names: readonly string[]) => new Set(names.map((name) => name.toLowerCase()));
  const left = lower(a);
  const right = lower(b);
  return left.size === right.size && [...left].every((name) => right.has(name));
}

/**
 * Opens the issue, or brings it up to `content` when that is at least as new as what it shows:
 * title, body, the source's labels (others are kept) and, when given, its state.
 */
export async function upsertMirror(
  context: ReactionContext,
  key: MirrorKey,
  content: MirrorContent,
): Promise<MirrorResult> {
  const octokit = await context.github();
  const repo = repoOf(context);
  const title = clip(content.title, 256);
  const body = mirrorBody(key, content);
  const wanted = uniqueLabels([key.label, ...content.labels, ...context.settings.labels]);
  let existing = await findMirror(context, key);
  if (!existing) {
    const opened = await openMirror(context, key, { title, body, labels: wanted });
    if (opened.opened) {
      if (content.state?.state !== "closed") return { issue: opened.issue, applied: true };
      const { data } = await octokit.rest.issues.update({
        ...repo,
        issue_number: opened.issue.number,
        state: "closed",
        state_reason: content.state.reason,
      });
      context.report.record({
        reaction: "Issue",
        target: issueTarget(data),
        result: "closed: it is closed at the source",
      });
      return { issue: data, applied: true };
    }
    // Another run opened it first: bring that one up to date like any existing mirror.
    existing = opened.issue;
  }
  const target = issueTarget(existing);
  if (isStale(content.stamp, readStamp(existing.body))) {
    context.report.record({ reaction: "Issue", target, result: "kept: it shows a newer update" });
    return { issue: existing, applied: false };
  }
  const current = labelNames(existing.labels);
  const keep = new Set(wanted.map((name) => name.toLowerCase()));
  const labels = [
    ...current.filter((name) => keep.has(name.toLowerCase()) || !content.manages(name)),
    ...missingLabels(current, wanted),
  ];
  const relabel = !sameLabels(current, labels);
  const restate =
    content.state !== undefined && content.state.state !== existing.state
      ? content.state
      : undefined;
  if (existing.body === body && existing.title === title && !relabel && !restate) {
    context.report.record({ reaction: "Issue", target, result: "unchanged" });
    return { issue: existing, applied: true };
  }
  const { data } = await octokit.rest.issues.update({
    ...repo,
    issue_number: existing.number,
    title,
    body,
    ...(relabel ? { labels } : {}),
    ...(restate?.state === "closed"
      ? { state: "closed" as const, state_reason: restate.reason }
      : restate?.state === "open"
        ? { state: "open" as const, state_reason: "reopened" as const }
        : {}),
  });
  context.report.record({
    reaction: "Issue",
    target,
    result: restate
      ? restate.state === "closed"
        ? "updated and closed"
        : "updated and reopened"
      : "updated",
  });
  return { issue: data, applied: true };
}

/** A comment identified by its marker, so it is posted once however often the event comes. */
export interface MarkedComment {
  readonly marker: string;
  /** Markdown with every payload string escaped; the marker is put in front of it here. */
  readonly body: string;
}

/**
 * Posts the comments the issue does not carry yet (by marker), in order, listing the issue's
 * comments once. Returns how many were posted.
 */
export async function ensureComments(
  context: ReactionContext,
  issue: Pick<GitHubIssue, "number" | "title" | "html_url">,
  wanted: readonly MarkedComment[],
): Promise<number> {
  if (wanted.length === 0) return 0;
  const octokit = await context.github();
  const repo = repoOf(context);
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issue.number,
    per_page: 100,
  });
  const writer = await context.writer();
  const missing = wanted.filter(
    (item) =>
      !comments.some(
        (comment) => writer.owns(comment.user) && hasMarker(comment.body, item.marker),
      ),
  );
  for (const item of missing) {
    const { data } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: truncateMarkdown(`${item.marker}\n${item.body}`, MAX_BODY_CHARS),
    });
    context.report.record({
      reaction: "Comment",
      target: link(`comment on #${issue.number}`, data.html_url),
      result: "created",
    });
  }
  const posted = wanted.length - missing.length;
  if (posted > 0) {
    context.report.record({
      reaction: "Comment",
      target: issueTarget(issue),
      result: `unchanged: ${posted === 1 ? "1 comment" : `${posted} comments`} already posted`,
    });
  }
  return missing.length;
}

export interface Closing {
  /** When the object went away (milliseconds); the issue keeps it as its stamp. */
  readonly stamp: number;
  readonly reason: "completed" | "not_planned";
  /** The comment that says why, and its marker (so a second run does not say it again). */
  readonly commentMarker: string;
  readonly comment: string;
}

/**
 * Comments and closes, unless the issue shows newer news or is already closed as of the same
 * moment. The comment comes first, so a run that stops between the two leaves it to be closed by
 * the next run rather than closed without a word.
 */
export async function closeMirror(
  context: ReactionContext,
  key: MirrorKey,
  closing: Closing,
): Promise<GitHubIssue | undefined> {
  const existing = await findMirror(context, key);
  if (!existing) return undefined;
  const target = issueTarget(existing);
  const shown = readStamp(existing.body);
  if (isStale(closing.stamp, shown)) {
    context.report.record({ reaction: "Issue", target, result: "kept: it shows a newer update" });
    return existing;
  }
  if (existing.state === "closed" && shown === closing.stamp) {
    context.report.record({ reaction: "Issue", target, result: "unchanged: already closed" });
    return existing;
  }
  await ensureComments(context, existing, [
    { marker: closing.commentMarker, body: closing.comment },
  ]);
  const octokit = await context.github();
  const { data } = await octokit.rest.issues.update({
    ...repoOf(context),
    issue_number: existing.number,
    state: "closed",
    state_reason: closing.reason,
    body: replaceStamp(existing.body ?? key.marker, closing.stamp),
  });
  context.report.record({ reaction: "Issue", target, result: "closed" });
  return data;
}
