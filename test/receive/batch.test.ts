import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeBatchJson } from "../../src/core/batch-envelope.ts";
import type { ClientPayload } from "../../src/core/envelope.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import type { ActionRun } from "../support/run-action.ts";
import {
  edited,
  envelope,
  freshRepo,
  receiveAction,
  SECRET,
  sampleWithCommits,
  TOKEN,
} from "./support.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

// biome-ignore lint/suspicious/noExplicitAny: the samples are reshaped freely
type Json = any;

let serial = 0;
function about(repo: string, event: "analysis_run.updated" | "repository_issue.introduced") {
  return (change: (json: Json) => void = () => {}) =>
    edited(sampleWithCommits(event), (json) => {
      serial += 1;
      json.id = `batch-member-${serial}`;
      json.data.object.repository.vcsUrl = `https://github.com/${repo}`;
      change(json);
    });
}

async function batchOf(members: readonly ClientPayload[]) {
  const encoded = await encodeBatchJson("deepsource", members);
  if (!encoded) throw new Error("the batch does not fit");
  return encoded.request;
}

function run(
  repo: string,
  request: { event_type: string; client_payload: unknown },
  inputs: Record<string, string> = {},
): Promise<ActionRun> {
  const [owner = "", name = ""] = repo.split("/");
  return receiveAction({
    eventName: "repository_dispatch",
    event: {
      action: request.event_type,
      client_payload: request.client_payload,
      repository: { name, full_name: repo, owner: { login: owner } },
    },
    inputs: { secret: SECRET, "github-token": TOKEN, "fail-on": "never", ...inputs },
    env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: repo },
  });
}

describe("the receive action takes a batch", () => {
  it("reacts to every member in order, with the single outputs of the last and an events list", async () => {
    const repo = freshRepo("batch-order");
    const issue = about(repo, "repository_issue.introduced");
    const bodies = [
      issue((json) => {
        json.data.object.id = "ri-one";
        json.data.object.issue.shortcode = "GO-W1";
      }),
      issue((json) => {
        json.data.object.id = "ri-two";
        json.data.object.issue.shortcode = "GO-W2";
      }),
    ];
    const members = await Promise.all(bodies.map((body) => envelope(body)));
    const result = await run(repo, await batchOf(members), { "issue-sync": "deepsource" });
    expect(result.code, result.stdout).toBe(0);
    expect(gh.state.repo(repo).issues.map((found) => found.title)).toEqual([
      expect.stringContaining("GO-W1"),
      expect.stringContaining("GO-W2"),
    ]);
    expect(JSON.parse(result.outputs.events ?? "[]")).toEqual([
      {
        position: 1,
        provider: "deepsource",
        event: "repository_issue.introduced",
        id: members[0]?.id,
        result: "acted",
      },
      {
        position: 2,
        provider: "deepsource",
        event: "repository_issue.introduced",
        id: members[1]?.id,
        result: "acted",
      },
    ]);
    expect(result.outputs.id).toBe(members[1]?.id);
    expect(result.summary).toContain("2 events in one run");
    expect(result.summary.match(/## hookbridge: /g)).toHaveLength(2);
    // One identity look-up for the whole run, not one per member.
    const identity = gh.requests.filter(
      (request) =>
        request.path === "/user" ||
        request.path === "/app" ||
        request.path === "/installation/repositories",
    );
    expect(identity.length).toBeLessThanOrEqual(1);
  });

  it("acts on the newest state of a run only, whatever the order the members came in", async () => {
    const repo = freshRepo("batch-newest");
    const run1 = about(repo, "analysis_run.updated");
    const newer = run1((json) => {
      json.data.object.runUid = "batched-run";
      json.data.object.status = "SUCCESS";
      json.data.object.updatedAt = 1_700_000_300;
    });
    const older = run1((json) => {
      json.data.object.runUid = "batched-run";
      json.data.object.status = "PENDING";
      json.data.object.updatedAt = 1_700_000_100;
    });
    const members = [await envelope(newer), await envelope(older)];
    const result = await run(repo, await batchOf(members));
    expect(result.code, result.stdout).toBe(0);
    expect(JSON.parse(result.outputs.events ?? "[]").map((entry: Json) => entry.result)).toEqual([
      "acted",
      "superseded",
    ]);
    expect(result.outputs.status).toBe("SUCCESS");
    // The older member was never reacted to: it is named, not acted on.
    expect(result.stdout).toContain("only the newest is acted on");
    expect(result.summary).toContain("superseded");
  });

  it("refuses a forged member only, names it in the summary, acts on the others, and fails the run", async () => {
    const repo = freshRepo("batch-forged");
    const issue = about(repo, "repository_issue.introduced");
    const good = await envelope(
      issue((json) => {
        json.data.object.id = "ri-good";
        json.data.object.issue.shortcode = "GO-G1";
      }),
    );
    const forged = await envelope(
      issue((json) => {
        json.data.object.id = "ri-forged";
      }),
      { secret: "someone-elses-secret-0123456789" },
    );
    const result = await run(repo, await batchOf([forged, good]), { "issue-sync": "deepsource" });
    expect(result.code).not.toBe(0);
    expect(gh.state.repo(repo).issues.map((found) => found.title)).toEqual([
      expect.stringContaining("GO-G1"),
    ]);
    expect(result.summary).toContain("Event 1 of 2: refused");
    expect(result.commands.find((command) => command.command === "error")?.message).toContain(
      "Event 1 of 2",
    );
    expect(JSON.parse(result.outputs.events ?? "[]")).toEqual([
      { position: 1, result: "refused" },
      expect.objectContaining({ position: 2, result: "acted" }),
    ]);
  });

  it("refuses a batch dispatched under another event type", async () => {
    const repo = freshRepo("batch-type");
    const request = await batchOf([
      await envelope(about(repo, "repository_issue.introduced")()),
      await envelope(about(repo, "repository_issue.introduced")()),
    ]);
    const result = await run(repo, { ...request, event_type: "deepsource.analysis_run.updated" });
    expect(result.code).not.toBe(0);
    expect(result.commands.find((command) => command.command === "error")?.message).toContain(
      'does not match the batch\'s "deepsource.batch"',
    );
    expect(gh.state.repo(repo).issues).toEqual([]);
  });
});
