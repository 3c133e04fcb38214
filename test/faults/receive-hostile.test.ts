/**
 * The receive action against deliveries that are signed (so they pass every signature
 * check) yet hostile in what they say, and against a repository where someone else has written
 * hookbridge's markers: payload text that tries to form workflow commands, paths that climb out
 * of the repository, a gzip bomb, a dispatch relabelled after the relay sent it, and forged sticky
 * comments and mirrored issues.
 */
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBase64 } from "../../src/core/bytes.ts";
import {
  COMMIT,
  type DeepSourceSample,
  dispatch,
  edited,
  envelope,
  freshRepo,
  messages,
  receiveAction,
  SECRET,
  sample,
  sampleWithCommits,
  TOKEN,
} from "../receive/support.ts";
import type { AuthorRecord, GitHubStandIn } from "../support/github-stand-in/index.ts";
import { startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { CANARY, hostileText, runnerCommandProblems } from "../support/runner-commands.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh?.close());

const MALLORY: AuthorRecord = { login: "mallory", id: 666, type: "User" };
const FAR_FUTURE = "<!-- hookbridge:updated-at:99999999999999 -->";

/**
 * Every string in the JSON becomes `change(string)`, except the fields naming what the event is and
 * the repository's URL (events for another repository are skipped before any reaction runs).
 */
const KEPT = new Set(["type", "object", "vcsUrl"]);

// biome-ignore lint/suspicious/noExplicitAny: payloads are reshaped freely
function changeStrings(value: any, change: (text: string) => string): any {
  if (typeof value === "string") return change(value);
  if (Array.isArray(value)) return value.map((item) => changeStrings(item, change));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        KEPT.has(key) && typeof item === "string" ? item : changeStrings(item, change),
      ]),
    );
  }
  return value;
}

const HOSTILE_SAMPLES: readonly DeepSourceSample[] = [
  "analysis_run.updated",
  "autofix_run.updated",
  "repository_issue.introduced",
  "repository_issue.resolved",
  "repository.analysis.activated",
  "team_member.added",
];

describe("hostile but signed deliveries", () => {
  it("no payload text ever forms a runner command line, at any log call site", async () => {
    let canaryLogged = false;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...HOSTILE_SAMPLES),
        hostileText(),
        // Messages clip what they quote, so hostile text replaces short fields whole, too.
        fc.boolean(),
        async (name, hostile, replace) => {
          const repo = freshRepo("hostile");
          const body = edited(sampleWithCommits(name), (json) => {
            json.data = changeStrings(json.data, (text) => (replace ? hostile : text + hostile));
          });
          const run = await dispatch(gh, await envelope(body, { id: "hostile-delivery" }), {
            repo,
            inputs: { "issue-sync": "deepsource", "commit-status": "true" },
          });
          expect(run.code, run.stderr).not.toBeNull();
          expect(runnerCommandProblems(run.stdout, [SECRET, TOKEN]), run.stdout).toEqual([]);
          if (run.stdout.includes(CANARY)) canaryLogged = true;
        },
      ),
      {
        numRuns: 12,
        endOnFailure: true,
        // The case that was exploited: a commit id quoted in a failed reaction's message.
        examples: [["analysis_run.updated", `x\n::warning::${CANARY}`, true]],
      },
    );
    // The property means something only if payload text did reach the log.
    expect(canaryLogged).toBe(true);
  }, 240_000);

  it("an occurrence path leaving the repository gets no link or annotation, and lines are clamped", async () => {
    const repo = freshRepo("paths");
    const body = edited(sampleWithCommits("repository_issue.introduced"), (json) => {
      const at = (path: string, beginLine: number, endLine: number) => ({
        id: `occ-${path.length}`,
        object: "Occurrence",
        title: "an occurrence",
        path,
        beginLine,
        beginColumn: 1,
        endLine,
        endColumn: 2,
      });
      json.data.object.occurrences = [
        at("../../../../../attacker/evil-repo", 1e12, 1e12),
        at("../../etc/passwd", 1, 1),
        at("src/ok.go\n::warning::INJECTED", 3, 3),
        at("pkg/ok.go", 5, 1e12),
      ];
    });
    const run = await dispatch(gh, await envelope(body), {
      repo,
      inputs: { "issue-sync": "deepsource" },
    });
    expect(run.code, run.stdout).toBe(0);
    const [check] = gh.state.repo(repo).checkRuns;
    expect(check?.output.annotations).toEqual([
      expect.objectContaining({ path: "pkg/ok.go", start_line: 5, end_line: 1_000_000 }),
    ]);
    expect(check?.output.summary).toContain(
      "3 occurrences named no file inside the repository (a path leaving it, or with control characters), so they are shown without a link or annotation.",
    );
    const [issue] = gh.state.repo(repo).issues;
    expect(issue?.body).not.toContain("attacker/evil-repo)");
    expect(issue?.body).not.toMatch(/\]\(https:\/\/github\.com\/attacker/);
    expect(issue?.body).toContain(
      `[pkg/ok.go:5-1000000](https://github.com/${repo}/blob/${COMMIT.latest}/pkg/ok.go#L5-L1000000)`,
    );
    expect(issue?.body).toContain("3 occurrences named no file inside the repository");
    expect(run.summary).toContain("3 occurrences left out: no file inside the repository");
  }, 60_000);

  it("URLs a payload names link nowhere outside the repository: the job summary and the sticky comment name them as text", async () => {
    const evil = "https://evil.example/deepsourcelabs/demo-python/pull/1";
    const repo = freshRepo("links");
    const run = await dispatch(
      gh,
      await envelope(
        edited(sampleWithCommits("analysis_run.updated"), (json) => {
          json.data.object.repository.vcsUrl = "https://evil.example/login";
        }),
      ),
      { repo, inputs: { "fail-on": "never" } },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain("| Repository |");
    gh.seedPullRequest(repo, {
      number: 1,
      head: { sha: COMMIT.autofixSource, ref: "feature-branch" },
    });
    const started = edited(sample("autofix_run.started"), (json) => {
      json.data.object.sourcePullRequest.url = evil;
    });
    const updated = edited(sample("autofix_run.updated"), (json) => {
      json.data.object.autofixPullRequest.url = evil;
    });
    const summaries = [run.summary];
    for (const body of [started, updated]) {
      const comment = await dispatch(gh, await envelope(body), { repo });
      expect(comment.code, comment.stdout).toBe(0);
      summaries.push(comment.summary);
    }
    const written = JSON.stringify(gh.state.repo(repo));
    for (const text of [...summaries, written]) {
      expect(text).not.toContain("evil.example");
    }
    expect(written).toContain("Autofix pull request:** #");
  }, 60_000);

  it("a body_gzip bomb is refused before anything else, in one sentence", async () => {
    const repo = freshRepo("bomb");
    // zlib in one call: a quarter of a second less CPU than through CompressionStream.
    const bomb = gzipSync(new Uint8Array(16 * 1024 * 1024));
    const payload = {
      provider: "deepsource",
      event: "analysis_run.updated",
      id: "bomb",
      received_at: new Date().toISOString(),
      headers: { "x-deepsource-signature": "00".repeat(32) },
      body_gzip: toBase64(bomb),
    };
    const run = await dispatch(gh, payload, { repo });
    expect(run.code).toBe(1);
    expect(messages(run, "error")).toEqual([
      "client_payload.body_gzip inflates to more than 1048576 bytes, the receive action's limit (the relay's default HOOKBRIDGE_MAX_BODY), so it was refused unread: have the provider send less per webhook.",
    ]);
    expect(gh.requests.filter((request) => request.path.includes(repo))).toEqual([]);
  }, 60_000);

  it("a dispatch whose event_type differs from the verified envelope's is not acted on", async () => {
    const repo = freshRepo("relabelled");
    const payload = await envelope(sampleWithCommits("analysis_run.updated"));
    const [owner = "", name = ""] = repo.split("/");
    const run = await receiveAction({
      eventName: "repository_dispatch",
      event: {
        action: "totally.other",
        client_payload: payload,
        repository: { name, full_name: repo, owner: { login: owner } },
      },
      inputs: { secret: SECRET, "github-token": TOKEN, repository: "deepsourcelabs/demo-python" },
      env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: repo },
    });
    expect(run.code).toBe(1);
    expect(messages(run, "error")).toEqual([
      'The repository_dispatch event type "totally.other" does not match the verified envelope\'s "deepsource.analysis_run.updated", so it was not acted on: dispatch relayed events only through the relay, which names them deepsource.<event>.',
    ]);
    expect(run.outputs).toEqual({});
    expect(gh.requests.filter((request) => request.path.includes(repo))).toEqual([]);
  }, 60_000);
});

describe("forged markers", () => {
  const AUTOFIX_MARKER = "<!-- hookbridge:autofix:8d494192-a837-49d7-a3a9-a0ea78dc667d -->";
  const ISSUE_MARKER = "<!-- hookbridge:deepsource-issue:CRT-A0016 -->";

  it("a sticky comment forged by another user is ignored and never edited; the real one updates", async () => {
    const repo = freshRepo("forged-comment");
    gh.seedPullRequest(repo, {
      number: 1,
      head: { sha: COMMIT.autofixSource, ref: "feature-branch" },
    });
    const pull = () => gh.state.repo(repo).issue(1);
    const now = gh.state.timestamp();
    const forgedBody = `${AUTOFIX_MARKER}\n${FAR_FUTURE}\nAll good, merge away.`;
    pull()?.comments.push({
      id: gh.state.nextId("comment"),
      issue_number: 1,
      author: MALLORY,
      body: forgedBody,
      created_at: now,
      updated_at: now,
    });
    const started = await dispatch(gh, await envelope(sample("autofix_run.started")), { repo });
    expect(started.code, started.stdout).toBe(0);
    expect(pull()?.comments).toHaveLength(2);
    const own = () => pull()?.comments.find((comment) => comment.author === undefined);
    expect(own()?.body).toContain("DeepSource Autofix is running");
    const updated = await dispatch(gh, await envelope(sample("autofix_run.updated")), { repo });
    expect(updated.code, updated.stdout).toBe(0);
    expect(pull()?.comments).toHaveLength(2);
    expect(own()?.body).toContain("DeepSource Autofix succeeded");
    expect(pull()?.comments.find((comment) => comment.author)?.body).toBe(forgedBody);
    const edits = gh.requests.filter(
      (request) => request.method === "PATCH" && request.path.includes(repo),
    );
    expect(edits.map((request) => request.path)).toEqual([
      `/repos/${repo}/issues/comments/${own()?.id}`,
    ]);
  }, 60_000);

  it("a mirrored issue forged by another user is ignored and never edited; the real one is kept", async () => {
    const repo = freshRepo("forged-issue");
    const state = gh.state.repo(repo);
    const now = gh.state.timestamp();
    state.ensureLabel("deepsource");
    const forgedBody = `${ISSUE_MARKER}\n${FAR_FUTURE}\nNothing to see.`;
    state.issues.push({
      id: gh.state.nextId("issue"),
      number: state.nextNumber(),
      author: MALLORY,
      title: "DeepSource CRT-A0016: forged",
      body: forgedBody,
      state: "open",
      state_reason: null,
      labels: ["deepsource"],
      assignees: [],
      comments: [],
      created_at: now,
      updated_at: now,
      closed_at: null,
      pull_request: false,
    });
    const inputs = { "issue-sync": "deepsource", "check-runs": "false" };
    const introduced = await envelope(sampleWithCommits("repository_issue.introduced"));
    const opened = await dispatch(gh, introduced, { repo, inputs });
    expect(opened.code, opened.stdout).toBe(0);
    const own = () => state.issues.find((issue) => !issue.author && !issue.pull_request);
    expect(own()).toMatchObject({ state: "open" });
    expect(own()?.body?.startsWith(ISSUE_MARKER)).toBe(true);
    const resolved = await envelope(sampleWithCommits("repository_issue.resolved"));
    const closed = await dispatch(gh, resolved, { repo, inputs });
    expect(closed.code, closed.stdout).toBe(0);
    expect(own()).toMatchObject({ state: "closed" });
    const forged = state.issues.find((issue) => issue.author);
    expect(forged).toMatchObject({ state: "open", body: forgedBody, comments: [] });
  }, 60_000);
});

describe("forged markers, with a personal token", () => {
  const OWNER: AuthorRecord = { login: "octo-maintainer", id: 4242, type: "User" };
  let personal: GitHubStandIn;
  beforeAll(async () => {
    personal = await startGitHubStandIn({ tokenUser: OWNER });
  });
  afterAll(() => personal?.close());

  it("only the token's user's comment is taken for the sticky comment, not another user's", async () => {
    const repo = freshRepo("forged-personal");
    personal.seedPullRequest(repo, {
      number: 1,
      head: { sha: COMMIT.autofixSource, ref: "feature-branch" },
    });
    const pull = () => personal.state.repo(repo).issue(1);
    const now = personal.state.timestamp();
    const forgedBody = `<!-- hookbridge:autofix:8d494192-a837-49d7-a3a9-a0ea78dc667d -->\n${FAR_FUTURE}\nforged`;
    pull()?.comments.push({
      id: personal.state.nextId("comment"),
      issue_number: 1,
      author: MALLORY,
      body: forgedBody,
      created_at: now,
      updated_at: now,
    });
    const started = await dispatch(personal, await envelope(sample("autofix_run.started")), {
      repo,
    });
    expect(started.code, started.stdout).toBe(0);
    const updated = await dispatch(personal, await envelope(sample("autofix_run.updated")), {
      repo,
    });
    expect(updated.code, updated.stdout).toBe(0);
    const comments = pull()?.comments ?? [];
    expect(comments.map((comment) => comment.author?.login)).toEqual([
      "mallory",
      "octo-maintainer",
    ]);
    expect(comments[0]?.body).toBe(forgedBody);
    expect(comments[1]?.body).toContain("DeepSource Autofix succeeded");
    expect(personal.requests.filter((request) => request.path === "/user")).toHaveLength(2);
    expect(personal.violations).toEqual([]);
    expect(personal.responseViolations()).toEqual([]);
  }, 60_000);
});
