import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import { signatureScheme } from "../../src/core/providers.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import {
  type DeepSourceSample,
  dispatch,
  envelope,
  freshRepo,
  messages,
  relayPayload,
  requestsFor,
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
    // The payload's repository is not this one: named, never linked.
    expect(run.summary).toContain("| Repository | deepsourcelabs/demo-go |");
    expect(requestsFor(gh, repo)).toEqual([]);
    const here = await dispatch(gh, await envelope(sample(event)), {
      repo: "deepsourcelabs/demo-go",
    });
    expect(here.summary).toContain(
      "| Repository | [deepsourcelabs/demo-go](https://github.com/deepsourcelabs/demo-go) |",
    );
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
    // Standard Webhooks events are named by their sender, so hookbridge has no reactions for them.
    const repo = freshRepo("standard-event");
    const key = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const body = utf8(
      '{"type":"invoice.paid","timestamp":"2026-11-23T10:00:00Z","data":{"id":"in_1","amount":4200}}',
    );
    const headers = await signatureScheme("standard").sign(body, key, {
      id: "msg_standard_1",
      timestamp: Math.floor(Date.now() / 1000),
    });
    const client_payload = await relayPayload(
      {
        provider: "standard",
        event: "invoice.paid",
        id: "msg_standard_1",
        receivedAt: new Date().toISOString(),
        headers,
        body,
      },
      key,
    );
    const run = await dispatch(gh, client_payload, { repo, inputs: { secret: key } });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({
      provider: "standard",
      event: "invoice.paid",
      id: "msg_standard_1",
      status: "",
    });
    expect(JSON.parse(run.outputs.object ?? "")).toMatchObject({ data: { id: "in_1" } });
    expect(run.summary).toContain("## hookbridge: Standard Webhooks `invoice.paid`");
    expect(run.summary).toContain(
      "✅ verified (`webhook-id`, `webhook-timestamp`, `webhook-signature`)",
    );
    expect(requestsFor(gh, repo)).toEqual([]);
  });
});
