import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { COMMIT, dispatch, edited, envelope, freshRepo, requestsFor, sample } from "./support.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

const MARKER = "<!-- hookbridge:autofix:8d494192-a837-49d7-a3a9-a0ea78dc667d -->";

function pullRequest(repo: string, number = 1) {
  gh.seedPullRequest(repo, { number, head: { sha: COMMIT.autofixSource, ref: "feature-branch" } });
  return () => gh.state.repo(repo).issue(number);
}

describe.concurrent("autofix_run events", () => {
  it("keeps one sticky comment per run, edited as the run moves on, and labels the source pull request", async () => {
    const repo = freshRepo("autofix");
    const pull = pullRequest(repo);
    const started = await envelope(sample("autofix_run.started"));
    const updated = await envelope(sample("autofix_run.updated"));

    const first = await dispatch(gh, started, { repo, inputs: { labels: "bots" } });
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({
      event: "autofix_run.started",
      repository: "deepsourcelabs/demo-python",
      branch: "feature-branch",
      commit: COMMIT.autofixSource,
      "pull-request": "1",
      "autofix-pull-request": "",
      status: "PENDING",
    });
    expect(JSON.parse(first.outputs.object ?? "")).toMatchObject({ object: "AutofixRun" });
    expect(pull()?.labels).toEqual(["autofix", "bots"]);
    expect(pull()?.comments).toHaveLength(1);
    const comment = pull()?.comments[0]?.body ?? "";
    expect(
      comment.startsWith(
        `${MARKER}\n<!-- hookbridge:updated-at:1649335896 -->\n### ⏳ DeepSource Autofix is running`,
      ),
    ).toBe(true);
    expect(comment).toContain("- **Autofix pull request:** not opened yet");
    expect(comment).toContain(
      "- `PYL-R0201` Consider decorating method with \\`@\u200Bstaticmethod\\` (Performance, Python)",
    );
    expect(first.summary).toMatch(
      /\| Comment \| \[comment on #​1\]\(https:\/\/github\.com\/.*#issuecomment-\d+\) \| created \(pending\) \|/,
    );
    expect(first.summary).toContain("| Label | [#​1](https://github.com/");

    const second = await dispatch(gh, updated, { repo });
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({
      "pull-request": "",
      "autofix-pull-request": "1",
      status: "SUCCESS",
      branch: "master",
    });
    expect(pull()?.comments).toHaveLength(1);
    const edited = pull()?.comments[0]?.body ?? "";
    expect(edited).toContain("### ✅ DeepSource Autofix succeeded");
    // The run's pull request is in deepsourcelabs/demo-python, not this repository: named, not linked.
    expect(edited).toContain(
      "- **Autofix pull request:** #\u200B1 Change methods not using its bound instance to staticmethods (open)",
    );
    expect(edited).toContain("finished 2022-04-07 12:51:41 UTC");

    // Replays and a late "started" change nothing.
    const before = requestsFor(gh, repo).filter((r) => r.method !== "GET").length;
    for (const payload of [updated, started, started])
      expect((await dispatch(gh, payload, { repo })).code).toBe(0);
    expect(pull()?.comments).toHaveLength(1);
    expect(pull()?.comments[0]?.body).toBe(edited);
    expect(pull()?.labels).toEqual(["autofix", "bots"]);
    expect(requestsFor(gh, repo).filter((r) => r.method !== "GET").length).toBe(before);
    expect(gh.violations).toEqual([]);
  });

  it("comments on the Autofix pull request when there is no source pull request, without labelling it", async () => {
    const repo = freshRepo("autofix-only");
    const pull = pullRequest(repo);
    const run = await dispatch(gh, await envelope(sample("autofix_run.updated")), { repo });
    expect(run.code).toBe(0);
    expect(pull()?.comments).toHaveLength(1);
    expect(pull()?.comments[0]?.body.startsWith(MARKER)).toBe(true);
    expect(pull()?.labels).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  it("labels the source pull request when it is named after an update wrote the comment first", async () => {
    const repo = freshRepo("autofix-update-first");
    const pull = pullRequest(repo);
    // Deliveries are not ordered: the update (naming only the Autofix pull request) comes first.
    expect((await dispatch(gh, await envelope(sample("autofix_run.updated")), { repo })).code).toBe(
      0,
    );
    expect(pull()?.labels).toEqual([]);
    const started = await dispatch(gh, await envelope(sample("autofix_run.started")), {
      repo,
      inputs: { labels: "bots" },
    });
    expect(started.code, started.stdout).toBe(0);
    expect(started.summary).toContain("kept: it shows a newer update");
    expect(pull()?.labels).toEqual(["autofix", "bots"]);
    expect(pull()?.comments).toHaveLength(1);
    expect(pull()?.comments[0]?.body).toContain("### ✅ DeepSource Autofix succeeded");
    expect(gh.violations).toEqual([]);
  });

  it("labels the source pull request on the next delivery when labelling failed after the comment", async () => {
    const repo = freshRepo("autofix-label-retry");
    const pull = pullRequest(repo);
    const started = await envelope(sample("autofix_run.started"));
    gh.fail(`POST /repos/${repo}/issues/1/labels`, {
      status: 403,
      headers: { "x-ratelimit-remaining": "4990" },
      body: { message: "Resource not accessible by integration" },
    });
    const refused = await dispatch(gh, started, { repo });
    expect(refused.code).toBe(1);
    expect(pull()?.comments).toHaveLength(1);
    expect(pull()?.labels).toEqual([]);

    const retried = await dispatch(gh, started, { repo });
    expect(retried.code, retried.stdout).toBe(0);
    expect(pull()?.labels).toEqual(["autofix"]);
    expect(pull()?.comments).toHaveLength(1);
    // Labelled already: the next delivery reads the labels and writes nothing.
    const before = requestsFor(gh, repo).filter((r) => r.method !== "GET").length;
    expect((await dispatch(gh, started, { repo })).code).toBe(0);
    expect(requestsFor(gh, repo).filter((r) => r.method !== "GET").length).toBe(before);
    expect(gh.violations).toEqual([]);
  });

  it("skips a run with no pull request at all, and does nothing when autofix-comment is off", async () => {
    const repo = freshRepo("autofix-none");
    const body = edited(sample("autofix_run.started"), (json) => {
      json.data.object.sourcePullRequest = null;
    });
    const run = await dispatch(gh, await envelope(body), { repo });
    expect(run.code).toBe(0);
    expect(run.summary).toContain("skipped: the run has no pull request to comment on");
    const off = await dispatch(gh, await envelope(sample("autofix_run.started")), {
      repo,
      inputs: { "autofix-comment": "false" },
    });
    expect(off.code).toBe(0);
    expect(requestsFor(gh, repo)).toEqual([]);
    expect(gh.violations).toEqual([]);
  });
});
