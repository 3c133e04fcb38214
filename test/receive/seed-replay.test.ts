import { afterAll, beforeAll, expect, it } from "vitest";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import {
  COMMIT,
  type DeepSourceSample,
  dispatch,
  envelope,
  freshRepo,
  sampleWithCommits,
} from "./support.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

const SAMPLES: readonly DeepSourceSample[] = [
  "analysis_run.started",
  "analysis_run.updated",
  "autofix_run.started",
  "autofix_run.updated",
  "repository.analysis.activated",
  "repository.analysis.deactivated",
  "repository_issue.introduced",
  "repository_issue.resolved",
  "team_member.added",
  "team_member.removed",
  "team_member.updated",
  "test.event",
];

/** What a person would see in the repository, without ids and times. */
function visibleState(repo: string) {
  const state = gh.state.repo(repo);
  return {
    checkRuns: state.checkRuns.map((run) => ({
      name: run.name,
      head_sha: run.head_sha.slice(0, 7),
      status: run.status,
      conclusion: run.conclusion,
      title: run.output.title,
      annotations: run.output.annotations.length,
    })),
    statuses: state.statuses.length,
    issues: state.issues.map((issue) => ({
      number: issue.number,
      pull_request: issue.pull_request,
      title: issue.title,
      state: issue.state,
      labels: issue.labels,
      comments: issue.comments.map((comment) => comment.body.split("\n").slice(0, 3).join("\n")),
    })),
    labels: state.labels.filter((label) => !label.default).map((label) => label.name),
  };
}

it("replays every DeepSource sample twice and ends in the same state as after the first pass", async () => {
  const repo = freshRepo("seed-replay");
  gh.seedPullRequest(repo, {
    number: 1,
    head: { sha: COMMIT.autofixSource, ref: "feature-branch" },
    title: "Change methods",
  });
  const inputs = { "issue-sync": "deepsource", "fail-on": "never" };
  const payloads = await Promise.all(SAMPLES.map((name) => envelope(sampleWithCommits(name))));

  const outputs: Record<string, Record<string, string>> = {};
  for (const [index, payload] of payloads.entries()) {
    const run = await dispatch(gh, payload, { repo, inputs });
    expect(run.code, `${SAMPLES[index]}: ${run.stdout}`).toBe(0);
    outputs[SAMPLES[index] as string] = run.outputs;
  }
  const afterFirstPass = visibleState(repo);
  expect(afterFirstPass).toEqual({
    checkRuns: [
      {
        name: "DeepSource: Python",
        head_sha: "99da4f0",
        status: "in_progress",
        conclusion: null,
        title: "Analysing",
        annotations: 0,
      },
      {
        name: "DeepSource: Docker",
        head_sha: "99da4f0",
        status: "in_progress",
        conclusion: null,
        title: "Analysing",
        annotations: 0,
      },
      {
        name: "DeepSource: Secrets",
        head_sha: "99da4f0",
        status: "completed",
        conclusion: "success",
        title: "Success: 0 introduced, 0 resolved",
        annotations: 0,
      },
      {
        name: "DeepSource: Go",
        head_sha: "99da4f0",
        status: "completed",
        conclusion: "failure",
        title: "Failure: 6 introduced, 0 resolved",
        annotations: 0,
      },
      {
        name: "DeepSource: CRT-A0016",
        head_sha: "72df1dc",
        status: "completed",
        conclusion: "neutral",
        title: "Simplify slice expression to sliced value itself",
        annotations: 1,
      },
    ],
    statuses: 0,
    issues: [
      {
        number: 1,
        pull_request: true,
        title: "Change methods",
        state: "open",
        labels: ["autofix"],
        comments: [
          "<!-- hookbridge:autofix:8d494192-a837-49d7-a3a9-a0ea78dc667d -->\n<!-- hookbridge:updated-at:1649335958 -->\n### ✅ DeepSource Autofix succeeded",
        ],
      },
      {
        number: 2,
        pull_request: false,
        title: "DeepSource CRT-A0016: Simplify slice expression to sliced value itself",
        state: "closed",
        labels: ["anti_pattern", "deepsource"],
        comments: [
          `<!-- hookbridge:deepsource-resolved:CRT-A0016:1642070207 -->\nDeepSource reports \`CRT-A0016\` resolved on \`master\` at [\`72df1dc\`](https://github.com/${repo}/commit/${COMMIT.latest}) (1 occurrence resolved). Closing.`,
        ],
      },
    ],
    labels: ["autofix", "deepsource", "anti_pattern"],
  });
  expect(outputs["analysis_run.updated"]).toMatchObject({
    status: "PENDING",
    introduced: "6",
    commit: COMMIT.analysed,
  });
  expect(outputs["autofix_run.updated"]).toMatchObject({
    status: "SUCCESS",
    "autofix-pull-request": "1",
  });
  expect(outputs["repository_issue.resolved"]).toMatchObject({ status: "RESOLVED", resolved: "1" });

  for (const payload of payloads)
    expect((await dispatch(gh, payload, { repo, inputs })).code).toBe(0);
  expect(visibleState(repo)).toEqual(afterFirstPass);
  expect(gh.violations).toEqual([]);
}, 60_000);
