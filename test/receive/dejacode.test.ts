import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import type { ClientPayload } from "../../src/core/envelope.ts";
import {
  actionRequests,
  DEJACODE_TOKEN_HEADER,
  deliver,
  startPipeline,
  visibleIssues,
} from "../e2e/pipeline.ts";
import { fixture, SECRETS } from "../relay/support.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { edited, messages } from "./support.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

const REQUEST_MARKER = "<!-- hookbridge:dejacode-request:fbc77986-06ff-4dbb-81c3-95cd36dbed66 -->";
const COMMENT =
  "<!-- hookbridge:dejacode-comment:5d2a9c1e-3b7f-4e0a-9c61-0f8e2b7d4a93 -->\n**reviewer** commented in DejaCode (2025-08-15T09:02:11.374120+04:00):\n\n> Upgrading to 2.4.1 fixes CVE-2025-1234; the product team has signed off.";
/** DejaCode's "extra headers" for text-only notifications, as a user enters them. */
const VULNERABILITY = { "X-Hookbridge-Event": "vulnerability.data_update" };

type Sample = "request.added" | "request.updated" | "request_comment.added";

/** A request of its own, so tests sharing the stand-in never meet. */
// biome-ignore lint/suspicious/noExplicitAny: tests reshape payloads freely
function request(sample: Sample, change: (json: any) => void = () => {}) {
  return edited(fixture("dejacode", sample), change);
}

function vulnerabilityText(text: string) {
  return utf8(`${JSON.stringify({ text })}\n`);
}

describe.concurrent("DejaCode through the relay and the action", () => {
  it("replays the samples: one request issue closed with its comment, one rolling vulnerability issue, the same end state twice", async () => {
    const pipeline = startPipeline(gh, "dejacode-samples");
    const samples: [string, Record<string, string>][] = [
      ["request.added", {}],
      ["request.updated", {}],
      ["request_comment.added", {}],
      ["vulnerability.data_update", VULNERABILITY],
    ];
    const outputs: Record<string, Record<string, string>> = {};
    for (const [name, headers] of samples) {
      const { run } = await deliver(pipeline, "dejacode", fixture("dejacode", name), { headers });
      expect(run.code, `${name}: ${run.stdout}`).toBe(0);
      outputs[name] = run.outputs;
    }
    // The token is checked by the relay and replaced by an HMAC of the body under it, next to
    // the relay's signature of the envelope's own fields.
    const sent = JSON.stringify(pipeline.dispatches());
    expect(sent).not.toContain(SECRETS.dejacode);
    expect(Object.keys(pipeline.dispatches()[0]?.headers ?? {})).toEqual([
      "x-hookbridge-signature-256",
      "x-hookbridge-envelope-signature",
    ]);

    const issues = visibleIssues(gh, pipeline.repo);
    expect(issues).toEqual([
      {
        number: 1,
        title: "DejaCode: New vulnerability detected",
        state: "closed",
        state_reason: "completed",
        labels: ["dejacode", "dejacode:request", "priority:urgent"],
        comments: [COMMENT],
      },
      {
        number: 2,
        title: "DejaCode: vulnerability data updates",
        state: "open",
        state_reason: null,
        labels: ["dejacode", "vulnerability"],
        comments: [
          expect.stringMatching(
            /^<!-- hookbridge:dejacode-vulnerability:\d{4}-\d\d-\d\d:sha256-[0-9a-f]{32} -->\n\*\*DejaCode reported new vulnerability data\*\* \(received .+\):\n\n> \\\[DejaCode\\\] New vulnerabilities detected! {2}\n> 42 vulnerabilities affecting 7 packages$/,
          ),
        ],
      },
    ]);
    const body = gh.state.repo(pipeline.repo).issues[0]?.body ?? "";
    expect(body.split("\n")[0]).toBe(REQUEST_MARKER);
    expect(body).toContain(
      `<!-- hookbridge:updated-at:${Date.parse("2025-08-15T09:05:40.118+04:00")} -->`,
    );
    // People are DejaCode usernames, never GitHub mentions or assignees.
    expect(body).toContain("- **Assignee:** reviewer");
    expect(body).toContain("- **Status:** `closed`");
    expect(body).not.toContain("@");
    expect(gh.state.repo(pipeline.repo).issues[0]?.assignees).toEqual([]);

    expect(outputs["request.added"]).toMatchObject({
      provider: "dejacode",
      event: "request.added",
      status: "open",
      extra: "{}",
    });
    expect(JSON.parse(outputs["request.added"]?.object ?? "")).toMatchObject({
      uuid: "fbc77986-06ff-4dbb-81c3-95cd36dbed66",
    });
    expect(outputs["request.updated"]).toMatchObject({ status: "closed" });
    expect(outputs["request_comment.added"]).toMatchObject({ status: "open" });
    expect(JSON.parse(outputs["vulnerability.data_update"]?.object ?? "")).toEqual({
      text: "[DejaCode] New vulnerabilities detected!\n42 vulnerabilities affecting 7 packages",
    });

    // DejaCode never retries, so the relay dispatches the same bytes again as new notifications;
    // every dispatch, run again, changes nothing.
    for (const [name, headers] of samples) {
      const again = await pipeline.post("dejacode", fixture("dejacode", name), { headers });
      expect(again.status).toBe(204);
    }
    for (const payload of pipeline.dispatches())
      expect((await pipeline.receive(payload)).code).toBe(0);
    expect(visibleIssues(gh, pipeline.repo)).toEqual(issues);
    expect(gh.violations).toEqual([]);
    // Eleven runs of the built action, one process each: slow on a busy machine.
  }, 120_000);

  it("opens the issue from a comment that arrives first, then converges without a second comment", async () => {
    const pipeline = startPipeline(gh, "dejacode-comment-first");
    const comment = await deliver(
      pipeline,
      "dejacode",
      fixture("dejacode", "request_comment.added"),
    );
    expect(comment.run.code, comment.run.stdout).toBe(0);
    expect(visibleIssues(gh, pipeline.repo)).toEqual([
      expect.objectContaining({ state: "open", comments: [COMMENT] }),
    ]);
    const added = await deliver(pipeline, "dejacode", fixture("dejacode", "request.added"));
    expect(added.run.code).toBe(0);
    expect(added.run.summary).toMatch(/\| Issue \| .* \| unchanged \|/);
    const updated = await deliver(pipeline, "dejacode", fixture("dejacode", "request.updated"));
    expect(updated.run.code).toBe(0);
    expect(updated.run.summary).toContain("unchanged: 1 comment already posted");
    expect(visibleIssues(gh, pipeline.repo)).toEqual([
      expect.objectContaining({
        number: 1,
        state: "closed",
        labels: ["dejacode", "dejacode:request", "priority:urgent"],
        comments: [COMMENT],
      }),
    ]);
    expect(gh.violations).toEqual([]);
  });

  it("puts the extra payload in an output, escapes what DejaCode wrote, and copies no private request", async () => {
    const pipeline = startPipeline(gh, "dejacode-extra");
    const uuid = randomUUID();
    const extra = request("request.added", (json) => {
      json.environment = "production";
      json.team = { name: "appsec", on_call: ["ana"] };
      json.data.uuid = uuid;
      json.data.title = "Upgrade <b>log4j</b> for @everyone";
      json.data.assignee = "@octocat";
      json.data.priority = "High  Urgency";
    });
    const { run } = await deliver(pipeline, "dejacode", extra);
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.outputs.extra ?? "")).toEqual({
      environment: "production",
      team: { name: "appsec", on_call: ["ana"] },
    });
    expect(run.summary).toContain("| Extra payload | `environment`, `team` |");
    const [issue] = gh.state.repo(pipeline.repo).issues;
    expect(issue?.title).toBe("DejaCode: Upgrade <b>log4j</b> for @everyone");
    expect(issue?.labels).toEqual(["dejacode", "dejacode:request", "priority:high urgency"]);
    expect(issue?.body).toContain("**Upgrade \\<b\\>log4j\\</b\\> for @\u200Beveryone**");
    expect(issue?.body).toContain("- **Assignee:** @\u200Boctocat");

    const before = actionRequests(gh, pipeline.repo).length;
    const secret = request("request.added", (json) => {
      json.data.uuid = randomUUID();
      json.data.title = "Embargoed: CVE in the payment service";
      json.data.is_private = true;
    });
    const hidden = await deliver(pipeline, "dejacode", secret);
    expect(hidden.run.code).toBe(0);
    expect(hidden.run.summary).toContain("skipped: the request is private in DejaCode");
    expect(hidden.run.summary).not.toContain("Embargoed");
    expect(actionRequests(gh, pipeline.repo)).toHaveLength(before);
    expect(gh.violations).toEqual([]);
  });

  it("keeps one rolling vulnerability issue: a comment per notification, reopened by news after it was closed", async () => {
    const pipeline = startPipeline(gh, "dejacode-vulnerabilities");
    const first = vulnerabilityText(
      "[DejaCode] New vulnerabilities detected!\n3 affecting 1 package",
    );
    const second = vulnerabilityText(
      "[DejaCode] New vulnerabilities detected!\n5 affecting 2 packages",
    );
    expect((await deliver(pipeline, "dejacode", first, { headers: VULNERABILITY })).run.code).toBe(
      0,
    );
    const [rolling] = gh.state.repo(pipeline.repo).issues;
    if (!rolling) throw new Error("no rolling issue");
    // Someone handles the news and closes the issue.
    Object.assign(rolling, {
      state: "closed",
      state_reason: "completed",
      closed_at: rolling.updated_at,
    });

    const news = await deliver(pipeline, "dejacode", second, { headers: VULNERABILITY });
    expect(news.run.code).toBe(0);
    expect(news.run.summary).toContain("reopened: new vulnerability data");
    expect((await pipeline.receive(news.payload)).code).toBe(0);
    // DejaCode never retries, so the relay dispatches an identical body again as a notification
    // of its own; the same text on the same day still makes one comment.
    const repeated = await deliver(pipeline, "dejacode", first, { headers: VULNERABILITY });
    expect(repeated.posted.status).toBe(204);
    expect(repeated.run.code).toBe(0);
    // Without the event header a text notification names nothing the relay could dispatch.
    expect((await pipeline.post("dejacode", second)).status).toBe(400);

    expect(visibleIssues(gh, pipeline.repo)).toEqual([
      expect.objectContaining({
        title: "DejaCode: vulnerability data updates",
        state: "open",
        state_reason: "reopened",
        labels: ["dejacode", "vulnerability"],
        comments: [
          expect.stringContaining("> 3 affecting 1 package"),
          expect.stringContaining("> 5 affecting 2 packages"),
        ],
      }),
    ]);
    expect(gh.violations).toEqual([]);
  });

  it("passes an event hookbridge has no reaction for through as outputs and a summary", async () => {
    const pipeline = startPipeline(gh, "dejacode-other");
    const body = utf8(
      `${JSON.stringify({
        hook: {
          uuid: randomUUID(),
          event: "product.updated",
          target: "https://relay.example/dejacode",
        },
        data: { uuid: randomUUID(), name: "Storefront", status: "active" },
        environment: "production",
      })}\n`,
    );
    const { run } = await deliver(pipeline, "dejacode", body);
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({
      event: "product.updated",
      status: "active",
      extra: '{"environment":"production"}',
    });
    expect(JSON.parse(run.outputs.object ?? "")).toMatchObject({ name: "Storefront" });
    expect(run.summary).toContain("## hookbridge: DejaCode `product.updated`");
    expect(actionRequests(gh, pipeline.repo)).toEqual([]);
  });

  it("refuses a wrong token at the relay, and a tampered body or wrong secret in the action, writing nothing", async () => {
    const pipeline = startPipeline(gh, "dejacode-tamper");
    const body = fixture("dejacode", "request.added");
    const wrong = await pipeline.post("dejacode", body, { secret: "another-dejacode-token" });
    expect(wrong.status).toBe(401);
    const missing = await pipeline.post("dejacode", body, {
      headers: { [DEJACODE_TOKEN_HEADER]: "" },
    });
    expect(missing.status).toBe(401);
    const posted = await pipeline.post("dejacode", body);
    expect(posted.status).toBe(204);
    const payload = posted.payload as ClientPayload;
    const tampered = { ...payload, body: (payload.body ?? "").replace('"open"', '"closed"') };
    const runs = await Promise.all([
      pipeline.receive(tampered),
      pipeline.receive(payload, { secret: "another-dejacode-token" }),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(messages(run, "error")[0]).toMatch(/^DejaCode event refused, nothing was done: /);
    }
    expect(actionRequests(gh, pipeline.repo)).toEqual([]);
    expect(pipeline.dispatches()).toHaveLength(1);
    expect(gh.violations).toEqual([]);
  });
});
