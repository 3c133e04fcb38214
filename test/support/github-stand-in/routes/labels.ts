import { type Handler, json, notFound, paginate, validationFailed } from "../replies.ts";
import * as shapes from "../shapes.ts";
import type { LabelRecord } from "../state.ts";
import { findIssue, labelNames, setLabels } from "./issues.ts";

const COLOR = /^[0-9a-f]{6}$/i;

export const addLabels: Handler = (context) => {
  const issue = findIssue(context);
  if (!issue) return notFound(context.docsUrl);
  const repo = context.repo();
  const { labels = [] } = (context.body ?? {}) as { labels?: (string | { name?: string })[] };
  setLabels(repo, issue, [...issue.labels, ...labelNames(labels)]);
  issue.updated_at = context.state.timestamp();
  return json(200, shapes.issueLabels(context.urls, repo, issue.labels));
};

export const removeLabel: Handler = (context) => {
  const issue = findIssue(context);
  if (!issue) return notFound(context.docsUrl);
  const wanted = (context.params.name as string).toLowerCase();
  const remaining = issue.labels.filter((name) => name.toLowerCase() !== wanted);
  if (remaining.length === issue.labels.length) {
    return notFound(context.docsUrl, "Label does not exist");
  }
  issue.labels = remaining;
  issue.updated_at = context.state.timestamp();
  return json(200, shapes.issueLabels(context.urls, context.repo(), issue.labels));
};

export const listLabelsForRepo: Handler = (context) => {
  const repo = context.repo();
  const page = paginate(context, repo.labels);
  return json(
    200,
    page.items.map((l) => shapes.label(context.urls, repo, l)),
    page.headers,
  );
};

export const createLabel: Handler = (context) => {
  const repo = context.repo();
  const body = context.body as { name: string; color?: string; description?: string };
  if (body.color !== undefined && !COLOR.test(body.color)) {
    return validationFailed(
      context.docsUrl,
      [{ resource: "Label", code: "invalid", field: "color" }],
      `label color "${body.color}" is not six hex digits without a leading #`,
    );
  }
  if (repo.label(body.name)) {
    // An ordinary outcome (the label exists), not a malformed request.
    return validationFailed(context.docsUrl, [
      { resource: "Label", code: "already_exists", field: "name" },
    ]);
  }
  const label: LabelRecord = {
    id: context.state.nextId("label"),
    name: body.name,
    color: (body.color ?? "ededed").toLowerCase(),
    description: body.description ?? null,
    default: false,
  };
  repo.labels.push(label);
  return json(201, shapes.label(context.urls, repo, label));
};
