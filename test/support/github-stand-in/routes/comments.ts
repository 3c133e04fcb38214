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
import type { CommentRecord, IssueRecord } from "../state.ts";
import { findIssue } from "./issues.ts";

/** GitHub reports an over-long comment with this (different) resource, code and field. */
function bodyLimit(context: RouteContext, body: string): Reply | undefined {
  if (characters(body) <= MAX_BODY_CHARACTERS) return undefined;
  return validationFailed(
    context.docsUrl,
    [
      {
        resource: "IssueComment",
        code: "unprocessable",
        field: "data",
        message: "Body is too long (maximum is 65536 characters)",
      },
    ],
    `comment body is ${characters(body)} characters; GitHub allows ${MAX_BODY_CHARACTERS}`,
  );
}

function render(context: RouteContext, issue: IssueRecord, comment: CommentRecord) {
  return shapes.comment(context.urls, context.repo(), comment, issue.pull_request);
}

export const listComments: Handler = (context) => {
  const issue = findIssue(context);
  if (!issue) return notFound(context.docsUrl);
  const since = context.query.since;
  const sinceMs = typeof since === "string" ? Date.parse(since) : Number.NEGATIVE_INFINITY;
  const comments = issue.comments.filter((c) => Date.parse(c.updated_at) >= sinceMs);
  const page = paginate(context, comments);
  return json(
    200,
    page.items.map((c) => render(context, issue, c)),
    page.headers,
  );
};

export const createComment: Handler = (context) => {
  const issue = findIssue(context);
  if (!issue) return notFound(context.docsUrl);
  const { body } = context.body as { body: string };
  const tooLong = bodyLimit(context, body);
  if (tooLong) return tooLong;
  const now = context.state.timestamp();
  const comment: CommentRecord = {
    id: context.state.nextId("comment"),
    issue_number: issue.number,
    ...(context.state.tokenUser ? { author: context.state.tokenUser } : {}),
    body,
    created_at: now,
    updated_at: now,
  };
  issue.comments.push(comment);
  issue.updated_at = now;
  return json(201, render(context, issue, comment));
};

export const updateComment: Handler = (context) => {
  const id = context.params.comment_id as number;
  const issue = context.repo().issues.find((i) => i.comments.some((c) => c.id === id));
  const comment = issue?.comments.find((c) => c.id === id);
  if (!issue || !comment) return notFound(context.docsUrl);
  const { body } = context.body as { body: string };
  const tooLong = bodyLimit(context, body);
  if (tooLong) return tooLong;
  comment.body = body;
  comment.updated_at = context.state.timestamp();
  return json(200, render(context, issue, comment));
};
