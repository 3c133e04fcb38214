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

/** The check runs of DeepSource issues (not analyzers): one per issue per commit. */
function issueCheckRuns(repo: string, shortcode?: string) {
  return gh.state
    .repo(repo)
    .checkRuns.filter(
      (run) =>
        (run.external_id ?? "").startsWith("deepsource-issue:") &&
        (shortcode === undefined || run.name === `DeepSource: ${shortcode}`),
    );
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

  it("annotates each occurrence on its lines on the issue's own check run, once", async () => {
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
    const runs = issueCheckRuns(repo);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      name: "DeepSource: CRT-A0016",
      head_sha: COMMIT.latest,
      external_id: `deepsource-issue:${COMMIT.latest}:CRT-A0016`,
      status: "completed",
      conclusion: "neutral",
    });
    expect(runs[0]?.output.title).toBe("Simplify slice expression to sliced value itself");
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
      "`CRT-A0016` Simplify slice expression to sliced value itself: Anti-pattern, found by the Go analyzer.",
    );
    expect(runs[0]?.output.summary).toContain(
      "> If a value is of type slice already, it need not be converted to slice again.",
    );
    expect(first.summary).toMatch(
      /\| Annotations \| \[DeepSource: CRT-A0016\]\(.*\) \| created \(neutral\): 1 annotation for `CRT-A0016` \|/,
    );

    const before = requestsFor(gh, repo).length;
    const second = await dispatch(gh, payload, { repo });
    expect(second.code).toBe(0);
    expect(issueCheckRuns(repo)).toHaveLength(1);
    expect(issueCheckRuns(repo)[0]?.output.annotations).toHaveLength(1);
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
    const [checkRun] = issueCheckRuns(repo);
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
    // A replay finds all 60 counted on the check run and sends none again.
    const replay = await dispatch(gh, await envelope(body), {
      repo,
      inputs: { "fail-on": "never" },
    });
    expect(replay.summary).toContain("unchanged: `CRT-A0016` is already annotated");
    expect(issueCheckRuns(repo)[0]?.output.annotations).toHaveLength(60);
    expect(gh.violations).toEqual([]);
  });

  it("resumes annotations where an interrupted run stopped, without gaps or duplicates", async () => {
    const repo = freshRepo("resume");
    const big = edited(sampleWithCommits("repository_issue.introduced"), (json) => {
      json.id = "380143400734187777";
      Object.assign(json.data.object.issue, { shortcode: "GO-W1029", category: "BUG_RISK" });
      json.data.object.occurrences = occurrences(60);
    });
    const inputs = { "fail-on": "never" };
    // The check run exists (an earlier run with annotations off made it), so its id is known.
    await dispatch(gh, await envelope(big), { repo, inputs: { ...inputs, annotations: "false" } });
    const [checkRun] = issueCheckRuns(repo, "GO-W1029");
    expect(checkRun?.output.annotations).toHaveLength(0);
    // The batch of 50 lands, the batch of 10 is refused.
    gh.fail(`PATCH /repos/${repo}/check-runs/${checkRun?.id}`, [
      { delayMs: 0 },
      { status: 422, body: { message: "Validation Failed" } },
    ]);
    const interrupted = await dispatch(gh, await envelope(big), { repo, inputs });
    expect(interrupted.code).toBe(1);
    expect(issueCheckRuns(repo, "GO-W1029")[0]?.output.annotations).toHaveLength(50);

    const resumed = await dispatch(gh, await envelope(big), { repo, inputs });
    expect(resumed.code, resumed.stdout).toBe(0);
    expect(resumed.summary).toContain("updated (failure): 10 annotations for `GO-W1029`");
    const lines =
      issueCheckRuns(repo, "GO-W1029")[0]?.output.annotations.map(
        (a) => `${a.path}:${a.start_line}`,
      ) ?? [];
    expect(lines).toHaveLength(60);
    expect(new Set(lines).size).toBe(60);

    const again = await dispatch(gh, await envelope(big), { repo, inputs });
    expect(again.summary).toContain("unchanged: `GO-W1029` is already annotated");
    expect(issueCheckRuns(repo)).toHaveLength(1);
    expect(issueCheckRuns(repo)[0]?.output.annotations).toHaveLength(60);
    expect(gh.violations).toEqual([]);
  });

  it("gives each issue on a commit a check run of its own, its conclusion from its category", async () => {
    const repo = freshRepo("two-issues");
    await dispatch(gh, await envelope(sampleWithCommits("repository_issue.introduced")), { repo });
    const other = edited(sampleWithCommits("repository_issue.introduced"), (json) => {
      json.id = "380143400734187799";
      Object.assign(json.data.object.issue, {
        shortcode: "GSC-G101",
        title: "Hardcoded credentials",
        category: "SECURITY",
      });
      json.data.object.occurrences = occurrences(2);
      json.data.issueOccurrencesIntroduced = 2;
    });
    const run = await dispatch(gh, await envelope(other), { repo });
    expect(run.code).toBe(0);
    const runs = issueCheckRuns(repo).map((checkRun) => ({
      name: checkRun.name,
      external_id: checkRun.external_id,
      conclusion: checkRun.conclusion,
      title: checkRun.output.title,
      levels: checkRun.output.annotations.map((a) => a.annotation_level),
    }));
    expect(runs).toEqual([
      {
        name: "DeepSource: CRT-A0016",
        external_id: `deepsource-issue:${COMMIT.latest}:CRT-A0016`,
        conclusion: "neutral",
        title: "Simplify slice expression to sliced value itself",
        levels: ["warning"],
      },
      {
        name: "DeepSource: GSC-G101",
        external_id: `deepsource-issue:${COMMIT.latest}:GSC-G101`,
        conclusion: "failure",
        title: "Hardcoded credentials",
        levels: ["failure", "failure"],
      },
    ]);
    expect(gh.violations).toEqual([]);
  });

  it("annotates issues delivered at the same moment without losing or repeating any", async () => {
    // DeepSource sends one repository_issue.introduced per issue, all at once, and GitHub runs
    // the workflows in parallel.
    const repo = freshRepo("parallel-issues");
    const bodies = Array.from({ length: 6 }, (_, index) =>
      edited(sampleWithCommits("repository_issue.introduced"), (json) => {
        json.id = `38014340073418${String(index).padStart(4, "0")}`;
        json.data.object.issue.shortcode = `GO-W${1000 + index}`;
        json.data.object.occurrences = occurrences(index + 1);
        json.data.issueOccurrencesIntroduced = index + 1;
      }),
    );
    const payloads = await Promise.all(bodies.map((body) => envelope(body)));
    const runs = await Promise.all(payloads.map((payload) => dispatch(gh, payload, { repo })));
    for (const run of runs) expect(run.code, run.stdout).toBe(0);
    const checkRuns = issueCheckRuns(repo)
      .map((checkRun) => [checkRun.name, checkRun.output.annotations.length] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    expect(checkRuns).toEqual(
      Array.from({ length: 6 }, (_, index) => [`DeepSource: GO-W${1000 + index}`, index + 1]),
    );
    expect(gh.violations).toEqual([]);
  }, 30_000);

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

  it("syncs the issue without occurrences, skipping only the annotations and saying why", async () => {
    const repo = freshRepo("issue-no-occurrences");
    const body = edited(sampleWithCommits("repository_issue.introduced"), (json) => {
      json.data.object.occurrences = null;
      json.data.issueOccurrencesIntroduced = null;
    });
    const run = await dispatch(gh, await envelope(body), {
      repo,
      inputs: { "issue-sync": "deepsource" },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({
      status: "INTRODUCED",
      introduced: "",
      commit: COMMIT.latest,
    });
    expect(issueCheckRuns(repo)).toEqual([]);
    const [issue] = gh.state.repo(repo).issues;
    expect(issue?.title).toBe(
      "DeepSource CRT-A0016: Simplify slice expression to sliced value itself",
    );
    expect(issue?.body).toContain("DeepSource reports it on `master` at [");
    expect(issue?.body).toContain("without listing its occurrences.");
    expect(run.summary).toContain(
      "| Annotations | `CRT-A0016` | skipped: DeepSource sent no `occurrences`, so there are no lines to annotate |",
    );
    expect(run.summary).toMatch(
      /\| Issue \| \[#​1 DeepSource CRT-A0016: .*\| opened for `CRT-A0016` \|/,
    );
    expect(run.stdout).toContain("Annotations: skipped: DeepSource sent no `occurrences`");
    expect(gh.violations).toEqual([]);
  });

  it("opens and closes the issue when the resolution arrives before the introduction, which then leaves it closed", async () => {
    const repo = freshRepo("resolved-first");
    const inputs = { "issue-sync": "deepsource", "check-runs": "false" };
    const issues = () => gh.state.repo(repo).issues;
    const resolved = await envelope(sampleWithCommits("repository_issue.resolved"));
    const introduced = await envelope(sampleWithCommits("repository_issue.introduced"));

    const first = await dispatch(gh, resolved, { repo, inputs });
    expect(first.code, first.stdout).toBe(0);
    expect(first.summary).toContain(
      "opened for `CRT-A0016`, resolved before it was reported introduced",
    );
    expect(issues()).toHaveLength(1);
    expect(issues()[0]).toMatchObject({
      title: "DeepSource CRT-A0016: Simplify slice expression to sliced value itself",
      state: "closed",
      state_reason: "completed",
      labels: ["anti_pattern", "deepsource"],
    });
    expect(
      issues()[0]?.body?.startsWith(`${MARKER}\n<!-- hookbridge:updated-at:1642070207 -->`),
    ).toBe(true);
    expect(issues()[0]?.comments.map((comment) => comment.body)).toEqual([
      `<!-- hookbridge:deepsource-resolved:CRT-A0016:1642070207 -->\nDeepSource reports \`CRT-A0016\` resolved on \`master\` at [\`72df1dc\`](https://github.com/${repo}/commit/${COMMIT.latest}) (1 occurrence resolved). Closing.`,
    ]);

    // The introduction, stamped at the same moment, arrives late.
    const late = await dispatch(gh, introduced, { repo, inputs });
    expect(late.code).toBe(0);
    expect(late.summary).toContain("kept closed: resolved as of the same time");
    for (const payload of [resolved, introduced])
      expect((await dispatch(gh, payload, { repo, inputs })).code).toBe(0);
    expect(issues()).toHaveLength(1);
    expect(issues()[0]).toMatchObject({ state: "closed" });
    expect(issues()[0]?.comments).toHaveLength(1);
    expect(gh.violations).toEqual([]);
  });

  it("closes before it comments, so a run stopped at either step is finished once by the next", async () => {
    const repo = freshRepo("close-then-comment");
    const inputs = { "issue-sync": "deepsource", "check-runs": "false" };
    const issue = () => gh.state.repo(repo).issues[0];
    const resolved = await envelope(sampleWithCommits("repository_issue.resolved"));
    await dispatch(gh, await envelope(sampleWithCommits("repository_issue.introduced")), {
      repo,
      inputs,
    });
    expect(issue()).toMatchObject({ number: 1, state: "open" });

    // Closing is refused: nothing is said about a closing that did not happen.
    gh.fail(`PATCH /repos/${repo}/issues/1`, {
      status: 422,
      body: { message: "Validation Failed" },
    });
    const refused = await dispatch(gh, resolved, { repo, inputs });
    expect(refused.code).toBe(1);
    expect(issue()).toMatchObject({ state: "open", comments: [] });

    // Closed, then the comment is refused: the next run posts it, once.
    gh.fail(`POST /repos/${repo}/issues/1/comments`, {
      status: 422,
      body: { message: "Validation Failed" },
    });
    const uncommented = await dispatch(gh, resolved, { repo, inputs });
    expect(uncommented.code).toBe(1);
    expect(issue()).toMatchObject({ state: "closed", comments: [] });

    for (let attempt = 0; attempt < 2; attempt++)
      expect((await dispatch(gh, resolved, { repo, inputs })).code).toBe(0);
    expect(issue()?.state).toBe("closed");
    expect(issue()?.comments.map((comment) => comment.body.split("\n")[0])).toEqual([
      "<!-- hookbridge:deepsource-resolved:CRT-A0016:1642070207 -->",
    ]);
    expect(gh.pendingFaults()).toBe(0);
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
    const summary = issueCheckRuns(repo)[0]?.output.summary ?? "";
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
      "`CRT-A0016` @\u200Boctocat see #\u200B1 \\<img src=x onerror=alert(1)\\> \\| col \\|",
    );
    // A table row keeps its cells: every pipe from the payload is escaped.
    const row = run.summary.split("\n").find((line) => line.startsWith("| Issue |")) ?? "";
    expect(row).toContain("`CRT-A0016` @\u200Boctocat");
    expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(4);
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
