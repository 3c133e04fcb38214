import { generateKeyPairSync } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { getOctokit } from "@actions/github";
import githubAppJwt from "universal-github-app-jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GitHubStandIn, startGitHubStandIn } from "./github-stand-in/index.ts";

const REPO = "octo-org/demo";
const SHA = "3f786850e387550fdab836ed7e6dc881de23001b";
const OTHER_SHA = "89e6c98d92887913cadf06b2adb97f26cde4849b";
const TOKEN = "ghs_test-token";

let gh: GitHubStandIn;

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: assertions walk arbitrary GitHub JSON
  body: any;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: `token ${TOKEN}` },
  target: GitHubStandIn = gh,
): Promise<Answer> {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: {
      accept: "application/vnd.github+json",
      ...headers,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : JSON.parse(text),
  };
}

const repoPath = (rest: string) => `/repos/${REPO}${rest}`;
const annotation = (line: number, level = "warning") => ({
  path: "src/index.ts",
  start_line: line,
  end_line: line,
  annotation_level: level,
  message: `problem on line ${line}`,
});

beforeAll(async () => {
  gh = await startGitHubStandIn();
});

afterAll(async () => {
  await gh.close();
});

beforeEach(() => {
  gh.reset();
});

describe("startup", () => {
  it("caches the OpenAPI subset and starts again from the cache, not the full description", async () => {
    const openapi = dirname(
      createRequire(import.meta.url).resolve("@octokit/openapi/package.json"),
    );
    const cache = join(openapi, "..", "..", ".cache", "hookbridge", "github-openapi-subset.json");
    expect(existsSync(cache)).toBe(true);
    const written = statSync(cache).mtimeMs;
    const again = await startGitHubStandIn();
    await again.close();
    // A start that rebuilt the subset from the 385 MB description would have written it anew.
    expect(statSync(cache).mtimeMs).toBe(written);
    expect(again.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe("repository dispatch", () => {
  it("stores event_type and client_payload and answers 204", async () => {
    const answer = await call("POST", repoPath("/dispatches"), {
      event_type: "deepsource.analysis_run.updated",
      client_payload: { provider: "deepsource", id: "1" },
    });
    expect(answer.status).toBe(204);
    expect(answer.body).toBeUndefined();
    expect(gh.state.repo(REPO).dispatches).toMatchObject([
      {
        event_type: "deepsource.analysis_run.updated",
        client_payload: { provider: "deepsource", id: "1" },
      },
    ]);
    expect(gh.requests[0]).toMatchObject({
      method: "POST",
      path: `/repos/${REPO}/dispatches`,
      operationId: "repos/create-dispatch-event",
      status: 204,
    });
    expect(gh.violations).toEqual([]);
  });

  it("rejects an event_type over 100 characters, as the description says", async () => {
    const answer = await call("POST", repoPath("/dispatches"), { event_type: "e".repeat(101) });
    expect(answer.status).toBe(422);
    expect(answer.body.message).toMatch(/^Invalid request\.\n\n.*event_type.*too long/s);
    expect(gh.violations).toEqual([expect.stringContaining("body/event_type")]);
    expect(gh.state.repo(REPO).dispatches).toEqual([]);
  });

  it("rejects a client_payload with more than 10 top-level keys", async () => {
    const client_payload = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
    const answer = await call("POST", repoPath("/dispatches"), { event_type: "x", client_payload });
    expect(answer.status).toBe(422);
    expect(gh.violations).toEqual([expect.stringContaining("more than 10 properties")]);
  });

  it("rejects a client_payload of 64 KB or more, which the description states only in prose", async () => {
    const fits = { body: "a".repeat(65_535 - JSON.stringify({ body: "" }).length) };
    expect(
      (await call("POST", repoPath("/dispatches"), { event_type: "x", client_payload: fits }))
        .status,
    ).toBe(204);
    const tooBig = { body: `${fits.body}a` };
    const answer = await call("POST", repoPath("/dispatches"), {
      event_type: "x",
      client_payload: tooBig,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.message).toBe("client_payload is too large.");
    expect(gh.violations).toEqual([expect.stringContaining("64 KB")]);
  });

  it("rejects a dispatch without event_type", async () => {
    const answer = await call("POST", repoPath("/dispatches"), { client_payload: {} });
    expect(answer.status).toBe(422);
    expect(answer.body.message).toContain(`"event_type" wasn't supplied.`);
    expect(gh.violations).toHaveLength(1);
  });
});

describe("check runs", () => {
  it("creates, reads and completes a run; update appends annotations and replaces title and summary", async () => {
    const created = await call("POST", repoPath("/check-runs"), {
      name: "DeepSource: Go",
      head_sha: SHA,
      external_id: "run-1",
      status: "in_progress",
      output: {
        title: "Analysing",
        summary: "2 issues so far",
        annotations: [annotation(1), annotation(2)],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "DeepSource: Go",
      head_sha: SHA,
      external_id: "run-1",
      status: "in_progress",
      conclusion: null,
      html_url: `https://github.com/${REPO}/runs/${created.body.id}`,
      output: { title: "Analysing", summary: "2 issues so far", annotations_count: 2 },
      app: { slug: "github-actions" },
    });
    expect(created.body.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const updated = await call("PATCH", repoPath(`/check-runs/${created.body.id}`), {
      conclusion: "failure",
      output: { title: "3 issues", summary: "Done", annotations: [annotation(3, "failure")] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      status: "completed",
      conclusion: "failure",
      output: { title: "3 issues", summary: "Done", annotations_count: 3 },
    });
    expect(updated.body.completed_at).not.toBeNull();

    const fetched = await call("GET", repoPath(`/check-runs/${created.body.id}`));
    expect(fetched.body).toEqual(updated.body);
    const annotations = await call("GET", repoPath(`/check-runs/${created.body.id}/annotations`));
    expect(annotations.body.map((a: { start_line: number }) => a.start_line)).toEqual([1, 2, 3]);
    expect(annotations.body[2]).toMatchObject({
      annotation_level: "failure",
      blob_href: `https://github.com/${REPO}/blob/${SHA}/src/index.ts`,
    });
    expect(gh.state.repo(REPO).checkRuns[0]?.output.annotations).toHaveLength(3);
    expect(gh.violations).toEqual([]);
  });

  it("lets more than 50 annotations reach one run through updates, but never 51 in one request", async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => annotation(i + 1));
    const run = await call("POST", repoPath("/check-runs"), {
      name: "lint",
      head_sha: SHA,
      output: { title: "t", summary: "s", annotations: fifty },
    });
    await call("PATCH", repoPath(`/check-runs/${run.body.id}`), {
      output: { title: "t", summary: "s", annotations: fifty },
    });
    expect(gh.violations).toEqual([]);
    const tooMany = await call("PATCH", repoPath(`/check-runs/${run.body.id}`), {
      output: { title: "t", summary: "s", annotations: [...fifty, annotation(51)] },
    });
    expect(tooMany.status).toBe(422);
    expect(gh.violations).toEqual([expect.stringContaining("more than 50 items")]);
    const page1 = await call(
      "GET",
      repoPath(`/check-runs/${run.body.id}/annotations?per_page=100`),
    );
    expect(page1.body).toHaveLength(100);
  });

  it.each([
    ["a bogus conclusion", { conclusion: "bogus" }, "body/conclusion"],
    [
      "a fatal annotation level",
      { output: { title: "t", summary: "s", annotations: [annotation(1, "fatal")] } },
      "annotation_level",
    ],
    ["no head_sha", { head_sha: undefined }, "body/head_sha"],
    ["an output without summary", { output: { title: "t" } }, "body/output/summary"],
    ["a completed status without conclusion", { status: "completed" }, "needs a conclusion"],
    ["the reserved stale conclusion", { conclusion: "stale" }, "stale"],
    ["a head_sha that is not a commit", { head_sha: "main" }, "not a full commit SHA"],
  ])("rejects a create with %s", async (_, change, expected) => {
    const body = { name: "n", head_sha: SHA, ...change };
    const answer = await call("POST", repoPath("/check-runs"), body);
    expect(answer.status).toBe(422);
    expect(gh.violations).toEqual([expect.stringContaining(expected)]);
    expect(gh.state.repo(REPO).checkRuns).toEqual([]);
  });

  it("rejects an update to status completed without conclusion (the schema's anyOf)", async () => {
    const run = await call("POST", repoPath("/check-runs"), { name: "n", head_sha: SHA });
    const answer = await call("PATCH", repoPath(`/check-runs/${run.body.id}`), {
      status: "completed",
    });
    expect(answer.status).toBe(422);
    expect(answer.body.message).toContain(`"conclusion" wasn't supplied.`);
    expect(gh.violations).toHaveLength(1);
  });

  it("answers 404 for unknown ids and for ids that are not numbers", async () => {
    expect((await call("GET", repoPath("/check-runs/123"))).status).toBe(404);
    expect(gh.violations).toEqual([]);
    expect((await call("GET", repoPath("/check-runs/abc"))).status).toBe(404);
    expect(gh.violations).toEqual([expect.stringContaining("path/check_run_id")]);
  });

  it("lists runs for a ref with check_name, status, filter and pagination", async () => {
    for (const name of ["a", "b", "a", "c"]) {
      await call("POST", repoPath("/check-runs"), { name, head_sha: SHA, status: "in_progress" });
    }
    await call("POST", repoPath("/check-runs"), {
      name: "a",
      head_sha: OTHER_SHA,
      conclusion: "success",
    });

    const latest = await call("GET", repoPath(`/commits/${SHA}/check-runs`));
    expect(latest.body.total_count).toBe(3);
    expect(latest.body.check_runs.map((r: { name: string }) => r.name)).toEqual(["c", "a", "b"]);
    const all = await call("GET", repoPath(`/commits/${SHA}/check-runs?filter=all`));
    expect(all.body.total_count).toBe(4);
    const named = await call("GET", repoPath(`/commits/${SHA}/check-runs?check_name=a&filter=all`));
    expect(named.body.total_count).toBe(2);
    const completed = await call(
      "GET",
      repoPath(`/commits/${OTHER_SHA}/check-runs?status=completed`),
    );
    expect(completed.body.check_runs).toMatchObject([{ name: "a", conclusion: "success" }]);

    const page1 = await call("GET", repoPath(`/commits/${SHA}/check-runs?filter=all&per_page=3`));
    expect(page1.body.check_runs).toHaveLength(3);
    expect(page1.body.total_count).toBe(4);
    const link = page1.headers.get("link") ?? "";
    expect(link).toContain(
      `<${gh.url}/repos/${REPO}/commits/${SHA}/check-runs?filter=all&per_page=3&page=2>; rel="next"`,
    );
    expect(link).toContain('rel="last"');
    const page2 = await call(
      "GET",
      repoPath(`/commits/${SHA}/check-runs?filter=all&per_page=3&page=2`),
    );
    expect(page2.body.check_runs).toHaveLength(1);
    expect(page2.headers.get("link")).toContain('rel="prev"');
    expect(page2.headers.get("link")).not.toContain('rel="next"');

    expect((await call("GET", repoPath(`/commits/${SHA}/check-runs?status=done`))).status).toBe(
      422,
    );
    expect(gh.violations).toEqual([expect.stringContaining("query/status")]);
  });

  it("links runs to seeded pull requests and resolves their branch as a ref", async () => {
    gh.seedPullRequest(REPO, { number: 7, head: { sha: SHA, ref: "feature/x" } });
    await call("POST", repoPath("/check-runs"), { name: "n", head_sha: SHA });
    const byBranch = await call(
      "GET",
      repoPath(`/commits/${encodeURIComponent("feature/x")}/check-runs`),
    );
    expect(byBranch.body.total_count).toBe(1);
    expect(byBranch.body.check_runs[0].pull_requests).toMatchObject([
      { number: 7, head: { sha: SHA, ref: "feature/x" } },
    ]);
  });
});

describe("commit statuses", () => {
  it("creates statuses and lists them newest first", async () => {
    const first = await call("POST", repoPath(`/statuses/${SHA}`), {
      state: "pending",
      context: "hookbridge",
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      state: "pending",
      context: "hookbridge",
      description: null,
      target_url: null,
    });
    await call("POST", repoPath(`/statuses/${SHA}`), {
      state: "success",
      context: "hookbridge",
      description: "All good",
      target_url: "https://example.com/run/1",
    });
    const list = await call("GET", repoPath(`/commits/${SHA}/statuses`));
    expect(list.body.map((s: { state: string }) => s.state)).toEqual(["success", "pending"]);
    expect(gh.violations).toEqual([]);
  });

  it("rejects a description over 140 characters, a bad state and a ref that is not a SHA", async () => {
    const long = await call("POST", repoPath(`/statuses/${SHA}`), {
      state: "success",
      description: "d".repeat(141),
    });
    expect(long.status).toBe(422);
    expect(long.body.errors).toEqual([
      {
        resource: "Status",
        code: "custom",
        field: "description",
        message: "description is too long (maximum is 140 characters)",
      },
    ]);
    expect((await call("POST", repoPath(`/statuses/${SHA}`), { state: "done" })).status).toBe(422);
    expect((await call("POST", repoPath("/statuses/main"), { state: "success" })).status).toBe(422);
    expect(gh.violations).toHaveLength(3);
    expect(gh.state.repo(REPO).statuses).toEqual([]);
  });
});

describe("issues, comments and labels", () => {
  it("creates an issue with labels, creating the ones that do not exist", async () => {
    const created = await call("POST", repoPath("/issues"), {
      title: "DeepSource: 3 new issues",
      body: "<!-- hookbridge:deepsource -->",
      labels: ["bug", "hookbridge"],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      number: 1,
      state: "open",
      html_url: `https://github.com/${REPO}/issues/1`,
      labels: [
        { name: "bug", default: true },
        { name: "hookbridge", color: "ededed", default: false },
      ],
    });
    expect(created.body.pull_request).toBeUndefined();
    const labels = await call("GET", repoPath("/labels?per_page=100"));
    expect(labels.body.map((l: { name: string }) => l.name)).toContain("hookbridge");
    expect(gh.state.repo(REPO).issues[0]).toMatchObject({
      labels: ["bug", "hookbridge"],
      state: "open",
    });
  });

  it("updates title, body, labels and state, and closes with a reason", async () => {
    await call("POST", repoPath("/issues"), { title: "t", labels: ["bug"] });
    const closed = await call("PATCH", repoPath("/issues/1"), {
      title: "t2",
      body: "b2",
      labels: ["question"],
      state: "closed",
      state_reason: "not_planned",
    });
    expect(closed.body).toMatchObject({
      title: "t2",
      body: "b2",
      state: "closed",
      state_reason: "not_planned",
    });
    expect(closed.body.labels.map((l: { name: string }) => l.name)).toEqual(["question"]);
    expect(closed.body.closed_at).not.toBeNull();
    const reopened = await call("PATCH", repoPath("/issues/1"), { state: "open" });
    expect(reopened.body).toMatchObject({
      state: "open",
      state_reason: "reopened",
      closed_at: null,
    });
    expect((await call("PATCH", repoPath("/issues/1"), { state: "done" })).status).toBe(422);
    expect((await call("GET", repoPath("/issues/99"))).status).toBe(404);
    expect(gh.violations).toEqual([expect.stringContaining("body/state")]);
  });

  it("lists issues by state and labels, with pull requests as issues and pagination", async () => {
    gh.seedPullRequest(REPO, { head: { sha: SHA, ref: "fix" }, labels: ["autofix"] });
    for (let i = 0; i < 4; i++)
      await call("POST", repoPath("/issues"), {
        title: `issue ${i}`,
        labels: i % 2 ? ["autofix"] : [],
      });
    await call("PATCH", repoPath("/issues/2"), { state: "closed" });

    const open = await call("GET", repoPath("/issues"));
    expect(open.body.map((i: { number: number }) => i.number)).toEqual([5, 4, 3, 1]);
    expect(open.body.at(-1).pull_request).toMatchObject({
      html_url: `https://github.com/${REPO}/pull/1`,
    });
    const labelled = await call("GET", repoPath("/issues?labels=autofix&state=all"));
    expect(labelled.body.map((i: { number: number }) => i.number)).toEqual([5, 3, 1]);
    const closed = await call("GET", repoPath("/issues?state=closed"));
    expect(closed.body.map((i: { number: number }) => i.number)).toEqual([2]);
    const page = await call("GET", repoPath("/issues?state=all&per_page=2&page=2&direction=asc"));
    expect(page.body.map((i: { number: number }) => i.number)).toEqual([3, 4]);
    expect(page.headers.get("link")).toMatch(/rel="prev".*rel="next".*rel="last".*rel="first"/);
    expect(gh.violations).toEqual([]);
  });

  it("comments on issues and pull requests through the issues endpoints, and edits comments", async () => {
    gh.seedPullRequest(REPO, { number: 12, head: { sha: SHA, ref: "autofix" } });
    const next = await call("POST", repoPath("/issues"), { title: "after the PR" });
    expect(next.body.number).toBe(13);

    const comment = await call("POST", repoPath("/issues/12/comments"), {
      body: "<!-- hookbridge:autofix -->\nhello",
    });
    expect(comment.status).toBe(201);
    expect(comment.body.html_url).toBe(
      `https://github.com/${REPO}/pull/12#issuecomment-${comment.body.id}`,
    );
    const edited = await call("PATCH", repoPath(`/issues/comments/${comment.body.id}`), {
      body: "edited",
    });
    expect(edited.body).toMatchObject({ id: comment.body.id, body: "edited" });
    const list = await call("GET", repoPath("/issues/12/comments"));
    expect(list.body).toMatchObject([{ body: "edited" }]);
    expect((await call("POST", repoPath("/issues/99/comments"), { body: "x" })).status).toBe(404);
    expect((await call("PATCH", repoPath("/issues/comments/1"), { body: "x" })).status).toBe(404);
    expect(gh.state.repo(REPO).issue(12)?.comments).toHaveLength(1);
    expect(gh.violations).toEqual([]);
  });

  it("accepts bodies of exactly 65,536 characters and rejects one more, like GitHub", async () => {
    const max = "x".repeat(65_536);
    expect((await call("POST", repoPath("/issues"), { title: "t", body: max })).status).toBe(201);
    const issue = await call("POST", repoPath("/issues"), { title: "t", body: `${max}x` });
    expect(issue.status).toBe(422);
    expect(issue.body).toMatchObject({
      message: "Validation Failed",
      errors: [
        {
          resource: "Issue",
          field: "body",
          message: "body is too long (maximum is 65536 characters)",
        },
      ],
    });
    expect((await call("PATCH", repoPath("/issues/1"), { body: `${max}x` })).status).toBe(422);
    expect((await call("POST", repoPath("/issues/1/comments"), { body: max })).status).toBe(201);
    const comment = await call("POST", repoPath("/issues/1/comments"), { body: `${max}x` });
    expect(comment.status).toBe(422);
    expect(comment.body.errors[0]).toMatchObject({
      resource: "IssueComment",
      message: "Body is too long (maximum is 65536 characters)",
    });
    // Characters, not UTF-16 units: 65,536 emoji are 131,072 units and still fit.
    expect(
      (await call("POST", repoPath("/issues/1/comments"), { body: "😀".repeat(65_536) })).status,
    ).toBe(201);
    expect(gh.violations).toHaveLength(3);
  });

  it("rejects a title that is missing or too long, and unknown keys where the schema forbids them", async () => {
    expect((await call("POST", repoPath("/issues"), { body: "no title" })).status).toBe(422);
    expect((await call("POST", repoPath("/issues"), { title: "t".repeat(257) })).status).toBe(422);
    const unknownKey = await call("POST", repoPath("/issues"), {
      title: "t",
      issue_field_values: [{ field_id: 1, value: "v", colour: "red" }],
    });
    expect(unknownKey.status).toBe(422);
    expect(unknownKey.body.message).toContain(`"colour" is not a permitted key.`);
    expect(gh.violations).toEqual([
      expect.stringContaining(`"title" wasn't supplied`),
      expect.stringContaining("title is 257 characters"),
      expect.stringContaining("issue_field_values/0/colour"),
    ]);
  });

  it("adds, lists, creates and removes labels", async () => {
    await call("POST", repoPath("/issues"), { title: "t" });
    const added = await call("POST", repoPath("/issues/1/labels"), {
      labels: ["hookbridge", { name: "bug" }],
    });
    expect(added.status).toBe(200);
    expect(added.body.map((l: { name: string }) => l.name)).toEqual(["bug", "hookbridge"]);

    const created = await call("POST", repoPath("/labels"), {
      name: "severity: high",
      color: "b60205",
      description: "Fix first",
    });
    expect(created.status).toBe(201);
    const duplicate = await call("POST", repoPath("/labels"), { name: "Severity: High" });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.errors).toEqual([
      { resource: "Label", code: "already_exists", field: "name" },
    ]);
    expect(gh.violations).toEqual([]);
    expect((await call("POST", repoPath("/labels"), { name: "x", color: "#ff0000" })).status).toBe(
      422,
    );
    expect(gh.violations).toHaveLength(1);

    const page = await call("GET", repoPath("/labels?per_page=5"));
    expect(page.body).toHaveLength(5);
    expect(page.headers.get("link")).toContain('rel="next"');

    const removed = await call(
      "DELETE",
      repoPath(`/issues/1/labels/${encodeURIComponent("hookbridge")}`),
    );
    expect(removed.body.map((l: { name: string }) => l.name)).toEqual(["bug"]);
    const absent = await call("DELETE", repoPath("/issues/1/labels/hookbridge"));
    expect(absent.status).toBe(404);
    expect(absent.body.message).toBe("Label does not exist");
    expect((await call("POST", repoPath("/issues/1/labels"), { labels: [] })).status).toBe(422);
  });
});

describe("who the token is", () => {
  it("refuses GET /user for an installation token, and writes as github-actions[bot]", async () => {
    const answer = await call("GET", "/user");
    expect(answer.status).toBe(403);
    expect(answer.body.message).toBe("Resource not accessible by integration");
    const issue = await call("POST", repoPath("/issues"), { title: "t" });
    expect(issue.body.user).toMatchObject({ login: "github-actions[bot]", type: "Bot" });
  });

  it("answers GET /user for a personal token, whose writes it authors", async () => {
    const personal = await startGitHubStandIn({
      token: TOKEN,
      tokenUser: { login: "octo-maintainer", id: 4242, type: "User" },
    });
    try {
      const user = await call("GET", "/user", undefined, undefined, personal);
      expect(user.status).toBe(200);
      expect(user.body).toMatchObject({ login: "octo-maintainer", id: 4242, type: "User" });
      const issue = await call("POST", repoPath("/issues"), { title: "t" }, undefined, personal);
      const comment = await call(
        "POST",
        repoPath(`/issues/${issue.body.number}/comments`),
        { body: "c" },
        undefined,
        personal,
      );
      expect(issue.body.user.login).toBe("octo-maintainer");
      expect(comment.body.user.login).toBe("octo-maintainer");
      expect(personal.violations).toEqual([]);
      expect(personal.responseViolations()).toEqual([]);
    } finally {
      await personal.close();
    }
  });
});

describe("pull requests and the repository", () => {
  it("serves seeded pull requests, filtering by owner:branch and ignoring a bare branch like GitHub", async () => {
    gh.seedPullRequest(REPO, { number: 3, head: { sha: SHA, ref: "autofix/1" }, title: "Autofix" });
    gh.seedPullRequest(REPO, {
      number: 4,
      head: { sha: OTHER_SHA, ref: "other" },
      state: "closed",
    });
    const pull = await call("GET", repoPath("/pulls/3"));
    expect(pull.body).toMatchObject({
      number: 3,
      title: "Autofix",
      state: "open",
      head: { sha: SHA, ref: "autofix/1" },
    });
    expect((await call("GET", repoPath("/pulls/99"))).status).toBe(404);

    const byHead = await call("GET", repoPath("/pulls?head=octo-org:autofix/1"));
    expect(byHead.body.map((p: { number: number }) => p.number)).toEqual([3]);
    const bare = await call("GET", repoPath("/pulls?head=other&state=all"));
    expect(bare.body.map((p: { number: number }) => p.number)).toEqual([4, 3]);
    const issue = await call("GET", repoPath("/issues/3"));
    expect(issue.body.pull_request.url).toBe(`${gh.url}/repos/${REPO}/pulls/3`);
    expect(() => gh.seedPullRequest(REPO, { number: 3, head: { sha: SHA, ref: "x" } })).toThrow(
      /already exists/,
    );
  });

  it("returns a repository object and 404 for repositories outside an allow-list", async () => {
    const repo = await call("GET", repoPath(""));
    expect(repo.body).toMatchObject({
      full_name: REPO,
      default_branch: "main",
      owner: { login: "octo-org" },
    });
    const limited = await startGitHubStandIn({ repositories: [REPO] });
    try {
      expect((await call("GET", repoPath(""), undefined, undefined, limited)).status).toBe(200);
      expect(
        (await call("GET", "/repos/octo-org/other", undefined, undefined, limited)).status,
      ).toBe(404);
    } finally {
      await limited.close();
    }
  });

  it("gives answers that match the description's response schemas", async () => {
    gh.seedPullRequest(REPO, { head: { sha: SHA, ref: "f" } });
    const run = await call("POST", repoPath("/check-runs"), {
      name: "n",
      head_sha: SHA,
      output: { title: "t", summary: "s", annotations: [annotation(1)] },
    });
    await call("PATCH", repoPath(`/check-runs/${run.body.id}`), { conclusion: "neutral" });
    await call("GET", repoPath(`/check-runs/${run.body.id}`));
    await call("GET", repoPath(`/check-runs/${run.body.id}/annotations`));
    await call("GET", repoPath(`/commits/${SHA}/check-runs`));
    await call("POST", repoPath(`/statuses/${SHA}`), { state: "success" });
    await call("GET", repoPath(`/commits/${SHA}/statuses`));
    await call("POST", repoPath("/issues"), { title: "t", labels: ["x"] });
    await call("PATCH", repoPath("/issues/2"), { state: "closed" });
    await call("GET", repoPath("/issues?state=all"));
    await call("GET", repoPath("/issues/1"));
    await call("POST", repoPath("/issues/2/comments"), { body: "c" });
    await call("GET", repoPath("/issues/2/comments"));
    await call("POST", repoPath("/issues/2/labels"), { labels: ["y"] });
    await call("DELETE", repoPath("/issues/2/labels/y"));
    await call("POST", repoPath("/labels"), { name: "z" });
    await call("GET", repoPath("/labels"));
    await call("GET", repoPath("/pulls/1"));
    await call("GET", repoPath("/pulls"));
    await call("GET", repoPath(""));
    expect(gh.requests.every((r) => r.status !== null && r.status < 300)).toBe(true);
    expect(gh.violations).toEqual([]);
    expect(gh.responseViolations()).toEqual([]);
  });
});

describe("authentication", () => {
  it("answers 401 without credentials and records it", async () => {
    const answer = await call("GET", repoPath("/issues"), undefined, {});
    expect(answer.status).toBe(401);
    expect(answer.body.message).toBe("Requires authentication");
    expect(gh.violations).toEqual([expect.stringContaining("no authorization header")]);
  });

  it("checks the token when one is configured, accepting both schemes", async () => {
    const strict = await startGitHubStandIn({ token: TOKEN });
    try {
      expect(
        (
          await call(
            "GET",
            repoPath("/labels"),
            undefined,
            { authorization: `Bearer ${TOKEN}` },
            strict,
          )
        ).status,
      ).toBe(200);
      expect(
        (
          await call(
            "GET",
            repoPath("/labels"),
            undefined,
            { authorization: `token ${TOKEN}` },
            strict,
          )
        ).status,
      ).toBe(200);
      const wrong = await call(
        "GET",
        repoPath("/labels"),
        undefined,
        { authorization: "token nope" },
        strict,
      );
      expect(wrong.status).toBe(401);
      expect(wrong.body.message).toBe("Bad credentials");
      expect(strict.violations).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });

  it("exchanges an RS256 app JWT for an installation token that later requests may use", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const strict = await startGitHubStandIn({
      token: "only-this",
      appId: 12345,
      appPublicKey: publicKey,
    });
    try {
      const { token: jwt } = await githubAppJwt({ id: 12345, privateKey: pem });
      const minted = await call(
        "POST",
        "/app/installations/987/access_tokens",
        {},
        { authorization: `Bearer ${jwt}` },
        strict,
      );
      expect(minted.status).toBe(201);
      expect(minted.body.token).toMatch(/^ghs_\w{36}$/);
      expect(Date.parse(minted.body.expires_at)).toBeGreaterThan(Date.now());
      expect(strict.state.installationTokens).toMatchObject([
        {
          installation_id: 987,
          token: minted.body.token,
          jwt: { header: { alg: "RS256", typ: "JWT" }, payload: { iss: 12345 } },
        },
      ]);
      const used = await call(
        "POST",
        repoPath("/dispatches"),
        { event_type: "x" },
        { authorization: `token ${minted.body.token}` },
        strict,
      );
      expect(used.status).toBe(204);
      expect(strict.violations).toEqual([]);

      const notJwt = await call(
        "POST",
        "/app/installations/987/access_tokens",
        {},
        { authorization: "Bearer only-this" },
        strict,
      );
      expect(notJwt.status).toBe(401);
      const jwtOnRepo = await call(
        "GET",
        repoPath("/labels"),
        undefined,
        { authorization: `Bearer ${jwt}` },
        strict,
      );
      expect(jwtOnRepo.status).toBe(401);
      const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
        .privateKey.export({ type: "pkcs8", format: "pem" })
        .toString();
      const { token: forged } = await githubAppJwt({ id: 12345, privateKey: otherKey });
      const badSignature = await call(
        "POST",
        "/app/installations/987/access_tokens",
        {},
        { authorization: `Bearer ${forged}` },
        strict,
      );
      expect(badSignature.status).toBe(401);
      expect(strict.violations).toEqual([
        expect.stringContaining("needs a GitHub App JWT"),
        expect.stringContaining("needs an installation token"),
        expect.stringContaining("signature does not verify"),
      ]);
    } finally {
      await strict.close();
    }
  });
});

describe("App installations per owner", () => {
  it("finds each owner's installation, binds its tokens to that owner, and expires them", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    let now = Date.now();
    const apps = await startGitHubStandIn({
      appId: 12345,
      appPublicKey: publicKey,
      installations: { "Octo-Org": 11, "other-org": 22 },
      tokenLifetimeMs: 60_000,
      now: () => new Date(now),
    });
    try {
      const bearer = async () => ({
        authorization: `Bearer ${(await githubAppJwt({ id: 12345, privateKey: pem, now: Math.floor(now / 1000) })).token}`,
      });
      const found = await call(
        "GET",
        "/repos/octo-org/api/installation",
        undefined,
        await bearer(),
        apps,
      );
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ id: 11, account: { login: "octo-org" } });
      const missing = await call(
        "GET",
        "/repos/third-org/api/installation",
        undefined,
        await bearer(),
        apps,
      );
      expect(missing.status).toBe(404);
      expect(
        (await call("POST", "/app/installations/33/access_tokens", {}, await bearer(), apps))
          .status,
      ).toBe(404);

      const minted = await call(
        "POST",
        "/app/installations/11/access_tokens",
        {},
        await bearer(),
        apps,
      );
      expect(minted.status).toBe(201);
      expect(Date.parse(minted.body.expires_at)).toBe(Math.floor((now + 60_000) / 1000) * 1000);
      const withToken = { authorization: `token ${minted.body.token}` };
      const dispatch = (repo: string) =>
        call("POST", `/repos/${repo}/dispatches`, { event_type: "x" }, withToken, apps);
      expect((await dispatch("octo-org/api")).status).toBe(204);
      expect((await dispatch("OCTO-ORG/web")).status).toBe(204);
      // Another owner's repository is invisible to this installation's token.
      expect((await dispatch("other-org/api")).status).toBe(404);
      expect(apps.state.repo("other-org/api").dispatches).toHaveLength(0);
      now += 61_000;
      const expired = await dispatch("octo-org/api");
      expect(expired.status).toBe(401);
      expect(apps.violations).toEqual([expect.stringContaining("expired installation token")]);
    } finally {
      await apps.close();
    }
  });
});

describe("conformance checks", () => {
  it("records unknown paths, unknown methods, unimplemented operations and broken JSON", async () => {
    const unknownPath = await call("GET", repoPath("/no-such-thing"));
    expect(unknownPath.status).toBe(404);
    expect((await call("PUT", repoPath("/dispatches"), {})).status).toBe(404);
    const notImplemented = await call("POST", repoPath("/git/refs"), {
      ref: "refs/heads/x",
      sha: SHA,
    });
    expect(notImplemented.status).toBe(501);
    const broken = await call("POST", repoPath("/dispatches"), "{not json");
    expect(broken.status).toBe(400);
    expect(broken.body.message).toBe("Problems parsing JSON");
    expect(gh.violations).toEqual([
      expect.stringContaining("no such path"),
      expect.stringContaining("PUT is not an operation"),
      expect.stringContaining("not implemented in the stand-in: git/create-ref"),
      expect.stringContaining("not valid JSON"),
    ]);
  });

  it("sends GitHub's request id and rate-limit headers", async () => {
    const first = await call("GET", repoPath("/labels"));
    const second = await call("GET", repoPath("/labels"));
    expect(first.headers.get("x-github-request-id")).toMatch(/^[0-9A-F]+(:[0-9A-F]+){4}$/);
    expect(first.headers.get("x-ratelimit-limit")).toBe("5000");
    expect(Number(second.headers.get("x-ratelimit-remaining"))).toBe(
      Number(first.headers.get("x-ratelimit-remaining")) - 1,
    );
    expect(Number(first.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    expect(first.headers.get("x-ratelimit-resource")).toBe("core");
  });
});

describe("faults", () => {
  const dispatch = () => call("POST", repoPath("/dispatches"), { event_type: "x" });

  it("answers scripted statuses once each, then behaves normally", async () => {
    gh.fail("POST /repos/{owner}/{repo}/dispatches", [
      { status: 500 },
      { status: 429, headers: { "retry-after": "1" } },
    ]);
    const first = await dispatch();
    expect(first.status).toBe(500);
    const second = await dispatch();
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBe("1");
    expect(second.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(second.body.message).toMatch(/rate limit/);
    expect((await dispatch()).status).toBe(204);
    expect(gh.state.repo(REPO).dispatches).toHaveLength(1);
    expect(gh.pendingFaults()).toBe(0);
    expect(gh.requests.map((r) => r.status)).toEqual([500, 429, 204]);
  });

  it("hangs until the client gives up", async () => {
    gh.fail("repos/create-dispatch-event", [{ hang: true }]);
    const request = fetch(`${gh.url}${repoPath("/dispatches")}`, {
      method: "POST",
      headers: { authorization: `token ${TOKEN}` },
      body: JSON.stringify({ event_type: "x" }),
      signal: AbortSignal.timeout(150),
    });
    await expect(request).rejects.toThrow(/abort|timeout/i);
    expect(gh.requests[0]?.status).toBeNull();
    expect(gh.state.repo(REPO).dispatches).toEqual([]);
  });

  it("resets the connection", async () => {
    gh.fail(`POST /repos/${REPO}/dispatches`, [{ reset: true }]);
    const error = await dispatch().catch(
      (e: unknown) => e as Error & { cause?: { code?: string } },
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(
      String((error as { cause?: { code?: string; message?: string } }).cause?.code ?? ""),
    ).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect((await dispatch()).status).toBe(204);
  });

  it("delays a scripted answer, and can delay every matching request", async () => {
    gh.fail("POST /repos/{owner}/{repo}/dispatches", [
      { delayMs: 80, status: 204 },
      { delayMs: 80 },
    ]);
    let started = performance.now();
    expect((await dispatch()).status).toBe(204);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(gh.state.repo(REPO).dispatches).toHaveLength(0);
    started = performance.now();
    expect((await dispatch()).status).toBe(204);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(gh.state.repo(REPO).dispatches).toHaveLength(1);

    // Orders, not durations: each case races a delayed request against another one, with a
    // margin of a quarter of a second either way, so a busy machine cannot flip the outcome.
    const stragglers: Promise<unknown>[] = [];
    const first = (racers: Record<string, Promise<unknown>>) => {
      stragglers.push(...Object.values(racers));
      return Promise.race(Object.entries(racers).map(([name, racer]) => racer.then(() => name)));
    };

    gh.setDelay("repos/create-dispatch-event", 250);
    gh.setDelay("issues/list-labels-for-repo", 500);
    // Three delayed dispatches side by side take 250 ms, one after another 750.
    const concurrent = Promise.all([dispatch(), dispatch(), dispatch()]);
    started = performance.now();
    expect(await first({ dispatches: concurrent, labels: call("GET", repoPath("/labels")) })).toBe(
      "dispatches",
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(245);
    expect((await concurrent).map((a) => a.status)).toEqual([204, 204, 204]);

    // Only matching requests wait: an undelayed one overtakes a delayed one.
    gh.setDelay("issues/list-labels-for-repo", 0);
    expect(await first({ dispatch: dispatch(), labels: call("GET", repoPath("/labels")) })).toBe(
      "labels",
    );

    // A delay set back to 0 is gone.
    gh.setDelay("repos/create-dispatch-event", 0);
    gh.setDelay("issues/list-labels-for-repo", 250);
    expect(await first({ dispatch: dispatch(), labels: call("GET", repoPath("/labels")) })).toBe(
      "dispatch",
    );
    gh.setDelay("issues/list-labels-for-repo", 0);
    await Promise.all(stragglers);
  });

  it("serves at most N matching requests per second of its clock, answering the rest as told", async () => {
    let clock = Date.parse("2026-01-01T00:00:00.000Z");
    const capped = await startGitHubStandIn({ token: TOKEN, now: () => new Date(clock) });
    try {
      const send = () =>
        call("POST", repoPath("/dispatches"), { event_type: "x" }, undefined, capped);
      capped.setRateCap("repos/create-dispatch-event", 2, {
        status: 429,
        headers: { "retry-after": "1" },
        body: { message: "You have exceeded a secondary rate limit." },
      });
      const first = [await send(), await send(), await send()];
      expect(first.map((answer) => answer.status)).toEqual([204, 204, 429]);
      expect(first[2]?.headers.get("retry-after")).toBe("1");
      // Other operations are not counted.
      expect((await call("GET", repoPath("/labels"), undefined, undefined, capped)).status).toBe(
        200,
      );
      clock += 1000;
      expect((await send()).status).toBe(204);
      capped.setRateCap("repos/create-dispatch-event", undefined, { status: 429 });
      expect([(await send()).status, (await send()).status]).toEqual([204, 204]);
      expect(capped.state.repo(REPO).dispatches).toHaveLength(5);
    } finally {
      await capped.close();
    }
  });

  it("refuses a matcher that names no operation", () => {
    expect(() => gh.fail("POST /repos/{owner}/{repo}/dispatch", [{ status: 500 }])).toThrow(
      /matches no operation/,
    );
    expect(() => gh.setDelay("repos/nope", 10)).toThrow(/matches no operation/);
  });
});

describe("a real Octokit client", () => {
  it("works against the stand-in through getOctokit with baseUrl", async () => {
    const octokit = getOctokit(TOKEN, { baseUrl: gh.url });
    const [owner, repo] = REPO.split("/") as [string, string];
    await octokit.rest.repos.createDispatchEvent({
      owner,
      repo,
      event_type: "deepsource.test",
      client_payload: { a: 1 },
    });
    const { data: run } = await octokit.rest.checks.create({
      owner,
      repo,
      name: "hookbridge",
      head_sha: SHA,
      status: "completed",
      conclusion: "success",
      output: {
        title: "OK",
        summary: "fine",
        annotations: [{ ...annotation(1), annotation_level: "notice" }],
      },
    });
    expect(run.conclusion).toBe("success");
    for (let i = 0; i < 35; i++)
      await octokit.rest.issues.create({ owner, repo, title: `issue ${i}` });
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner,
      repo,
      per_page: 10,
    });
    expect(issues).toHaveLength(35);
    const failure = await octokit.rest.issues
      .get({ owner, repo, issue_number: 999 })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ status: 404 });
    await expect(
      octokit.rest.issues.createComment({ owner, repo, issue_number: 1, body: "x".repeat(65_537) }),
    ).rejects.toMatchObject({ status: 422 });
    expect(gh.violations).toEqual([expect.stringContaining("comment body is 65537 characters")]);
    expect(gh.requests.filter((r) => r.operationId === "issues/list-for-repo")).toHaveLength(4);
  });
});
