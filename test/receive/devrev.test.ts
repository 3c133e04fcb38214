import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import type { ClientPayload } from "../../src/core/envelope.ts";
import { actionRequests, deliver, startPipeline, visibleIssues } from "../e2e/pipeline.ts";
import { fixture, freshDevrev, rfc3339Nanos, SECRETS, uniqueId } from "../relay/support.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { edited, messages } from "./support.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

const ISSUE_42 = "don:core:dvrv-us-1:devo/1H79gci4u:issue/42";
const CREATED_WORK = JSON.parse(new TextDecoder().decode(fixture("devrev", "work_created")))
  .work_created.work;
const MARKER_42 = "<!-- hookbridge:devrev-work:don:core:dvrv-us-1:devo_1H79gci4u:issue_42 -->";

type Sample = "verify" | "work_created" | "work_updated" | "work_deleted";

/** A delivery of its own built from a sample: a new event id, sent now, changed as asked. */
// biome-ignore lint/suspicious/noExplicitAny: tests reshape payloads freely
function delivery(sample: Sample, change: (json: any) => void = () => {}) {
  return edited(fixture("devrev", sample), (json) => {
    json.id = `${json.webhook_id}:event/${uniqueId()}`;
    json.timestamp = rfc3339Nanos(Date.now());
    change(json);
  });
}

const time = (offsetMs: number) =>
  new Date(Date.parse("2026-11-23T10:00:00Z") + offsetMs).toISOString();

describe.concurrent("DevRev through the relay and the action", () => {
  it("replays the samples: a verify answered, two work items mirrored, the same end state twice", async () => {
    const pipeline = startPipeline(gh, "devrev-samples");
    const verify = await pipeline.post("devrev", freshDevrev(fixture("devrev", "verify")));
    expect(verify).toMatchObject({
      status: 200,
      answer: { challenge: "DlrVaK7zRyZWwbJhj5dZHDlrVaK7Jhj5dZZjH" },
      payload: undefined,
    });

    const samples = ["work_created", "work_updated", "work_deleted"] as const;
    const bodies = samples.map((sample) => freshDevrev(fixture("devrev", sample)));
    const outputs: Record<string, Record<string, string>> = {};
    for (const [index, body] of bodies.entries()) {
      const { run } = await deliver(pipeline, "devrev", body);
      expect(run.code, run.stdout).toBe(0);
      outputs[samples[index] as string] = run.outputs;
    }
    expect(pipeline.dispatches().map((payload) => payload.event)).toEqual([...samples]);

    const issues = visibleIssues(gh, pipeline.repo);
    expect(
      issues.map(({ comments, ...issue }) => ({ ...issue, comments: comments.length })),
    ).toEqual([
      {
        number: 1,
        title: "DevRev ISS-42: Checkout fails when the cart holds more than 100 items",
        state: "open",
        state_reason: null,
        labels: ["devrev", "devrev:issue", "priority:p1", "stage:triage"],
        comments: 0,
      },
      {
        number: 2,
        title: "DevRev TKT-17: Invoice PDF shows the wrong VAT number",
        state: "open",
        state_reason: null,
        labels: ["devrev", "devrev:ticket", "severity:high", "stage:work_in_progress"],
        comments: 0,
      },
    ]);
    const body = gh.state.repo(pipeline.repo).issues[0]?.body ?? "";
    expect(body.split("\n").slice(0, 4)).toEqual([
      MARKER_42,
      `<!-- hookbridge:updated-at:${Date.parse("2022-08-01T11:59:58.412Z")} -->`,
      "**Checkout fails when the cart holds more than 100 items**",
      "",
    ]);
    expect(body).toContain("`ISS-42` · Issue · stage `triage` · priority `P1`");
    expect(body).toContain("- **Owners:** Ada Lovelace");
    expect(body).toContain("- **Part:** Storefront (PROD-1)");
    expect(body).toContain("- **Tags:** checkout");

    expect(outputs.work_created).toMatchObject({
      provider: "devrev",
      event: "work_created",
      id: "don:integration:dvrv-us-1:devo/1H79gci4u:webhook/123:event/b1c2d3",
      status: "triage",
      repository: "",
      extra: "",
    });
    expect(JSON.parse(outputs.work_created?.object ?? "")).toMatchObject({ id: ISSUE_42 });
    expect(outputs.work_updated).toMatchObject({ status: "work_in_progress" });
    expect(outputs.work_deleted).toMatchObject({ status: "deleted" });

    // DevRev's retries are answered as duplicates; the dispatches run again change nothing.
    for (const body of bodies)
      expect(await pipeline.post("devrev", body)).toMatchObject({
        status: 200,
        answer: { duplicate: true },
      });
    for (const payload of pipeline.dispatches())
      expect((await pipeline.receive(payload)).code).toBe(0);
    expect(visibleIssues(gh, pipeline.repo)).toEqual(issues);
    expect(pipeline.dispatches()).toHaveLength(3);
    expect(gh.violations).toEqual([]);
  });

  it("keeps one issue per work item in step: newer news edits it, older news never, deletion closes it once", async () => {
    const pipeline = startPipeline(gh, "devrev-order");
    const created = delivery("work_created", (json) => {
      json.work_created.work.modified_date = time(0);
    });
    const newer = delivery("work_updated", (json) => {
      json.work_updated.work = {
        ...CREATED_WORK,
        title: "Checkout fails for carts over 100 items <script>alert(1)</script>",
        body: "Ping @octocat and #12: <img src=x onerror=alert(1)>\n\nSecond paragraph",
        stage: { name: "in_development" },
        priority: "p0",
        modified_date: time(2000),
      };
    });
    const older = delivery("work_updated", (json) => {
      json.work_updated.work = {
        ...CREATED_WORK,
        title: "An older title",
        stage: { name: "triage" },
        modified_date: time(1000),
      };
    });
    const deleted = delivery("work_deleted", (json) => {
      json.timestamp = rfc3339Nanos(Date.now());
      json.work_deleted.id = ISSUE_42;
      json.work_deleted.old_work.id = ISSUE_42;
      json.work_deleted.old_work.display_id = "ISS-42";
      json.work_deleted.old_work.modified_date = time(2000);
    });

    expect((await deliver(pipeline, "devrev", created)).run.code).toBe(0);
    // A person labels the issue; DevRev's own labels are replaced later, this one stays.
    gh.state.repo(pipeline.repo).issues[0]?.labels.push("needs-design");

    const applied = await deliver(pipeline, "devrev", newer);
    expect(applied.run.code, applied.run.stdout).toBe(0);
    const refused = await deliver(pipeline, "devrev", older);
    expect(refused.run.code).toBe(0);
    expect(refused.run.summary).toContain("kept: it shows a newer update");

    const [issue] = gh.state.repo(pipeline.repo).issues;
    expect(issue).toMatchObject({
      title: "DevRev ISS-42: Checkout fails for carts over 100 items <script>alert(1)</script>",
      state: "open",
    });
    expect(issue?.labels.sort()).toEqual(
      ["devrev", "devrev:issue", "needs-design", "priority:p0", "stage:in_development"].sort(),
    );
    const body = issue?.body ?? "";
    expect(body).toContain(`<!-- hookbridge:updated-at:${Date.parse(time(2000))} -->`);
    // Every `<` from DevRev is escaped, so no tag reaches GitHub's renderer.
    expect(body).not.toMatch(/(?<!\\)<(?:script|img)/);
    expect(body).not.toMatch(/@octocat|#12/);
    expect(body).toContain("Ping @\u200Boctocat and #\u200B12: \\<img src=x onerror=alert(1)\\>");

    const closing = await deliver(pipeline, "devrev", deleted);
    expect(closing.run.code).toBe(0);
    expect((await pipeline.receive(closing.payload)).code).toBe(0);
    // A late update older than the deletion leaves the closed issue alone.
    expect((await pipeline.receive(applied.payload)).code).toBe(0);

    expect(visibleIssues(gh, pipeline.repo)).toEqual([
      expect.objectContaining({
        number: 1,
        title: "DevRev ISS-42: Checkout fails for carts over 100 items <script>alert(1)</script>",
        state: "closed",
        state_reason: "not_planned",
        comments: [
          expect.stringMatching(
            /^<!-- hookbridge:devrev-deleted:[^\n]+ -->\nThe DevRev work item `ISS-42` was deleted \(\d{4}-.+\)\. Closing\.$/,
          ),
        ],
      }),
    ]);
    expect(gh.violations).toEqual([]);
  });

  it("ends with one mirror when two events about one work item run at the same moment", async () => {
    const pipeline = startPipeline(gh, "devrev-race");
    const created = await pipeline.post("devrev", delivery("work_created"));
    const updated = await pipeline.post(
      "devrev",
      delivery("work_updated", (json) => {
        json.work_updated.work = { ...CREATED_WORK, stage: { name: "in_development" } };
        json.work_updated.work.modified_date = time(5000);
      }),
    );
    // Slow issue listings make both runs look before either opens an issue, as parallel
    // workflow runs on GitHub can; whatever the interleaving, one mirror must remain. Both runs
    // are in this process and list within milliseconds of each other, so 0.3 s is ample.
    const listing = `GET /repos/${pipeline.repo}/issues`;
    gh.setDelay(listing, 300);
    const runs = await Promise.all(
      [created, updated].map((posted) => pipeline.receive(posted.payload as ClientPayload)),
    ).finally(() => gh.setDelay(listing, 0));
    for (const run of runs) expect(run.code, run.stdout).toBe(0);
    const issues = gh.state.repo(pipeline.repo).issues;
    const mirrors = issues.filter((issue) => issue.body?.includes(MARKER_42));
    expect(mirrors).toHaveLength(1);
    expect(mirrors[0]).toMatchObject({ state: "open" });
    expect(mirrors[0]?.labels).toContain("stage:in_development");
    // A copy opened by the slower run, if any, is closed and points at the mirror.
    for (const copy of issues.filter((issue) => !mirrors.includes(issue)))
      expect(copy).toMatchObject({ state: "closed", body: expect.stringMatching(/^Opened twice/) });
    expect(gh.violations).toEqual([]);
  });

  it("verifies hex and base64 signatures, refuses stale timestamps and forgeries, dispatches each event once", async () => {
    const pipeline = startPipeline(gh, "devrev-relay");
    const body = delivery("work_created");
    const hex = createHmac("sha256", SECRETS.devrev).update(body).digest("hex");
    const asHex = await pipeline.post("devrev", body, { headers: { "x-devrev-signature": hex } });
    expect(asHex).toMatchObject({ status: 204 });
    expect(await pipeline.post("devrev", body)).toMatchObject({
      status: 200,
      answer: { duplicate: true },
    });
    expect((await pipeline.post("devrev", delivery("work_updated"))).status).toBe(204);

    // The sample as printed is dated 2022: outside the five-minute window, a possible replay.
    const stale = await pipeline.post("devrev", fixture("devrev", "work_created"));
    expect(stale.status).toBe(401);
    expect(stale.answer).toEqual({ error: expect.stringMatching(/timestamp/) });
    const minutesAgo = (minutes: number) =>
      delivery("work_created", (json) => {
        json.timestamp = rfc3339Nanos(Date.now() - minutes * 60_000);
      });
    expect((await pipeline.post("devrev", minutesAgo(6))).status).toBe(401);
    expect((await pipeline.post("devrev", minutesAgo(4))).status).toBe(204);
    const forged = await pipeline.post("devrev", delivery("work_created"), {
      secret: "not-the-devrev-secret",
    });
    expect(forged.status).toBe(401);
    const handshake = await pipeline.post("devrev", delivery("verify"));
    expect(handshake.status).toBe(200);
    expect(pipeline.dispatches()).toHaveLength(3);
    expect(gh.violations).toEqual([]);
  });

  it("fails the step and writes nothing for a tampered body or a wrong secret", async () => {
    const pipeline = startPipeline(gh, "devrev-tamper");
    const posted = await pipeline.post("devrev", delivery("work_created"));
    expect(posted.status).toBe(204);
    const payload = posted.payload as ClientPayload;
    const tampered = {
      ...payload,
      body: (payload.body ?? "").replace("Checkout fails", "Checkout works"),
    };
    const [forged, wrongSecret] = await Promise.all([
      pipeline.receive(tampered),
      pipeline.receive(payload, { secret: "another-devrev-secret" }),
    ]);
    for (const run of [forged, wrongSecret]) {
      expect(run.code).toBe(1);
      expect(messages(run, "error")[0]).toMatch(/^DevRev event refused, nothing was done: /);
      expect(run.outputs).toEqual({});
    }
    expect(actionRequests(gh, pipeline.repo)).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  it.each([
    [
      "part_created",
      {
        part: {
          id: "don:core:dvrv-us-1:devo/1H79gci4u:feature/3",
          display_id: "FEAT-3",
          name: "Bulk <b>checkout</b>",
          type: "feature",
        },
      },
      { status: "created", object: "FEAT-3" },
      "`FEAT-3` Bulk \\<b\\>checkout\\</b\\>",
    ],
    [
      "conversation_updated",
      {
        conversation: {
          id: "don:core:dvrv-us-1:devo/1H79gci4u:conversation/9",
          display_id: "CONV-9",
          title: "Refund question from @someone",
          stage: { name: "waiting_on_user" },
        },
      },
      { status: "waiting_on_user", object: "CONV-9" },
      "`CONV-9` Refund question from @\u200Bsomeone",
    ],
    [
      "widget_frobbed",
      { frob: { level: 3 } },
      { status: "", object: "" },
      "hookbridge mirrors DevRev work items as issues",
    ],
  ] as const)(
    "%s sets outputs and a summary, and calls no API",
    async (type, data, expected, shown) => {
      const pipeline = startPipeline(gh, `devrev-${type}`);
      const body = utf8(
        JSON.stringify({
          id: `don:integration:dvrv-us-1:devo/1H79gci4u:webhook/123:event/${uniqueId()}`,
          webhook_id: "don:integration:dvrv-us-1:devo/1H79gci4u:webhook/123",
          timestamp: rfc3339Nanos(Date.now()),
          type,
          [type]: data,
        }),
      );
      const { run } = await deliver(pipeline, "devrev", body);
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs).toMatchObject({
        provider: "devrev",
        event: type,
        status: expected.status,
      });
      if (expected.object)
        expect(JSON.parse(run.outputs.object ?? "")).toMatchObject({ display_id: expected.object });
      expect(run.summary).toContain(`## hookbridge: DevRev \`${type}\``);
      expect(run.summary).toContain(shown);
      expect(run.summary).toContain("Nothing to do for this event");
      expect(actionRequests(gh, pipeline.repo)).toEqual([]);
      expect(gh.violations).toEqual([]);
    },
  );
});
