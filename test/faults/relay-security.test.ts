/**
 * Attacks on the relay that once worked, each pinned by the behaviour that now stops it: a
 * replayed attestation, deep nesting, rate limits misread as permissions, and signed bodies
 * replayed under fresh unsigned delivery ids. The relay runs in process against the loopback
 * GitHub stand-in; signing is done with the suite's own node:crypto signer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeDispatch, encodeDispatchJson } from "../../src/core/envelope.ts";
import { ENVELOPE_SIGNATURE_HEADER, signEnvelope } from "../../src/core/envelope-signature.ts";
import { isHookbridgeError } from "../../src/core/errors.ts";
import { readSettings } from "../../src/receive/inputs.ts";
import { verifyEnvelope } from "../../src/receive/verify.ts";
import { loadRelayConfig } from "../../src/relay/config.ts";
import { createRelay } from "../../src/relay/http/fetch-adapter.ts";
import type { RelayHandler } from "../../src/relay/http/request.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { samples } from "./support/bodies.ts";
import { GITHUB_TOKEN, REPOSITORY, relayEnv, SECRETS } from "./support/secrets.ts";
import { sign } from "./support/signing.ts";

const DISPATCHES = "POST /repos/{owner}/{repo}/dispatches";

let gh: GitHubStandIn;
let relay: RelayHandler;
beforeAll(async () => {
  gh = await startGitHubStandIn({ token: GITHUB_TOKEN, repositories: [REPOSITORY] });
});
afterAll(() => gh.close());
beforeEach(() => {
  gh.reset();
  relay = createRelay(loadRelayConfig(relayEnv(gh.url)), { logger: () => {} });
});

function dispatched() {
  return gh.state.repo(REPOSITORY).dispatches;
}

function post(path: string, body: Uint8Array, headers: Record<string, string>) {
  return relay(
    new Request(`http://relay.test${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: new Uint8Array(body),
    }),
  );
}

function sample(provider: string, name: string) {
  const found = samples().find((one) => one.provider === provider && one.name === name);
  if (!found) throw new Error(`no ${provider} ${name} sample`);
  return found;
}

describe("a dispatched DejaCode payload replayed to the relay", () => {
  it("is refused 401 when it carries only the relay's own attestation, not the token", async () => {
    const { body, headers } = sample("dejacode", "request.added");
    const first = await post("/dejacode", body, { ...headers, ...sign("dejacode", body) });
    expect(first.status).toBe(204);
    const relayed = await decodeDispatch(dispatched()[0]?.client_payload);
    const attestation = relayed.headers["x-hookbridge-signature-256"];
    expect(attestation).toMatch(/^sha256=/);

    const replay = await post("/dejacode", relayed.body, {
      "x-hookbridge-signature-256": attestation as string,
    });
    expect(replay.status).toBe(401);
    expect(dispatched()).toHaveLength(1);
  });
});

describe("GitHub rate limits are read by GitHub's documented signals", () => {
  // A secondary limit leaves the primary quota untouched, so remaining is far from 0.
  const quota = { "x-ratelimit-remaining": "4999" };

  it("a 403 secondary rate limit without Retry-After is 503 with Retry-After of at least 60 s, not a permission error", async () => {
    const { body, headers } = sample("deepsource", "analysis_run.updated");
    gh.fail(DISPATCHES, [
      {
        status: 403,
        headers: quota,
        body: {
          message:
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        },
      },
    ]);
    const response = await post("/deepsource", body, { ...headers, ...sign("deepsource", body) });
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(60);
    expect(((await response.json()) as { error: string }).error).not.toContain("contents: write");
  });

  it("a Retry-After date decades ahead is passed on as seconds, capped at one hour", async () => {
    const { body, headers } = sample("deepsource", "analysis_run.updated");
    gh.fail(DISPATCHES, [
      { status: 429, headers: { ...quota, "retry-after": "Thu, 01 Jan 2099 00:00:00 GMT" } },
    ]);
    const response = await post("/deepsource", body, { ...headers, ...sign("deepsource", body) });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("3600");
  });
});

describe("a signed body replayed under a fresh, unsigned delivery id", () => {
  const cases: [string, string, (id: string) => Record<string, string>][] = [
    ["github", "ping", (id) => ({ "x-github-event": "ping", "x-github-delivery": id })],
    ["deveo", "push", (id) => ({ "x-hookbridge-delivery": id })],
  ];
  for (const [provider, name, idHeaders] of cases) {
    it(`${provider}: is answered as a duplicate and not dispatched again`, async () => {
      const { body, headers } = sample(provider, name);
      const signed = { ...headers, ...sign(provider as "github" | "deveo", body) };
      const first = await post(`/${provider}`, body, { ...signed, ...idHeaders("first-id") });
      expect(first.status).toBe(204);
      const replay = await post(`/${provider}`, body, { ...signed, ...idHeaders("fresh-id") });
      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual({ duplicate: true });
      expect(dispatched()).toHaveLength(1);
    });
  }

  it("github: is a duplicate under a different, equally unsigned event name too", async () => {
    const { body, headers } = sample("github", "ping");
    const signed = { ...headers, ...sign("github", body) };
    const first = await post("/github", body, { ...signed, "x-github-delivery": "one" });
    expect(first.status).toBe(204);
    const relabelled = await post("/github", body, {
      ...signed,
      "x-github-event": "push",
      "x-github-delivery": "two",
    });
    expect(await relabelled.json()).toEqual({ duplicate: true });
    expect(dispatched()).toHaveLength(1);
  });

  it("dejacode: identical bodies stay separate notifications (the token, not dedupe, guards them)", async () => {
    const { body, headers } = sample("dejacode", "request.added");
    const signed = { ...headers, ...sign("dejacode", body) };
    expect((await post("/dejacode", body, signed)).status).toBe(204);
    expect((await post("/dejacode", body, signed)).status).toBe(204);
    expect(dispatched()).toHaveLength(2);
  });
});

/** 12 KB of JSON nested 6,000 levels deep: `{"zen":[[[…]]]}`. */
function deeplyNested(levels: number): Buffer {
  return Buffer.from(`{"zen":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`);
}

describe("JSON nested past the documented limit of 64 levels", () => {
  it("is refused 400 by the relay with one sentence, and not dispatched", async () => {
    const body = deeplyNested(6000);
    const response = await post("/github", body, {
      "x-github-event": "ping",
      "x-github-delivery": "deep-1",
      ...sign("github", body),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: string };
    expect(error).toMatch(/6000 levels deep, beyond hookbridge's limit of 64/);
    expect(dispatched()).toHaveLength(0);
  });

  it("is refused, not crashed on, by the receive action when a dispatch carries it", async () => {
    const body = new Uint8Array(deeplyNested(6000));
    const envelope = {
      provider: "github",
      event: "ping",
      id: "deep-2",
      receivedAt: new Date().toISOString(),
      body,
    };
    const headers: Record<string, string> = { ...sign("github", body) };
    headers[ENVELOPE_SIGNATURE_HEADER] = await signEnvelope(envelope, SECRETS.github);
    const { request } = await encodeDispatchJson({ ...envelope, headers });
    const settings = readSettings((name) => (name === "secret" ? SECRETS.github : ""));
    const quiet = { debug() {}, info() {}, warning() {} };
    const refusal = await verifyEnvelope(
      JSON.parse(JSON.stringify(request.client_payload)),
      settings,
      Date.now,
      quiet,
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isHookbridgeError(refusal) && refusal.name).toBe("InvalidPayload");
    expect((refusal as Error).message).toMatch(/beyond hookbridge's limit of 64/);
  });
});
