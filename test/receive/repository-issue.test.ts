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

const MARKER = "<!-- hookbridge:deepsource-issue:CRT-A0016 -->";

function issuesCheckRun(repo: string) {
  return gh.state.repo(repo).checkRuns.filter((run) => run.name === "DeepSource: issues");
}

interface OccurrenceJson {
  id: string;
  object: string;
  title: string;
  path: string;
  beginLine: number;
  beginColumn: number;
  endLine: number;
  endColumn: number;
}

function occurrences(
  count: number,
  change: (occurrence: OccurrenceJson, index: number) => void = () => {},
) {
  return Array.from({ length: count }, (_, index) => {
    const occurrence = {
      id: `occ-${index}`,
      object: "Occurrence",
      title: `could simplify slice ${index}`,
      path: `pkg/file-${index % 7}.go`,
      beginLine: 10 + index,
      beginColumn: 3,
      endLine: 10 + index,
      endColumn: 9,
    };
    change(occurrence, index);
    return occurrence;
  });
}

describe.concurrent("repository_issue events", () => {
  it("refuses to annotate the sample's placeholder commit, saying why", async () => {
    const repo = freshRepo("introduced-as-printed");
    const run = await dispatch(gh, await envelope(sample("repository_issue.introduced")), { repo });
    expect(run.code).toBe(1);
    expect(messages(run, "error")[0]).toMatch(
      /^Annotations failed: DeepSource's latestCommitOid "72df1dcc3dd4d3211746a236f553065416d3766723" is not a full commit SHA/,
    );
    expect(run.outputs).toMatchObject({
      event: "repository_issue.introduced",
      status: "INTRODUCED",
      introduced: "1",
      resolved: "0",
    });
    expect(requestsFor(gh, repo)).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  it("annotates each occurrence on its lines on one DeepSource: issues check run, once", async () => {
    const repo = freshRepo("introduced");
    const payload = await envelope(sampleWithCommits("repository_issue.introduced"));
    const first = await dispatch(gh, payload, { repo });
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({
      event: "repository_issue.introduced",
      repository: "deepsourcelabs/demo-go",
      branch: "master",
      commit: COMMIT.latest,
      status: "INTRODUCED",
      introduced: "1",
      resolved: "0",
    });
    const runs = issuesCheckRun(repo);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      head_sha: COMMIT.latest,
      external_id: `deepsource-issues:${COMMIT.latest}`,
      status: "completed",
      conclusion: "neutral",
    });
    expect(runs[0]?.output.title).toBe("1 occurrence of 1 issue introduced");
    expect(runs[0]?.output.annotations).toEqual([
      {
        path: "code.go",
        start_line: 160,
        end_line: 160,
        start_column: 14,
        end_column: 14,
        annotation_level: "warning",
        title: "CRT-A0016: Simplify slice expression to sliced value itself",
        message: "could simplify allProducts[:] to allProducts",
        raw_details:
          "If a value is of type slice already, it need not be converted to slice again.",
      },
    ]);
    expect(runs[0]?.output.summary).toContain(
      "| `CRT-A0016` Simplify slice expression to sliced value itself | Anti-pattern | Go | 1 |",
    );
    expect(first.summary).toMatch(
      /\| Annotations \| \[DeepSource: issues\]\(.*\) \| created \(neutral\): 1 annotation for `CRT-A0016` \|/,
    );

    const before = requestsFor(gh, repo).length;
    const second = await dispatch(gh, payload, { repo });
    expect(second.code).toBe(0);
    expect(issuesCheckRun(repo)).toHaveLength(1);
    expect(issuesCheckRun(repo)[0]?.output.annotations).toHaveLength(1);
    expect(
      requestsFor(gh, repo)
        .slice(before)
        .map((r) => r.method),
    ).toEqual(["GET"]);
    expect(second.summary).toContain("unchanged: `CRT-A0016` is already annotated");
    expect(gh.violations).toEqual([]);
  });

  it("sends 60 occurrences as 2 annotation requests, levels by category, columns only within a line", async () => {
    const repo = freshRepo("sixty");
    const body = edited(sampleWithCommits("repository_issue.introduced"), (json) => {
      json.data.object.issue.category = "BUG_RISK";
      json.data.object.occurrences = occurrences(60, (occurrence, index) => {
        if (index === 0) occurrence.endLine = occurrence.beginLine + 3;
      });
      json.data.issueOccurrencesIntroduced = 60;
    });
    const run = await dispatch(gh, await envelope(body), {
      repo,
      inputs: { "fail-on": "issues-introduced" },
    });
    expect(run.code).toBe(1);
    expect(messages(run, "error")[0]).toContain("DeepSource found 60 new occurrences of CRT-A0016");
    const calls = requestsFor(gh, repo).filter(
      (r) => r.operationId === "checks/create" || r.operationId === "checks/update",
    );
    expect(
      calls.map((r) => [
        r.operationId,
        (r.body as { output: { annotations: unknown[] } }).output.annotations.length,
      ]),
    ).toEqual([
      ["checks/create", 50],
      ["checks/update", 10],
    ]);
    const [checkRun] = issuesCheckRun(repo);
    expect(checkRun?.conclusion).toBe("failure");
    expect(checkRun?.output.annotations).toHaveLength(60);
    expect(checkRun?.output.annotations.every((a) => a.annotation_level === "failure")).toBe(true);
    expect(checkRun?.output.annotations[0]).not.toHaveProperty("start_column");
    expect(checkRun?.output.annotations[0]).toMatchObject({ start_line: 10, end_line: 13 });
    expect(checkRun?.output.annotations[1]).toMatchObject({
      start_line: 11,
      end_line: 11,
      start_column: 3,
      end_column: 9,
    });
    // The follow-up update keeps the hidden state, or a replay would annotate again.
    expect(checkRun?.output.text).toContain("hookbridge:deepsource-issues-state:");
    expect(gh.violations).toEqual([]);
  });

  it("resumes annotations where an interrupted run stopped, without gaps or duplicates", async () => {
    const repo = freshRepo("resume");
    await dispatch(gh, await envelope(sampleWithCommits("repository_issue.introduced")), { repo });
    const [checkRun] = issuesCheckRun(repo);
    const big = edited(sampleWithCommits("repository_issue.introduced"), (json) => {
      json.id = "380143400734187777";
      Object.assign(json.data.object.issue, { shortcode: "GO-W1029", category: "BUG_RISK" });
      json.data.object.occurrences = occurrences(60);
    });
    // The batch of 50 lands, the batch of 10 is refused.
    gh.fail(`PATCH /repos/${repo}/check-runs/${checkRun?.id}`, [
      { delayMs: 0 },
      { status: 422, body: { message: "Validation Failed" } },
    ]);
    const interrupted = await dispatch(gh, await envelope(big), { repo });
    expect(interrupted.code).toBe(1);
    expect(issuesCheckRun(repo)[0]?.output.annotations).toHaveLength(51);

    const resumed = await dispatch(gh, await envelope(big), { repo });
    expect(resumed.code, resumed.stdout).toBe(0);
    expect(resumed.summary).toContain("updated (failure): 10 annotations for `GO-W1029`");
    const lines =
      issuesCheckRun(repo)[0]?.output.annotations.map((a) => `${a.path}:${a.start_line}`) ?? [];
    expect(lines).toHaveLength(61);
    expect(new Set(lines).size).toBe(61);
    expect(issuesCheckRun(repo)[0]?.output.title).toBe("61 occurrences of 2 issues introduced");

    const again = await dispatch(gh, await envelope(big), { repo });
    expect(again.summary).toContain("unchanged: `GO-W1029` is already annotated");
    expect(issuesCheckRun(repo)[0]?.output.annotations).toHaveLength(61);
    expect(gh.violations).toEqual([]);
  });

  it("collects a second issue on the same commit into the same check run", async () => {
    const repo = freshRepo("two-issues");
    await dispatch(gh, await envelope(sampleWithCommits("repository_issue.introduced")), { repo });
    const other = edited(sampleWithCommits("repository_issue.introduced"), (json) => {
      json.id = "380143400734187799";
      Object.assign(json.data.object.issue, {
        shortcode: "SCC-S1000",
        title: "Use plain channel send or receive",
        category: "STYLE",
      });
      json.data.object.occurrences = occurrences(2);
      json.data.issueOccurrencesIntroduced = 2;
    });
    const run = await dispatch(gh, await envelope(other), { repo });
    expect(run.code).toBe(0);
    const runs = issuesCheckRun(repo);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.output.annotations.map((a) => a.annotation_level)).toEqual([
      "warning",
      "notice",
      "notice",
    ]);
    expect(runs[0]?.output.title).toBe("3 occurrences of 2 issues introduced");
    expect(runs[0]?.output.summary).toContain(
      "| `SCC-S1000` Use plain channel send or receive | Style | Go | 2 |",
    );
    expect(runs[0]?.output.summary).toContain("| `CRT-A0016` Simplify slice expression");
    expect(gh.violations).toEqual([]);
  });

  it("syncs one GitHub issue per DeepSource issue: opened once, closed with a comment once", async () => {
    const repo = freshRepo("issue-sync");
    const inputs = {
      "issue-sync": "deepsource",
      labels: "triage, deepsource",
      "check-runs": "false",
    };
    const introduced = await envelope(sampleWithCommits("repository_issue.introduced"));
    const resolved = await envelope(sampleWithCommits("repository_issue.resolved"));

    const opened = await dispatch(gh, introduced, { repo, inputs });
    expect(opened.code, opened.stdout).toBe(0);
    const issues = () => gh.state.repo(repo).issues.filter((issue) => !issue.pull_request);
    expect(issues()).toHaveLength(1);
    const [issue] = issues();
    expect(issue).toMatchObject({
      number: 1,
      title: "DeepSource CRT-A0016: Simplify slice expression to sliced value itself",
      state: "open",
      labels: ["anti_pattern", "deepsource", "triage"],
    });
    expect(issue?.body?.startsWith(`${MARKER}\n<!-- hookbridge:updated-at:1642070207 -->\n`)).toBe(
      true,
    );
    expect(issue?.body).toContain(
      `- [code.go:160](https://github.com/${repo}/blob/${COMMIT.latest}/code.go#L160): could simplify allProducts\\[:\\] to allProducts`,
    );
    expect(issue?.body).toContain(
      "> If a value is of type slice already, it need not be converted to slice again.",
    );
    expect(opened.summary).toMatch(
      /\| Issue \| \[#​1 DeepSource CRT-A0016: .*\]\(https:\/\/github\.com\/.*\/issues\/1\) \| opened for `CRT-A0016` \|/,
    );

    const again = await dispatch(gh, introduced, { repo, inputs });
    expect(again.summary).toContain("| unchanged |");
    expect(issues()).toHaveLength(1);

    const closed = await dispatch(gh, resolved, { repo, inputs });
    expect(closed.code).toBe(0);
    expect(closed.outputs).toMatchObject({ status: "RESOLVED", introduced: "0", resolved: "1" });
    expect(issues()[0]).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(issues()[0]?.comments).toHaveLength(1);
    expect(issues()[0]?.comments[0]?.body).toContain(
      "DeepSource reports `CRT-A0016` resolved on `master`",
    );

    // Replays, in either order, change nothing: no second comment, no reopening at the same time.
    for (const payload of [resolved, introduced, resolved]) {
      expect((await dispatch(gh, payload, { repo, inputs })).code).toBe(0);
    }
    expect(issues()).toHaveLength(1);
    expect(issues()[0]).toMatchObject({ state: "closed" });
    expect(issues()[0]?.comments).toHaveLength(1);

    // A later introduction reopens the same issue.
    const later = edited(sampleWithCommits("repository_issue.introduced"), (json) => {
      json.id = "380143400734189999";
      json.createdAt = 1642090000;
    });
    const reopened = await dispatch(gh, await envelope(later), { repo, inputs });
    expect(reopened.summary).toContain("reopened: introduced again");
    expect(issues()).toHaveLength(1);
    expect(issues()[0]).toMatchObject({
      state: "open",
      labels: ["anti_pattern", "deepsource", "triage"],
    });
    expect(gh.violations).toEqual([]);
  });

  it("resolving an issue nobody synced does nothing", async () => {
    const repo = freshRepo("resolve-unknown");
    const run = await dispatch(gh, await envelope(sampleWithCommits("repository_issue.resolved")), {
      repo,
      inputs: { "issue-sync": "deepsource" },
    });
    expect(run.code).toBe(0);
    expect(run.summary).toContain("nothing to close: no synced issue");
    expect(requestsFor(gh, repo).map((r) => r.operationId)).toEqual(["issues/list-for-repo"]);
    expect(gh.violations).toEqual([]);
  });

  it("escapes payload text so it cannot mention, link issues, inject HTML or break tables", async () => {
    const repo = freshRepo("injection");
    const hostile =
      "@octocat see #1 <img src=x onerror=alert(1)> | col | [click](javascript:alert(1)) **bold**";
    const body = edited(sampleWithCommits("repository_issue.introduced"), (json) => {
      json.data.object.issue.title = hostile;
      json.data.object.issue.shortDescription = `<script>alert(1)</script>\n# Heading\n@org/team`;
      json.data.object.occurrences[0].title = hostile;
      json.data.object.occurrences[0].path = "src/a|b`.go";
    });
    const run = await dispatch(gh, await envelope(body), {
      repo,
      inputs: { "issue-sync": "deepsource" },
    });
    expect(run.code, run.stdout).toBe(0);
    const issue = gh.state.repo(repo).issues[0];
    const summary = issuesCheckRun(repo)[0]?.output.summary ?? "";
    for (const text of [issue?.body ?? "", summary, run.summary]) {
      expect(text).not.toMatch(/(^|[^\w\u200B])@(octocat|org)\b/);
      expect(text).not.toMatch(/(^|[^\\])<(img|script)/);
      expect(text).not.toMatch(/(^|[^\\])\]\(javascript:/);
      expect(text).not.toMatch(/(^|\s)#1\b/);
    }
    expect(issue?.body).toContain(
      "@\u200Boctocat see #\u200B1 \\<img src=x onerror=alert(1)\\> \\| col \\| \\[click\\](javascript:alert(1)) \\*\\*bold\\*\\*",
    );
    expect(issue?.body).toContain(
      "> \\<script\\>alert(1)\\</script\\>  \n> \\# Heading  \n> @\u200Borg/team",
    );
    expect(summary).toContain(
      "| `CRT-A0016` @\u200Boctocat see #\u200B1 \\<img src=x onerror=alert(1)\\> \\| col \\|",
    );
    // A table row keeps its four cells: every pipe from the payload is escaped.
    const row = summary.split("\n").find((line) => line.includes("CRT-A0016")) ?? "";
    expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(6);
    expect(gh.violations).toEqual([]);
  });

  it("cuts a body longer than GitHub's 65,536 characters at a line, saying so", async () => {
    const repo = freshRepo("long-body");
    const body = edited(sampleWithCommits("repository_issue.introduced"), (json) => {
      json.data.object.occurrences = occurrences(300, (occurrence, index) => {
        occurrence.title = `occurrence ${index} ${"x".repeat(300)}`;
      });
      json.data.issueOccurrencesIntroduced = 300;
    });
    const payload = await envelope(body);
    // The relay had to compress this one.
    expect(payload.body_gzip).toBeDefined();
    const run = await dispatch(gh, payload, {
      repo,
      inputs: { "issue-sync": "deepsource", "check-runs": "false" },
    });
    expect(run.code, run.stdout).toBe(0);
    const text = gh.state.repo(repo).issues[0]?.body ?? "";
    expect(Array.from(text).length).toBeLessThanOrEqual(65_536);
    expect(text.startsWith(MARKER)).toBe(true);
    expect(text).toMatch(
      /\n\n_… [\d,]+ more characters cut to stay within GitHub's size limit\._\n$/,
    );
    const lines = text.split("\n");
    const lastOccurrence = lines.filter((line) => line.startsWith("- [")).at(-1) ?? "";
    expect(lastOccurrence).toMatch(/x{300}$/);
    expect(gh.violations).toEqual([]);
  });
});
