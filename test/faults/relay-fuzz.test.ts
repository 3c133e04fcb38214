/**
 * The relay handler, in process, against tens of thousands of generated requests. Properties:
 * no 5xx unless GitHub failed, no unhandled rejection, no dispatch of anything not validly
 * signed (judged by an independent verifier), 204 only after GitHub accepted, every error a
 * JSON `{"error": …}`, and no secret in any answer or log line.
 */
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadRelayConfig } from "../../src/relay/config.ts";
import { createRelay } from "../../src/relay/http/fetch-adapter.ts";
import { FakeGitHub } from "./support/fake-github.ts";
import { buildRequest, type FuzzCase, fuzzCaseArb, MAX_BODY } from "./support/fuzz-cases.ts";
import { CONFIDENTIAL, relayEnv } from "./support/secrets.ts";
import { validlySigned } from "./support/signing.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
beforeAll(() => {
  process.on("unhandledRejection", onRejection);
});
afterAll(() => {
  process.off("unhandledRejection", onRejection);
});

function leaked(text: string): boolean {
  return CONFIDENTIAL.some((secret) => text.includes(secret));
}

function carriedBody(payload: Record<string, unknown> | undefined): Buffer | undefined {
  if (typeof payload?.body === "string") return Buffer.from(payload.body);
  if (typeof payload?.body_gzip === "string")
    return gunzipSync(Buffer.from(payload.body_gzip, "base64"));
  return undefined;
}

it(`the relay holds its contract for ${RUNS.toLocaleString("en-US")} generated requests`, async () => {
  const github = new FakeGitHub();
  const logs: string[] = [];
  const relay = createRelay(
    loadRelayConfig(relayEnv("http://github.invalid", { HOOKBRIDGE_MAX_BODY: String(MAX_BODY) })),
    {
      fetch: github.fetch,
      logger: (entry) => logs.push(JSON.stringify(entry)),
      // A generated hang runs the relay's budget out at once, rather than after a real wait.
      deadline: github.deadline,
    },
  );
  const statuses = new Map<number, number>();
  const accepted = new Set<string>();
  let skipped = 0;

  const check = async (fuzz: FuzzCase) => {
    const built = buildRequest(fuzz);
    if (!built) {
      skipped += 1;
      return;
    }
    github.upstream = fuzz.upstream;
    const callsBefore = github.calls.length;
    const logsBefore = logs.length;
    const response = await relay(built.request);
    const text = await response.text();
    const calls = github.calls.slice(callsBefore);
    const where = `${fuzz.method} ${built.request.url} → ${response.status} ${text.slice(0, 200)}`;
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);

    // A 5xx says GitHub (or the way to it) failed, never that the relay did.
    const upstreamFailed = calls.some((call) => !call.accepted);
    if (response.status >= 500) expect(upstreamFailed, where).toBe(true);

    if (response.status >= 400) {
      expect(response.headers.get("content-type"), where).toBe("application/json");
      const body = JSON.parse(text) as Record<string, unknown>;
      expect(Object.keys(body), where).toEqual(["error"]);
      expect(typeof body.error === "string" && body.error.length > 0, where).toBe(true);
    }

    for (const call of calls) {
      // Nothing reaches GitHub that the provider did not validly sign for its own route.
      expect(built.route, where).toBeDefined();
      expect(validlySigned(built.route as never, built.headers, built.body), where).toBe(true);
      expect(call.body.client_payload?.provider, where).toBe(built.route);
      expect(carriedBody(call.body.client_payload)?.equals(built.body), where).toBe(true);
    }
    expect(calls.length, where).toBeLessThanOrEqual(1);
    if (response.status === 204)
      expect(calls.filter((call) => call.accepted).length, where).toBe(1);
    for (const call of calls.filter((entry) => entry.accepted)) {
      accepted.add(`${call.body.client_payload?.provider}.${call.body.client_payload?.event}`);
    }
    if (response.status === 200 && text.includes('"duplicate"')) {
      // A copy is only recognised as one after an earlier copy was accepted.
      const event = JSON.parse(logs.at(-1) ?? "{}") as { provider?: string; event?: string };
      expect(accepted.has(`${event.provider}.${event.event}`), where).toBe(true);
    }

    expect(leaked(text), `secret in the answer to ${fuzz.method} ${built.request.url}`).toBe(false);
    for (const line of logs.slice(logsBefore))
      expect(leaked(line), "secret in a log line").toBe(false);
  };

  await fc.assert(fc.asyncProperty(fuzzCaseArb, check), {
    numRuns: RUNS,
    ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
  });

  expect(rejections).toEqual([]);
  // The generator must keep the platform's Request constructor happy nearly always.
  expect(skipped).toBeLessThan(RUNS * 0.02);
  // And reach every kind of answer, deep ones included, in a useful share.
  const seen = Object.fromEntries(statuses);
  for (const status of [200, 204, 400, 401, 404, 405, 413, 415, 502, 503]) {
    expect(seen[status] ?? 0, `no ${status} among ${JSON.stringify(seen)}`).toBeGreaterThan(0);
  }
  expect(seen[204] ?? 0, JSON.stringify(seen)).toBeGreaterThan(RUNS * 0.05);
}, 600_000);
