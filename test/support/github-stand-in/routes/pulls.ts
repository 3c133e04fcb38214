import { type Handler, json, notFound, paginate } from "../replies.ts";
import * as shapes from "../shapes.ts";
import type { IssueRecord, PullRecord } from "../state.ts";

export const getPull: Handler = (context) => {
  const repo = context.repo();
  const number = context.params.pull_number as number;
  const pull = repo.pull(number);
  const issue = repo.issue(number);
  if (!pull || !issue) return notFound(context.docsUrl);
  return json(200, shapes.pull(context.urls, repo, pull, issue));
};

export const listPulls: Handler = (context) => {
  const repo = context.repo();
  const { state = "open", head, base, direction } = context.query;
  // GitHub silently ignores a `head` without the `owner:` prefix; so does the stand-in.
  const headFilter =
    typeof head === "string" && head.includes(":") ? head.toLowerCase() : undefined;
  const pairs = repo.pulls
    .map((pull): [PullRecord, IssueRecord] => [pull, repo.issue(pull.number) as IssueRecord])
    .filter(([, issue]) => state === "all" || issue.state === state)
    .filter(
      ([pull]) =>
        headFilter === undefined || `${repo.owner}:${pull.head.ref}`.toLowerCase() === headFilter,
    )
    .filter(([pull]) => base === undefined || pull.base.ref === base)
    .sort(([a], [b]) => (direction === "asc" ? a.number - b.number : b.number - a.number));
  const page = paginate(context, pairs);
  return json(
    200,
    page.items.map(([pull, issue]) => shapes.pullSimple(context.urls, repo, pull, issue)),
    page.headers,
  );
};
