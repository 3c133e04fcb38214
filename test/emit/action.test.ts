import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { verify } from "@octokit/webhooks-methods";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../support/run-action.ts";
import { runEmit } from "../support/run-in-process.ts";
import { branchCreation, createEvent, examples } from "./github-events.ts";
import {
  headerRecord,
  type Received,
  type Receiver,
  type Script,
  selfSignedCertificate,
  startReceiver,
} from "./receiver.ts";

const SECRET = "hub-secret-for-tests";
const WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const VERSION = (JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { version: string })
  .version;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
  receivers = [];
});

async function receiver(script?: Script, tls = false): Promise<Receiver> {
  const started = await startReceiver(script, tls ? selfSignedCertificate() : undefined);
  receivers.push(started);
  return started;
}

/** The action's `run()` from source, as a runner runs it; waits between attempts are skipped. */
function emit(
  inputs: Record<string, string>,
  eventName = "push",
  event: unknown = branchCreation(),
  waits: number[] = [],
) {
  return runEmit({ inputs, eventName, event, waits });
}

/** Checks the request the way a receiver would: independent verifiers over the raw bytes. */
async function expectSignedBy(request: Received, secret: string): Promise<void> {
  const text = request.body.toString("utf8");
  const headers = headerRecord(request.headers);
  expect(await verify(secret, text, headers["x-hub-signature-256"] ?? "")).toBe(true);
  expect(headers["x-hub-signature"]).toBe(
    `sha1=${createHmac("sha1", secret).update(request.body).digest("hex")}`,
  );
}

const errors = (run: Awaited<ReturnType<typeof emit>>) =>
  run.commands.filter((c) => c.command === "error");
const warnings = (run: Awaited<ReturnType<typeof emit>>) =>
  run.commands.filter((c) => c.command === "warning");
/** The log as a reader sees it: `::add-mask::` lines are how secrets reach the runner, not output. */
const visibleLog = (run: Awaited<ReturnType<typeof emit>>) =>
  run.stdout
    .split("\n")
    .filter((line) => !line.startsWith("::add-mask::"))
    .join("\n");

describe("the action, run as a runner runs it", () => {
  it("delivers a push to HTTP and HTTPS receivers, signed three ways, with outputs, log and summary", async () => {
    const plain = await receiver();
    const tls = await receiver(undefined, true);
    const run = await emit({
      url: `${plain.origin}/hooks/deveo?token=tok_query_secret\n${tls.origin}/hooks/other`,
      secret: WHSEC,
      signature: "standard",
      "insecure-ssl": "true",
      "extra-payload": '{"environment": "ci"}',
      "extra-headers": "X-Env: ci",
    });
    expect(run.code).toBe(0);
    expect(errors(run)).toEqual([]);

    const deliveryId = run.outputs["delivery-id"] ?? "";
    expect(deliveryId).toMatch(UUID);
    expect(run.outputs.status).toBe("200");
    const results = JSON.parse(run.outputs.results ?? "[]");
    expect(results).toEqual([
      expect.objectContaining({
        url: `${plain.origin}/hooks/deveo`,
        ok: true,
        status: 200,
        attempts: 1,
        body: "ok",
        error: null,
      }),
      expect.objectContaining({
        url: `${tls.origin}/hooks/other`,
        ok: true,
        status: 200,
        attempts: 1,
        body: "ok",
        error: null,
      }),
    ]);

    for (const request of [...plain.requests, ...tls.requests]) {
      const headers = headerRecord(request.headers);
      expect(headers).toMatchObject({
        "content-type": "application/json",
        "user-agent": `hookbridge-emit/${VERSION}`,
        "x-hookbridge-delivery": deliveryId,
        "x-hookbridge-event": "push",
        "x-env": "ci",
        "webhook-id": deliveryId,
      });
      await expectSignedBy(request, WHSEC);
      const payload = new Webhook(WHSEC).verify(request.body.toString("utf8"), headers) as Record<
        string,
        unknown
      >;
      expect(payload).toMatchObject({
        ref: "refs/heads/master",
        created: true,
        environment: "ci",
        commit_count: 1,
        hookbridge: { delivery: deliveryId, emitted_at: expect.stringMatching(ISO_TIME) },
      });
    }
    expect(plain.requests[0]?.body.equals(tls.requests[0]?.body ?? Buffer.alloc(0))).toBe(true);

    const log = visibleLog(run);
    expect(log).toContain(`${new URL(plain.origin).host}: delivered (status 200, 1 attempt,`);
    expect(log).toContain(`delivery ${deliveryId})`);
    expect(log).not.toContain("tok_query_secret");
    expect(log).not.toContain("/hooks/");
    expect(log).not.toContain(WHSEC);
    expect(run.commands).toContainEqual({ command: "add-mask", message: WHSEC });
    expect(warnings(run).map((w) => w.message)).toEqual([
      expect.stringMatching(/^insecure-ssl is on: /),
    ]);

    expect(run.summary).toContain("hookbridge emit: push, 2 of 2 delivered");
    expect(run.summary).toContain(new URL(tls.origin).host);
    expect(run.summary).toContain("<th>Attempts</th>");
    expect(run.summary).not.toContain("tok_query_secret");
  });

  it("sends Deveo's form body, signed over the exact form bytes", async () => {
    const server = await receiver();
    const run = await emit({
      url: `${server.origin}/deveo`,
      secret: SECRET,
      "content-type": "form",
    });
    expect(run.code).toBe(0);
    const [request] = server.requests;
    if (!request) throw new Error("no request arrived");
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    await expectSignedBy(request, SECRET);
    expect(request.headers).not.toHaveProperty("webhook-signature");
    const payload = JSON.parse(
      new URLSearchParams(request.body.toString("utf8")).get("payload") ?? "",
    );
    expect(payload).toMatchObject({
      ref: "refs/heads/master",
      repository: { name: "Hello-World", type: "git" },
    });
  });

  it("sends nothing signed without a secret", async () => {
    const server = await receiver();
    const run = await emit({ url: server.origin });
    expect(run.code).toBe(0);
    const names = Object.keys(server.requests[0]?.headers ?? {});
    expect(names.filter((name) => name.includes("signature"))).toEqual([]);
    expect(run.stdout).toContain("unsigned (no secret)");
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: "warning",
        message: expect.stringContaining("No secret is set"),
      }),
    );
    const deliberate = await emit({ url: server.origin, signature: "none" });
    expect(deliberate.commands.filter((c) => c.command === "warning")).toEqual([]);
  });

  it("a create event and an operation hook are delivered too", async () => {
    const server = await receiver();
    const created = await emit({ url: server.origin, secret: SECRET }, "create", createEvent());
    expect(created.code).toBe(0);
    const company = await emit(
      { url: server.origin, secret: SECRET, hook: "company", operation: "updated" },
      "workflow_dispatch",
      {
        ...examples("workflow_dispatch")[0],
      },
    );
    expect(company.code).toBe(0);
    const [tag, project] = server.requests.map((r) => JSON.parse(r.body.toString("utf8")));
    expect(tag).toMatchObject({ ref: "refs/tags/simple-tag", created: true });
    expect(project).toMatchObject({ operation: "updated", type: "project" });
    expect(server.requests[1]?.headers["x-hookbridge-event"]).toBe("project.updated");
  });
});

describe("faults", () => {
  it("503 twice then 200: three attempts, one delivery id, reported in results", async () => {
    // Retry-After: 0 is the receiver saying "now", which keeps this test from waiting on backoff.
    const server = await receiver((_, count) =>
      count <= 2 ? { status: 503, headers: { "Retry-After": "0" } } : { status: 200, body: "ok" },
    );
    const run = await emit({ url: server.origin, secret: WHSEC, signature: "standard" });
    expect(run.code).toBe(0);
    const ids = new Set(server.requests.map((r) => r.headers["x-hookbridge-delivery"]));
    const webhookIds = new Set(server.requests.map((r) => r.headers["webhook-id"]));
    expect(server.requests).toHaveLength(3);
    expect([...ids]).toEqual([run.outputs["delivery-id"]]);
    expect([...webhookIds]).toEqual([run.outputs["delivery-id"]]);
    for (const request of server.requests) await expectSignedBy(request, WHSEC);
    expect(JSON.parse(run.outputs.results ?? "[]")[0]).toMatchObject({
      ok: true,
      status: 200,
      attempts: 3,
    });
    expect(visibleLog(run)).toContain("delivered (status 200, 3 attempts,");
  });

  it("429 with Retry-After: 1 waits a second before the next attempt", async () => {
    const server = await receiver((_, count) =>
      count === 1 ? { status: 429, headers: { "Retry-After": "1" } } : { status: 200 },
    );
    const waits: number[] = [];
    const run = await emit({ url: server.origin }, "push", branchCreation(), waits);
    expect(run.code).toBe(0);
    expect(server.requests).toHaveLength(2);
    // The one wait between the attempts is the second the receiver asked for.
    expect(waits).toEqual([1000]);
  });

  it("400 fails the step at once, with one sentence", async () => {
    const server = await receiver(() => ({ status: 400, body: '{"error":"unknown repository"}' }));
    const run = await emit({ url: `${server.origin}/x`, secret: SECRET });
    expect(run.code).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(errors(run).map((e) => e.message)).toEqual([
      `1 of 1 delivery failed (${new URL(server.origin).host} answered 400); check the receiver's log for delivery ${run.outputs["delivery-id"]}, or set fail-on-error: false to report failures as warnings.`,
    ]);
    expect(run.outputs.status).toBe("400");
    expect(JSON.parse(run.outputs.results ?? "[]")[0]).toMatchObject({
      body: '{"error":"unknown repository"}',
      error: "answered 400",
    });
  });

  it("with fail-on-error: false a failed delivery is a warning and the step succeeds", async () => {
    const good = await receiver();
    const bad = await receiver(() => ({ status: 404 }));
    const run = await emit({
      url: `${bad.origin}/gone, ${good.origin}/ok`,
      secret: SECRET,
      "fail-on-error": "false",
    });
    expect(run.code).toBe(0);
    expect(errors(run)).toEqual([]);
    expect(warnings(run).map((w) => w.message)).toEqual([
      expect.stringMatching(/^1 of 2 deliveries failed \(127\.0\.0\.1:\d+ answered 404\); /),
    ]);
    expect(run.outputs.status).toBe("404");
    expect(JSON.parse(run.outputs.results ?? "[]").map((r: { ok: boolean }) => r.ok)).toEqual([
      false,
      true,
    ]);
    expect(run.summary).toContain("1 of 2 delivered");
  });

  it("a receiver that hangs times out", async () => {
    const server = await receiver(() => ({ hang: true }));
    const run = await emit({ url: server.origin, timeout: "0.5", retries: "0" });
    expect(run.code).toBe(1);
    expect(errors(run)[0]?.message).toMatch(
      /^1 of 1 delivery failed \(127\.0\.0\.1:\d+ timed out after 0\.5 s\); /,
    );
    expect(run.outputs.status).toBe("0");
  });

  it("HTTPS with a self-signed certificate is refused unless insecure-ssl is set", async () => {
    const tls = await receiver(undefined, true);
    const run = await emit({ url: tls.origin, secret: SECRET });
    expect(run.code).toBe(1);
    expect(tls.requests).toHaveLength(0);
    expect(errors(run)[0]?.message).toMatch(
      /its TLS certificate could not be verified \(\w+\); set insecure-ssl: true only for a receiver you trust\)/,
    );
    expect(warnings(run)).toEqual([]);
  });

  it("credentials in a URL are masked in results and sent as Basic authentication", async () => {
    const server = await receiver();
    const url = new URL(server.origin);
    const run = await emit({ url: `http://hook:pw-1234567@${url.host}/deveo` });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.results ?? "[]")[0].url).toBe(`http://${url.host}/deveo`);
    expect(run.commands).toContainEqual({ command: "add-mask", message: "pw-1234567" });
    expect(visibleLog(run)).not.toContain("pw-1234567");
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("hook:pw-1234567").toString("base64")}`,
    );
  });
});

describe("bad input fails the step with one clear sentence and sends nothing", () => {
  const cases: [string, Record<string, string>, string, unknown, RegExp][] = [
    [
      "a non-object extra-payload",
      { "extra-payload": "[1, 2]" },
      "push",
      branchCreation(),
      /^The extra-payload input must be a JSON object \(its keys are merged into the payload\), not an array; /,
    ],
    [
      "an unsupported event",
      {},
      "issues",
      examples("issues")[0],
      /^hook: repository sends a Deveo push hook, built only from push, create or delete events, but this run was triggered by issues; /,
    ],
    [
      "a bad url",
      { url: "hooks.example.com/no-scheme" },
      "push",
      branchCreation(),
      /^The url input must hold absolute http:\/\/ or https:\/\/ URLs, and this one is not\.$/,
    ],
    [
      "extra-headers forging a signature",
      { secret: SECRET, "extra-headers": "X-Hub-Signature-256: sha256=forged" },
      "push",
      branchCreation(),
      /^The extra-headers input cannot be used: X-Hub-Signature-256 is set by hookbridge itself/,
    ],
  ];

  for (const [name, inputs, eventName, event, message] of cases) {
    it(name, async () => {
      const server = await receiver();
      const run = await emit({ url: server.origin, ...inputs }, eventName, event);
      expect(run.code).toBe(1);
      const failures = errors(run);
      expect(failures).toHaveLength(1);
      expect(failures[0]?.message).toMatch(message);
      expect(failures[0]?.message.split(/[.;] [A-Z]/)).toHaveLength(1);
      expect(server.requests).toHaveLength(0);
      expect(run.outputs).toEqual({});
    });
  }
});
