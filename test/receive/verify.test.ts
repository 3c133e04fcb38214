import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import { ENVELOPE_SIGNATURE_HEADER } from "../../src/core/envelope-signature.ts";
import {
  deepsourceSignature,
  devrevSignature,
  standardWebhooksScheme,
} from "../../src/core/signatures/index.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { ROOT } from "../support/run-action.ts";
import {
  COMMIT,
  dispatch,
  edited,
  envelope,
  freshRepo,
  messages,
  receiveAction,
  relayPayload,
  requestsFor,
  SECRET,
  sample,
  sampleWithCommits,
  TOKEN,
} from "./support.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

/** The Standard Webhooks specification's example key. */
const WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

const BODY_SNIPPETS = ["demo-go", "allProducts", "deepsourcelabs", "Simplify slice"];

/** A refused delivery: one error, no outputs, no API call, nothing from the body in the log. */
function expectRefused(run: Awaited<ReturnType<typeof dispatch>>, repo: string, pattern: RegExp) {
  expect(run.code).toBe(1);
  const errors = messages(run, "error");
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(run.outputs).toEqual({});
  for (const snippet of BODY_SNIPPETS) expect(run.stdout + run.stderr).not.toContain(snippet);
  expect(run.summary).toContain("## hookbridge: event refused");
  expect(requestsFor(gh, repo)).toEqual([]);
}

describe.concurrent("verification before anything happens", () => {
  it("refuses a signature made with another secret, naming the likely fix", async () => {
    const repo = freshRepo("wrong-secret");
    const payload = await envelope(sampleWithCommits("repository_issue.introduced"), {
      secret: "some-other-secret-0123456789",
    });
    const run = await dispatch(gh, payload, { repo });
    expectRefused(
      run,
      repo,
      /^DeepSource event refused, nothing was done: the x-deepsource-signature signature does not match the body for any configured secret; check that the secret input holds the same webhook secret as the relay \(and as the provider's webhook settings\), and after a rotation list both, comma-separated\.$/,
    );
    expect(run.stdout).toContain(`::add-mask::${SECRET}`);
    expect(gh.violations).toEqual([]);
  });

  it("refuses a body changed after signing", async () => {
    const repo = freshRepo("tampered");
    const payload = await envelope(sampleWithCommits("repository_issue.introduced"));
    const tampered = {
      ...payload,
      body: payload.body?.replace('"beginLine": 160', '"beginLine": 161'),
    };
    expect(tampered.body).not.toBe(payload.body);
    expectRefused(
      await dispatch(gh, tampered, { repo }),
      repo,
      /^DeepSource event refused, nothing was done: the x-deepsource-signature signature does not match/,
    );
  });

  it("refuses an unsigned delivery, asking whether signing is on", async () => {
    const repo = freshRepo("unsigned");
    const payload = await envelope(sample("test.event"));
    expectRefused(
      await dispatch(gh, { ...payload, headers: {} }, { repo }),
      repo,
      /^DeepSource event refused, nothing was done: the x-deepsource-signature header is missing; was the DeepSource webhook created with signing enabled/,
    );
  });

  it("refuses a replayed body whose envelope fields were changed after the relay signed them", async () => {
    const repo = freshRepo("envelope-fields");
    // Signed by DeepSource and the relay two hours ago: too old for max-age as it stands.
    const payload = await envelope(sample("test.event"), {
      receivedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    });
    const changed = [
      { ...payload, received_at: new Date().toISOString() },
      { ...payload, id: "370847944204618992" },
      { ...payload, event: "analysis_run.updated" },
    ];
    for (const tampered of changed) {
      expectRefused(
        await dispatch(gh, tampered, { repo }),
        repo,
        /^DeepSource event refused, nothing was done: the envelope's fields were changed after the relay signed them, or it did not come from a hookbridge relay of this version: x-hookbridge-envelope-signature does not match its provider, event, id, received_at and body under any configured secret; send events through the relay unchanged, run a relay of this hookbridge version, and while a secret is rotated give the action every secret the relay has \(the relay signs with its first\)\.$/,
      );
    }
  });

  it("refuses an envelope without the relay's signature, or signed with a secret the action lacks", async () => {
    const repo = freshRepo("envelope-unsigned");
    const payload = await envelope(sample("test.event"));
    const { [ENVELOPE_SIGNATURE_HEADER]: _signature, ...providerOnly } = payload.headers;
    expect(Object.keys(providerOnly)).toEqual(["x-deepsource-signature"]);
    expectRefused(
      await dispatch(gh, { ...payload, headers: providerOnly }, { repo }),
      repo,
      /^DeepSource event refused, nothing was done: the envelope's fields were changed after the relay signed them, or it did not come from a hookbridge relay of this version: the x-hookbridge-envelope-signature header is missing; /,
    );
    // A relay whose first secret is a new one the workflow does not know yet.
    const body = sample("test.event");
    const rotated = await relayPayload(
      {
        provider: "deepsource",
        event: "test.event",
        id: "370847944204618991",
        receivedAt: new Date().toISOString(),
        headers: await deepsourceSignature.sign(body, SECRET),
        body,
      },
      "the-relay-s-new-secret-0123456789",
    );
    expectRefused(
      await dispatch(gh, rotated, { repo }),
      repo,
      /x-hookbridge-envelope-signature does not match .*give the action every secret the relay has/,
    );
    const both = await dispatch(gh, rotated, {
      repo,
      inputs: { secret: `the-relay-s-new-secret-0123456789,${SECRET}` },
    });
    expect(both.code, both.stdout).toBe(0);
  });

  it("accepts either of two secrets while one is rotated", async () => {
    const repo = freshRepo("rotation");
    const payload = await envelope(sample("test.event"));
    const run = await dispatch(gh, payload, {
      repo,
      inputs: { secret: `old-secret-0123456789abc, ${SECRET}` },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("::add-mask::old-secret-0123456789abc");
  });

  it("refuses an event the relay received longer ago than max-age, and takes it with a larger max-age", async () => {
    const repo = freshRepo("max-age");
    const payload = await envelope(sample("test.event"), {
      receivedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    });
    expectRefused(
      await dispatch(gh, payload, { repo }),
      repo,
      /^The event's received_at is 720\d seconds old, beyond max-age \(3600 s\), so it was not acted on: re-deliver it from the provider, or raise max-age/,
    );
    expect((await dispatch(gh, payload, { repo, inputs: { "max-age": "3h" } })).code).toBe(0);
  });

  it("takes a DevRev or Standard Webhooks event signed by its provider a day ago that the relay dispatched just now", async () => {
    // A queue held it through a GitHub outage, or an operator redelivered it: the relay checked
    // the provider's timestamp on arrival, and signs the received_at that max-age bounds.
    const dayAgo = Date.now() - 24 * 3600_000;
    const devrevBody = utf8(
      JSON.stringify({
        ...JSON.parse(readFileSync(join(ROOT, "test/fixtures/devrev/work_created.json"), "utf8")),
        timestamp: new Date(dayAgo).toISOString(),
      }),
    );
    const whsec = WHSEC;
    const standardBody = readFileSync(join(ROOT, "test/fixtures/standard/invoice.paid.json"));
    const deliveries = [
      {
        secret: SECRET,
        event: {
          provider: "devrev",
          event: "work_created",
          id: "devrev-day-old",
          headers: await devrevSignature.sign(devrevBody, SECRET),
          body: devrevBody,
        },
      },
      {
        secret: whsec,
        event: {
          provider: "standard",
          event: "invoice.paid",
          id: "msg_day_old",
          headers: await standardWebhooksScheme.sign(new Uint8Array(standardBody), whsec, {
            id: "msg_day_old",
            timestamp: Math.floor(dayAgo / 1000),
          }),
          body: new Uint8Array(standardBody),
        },
      },
    ] as const;
    for (const { secret, event } of deliveries) {
      const repo = freshRepo(`day-old-${event.provider}`);
      const fresh = await relayPayload({ ...event, receivedAt: new Date().toISOString() }, secret);
      const run = await dispatch(gh, fresh, { repo, inputs: { secret } });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs.event).toBe(event.event);
      // What max-age bounds is still the relay's received_at.
      const old = await relayPayload(
        { ...event, receivedAt: new Date(dayAgo).toISOString() },
        secret,
      );
      const stale = freshRepo(`day-old-${event.provider}-stale`);
      expectRefused(
        await dispatch(gh, old, { repo: stale, inputs: { secret } }),
        stale,
        /^The event's received_at is 86\d{3} seconds old, beyond max-age \(3600 s\)/,
      );
    }
  });

  /** Runs the action on a Standard Webhooks body (named `webhook`), as a relay dispatched it. */
  async function receiveStandard(body: Uint8Array<ArrayBuffer>, id: string) {
    const payload = await relayPayload(
      {
        provider: "standard",
        event: "webhook",
        id,
        receivedAt: new Date().toISOString(),
        headers: await standardWebhooksScheme.sign(body, WHSEC, { id }),
        body,
      },
      WHSEC,
    );
    const run = await dispatch(gh, payload, { repo: freshRepo(id), inputs: { secret: WHSEC } });
    expect(run.code, run.stdout).toBe(0);
    return run.outputs;
  }

  it("takes a Standard Webhooks payload that is a JSON array, as the specification allows", async () => {
    const body = utf8(JSON.stringify([{ type: "contact.created", data: { id: "c_1" } }]));
    expect(await receiveStandard(body, "msg_array")).toMatchObject({
      provider: "standard",
      event: "webhook",
      id: "msg_array",
    });
  });

  it("takes a Standard Webhooks body that is not JSON, giving its text as the object output", async () => {
    expect(await receiveStandard(utf8("invoice in_42 was paid"), "msg_text")).toMatchObject({
      event: "webhook",
      object: "invoice in_42 was paid",
    });
    // Bytes that are not UTF-8 come through whole, as a base64 data: URL.
    const bytes = new Uint8Array([0, 159, 255, 1]);
    expect((await receiveStandard(bytes, "msg_bytes")).object).toBe(
      "data:application/octet-stream;base64,AJ//AQ==",
    );
  });

  it("refuses a signed body that does not match the schema, naming the path and the expected shape", async () => {
    const repo = freshRepo("schema");
    const body = edited(sampleWithCommits("analysis_run.updated"), (json) => {
      json.data.object.checks[2].status = 3;
    });
    expectRefused(
      await dispatch(gh, await envelope(body), { repo }),
      repo,
      /^The signed DeepSource analysis_run\.updated body is not what hookbridge expects \(data\.object\.checks\[2\]\.status: expected a string, received a number\); the signature holds/,
    );
    const missing = edited(sampleWithCommits("repository_issue.introduced"), (json) => {
      delete json.data.object.occurrences[0].path;
    });
    expectRefused(
      await dispatch(gh, await envelope(missing), { repo }),
      repo,
      /\(data\.object\.occurrences\[0\]\.path: expected a string, received undefined\)/,
    );
  });

  it("refuses a signed body that is not JSON", async () => {
    const repo = freshRepo("not-json");
    const payload = await envelope(utf8("this is not json"), { event: "test.event" });
    expectRefused(await dispatch(gh, payload, { repo }), repo, /The body is not valid JSON/);
  });

  it("refuses an envelope relabelled after the relay built it", async () => {
    const repo = freshRepo("relabelled");
    const payload = await envelope(sample("test.event"), { event: "analysis_run.updated" });
    expectRefused(
      await dispatch(gh, payload, { repo }),
      repo,
      /^The envelope says "analysis_run\.updated" but the signed body is a "test\.event" event/,
    );
  });

  it("refuses what is not a relay envelope", async () => {
    const repo = freshRepo("not-envelope");
    expectRefused(
      await dispatch(gh, { provider: "deepsource", event: "test.event" }, { repo }),
      repo,
      /^client_payload\.id: .*\(is this event from a hookbridge relay\?\)/,
    );
    const payload = await envelope(sample("test.event"));
    expectRefused(
      await dispatch(gh, { ...payload, provider: "bitbucket" }, { repo }),
      repo,
      /unknown provider "bitbucket"/,
    );
  });

  it("says what to do when the workflow has no envelope to read", async () => {
    const repo = freshRepo("no-envelope");
    const run = await receiveAction({
      eventName: "push",
      event: { ref: "refs/heads/main" },
      inputs: { secret: SECRET },
      env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: repo },
    });
    expect(run.code).toBe(1);
    expect(messages(run, "error")).toEqual([
      "This step ran on a push event, which carries no hookbridge envelope: run it on repository_dispatch (for example types: [deepsource.analysis_run.updated]) or on a workflow_dispatch with an envelope input, sent by a hookbridge relay, or pass the envelope in the payload input.",
    ]);
  });

  it("takes the envelope from the payload input on workflow_dispatch, compressed or not", async () => {
    const repo = freshRepo("payload-input");
    for (const gzip of [false, true]) {
      const payload = await envelope(sample("test.event"), { gzip });
      expect(payload.body_gzip !== undefined).toBe(gzip);
      const run = await receiveAction({
        eventName: "workflow_dispatch",
        event: { inputs: { envelope: JSON.stringify(payload) } },
        inputs: { secret: SECRET, payload: JSON.stringify(payload) },
        env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: repo },
      });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs.event).toBe("test.event");
    }
    const broken = await receiveAction({
      eventName: "workflow_dispatch",
      inputs: { secret: SECRET, payload: "{not json" },
    });
    expect(messages(broken, "error")[0]).toMatch(/^The payload input is not JSON/);
  });

  it("reads the envelope from a relay's workflow_dispatch input, and refuses one that is not JSON", async () => {
    const repo = freshRepo("envelope-input");
    const payload = await envelope(sample("test.event"));
    const run = await receiveAction({
      eventName: "workflow_dispatch",
      event: { inputs: { envelope: JSON.stringify(payload) } },
      inputs: { secret: SECRET },
      env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: repo },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.event).toBe("test.event");
    const tampered = await receiveAction({
      eventName: "workflow_dispatch",
      event: { inputs: { envelope: JSON.stringify({ ...payload, id: "other" }) } },
      inputs: { secret: SECRET },
      env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: repo },
    });
    expect(tampered.code).toBe(1);
    expect(messages(tampered, "error")[0]).toMatch(/signature/i);
    const broken = await receiveAction({
      eventName: "workflow_dispatch",
      event: { inputs: { envelope: "{not json" } },
      inputs: { secret: SECRET },
    });
    expect(messages(broken, "error")[0]).toMatch(
      /^The workflow_dispatch input envelope is not JSON/,
    );
  });

  it("verifies the example envelopes kept in test/fixtures/envelopes", async () => {
    for (const file of ["deepsource.test.event.json", "deepsource.test.event.gzip.json"]) {
      const payload = readFileSync(join(ROOT, "test/fixtures/envelopes", file), "utf8");
      const run = await receiveAction({
        eventName: "workflow_dispatch",
        inputs: { secret: "hookbridge-example-secret", "max-age": "36500d", payload },
      });
      expect(run.code, `${file}: ${run.stdout}`).toBe(0);
      expect(run.outputs).toMatchObject({
        provider: "deepsource",
        event: "test.event",
        id: "370847944204618991",
      });
      // The same envelope received "now" instead: what a replay past max-age would try.
      const fresh = JSON.stringify({
        ...JSON.parse(payload),
        received_at: new Date().toISOString(),
      });
      const replay = await receiveAction({
        eventName: "workflow_dispatch",
        inputs: { secret: "hookbridge-example-secret", payload: fresh },
      });
      expect(replay.code).toBe(1);
      expect(messages(replay, "error")[0]).toMatch(
        /^DeepSource event refused, nothing was done: the envelope's fields were changed after the relay signed them/,
      );
    }
  });

  it("runs without a secret only with allow-unsigned, warning loudly", async () => {
    const repo = freshRepo("allow-unsigned");
    const payload = { ...(await envelope(sample("test.event"))), headers: {} };
    const refused = await dispatch(gh, payload, { repo, inputs: { secret: "" } });
    expect(messages(refused, "error")[0]).toMatch(/^The secret input is empty/);
    const run = await dispatch(gh, payload, {
      repo,
      inputs: { secret: "", "allow-unsigned": "true" },
    });
    expect(run.code).toBe(0);
    expect(messages(run, "warning")[0]).toMatch(
      /^allow-unsigned is on and no secret is set: this DeepSource event is NOT verified/,
    );
    expect(run.summary).toContain("⚠️ not verified");
    // A secret, when given, is enforced even with allow-unsigned.
    const strict = await dispatch(gh, payload, { repo, inputs: { "allow-unsigned": "true" } });
    expect(strict.code).toBe(1);
  });

  it("names the input and the expected value for a bad input", async () => {
    const repo = freshRepo("bad-input");
    const payload = await envelope(sample("test.event"));
    const cases: [Record<string, string>, RegExp][] = [
      [
        { "max-age": "soon" },
        /^The max-age input is invalid: expected a positive number of seconds/,
      ],
      [
        { "fail-on": "analysis-failure,never" },
        /^The fail-on input is invalid: expected a comma-separated list of analysis-failure, issues-introduced, metric-failing, or never alone, got "never"/,
      ],
      [
        { "check-runs": "yes" },
        /^The check-runs input is invalid: expected true or false, got "yes"/,
      ],
      [{ "issue-sync": "github" }, /^The issue-sync input is invalid: expected off or deepsource/],
    ];
    for (const [inputs, pattern] of cases) {
      const run = await dispatch(gh, payload, { repo, inputs });
      expect(run.code).toBe(1);
      expect(messages(run, "error")[0]).toMatch(pattern);
    }
  });
});

describe.concurrent("GitHub answering badly", () => {
  it("names the missing permission, still does the other reactions, and fails the step", async () => {
    const repo = freshRepo("forbidden");
    gh.fail(`POST /repos/${repo}/check-runs`, {
      status: 403,
      headers: { "x-ratelimit-remaining": "4990" },
      body: {
        message: "Resource not accessible by integration",
        documentation_url: "https://docs.github.com/rest",
      },
    });
    const run = await dispatch(
      gh,
      await envelope(sampleWithCommits("repository_issue.introduced")),
      {
        repo,
        inputs: { "issue-sync": "deepsource" },
      },
    );
    expect(run.code).toBe(1);
    expect(messages(run, "error")).toEqual([
      `Annotations failed: GitHub answered 403 "Resource not accessible by integration" to POST /repos/${repo}/check-runs: give the token checks: write in the workflow's permissions, or pass a GitHub App or personal token with that access in github-token.`,
    ]);
    expect(gh.state.repo(repo).issues).toHaveLength(1);
    expect(run.summary).toContain("| Annotations |   | ❌ GitHub answered 403");
    expect(run.outputs.event).toBe("repository_issue.introduced");
    expect(gh.violations).toEqual([]);
  });

  it("retries a server error and carries on", async () => {
    const repo = freshRepo("retry");
    gh.fail(`POST /repos/${repo}/check-runs`, { status: 502, body: { message: "Bad Gateway" } });
    const run = await dispatch(gh, await envelope(sampleWithCommits("analysis_run.started")), {
      repo,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(gh.state.repo(repo).checkRuns).toHaveLength(1);
    expect(requestsFor(gh, repo).map((r) => [r.operationId, r.status])).toEqual([
      ["checks/list-for-ref", 200],
      ["checks/create", 502],
      ["checks/create", 201],
    ]);
    expect(gh.violations).toEqual([]);
  });

  it("waits out a secondary rate limit on a write and retries it, with writes otherwise unpaced", async () => {
    const repo = freshRepo("secondary-limit");
    gh.fail(`POST /repos/${repo}/check-runs`, {
      status: 403,
      headers: { "retry-after": "1", "x-ratelimit-remaining": "4990" },
      body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes." },
    });
    const run = await dispatch(gh, await envelope(sampleWithCommits("analysis_run.started")), {
      repo,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(messages(run, "warning")[0]).toMatch(
      /^GitHub's secondary rate limit stopped POST .*check-runs; retrying in 1 s\.$/,
    );
    expect(requestsFor(gh, repo).map((r) => [r.operationId, r.status])).toEqual([
      ["checks/list-for-ref", 200],
      ["checks/create", 403],
      ["checks/create", 201],
    ]);
    expect(gh.violations).toEqual([]);
  });

  it("says so when the token is refused", async () => {
    const repo = freshRepo("bad-token");
    gh.fail(`GET /repos/${repo}/commits/${COMMIT.analysed}/check-runs`, {
      status: 401,
      body: { message: "Bad credentials" },
    });
    const run = await dispatch(gh, await envelope(sampleWithCommits("analysis_run.started")), {
      repo,
      inputs: { "github-token": TOKEN },
    });
    expect(run.code).toBe(1);
    expect(messages(run, "error")[0]).toMatch(
      /GitHub answered 401 "Bad credentials" .*: the github-token is missing, expired or revoked/,
    );
  });

  it("gives up at once on a rate limit that lifts only in an hour, saying to re-run later", async () => {
    const repo = freshRepo("rate-limited");
    gh.fail(`POST /repos/${repo}/check-runs`, {
      status: 403,
      headers: {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3000),
      },
      body: { message: "API rate limit exceeded for installation." },
    });
    const started = Date.now();
    const run = await dispatch(gh, await envelope(sampleWithCommits("analysis_run.started")), {
      repo,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(1);
    expect(messages(run, "warning")[0]).toMatch(
      /^GitHub's rate limit stopped POST .*check-runs; giving up\.$/,
    );
    expect(messages(run, "error")[0]).toMatch(
      /GitHub answered 403 "API rate limit exceeded for installation" .*: the token ran out of API calls for now; re-run the job later/,
    );
  });
});
