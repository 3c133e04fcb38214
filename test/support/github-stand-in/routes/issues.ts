import {
  characters,
  type Handler,
  json,
  MAX_BODY_CHARACTERS,
  notFound,
  paginate,
  type Reply,
  type RouteContext,
  validationFailed,
} from "../replies.ts";
import * as shapes from "../shapes.ts";
import type { IssueRecord, RepoState } from "../state.ts";

/** GitHub still answers 422 "maximum is 256 characters" for longer titles. */
const MAX_TITLE_CHARACTERS = 256;

type LabelInput = string | { name?: string };

interface IssueBody {
  title?: string | number | null;
  body?: string | null;
  state?: "open" | "closed";
  state_reason?: string | null;
  labels?: LabelInput[];
  assignees?: (string | { login?: string })[];
}

export function labelNames(inputs: readonly LabelInput[]): string[] {
  return inputs
    .map((input) => (typeof input === "string" ? input : (input.name ?? "")))
    .filter((name) => name !== "");
}

/** Sets an issue's labels, creating unknown ones and keeping GitHub's order (by name). */
export function setLabels(repo: RepoState, issue: IssueRecord, names: readonly string[]): void {
  const unique = new Map<string, string>();
  for (const name of names) {
    const label = repo.ensureLabel(name);
    unique.set(label.name.toLowerCase(), label.name);
  }
  issue.labels = [...unique.values()].sort((a, b) => a.localeCompare(b));
}

function issueLimits(context: RouteContext, body: IssueBody): Reply | undefined {
  const title = body.title === undefined || body.title === null ? "" : String(body.title);
  if (characters(title) > MAX_TITLE_CHARACTERS) {
    return validationFailed(
      context.docsUrl,
      [
        {
          resource: "Issue",
          code: "custom",
          field: "title",
          message: "title is too long (maximum is 256 characters)",
        },
      ],
      `issue title is ${characters(title)} characters; GitHub allows ${MAX_TITLE_CHARACTERS}`,
    );
  }
  const text = body.body ?? "";
  if (characters(text) > MAX_BODY_CHARACTERS) {
    return validationFailed(
      context.docsUrl,
      [
        {
          resource: "Issue",
          code: "custom",
          field: "body",
          message: "body is too long (maximum is 65536 characters)",
        },
      ],
      `issue body is ${characters(text)} characters; GitHub allows ${MAX_BODY_CHARACTERS}`,
    );
  }
  return undefined;
}

function assigneeLogins(inputs: IssueBody["assignees"]): string[] {
  return (inputs ?? []).map((a) => (typeof a === "string" ? a : (a.login ?? ""))).filter(Boolean);
}

export function findIssue(context: RouteContext): IssueRecord | undefined {
  return context.repo().issue(context.params.issue_number as number);
}

export const createIssue: Handler = (context) => {
  const body = context.body as IssueBody & { title: string | number };
  const tooLong = issueLimits(context, body);
  if (tooLong) return tooLong;
  const repo = context.repo();
  const now = context.state.timestamp();
  const issue: IssueRecord = {
    id: context.state.nextId("issue"),
    ...(context.state.tokenUser ? { author: context.state.tokenUser } : {}),
    number: repo.nextNumber(),
    title: String(body.title),
    body: body.body ?? null,
    state: "open",
    state_reason: null,
    labels: [],
    assignees: assigneeLogins(body.assignees),
    comments: [],
    created_at: now,
    updated_at: now,
    closed_at: null,
    pull_request: false,
  };
  setLabels(repo, issue, labelNames(body.labels ?? []));
  repo.issues.push(issue);
  return json(201, shapes.issue(context.urls, repo, issue));
};

export const updateIssue: Handler = (context) => {
  const issue = findIssue(context);
  if (!issue) return notFound(context.docsUrl);
  const body = (context.body ?? {}) as IssueBody;
  const tooLong = issueLimits(context, body);
  if (tooLong) return tooLong;
  const repo = context.repo();
  const now = context.state.timestamp();
  if (body.title !== undefined && body.title !== null) issue.title = String(body.title);
  if (body.body !== undefined) issue.body = body.body;
  if (body.labels !== undefined) setLabels(repo, issue, labelNames(body.labels));
  if (body.assignees !== undefined) issue.assignees = assigneeLogins(body.assignees);
  if (body.state === "closed" && issue.state === "open") {
    issue.state = "closed";
    issue.closed_at = now;
    issue.state_reason = body.state_reason ?? "completed";
  } else if (body.state === "open" && issue.state === "closed") {
    issue.state = "open";
    issue.closed_at = null;
    issue.state_reason = "reopened";
  } else if (body.state_reason !== undefined) {
    issue.state_reason = body.state_reason;
  }
  issue.updated_at = now;
  return json(200, shapes.issue(context.urls, repo, issue));
};

export const getIssue: Handler = (context) => {
  const issue = findIssue(context);
  if (!issue) return notFound(context.docsUrl);
  return json(200, shapes.issue(context.urls, context.repo(), issue));
};

export const listIssuesForRepo: Handler = (context) => {
  const repo = context.repo();
  const { state = "open", labels, since, sort = "created", direction = "desc" } = context.query;
  const wanted =
    typeof labels === "string" ? labels.split(",").map((l) => l.trim().toLowerCase()) : [];
  const sinceMs = typeof since === "string" ? Date.parse(since) : Number.NEGATIVE_INFINITY;
  const key = (issue: IssueRecord): number =>
    sort === "updated"
      ? Date.parse(issue.updated_at) * 1e6 + issue.number
      : sort === "comments"
        ? issue.comments.length * 1e9 + issue.number
        : issue.number;
  const issues = repo.issues
    .filter((issue) => state === "all" || issue.state === state)
    .filter((issue) => wanted.every((name) => issue.labels.some((l) => l.toLowerCase() === name)))
    .filter((issue) => Date.parse(issue.updated_at) >= sinceMs)
    .sort((a, b) => (direction === "asc" ? key(a) - key(b) : key(b) - key(a)));
  const page = paginate(context, issues);
  return json(
    200,
    page.items.map((issue) => shapes.issue(context.urls, repo, issue)),
    page.headers,
  );
};
