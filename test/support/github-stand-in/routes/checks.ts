import {
  type Handler,
  invalidRequest,
  json,
  notFound,
  paginate,
  type Reply,
  type RouteContext,
  unprocessable,
} from "../replies.ts";
import * as shapes from "../shapes.ts";
import { type AnnotationRecord, type CheckRunRecord, isCommitSha } from "../state.ts";

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: string;
  conclusion?: string;
  started_at?: string;
  completed_at?: string;
  output?: {
    title?: string;
    summary?: string;
    text?: string;
    annotations?: AnnotationRecord[];
    images?: unknown[];
  };
  actions?: unknown[];
}

/**
 * Rules the description states only in prose: a completed run needs a conclusion, and `stale`
 * is reserved for GitHub. The update schema encodes the first as an anyOf; create does not.
 */
function conclusionRules(context: RouteContext, body: CheckRunBody): Reply | undefined {
  if (body.conclusion === "stale") {
    return unprocessable(
      context.docsUrl,
      "Invalid request.\n\nOnly GitHub can set a check run's conclusion to stale.",
      "conclusion 'stale' can only be set by GitHub",
    );
  }
  const needsConclusion = body.status === "completed" || body.completed_at !== undefined;
  if (needsConclusion && body.conclusion === undefined) {
    return invalidRequest(
      context.docsUrl,
      ['No subschema in "anyOf" matched.', `"conclusion" wasn't supplied.`],
      "a completed check run (status completed or completed_at given) needs a conclusion",
    );
  }
  return undefined;
}

function applyStatus(run: CheckRunRecord, body: CheckRunBody, now: string): void {
  if (body.started_at !== undefined) run.started_at = body.started_at;
  if (body.conclusion !== undefined) {
    // Giving a conclusion completes the run, as the description says.
    run.status = "completed";
    run.conclusion = body.conclusion;
    run.completed_at = body.completed_at ?? run.completed_at ?? now;
  } else if (body.status !== undefined) {
    run.status = body.status;
    run.conclusion = null;
    run.completed_at = null;
  }
}

function findRun(context: RouteContext): CheckRunRecord | undefined {
  const id = context.params.check_run_id as number;
  return context.repo().checkRuns.find((run) => run.id === id);
}

export const createCheckRun: Handler = (context) => {
  const body = context.body as CheckRunBody & { name: string; head_sha: string };
  const broken = conclusionRules(context, body);
  if (broken) return broken;
  if (!isCommitSha(body.head_sha)) {
    return unprocessable(
      context.docsUrl,
      `No commit found for SHA: ${body.head_sha}`,
      `head_sha "${body.head_sha}" is not a full commit SHA`,
    );
  }
  const repo = context.repo();
  const now = context.state.timestamp();
  const run: CheckRunRecord = {
    id: context.state.nextId("checkRun"),
    name: body.name,
    head_sha: body.head_sha.toLowerCase(),
    status: "queued",
    conclusion: null,
    external_id: body.external_id ?? "",
    details_url: body.details_url ?? null,
    started_at: now,
    completed_at: null,
    output: {
      title: body.output?.title ?? null,
      summary: body.output?.summary ?? null,
      text: body.output?.text ?? null,
      annotations: [...(body.output?.annotations ?? [])],
      images: [...(body.output?.images ?? [])],
    },
    actions: body.actions ?? [],
    check_suite_id: repo.checkSuiteId(body.head_sha.toLowerCase()),
    created_at: now,
    updated_at: now,
  };
  applyStatus(run, body, now);
  repo.checkRuns.push(run);
  return json(201, shapes.checkRun(context.urls, repo, run));
};

export const updateCheckRun: Handler = (context) => {
  const run = findRun(context);
  if (!run) return notFound(context.docsUrl);
  const body = context.body as CheckRunBody;
  const broken = conclusionRules(context, body);
  if (broken) return broken;
  const now = context.state.timestamp();
  if (body.name !== undefined) run.name = body.name;
  if (body.details_url !== undefined) run.details_url = body.details_url;
  if (body.external_id !== undefined) run.external_id = body.external_id;
  if (body.actions !== undefined) run.actions = body.actions;
  if (body.output) {
    const { output } = run;
    if (body.output.title !== undefined) output.title = body.output.title;
    if (body.output.summary !== undefined) output.summary = body.output.summary;
    if (body.output.text !== undefined) output.text = body.output.text;
    // GitHub appends annotations on update; that is how more than 50 reach one run.
    output.annotations.push(...(body.output.annotations ?? []));
    if (body.output.images !== undefined) output.images = body.output.images;
  }
  applyStatus(run, body, now);
  run.updated_at = now;
  return json(200, shapes.checkRun(context.urls, context.repo(), run));
};

export const getCheckRun: Handler = (context) => {
  const run = findRun(context);
  if (!run) return notFound(context.docsUrl);
  return json(200, shapes.checkRun(context.urls, context.repo(), run));
};

export const listCheckRunsForRef: Handler = (context) => {
  const repo = context.repo();
  const sha = repo.resolveRef(context.params.ref as string).toLowerCase();
  const { check_name: name, status, filter = "latest" } = context.query;
  let runs = repo.checkRuns
    .filter((run) => run.head_sha === sha)
    .filter((run) => name === undefined || run.name === name)
    .filter((run) => status === undefined || run.status === status)
    .sort((a, b) => b.id - a.id);
  if (filter === "latest") {
    // Newest first, so the first run seen per name is its latest.
    const latest = new Map<string, CheckRunRecord>();
    for (const run of runs) if (!latest.has(run.name)) latest.set(run.name, run);
    runs = [...latest.values()];
  }
  const page = paginate(context, runs);
  return json(
    200,
    {
      total_count: runs.length,
      check_runs: page.items.map((run) => shapes.checkRun(context.urls, repo, run)),
    },
    page.headers,
  );
};

export const listAnnotations: Handler = (context) => {
  const run = findRun(context);
  if (!run) return notFound(context.docsUrl);
  const repo = context.repo();
  const page = paginate(context, run.output.annotations);
  return json(
    200,
    page.items.map((a) => shapes.annotation(context.urls, repo, run.head_sha, a)),
    page.headers,
  );
};
