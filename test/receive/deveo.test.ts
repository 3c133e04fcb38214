import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import type { ClientPayload } from "../../src/core/envelope.ts";
import { actionRequests, deliver, startPipeline } from "../e2e/pipeline.ts";
import { branchCreation } from "../emit/github-events.ts";
import { fixture } from "../relay/support.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { messages } from "./support.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

const FORM = { "content-type": "application/x-www-form-urlencoded" };

function asForm(json: Uint8Array): Uint8Array<ArrayBuffer> {
  return utf8(`payload=${encodeURIComponent(new TextDecoder().decode(json))}`);
}

const PUSH_OUTPUTS = {
  provider: "deveo",
  event: "push",
  ref: "refs/heads/master",
  before: "c58a421ed77556d217abc7638de9ba9b3589b36d",
  after: "67ec79c2cc2737eec07b649555b3da32c47d095b",
  "commit-count": "1",
  pusher: "chuck",
  branch: "master",
  commit: "67ec79c2cc2737eec07b649555b3da32c47d095b",
  repository: "Test project/website",
  status: "pushed",
  extra: "",
};

describe.concurrent("Deveo-style and GitHub-signed hooks through the relay and the action", () => {
  it("gives a push's ref, commits and pusher to later steps, sent as JSON or as a form", async () => {
    const pipeline = startPipeline(gh, "deveo-push");
    const json = await deliver(pipeline, "deveo", fixture("deveo", "push"));
    const form = await deliver(pipeline, "deveo", asForm(fixture("deveo", "push")), {
      headers: FORM,
    });
    expect(form.payload.headers).toMatchObject(FORM);
    expect(form.payload.body?.startsWith("payload=%7B")).toBe(true);
    // A relay that does not forward the content type: the action recognises the form itself.
    const { "content-type": _type, ...signatureOnly } = form.payload.headers;
    const older = await pipeline.receive({ ...form.payload, headers: signatureOnly });
    for (const run of [json.run, form.run, older]) {
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs).toMatchObject(PUSH_OUTPUTS);
      expect(JSON.parse(run.outputs.object ?? "")).toMatchObject({ commit_count: 1 });
      expect(run.summary).toContain(
        "## hookbridge: Deveo push to `master` in Test project/website",
      );
      expect(run.summary).toContain("| Pusher | Chuck Norris (chuck) |");
      expect(run.summary).toContain("| Commits | 67ec79c Update readme |");
      expect(run.summary).toContain("Nothing to do for this event");
    }
    expect(actionRequests(gh, pipeline.repo)).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  it.each([
    ["project.created", "test_project", "| Project | Test project (`test_project`) |"],
    ["repository.created", "test_project/website", "| Repository | `website` (git) |"],
  ] as const)("reports the %s operation hook", async (event, repository, fact) => {
    const pipeline = startPipeline(gh, `deveo-${event}`);
    const { run } = await deliver(pipeline, "deveo", fixture("deveo", event));
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({
      event,
      status: "created",
      repository,
      ref: "",
      commit: "",
    });
    expect(run.summary).toContain(fact);
    expect(run.summary).toContain("| By | chuck |");
    expect(actionRequests(gh, pipeline.repo)).toEqual([]);
  });

  it("passes a hook hookbridge has no reaction for through as outputs and a summary", async () => {
    const pipeline = startPipeline(gh, "deveo-other");
    const body = utf8(
      `${JSON.stringify({
        operation: "created",
        type: "webhook",
        subject: { id: "chuck", uuid: "a94ea07c-4590-4dc9-b397-c83ca5daf976" },
        project: {
          id: "test_project",
          uuid: "c788fd2a-788c-4888-8673-90e027b1b849",
          name: "Test project",
        },
      })}\n`,
    );
    const { run } = await deliver(pipeline, "deveo", body);
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ event: "webhook.created", status: "", ref: "" });
    expect(JSON.parse(run.outputs.object ?? "")).toMatchObject({ type: "webhook" });
    expect(run.summary).toContain("## hookbridge: Deveo `webhook.created`");
    expect(actionRequests(gh, pipeline.repo)).toEqual([]);
  });

  it("reports GitHub-signed hooks: a ping, and a push sent as a form", async () => {
    const pipeline = startPipeline(gh, "github-signed");
    const ping = await deliver(
      pipeline,
      "github",
      utf8('{"zen":"Keep it logically awesome.","hook_id":12345678}\n'),
      {
        headers: {
          "x-github-event": "ping",
          "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        },
      },
    );
    expect(ping.run.code, ping.run.stdout).toBe(0);
    expect(ping.run.outputs).toMatchObject({
      provider: "github",
      event: "ping",
      id: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      ref: "",
    });
    expect(ping.run.summary).toContain("## hookbridge: GitHub-signed `ping` hook");

    const event = branchCreation();
    const push = await deliver(pipeline, "github", asForm(utf8(JSON.stringify(event))), {
      headers: {
        ...FORM,
        "x-github-event": "push",
        "x-github-delivery": "d2b7c4a0-0000-4000-8000-000000000001",
      },
    });
    expect(push.run.code, push.run.stdout).toBe(0);
    expect(push.run.outputs).toMatchObject({
      event: "push",
      ref: event.ref,
      before: event.before,
      after: event.after,
      commit: event.after,
      branch: event.ref.replace("refs/heads/", ""),
      "commit-count": String(event.commits.length),
      pusher: event.pusher.name,
      repository: event.repository.full_name,
      status: "created",
    });
    expect(actionRequests(gh, pipeline.repo)).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  it("fails the step for a tampered form body or a wrong secret", async () => {
    const pipeline = startPipeline(gh, "deveo-tamper");
    const posted = await pipeline.post("deveo", asForm(fixture("deveo", "push")), {
      headers: FORM,
    });
    expect(posted.status).toBe(204);
    const payload = posted.payload as ClientPayload;
    const tampered = { ...payload, body: (payload.body ?? "").replace("master", "main") };
    const runs = await Promise.all([
      pipeline.receive(tampered),
      pipeline.receive(payload, { secret: "another-deveo-secret" }),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(messages(run, "error")[0]).toMatch(/^Deveo event refused, nothing was done: /);
      expect(run.outputs).toEqual({});
    }
    const unsigned = await pipeline.post("deveo", fixture("deveo", "push"), {
      headers: { "x-hub-signature": "" },
    });
    expect(unsigned.status).toBe(401);
    expect(pipeline.dispatches()).toHaveLength(1);
  });
});
