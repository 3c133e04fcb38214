import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import {
  COMMIT,
  dispatch,
  edited,
  envelope,
  freshRepo,
  messages,
  requestsFor,
  sample,
  sampleWithCommits,
} from "./support.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

const RUN = "75d0dd35-d12c-4f8d-67f1-494b9c1abcdef";

function checkRuns(repo: string) {
  return gh.state.repo(repo).checkRuns.map((run) => ({
    name: run.name,
    head_sha: run.head_sha,
    external_id: run.external_id,
    status: run.status,
    conclusion: run.conclusion,
  }));
}

function writes(repo: string) {
  return requestsFor(gh, repo).filter((request) => request.method !== "GET");
}

describe.concurrent("analysis_run events", () => {
  it("a run without commitOid gets its outputs and summary, and skips check runs and statuses, saying why", async () => {
    const repo = freshRepo("no-commit");
    const body = edited(sampleWithCommits("analysis_run.updated"), (json) => {
      json.data.object.commitOid = null;
    });
    const run = await dispatch(gh, await envelope(body), {
      repo,
      inputs: { "commit-status": "true" },
    });
    // One of its checks failed, so fail-on (analysis-failure by default) fails the step, after
    // reacting: the run is named by its branch, as no commit is known.
    expect(run.code).toBe(1);
    expect(messages(run, "error")).toEqual([
      "The step fails as fail-on asks: DeepSource analysis of branch patch-1 failed (Go FAILURE). Set fail-on: never to report without failing.",
    ]);
    expect(run.outputs).toMatchObject({
      event: "analysis_run.updated",
      branch: "patch-1",
      commit: "",
      status: "PENDING",
      introduced: "6",
      resolved: "0",
    });
    expect(run.summary).toContain("| Commit | none: DeepSource sent no `commitOid` |");
    for (const reaction of ["Check runs", "Commit statuses"]) {
      expect(run.summary).toContain(
        `| ${reaction} | \`${RUN}\` | skipped: DeepSource sent no \`commitOid\`, so there is no commit to attach to |`,
      );
      expect(run.stdout).toContain(`${reaction}: skipped: DeepSource sent no \`commitOid\``);
    }
    expect(requestsFor(gh, repo)).toEqual([]);
  });

  it("a run without checks reports the run, and says there is no analyzer to report", async () => {
    const repo = freshRepo("no-checks");
    const body = edited(sampleWithCommits("analysis_run.updated"), (json) => {
      delete json.data.object.checks;
    });
    const run = await dispatch(gh, await envelope(body), { repo });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ commit: COMMIT.analysed, introduced: "6" });
    expect(run.summary).toContain("| Analyzers | none reported |");
    expect(run.summary).toContain(
      `| Check runs | \`${RUN}\` | skipped: the run carries no checks, so there is no analyzer to report; the summary reports the run |`,
    );
    expect(checkRuns(repo)).toEqual([]);
  });

  it('a started run with an "empty" summary gets its check runs, its counters unknown', async () => {
    const repo = freshRepo("empty-summary");
    const body = edited(sampleWithCommits("analysis_run.started"), (json) => {
      json.data.object.summary = {};
      json.data.object.checks[0].summary = { object: "CheckSummary" };
    });
    const run = await dispatch(gh, await envelope(body), { repo });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ introduced: "", resolved: "" });
    expect(run.summary).toContain("| Introduced / resolved | ? / ? |");
    const [first] = gh.state.repo(repo).checkRuns;
    expect(first?.output.summary).toContain(
      "an unknown number of issue occurrences introduced, ? resolved.",
    );
    expect(checkRuns(repo).length).toBeGreaterThan(0);
  });

  it("refuses to attach check runs to the sample's placeholder commit, saying why", async () => {
    const repo = freshRepo("started-as-printed");
    const run = await dispatch(gh, await envelope(sample("analysis_run.started")), { repo });
    expect(run.code).toBe(1);
    expect(messages(run, "error")).toEqual([
      expect.stringMatching(
        /^Check runs failed: DeepSource's commitOid "99da4fzf3e680e28c3z86afebz3693d3f80bf67b" is not a full commit SHA/,
      ),
    ]);
    expect(run.outputs).toMatchObject({
      event: "analysis_run.started",
      commit: "99da4fzf3e680e28c3z86afebz3693d3f80bf67b",
      status: "PENDING",
    });
    expect(run.summary).toContain("❌ Some reactions failed");
    expect(requestsFor(gh, repo)).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  it("analysis_run.started opens one in-progress check run per analyzer, once", async () => {
    const repo = freshRepo("started");
    const payload = await envelope(sampleWithCommits("analysis_run.started"));
    const first = await dispatch(gh, payload, { repo });
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({
      provider: "deepsource",
      event: "analysis_run.started",
      id: "390880430405976346",
      repository: "deepsourcelabs/demo-python",
      branch: "patch-1",
      commit: COMMIT.analysed,
      "pull-request": "",
      status: "PENDING",
      introduced: "0",
      resolved: "0",
    });
    expect(JSON.parse(first.outputs.object ?? "")).toMatchObject({
      object: "AnalysisRun",
      runUid: RUN,
    });
    const expected = [
      {
        name: "DeepSource: Python",
        head_sha: COMMIT.analysed,
        external_id: `${RUN}:python`,
        status: "in_progress",
        conclusion: null,
      },
    ];
    expect(checkRuns(repo)).toEqual(expected);
    expect(first.summary).toMatch(
      /\| Check run \| \[DeepSource: Python\]\(https:\/\/github\.com\/.*\/runs\/\d+\) \| created \(in progress\) \|/,
    );
    const before = requestsFor(gh, repo).length;
    expect(before).toBe(2);

    const second = await dispatch(gh, payload, { repo });
    expect(second.code).toBe(0);
    expect(checkRuns(repo)).toEqual(expected);
    expect(
      requestsFor(gh, repo)
        .slice(before)
        .map((r) => r.method),
    ).toEqual(["GET"]);
    expect(second.summary).toContain("| unchanged (in_progress) |");
    expect(gh.violations).toEqual([]);
  });

  it("analysis_run.updated creates a check run per analyzer with the summary, fails on the failed check, and converges on replay", async () => {
    const repo = freshRepo("updated");
    const payload = await envelope(sampleWithCommits("analysis_run.updated"));
    const first = await dispatch(gh, payload, { repo });
    // fail-on defaults to analysis-failure, applied after the check runs exist.
    expect(first.code).toBe(1);
    expect(messages(first, "error")).toEqual([
      "The step fails as fail-on asks: DeepSource analysis of 99da4f0 on patch-1 failed (Go FAILURE). Set fail-on: never to report without failing.",
    ]);
    const expected = [
      {
        name: "DeepSource: Docker",
        head_sha: COMMIT.analysed,
        external_id: `${RUN}:docker`,
        status: "in_progress",
        conclusion: null,
      },
      {
        name: "DeepSource: Secrets",
        head_sha: COMMIT.analysed,
        external_id: `${RUN}:secrets`,
        status: "completed",
        conclusion: "success",
      },
      {
        name: "DeepSource: Go",
        head_sha: COMMIT.analysed,
        external_id: `${RUN}:go`,
        status: "completed",
        conclusion: "failure",
      },
    ];
    expect(checkRuns(repo)).toEqual(expected);
    expect(first.outputs).toMatchObject({
      status: "PENDING",
      introduced: "6",
      resolved: "0",
      repository: "deepsourcelabs/demo-go",
    });

    const go = gh.state.repo(repo).checkRuns[2];
    expect(go?.output.title).toBe("Failure: 6 introduced, 0 resolved");
    expect(go?.started_at).toBe("2022-01-13T10:32:21Z");
    expect(go?.completed_at).toBe("2022-01-13T10:32:46Z");
    expect(go?.output.summary).toContain("| Anti-pattern | 4 |   |");
    expect(go?.output.summary).toContain("| Bug risk | 2 |   |");
    expect(go?.output.summary).toContain("| **All categories** | **6** | **0** |");
    expect(go?.output.summary).toContain(
      "| Documentation Coverage (`DCV`) | `GO` | 90.0% | 80% | ✅ PASSING |",
    );
    expect(go?.output.summary).toContain(
      "| External Dependencies (`DDP`) | `GO` | 1 | 0 | ❌ FAILING |",
    );
    expect(go?.output.text).toBe(
      `<!-- hookbridge:deepsource-check:${RUN}:go -->\n<!-- hookbridge:updated-at:1642069966 -->`,
    );
    // At most two calls per check run: find it, then create or update it.
    expect(requestsFor(gh, repo).map((r) => r.operationId)).toEqual([
      "checks/list-for-ref",
      "checks/create",
      "checks/list-for-ref",
      "checks/create",
      "checks/list-for-ref",
      "checks/create",
    ]);
    expect(first.summary).toContain("❌ The step fails as fail-on asks: one condition is met.");

    const before = writes(repo).length;
    const second = await dispatch(gh, payload, { repo });
    expect(second.code).toBe(1);
    expect(checkRuns(repo)).toEqual(expected);
    expect(writes(repo).length).toBe(before);
    expect(gh.violations).toEqual([]);
  });

  it("keeps the newer state when an older update arrives late, and takes a newer one in order", async () => {
    const repo = freshRepo("order");
    const older = sampleWithCommits("analysis_run.updated");
    const newer = edited(older, (json) => {
      json.id = "390137996571050999";
      const docker = json.data.object.checks[0];
      docker.status = "SUCCESS";
      docker.updatedAt = 1642069999;
      docker.finishedAt = 1642069999;
    });
    const inputs = { "fail-on": "never" };
    const docker = () =>
      gh.state.repo(repo).checkRuns.find((run) => run.name === "DeepSource: Docker");

    expect((await dispatch(gh, await envelope(newer), { repo, inputs })).code).toBe(0);
    expect(docker()).toMatchObject({ status: "completed", conclusion: "success" });
    const late = await dispatch(gh, await envelope(older), { repo, inputs });
    expect(late.code).toBe(0);
    expect(docker()).toMatchObject({ status: "completed", conclusion: "success" });
    expect(docker()?.output.text).toContain("<!-- hookbridge:updated-at:1642069999 -->");
    expect(late.summary).toMatch(
      /\[DeepSource: Docker\]\(.*\) \| kept: it shows a newer update \|/,
    );
    expect(gh.state.repo(repo).checkRuns).toHaveLength(3);

    const inOrder = freshRepo("in-order");
    await dispatch(gh, await envelope(older), { repo: inOrder, inputs });
    const update = await dispatch(gh, await envelope(newer), { repo: inOrder, inputs });
    expect(update.code).toBe(0);
    expect(
      gh.state.repo(inOrder).checkRuns.find((run) => run.name === "DeepSource: Docker"),
    ).toMatchObject({
      status: "completed",
      conclusion: "success",
    });
    expect(update.summary).toMatch(/\[DeepSource: Docker\]\(.*\) \| updated \(success\) \|/);
    expect(gh.state.repo(inOrder).checkRuns).toHaveLength(3);
    expect(gh.violations).toEqual([]);
  });

  it.each([
    ["never", 0, undefined],
    ["issues-introduced", 1, "DeepSource found 6 new issue occurrences in 99da4f0 on patch-1"],
    [
      "metric-failing",
      1,
      "DeepSource metrics are failing: External Dependencies (GO) is 1 against a threshold of 0",
    ],
    [
      "analysis-failure, metric-failing",
      1,
      "DeepSource analysis of 99da4f0 on patch-1 failed (Go FAILURE); DeepSource metrics are failing",
    ],
  ] as const)("fail-on: %s", async (failOn, code, reason) => {
    const repo = freshRepo("fail-on");
    const run = await dispatch(gh, await envelope(sampleWithCommits("analysis_run.updated")), {
      repo,
      inputs: { "fail-on": failOn, "check-runs": "false" },
    });
    expect(run.code).toBe(code);
    if (reason) expect(messages(run, "error")[0]).toContain(reason);
    else expect(messages(run, "error")).toEqual([]);
    expect(requestsFor(gh, repo)).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  it("passes every fail-on condition for a run that has not failed, found nothing and measured nothing", async () => {
    const repo = freshRepo("fail-on-clean");
    const run = await dispatch(gh, await envelope(sampleWithCommits("analysis_run.started")), {
      repo,
      inputs: { "fail-on": "analysis-failure,issues-introduced,metric-failing" },
    });
    expect(run.code).toBe(0);
    expect(gh.violations).toEqual([]);
  });

  it("sets one commit status per analyzer instead of check runs, without duplicates or going backwards", async () => {
    const repo = freshRepo("statuses");
    const inputs = { "check-runs": "false", "commit-status": "true", "fail-on": "never" };
    const payload = await envelope(sampleWithCommits("analysis_run.updated"));
    expect((await dispatch(gh, payload, { repo, inputs })).code).toBe(0);
    const statuses = () =>
      gh.state.repo(repo).statuses.map(({ context, state, description, sha }) => ({
        context,
        state,
        description,
        sha,
      }));
    const expected = [
      {
        context: "DeepSource: Docker",
        state: "pending",
        description: "pending: 0 introduced, 0 resolved (as of 2022-01-13T10:32:22Z)",
        sha: COMMIT.analysed,
      },
      {
        context: "DeepSource: Secrets",
        state: "success",
        description: "success: 0 introduced, 0 resolved (as of 2022-01-13T10:32:26Z)",
        sha: COMMIT.analysed,
      },
      {
        context: "DeepSource: Go",
        state: "failure",
        description: "failure: 6 introduced, 0 resolved (as of 2022-01-13T10:32:46Z)",
        sha: COMMIT.analysed,
      },
    ];
    expect(statuses()).toEqual(expected);
    expect(gh.state.repo(repo).checkRuns).toEqual([]);
    expect(gh.state.repo(repo).statuses[0]?.target_url).toBe(
      `https://github.com/${repo}/actions/runs/1`,
    );

    const replay = await dispatch(gh, payload, { repo, inputs });
    expect(replay.code).toBe(0);
    expect(statuses()).toEqual(expected);
    expect(replay.summary).toContain("| unchanged (failure) |");

    const newer = edited(sampleWithCommits("analysis_run.updated"), (json) => {
      Object.assign(json.data.object.checks[0], { status: "SUCCESS", updatedAt: 1642069999 });
    });
    await dispatch(gh, await envelope(newer), { repo, inputs });
    const late = await dispatch(gh, payload, { repo, inputs });
    expect(late.summary).toContain("| kept: it shows a newer update |");
    expect(statuses()).toHaveLength(4);
    expect(statuses()[3]).toMatchObject({ context: "DeepSource: Docker", state: "success" });
    expect(gh.violations).toEqual([]);
  });
});

describe("write pacing", () => {
  it("writes check runs one after another without waiting between them", async () => {
    // The throttling plugin's default spaces writes at least a second apart, so seven check runs
    // would take six seconds or more on top of starting; this process writes a few and exits.
    const repo = freshRepo("pacing");
    const body = edited(sampleWithCommits("analysis_run.updated"), (json) => {
      const [template] = json.data.object.checks;
      json.data.object.checks = Array.from({ length: 7 }, (_, index) => ({
        ...template,
        id: `check-${index}`,
        analyzer: { ...template.analyzer, shortcode: `a${index}`, name: `Analyzer ${index}` },
      }));
    });
    const payload = await envelope(body);
    const started = performance.now();
    const run = await dispatch(gh, payload, { repo, inputs: { "fail-on": "never" } });
    const elapsed = performance.now() - started;
    expect(run.code, run.stdout).toBe(0);
    expect(gh.state.repo(repo).checkRuns).toHaveLength(7);
    expect(writes(repo)).toHaveLength(7);
    expect(elapsed).toBeLessThan(4_000);
    expect(gh.violations).toEqual([]);
  });
});
