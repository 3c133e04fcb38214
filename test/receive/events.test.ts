import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeDispatch } from "../../src/core/envelope.ts";
import { deveoSignature } from "../../src/core/signatures/index.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { ROOT } from "../support/run-action.ts";
import {
  type DeepSourceSample,
  dispatch,
  envelope,
  freshRepo,
  messages,
  requestsFor,
  SECRET,
  sample,
} from "./support.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

describe.concurrent("events that only report", () => {
  it("test.event succeeds with outputs and a summary, calling no API", async () => {
    const repo = freshRepo("test-event");
    const payload = await envelope(sample("test.event"), { id: "370847944204618991" });
    for (let attempt = 0; attempt < 2; attempt++) {
      const run = await dispatch(gh, payload, { repo });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.outputs).toMatchObject({
        provider: "deepsource",
        event: "test.event",
        id: "370847944204618991",
        object: '{"test":true}',
        status: "TEST",
        repository: "",
        commit: "",
      });
      expect(run.summary).toContain("## hookbridge: DeepSource test event");
      expect(run.summary).toContain("✅ verified (`x-deepsource-signature`)");
      expect(run.summary).toContain("Nothing to do for this event");
      expect(messages(run, "error")).toEqual([]);
    }
    expect(requestsFor(gh, repo)).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  it.each([
    ["repository.analysis.activated", "ACTIVATED"],
    ["repository.analysis.deactivated", "DEACTIVATED"],
  ] as const)("%s sets the repository outputs only", async (event, status) => {
    const repo = freshRepo(event);
    const run = await dispatch(gh, await envelope(sample(event)), { repo });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({
      event,
      status,
      repository: "deepsourcelabs/demo-go",
      branch: "master",
      commit: "07e790b6d5a7e720acf5f2af4b707c2ff1cabceed",
    });
    expect(JSON.parse(run.outputs.object ?? "")).toMatchObject({
      object: "Repository",
      name: "demo-go",
    });
    expect(run.summary).toContain(
      "[deepsourcelabs/demo-go](https://github.com/deepsourcelabs/demo-go)",
    );
    expect(requestsFor(gh, repo)).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  it.each([
    ["team_member.added", "MEMBER"],
    ["team_member.removed", "MEMBER"],
    ["team_member.updated", "CONTRIBUTOR"],
  ] as const)("%s reports the member and role", async (event: DeepSourceSample, role) => {
    const repo = freshRepo(event);
    const run = await dispatch(gh, await envelope(sample(event)), { repo });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ event, status: role, repository: "" });
    expect(JSON.parse(run.outputs.object ?? "")).toMatchObject({ object: "TeamMember", role });
    expect(run.summary).toContain("| Member | John Doe |");
    if (event === "team_member.updated")
      expect(run.summary).toContain("member MEMBER → CONTRIBUTOR");
    expect(requestsFor(gh, repo)).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  it("gives a provider without reactions of its own outputs and a summary", async () => {
    const repo = freshRepo("deveo-push");
    const body = new Uint8Array(readFileSync(join(ROOT, "test/fixtures/deveo/push.json")));
    const headers = await deveoSignature.sign(body, SECRET);
    const { client_payload } = await encodeDispatch({
      provider: "deveo",
      event: "push",
      id: "deveo-delivery-1",
      receivedAt: new Date().toISOString(),
      headers,
      body,
    });
    const run = await dispatch(gh, client_payload, { repo });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({
      provider: "deveo",
      event: "push",
      id: "deveo-delivery-1",
      status: "",
    });
    expect(JSON.parse(run.outputs.object ?? "")).toMatchObject({
      after: "67ec79c2cc2737eec07b649555b3da32c47d095b",
    });
    expect(run.summary).toContain("## hookbridge: Deveo `push`");
    expect(run.summary).toContain("✅ verified (`x-hub-signature`)");
    expect(requestsFor(gh, repo)).toEqual([]);
  });
});
