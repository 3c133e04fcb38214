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

/** The workflow's own repository, as the default `repository` input means it. */
const DEFAULT = { repository: "" };

/** The sample, about the repository at `vcsUrl` (and DeepSource's `login/name` for it). */
function about(
  bytes: Uint8Array<ArrayBuffer>,
  vcsUrl: string,
  login = "deepsourcelabs",
  name = "demo-go",
) {
  return edited(bytes, (json) => {
    const object = json.data.object;
    const repository = object.object === "Repository" ? object : object.repository;
    Object.assign(repository, { vcsUrl, name });
    repository.account.login = login;
  });
}

describe.concurrent("DeepSource events for other repositories", () => {
  it("does nothing in this repository for another repository's events, and succeeds", async () => {
    const repo = freshRepo("elsewhere");
    gh.seedPullRequest(repo, { number: 1, head: { sha: COMMIT.autofixSource, ref: "feature" } });
    const inputs = {
      ...DEFAULT,
      "issue-sync": "deepsource",
      "commit-status": "true",
      "fail-on": "analysis-failure,issues-introduced,metric-failing",
    };
    for (const [event, named] of [
      ["repository_issue.introduced", "deepsourcelabs/demo-go"],
      ["repository_issue.resolved", "deepsourcelabs/demo-go"],
      ["analysis_run.updated", "deepsourcelabs/demo-go"],
      ["autofix_run.started", "deepsourcelabs/demo-python"],
      ["repository.analysis.activated", "deepsourcelabs/demo-go"],
    ] as const) {
      const run = await dispatch(gh, await envelope(sampleWithCommits(event)), { repo, inputs });
      expect(run.code, `${event}: ${run.stdout}`).toBe(0);
      expect(messages(run, "error")).toEqual([]);
      expect(run.outputs).toMatchObject({ event, repository: named });
      expect(run.summary).toContain(
        `| Repository | ${repo} | skipped: the event is for ${named} |`,
      );
      expect(run.summary).toContain("✅ Done.");
      expect(run.stdout).toContain(
        `This DeepSource event is for ${named}, not ${repo}, so nothing was done`,
      );
    }
    expect(requestsFor(gh, repo)).toEqual([]);
    expect(gh.state.repo(repo).issue(1)?.comments).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  it("acts on an event whose vcsUrl names this repository, whatever the case", async () => {
    const repo = freshRepo("here");
    const body = about(
      sampleWithCommits("repository_issue.introduced"),
      `https://github.com/${repo.toUpperCase()}`,
    );
    const run = await dispatch(gh, await envelope(body), { repo, inputs: DEFAULT });
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).not.toContain("skipped: the event is for");
    expect(gh.state.repo(repo).checkRuns.map((check) => check.name)).toEqual([
      "DeepSource: CRT-A0016",
    ]);
    expect(gh.violations).toEqual([]);
  });

  it("goes by vcsUrl's path, and by DeepSource's account and name only without one", async () => {
    const repo = freshRepo("fallback");
    const [owner = "", name = ""] = repo.split("/");
    const inputs = { ...DEFAULT, "check-runs": "false", "issue-sync": "deepsource" };
    // DeepSource's names match, but the code lives elsewhere.
    const moved = about(
      sampleWithCommits("repository_issue.introduced"),
      "https://gitlab.com/group/sub/demo",
      owner,
      name,
    );
    const skipped = await dispatch(gh, await envelope(moved), { repo, inputs });
    expect(skipped.code).toBe(0);
    expect(skipped.summary).toContain("skipped: the event is for group/sub/demo");
    expect(requestsFor(gh, repo)).toEqual([]);

    const noUrl = about(sampleWithCommits("repository_issue.introduced"), "", owner, name);
    const acted = await dispatch(gh, await envelope(noUrl), { repo, inputs });
    expect(acted.code, acted.stdout).toBe(0);
    expect(gh.state.repo(repo).issues).toHaveLength(1);
    expect(gh.violations).toEqual([]);
  });

  it("acts on the repository named by the repository input, as for a mirror", async () => {
    const repo = freshRepo("mirror");
    const payload = await envelope(sampleWithCommits("repository_issue.introduced"));
    const run = await dispatch(gh, payload, {
      repo,
      inputs: { repository: "DeepSourceLabs/Demo-Go" },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(gh.state.repo(repo).checkRuns).toHaveLength(1);
    // The workflow's own name no longer matches: the input says which repository it follows.
    const mirrored = about(
      sampleWithCommits("repository_issue.introduced"),
      `https://github.com/${repo}`,
    );
    const other = await dispatch(gh, await envelope(mirrored), {
      repo,
      inputs: { repository: "deepsourcelabs/demo-go" },
    });
    expect(other.code).toBe(0);
    expect(other.summary).toContain(`skipped: the event is for ${repo}`);
    expect(gh.state.repo(repo).checkRuns).toHaveLength(1);
    expect(gh.violations).toEqual([]);
  });

  it("leaves events about no repository alone", async () => {
    const repo = freshRepo("no-repository");
    for (const event of ["test.event", "team_member.added"] as const) {
      const run = await dispatch(gh, await envelope(sample(event)), {
        repo,
        inputs: { repository: "someone/else" },
      });
      expect(run.code, run.stdout).toBe(0);
      expect(run.summary).not.toContain("skipped");
      expect(run.summary).toContain("Nothing to do for this event");
    }
    expect(gh.violations).toEqual([]);
  });
});
