import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import { parseRetryAfter } from "../../src/core/retry-after.ts";
import {
  backoffDelay,
  DEFAULT_POLICY,
  type DeliveryDeps,
  deliver,
  deliverAll,
  type RetryPolicy,
} from "../../src/emit/deliver.ts";
import { type Connection, openConnection } from "../../src/http-client/http-connection.ts";
import { type Receiver, type Script, selfSignedCertificate, startReceiver } from "./receiver.ts";

const body = utf8('{"after":"abc"}');
const policy: RetryPolicy = { ...DEFAULT_POLICY, timeoutMs: 2_000, retries: 3 };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((close) => close()));
  cleanup = [];
});

async function receiver(script?: Script, tls = false): Promise<Receiver> {
  const started = await startReceiver(script, tls ? selfSignedCertificate() : undefined);
  cleanup.push(() => started.close());
  return started;
}

/** The transport the emit action delivers with (node:http and node:https agents), with no proxy. */
function connection(insecureSsl = false): Connection {
  const opened = openConnection({ insecureSsl, env: {} });
  cleanup.push(() => opened.close());
  return opened;
}

/** Real network, fake waiting: every backoff is recorded and returns at once. */
function deps(through = connection()): DeliveryDeps & { slept: number[] } {
  const slept: number[] = [];
  return {
    dispatcher: through.dispatcher,
    now: Date.now,
    random: () => 0.5,
    sleep: async (ms) => void slept.push(ms),
    slept,
  };
}

const headersFor =
  (deliveryId = "d-1") =>
  async () => ({ "X-Hookbridge-Delivery": deliveryId, "Content-Type": "application/json" });

describe("retries", () => {
  it("503 twice then 200: three attempts, one delivery id, growing backoff", async () => {
    const server = await receiver((_, count) =>
      count <= 2 ? { status: 503, body: "busy" } : { status: 200, body: "thanks" },
    );
    const d = deps();
    const result = await deliver(
      new URL(`${server.origin}/hook`),
      body,
      headersFor("same-id"),
      policy,
      d,
    );
    expect(result).toMatchObject({
      ok: true,
      status: 200,
      attempts: 3,
      body: "thanks",
      error: undefined,
    });
    expect(server.requests.map((r) => r.headers["x-hookbridge-delivery"])).toEqual([
      "same-id",
      "same-id",
      "same-id",
    ]);
    expect(server.requests.every((r) => r.body.equals(Buffer.from(body)))).toBe(true);
    // random() = 0.5 puts equal jitter at three quarters of 1 s, then of 2 s.
    expect(d.slept).toEqual([750, 1500]);
  });

  it("429 with Retry-After: 1 waits exactly one second", async () => {
    const server = await receiver((_, count) =>
      count === 1 ? { status: 429, headers: { "Retry-After": "1" } } : { status: 204 },
    );
    const d = deps();
    const result = await deliver(new URL(`${server.origin}/`), body, headersFor(), policy, d);
    expect(result).toMatchObject({ ok: true, status: 204, attempts: 2 });
    expect(d.slept).toEqual([1000]);
  });

  it("Retry-After as an HTTP date is honoured too", async () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    const server = await receiver((_, count) =>
      count === 1
        ? { status: 503, headers: { "Retry-After": "Tue, 01 Jan 2030 00:00:05 GMT" } }
        : { status: 200 },
    );
    const d = { ...deps(), now: () => now };
    await deliver(new URL(server.origin), body, headersFor(), policy, d);
    expect(d.slept).toEqual([5000]);
  });

  it("a Retry-After beyond the limit ends the retries instead of stalling the job", async () => {
    const server = await receiver(() => ({ status: 503, headers: { "Retry-After": "3600" } }));
    const d = deps();
    const result = await deliver(new URL(server.origin), body, headersFor(), policy, d);
    expect(result).toMatchObject({ ok: false, status: 503, attempts: 1 });
    expect(result.error).toBe(
      "answered 503 and asked to retry after 3600 s, longer than the 60 s hookbridge waits",
    );
    expect(d.slept).toEqual([]);
  });

  it("400 is never retried", async () => {
    const server = await receiver(() => ({ status: 400, body: '{"error":"bad"}' }));
    const d = deps();
    const result = await deliver(new URL(server.origin), body, headersFor(), policy, d);
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      attempts: 1,
      body: '{"error":"bad"}',
      error: "answered 400",
    });
    expect(server.requests).toHaveLength(1);
  });

  it("a redirect is not followed and says what to do", async () => {
    const server = await receiver(() => ({ status: 301, headers: { Location: "/elsewhere" } }));
    const result = await deliver(new URL(server.origin), body, headersFor(), policy, deps());
    expect(result).toMatchObject({ ok: false, status: 301, attempts: 1 });
    expect(result.error).toMatch(/redirects are not followed/);
  });

  it("5xx until the retries run out reports the last answer", async () => {
    const server = await receiver(() => ({ status: 502 }));
    const d = deps();
    const result = await deliver(
      new URL(server.origin),
      body,
      headersFor(),
      { ...policy, retries: 2 },
      d,
    );
    expect(result).toMatchObject({
      ok: false,
      status: 502,
      attempts: 3,
      error: "answered 502",
    });
    expect(d.slept).toEqual([750, 1500]);
  });

  it("a connection closed before any answer is a network error, retried", async () => {
    const server = await receiver((_, count) => (count === 1 ? { reset: true } : { status: 200 }));
    const d = deps();
    const result = await deliver(new URL(`${server.origin}/hook`), body, headersFor(), policy, d);
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 2 });
    const once = await receiver(() => ({ reset: true }));
    const failed = await deliver(
      new URL(`${once.origin}/hook`),
      body,
      headersFor(),
      { ...policy, retries: 0 },
      deps(),
    );
    expect(failed).toMatchObject({ ok: false, status: 0, error: "the connection was reset" });
  });

  it("a refused connection is a network error, retried", async () => {
    const server = await receiver();
    const origin = server.origin;
    await server.close();
    const d = deps();
    const result = await deliver(new URL(origin), body, headersFor(), { ...policy, retries: 1 }, d);
    expect(result).toMatchObject({
      ok: false,
      status: 0,
      attempts: 2,
      error: "the connection was refused",
    });
  });
});

describe("timeouts", () => {
  it("a receiver that never answers times out per attempt", async () => {
    const server = await receiver(() => ({ hang: true }));
    const result = await deliver(
      new URL(server.origin),
      body,
      headersFor(),
      { ...policy, timeoutMs: 300, retries: 1 },
      deps(),
    );
    // Each attempt reached the receiver and was given up on its own: the limit is per attempt.
    expect(result).toMatchObject({
      ok: false,
      status: 0,
      attempts: 2,
      error: "timed out after 0.3 s",
    });
    expect(server.requests).toHaveLength(2);
  });

  it("a slow body counts against the same per-attempt limit", async () => {
    const server = await receiver(() => ({ delayMs: 2_000 }));
    const result = await deliver(
      new URL(server.origin),
      body,
      headersFor(),
      { ...policy, timeoutMs: 200, retries: 0 },
      deps(),
    );
    expect(result).toMatchObject({ ok: false, attempts: 1, error: "timed out after 0.2 s" });
  });

  it("a 2xx whose body then stalls counts as delivered: the receiver has accepted it", async () => {
    const server = await receiver(() => ({
      status: 202,
      body: "accepted, still writing",
      stall: true,
    }));
    const result = await deliver(
      new URL(server.origin),
      body,
      headersFor(),
      { ...policy, timeoutMs: 300 },
      deps(),
    );
    expect(result).toMatchObject({
      ok: true,
      status: 202,
      attempts: 1,
      body: "accepted, still writing",
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe("many URLs", () => {
  it("20 URLs go out at once: none is answered until all of them have arrived", async () => {
    let arrived = 0;
    let allArrived = () => {};
    const everyone = new Promise<void>((resolve) => (allArrived = resolve));
    // Sent one after another, the first would wait for the other 19 and time out instead.
    const server = await receiver(() => {
      arrived += 1;
      if (arrived === 20) allArrived();
      return { status: 200, after: everyone };
    });
    const urls = Array.from({ length: 20 }, (_, i) => new URL(`${server.origin}/hook-${i}`));
    const results = await deliverAll(urls, body, headersFor(), { ...policy, retries: 0 }, deps());
    expect(results.map((r) => r.error)).toEqual(Array(20).fill(undefined));
    expect(results.map((r) => r.url)).toEqual(urls);
  });
});

describe("responses", () => {
  it("keeps only the first kilobyte of a large answer, without splitting a character", async () => {
    const big = `${"a".repeat(1023)}é${"b".repeat(10_000)}`;
    const server = await receiver(() => ({ status: 200, body: big }));
    const result = await deliver(new URL(server.origin), body, headersFor(), policy, deps());
    expect(result.body).toBe("a".repeat(1023));
  });

  it("URL credentials become Basic authentication", async () => {
    const server = await receiver();
    const url = new URL(server.origin);
    url.username = "hook";
    url.password = "p@ss word";
    await deliver(url, body, headersFor(), policy, deps());
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("hook:p@ss word").toString("base64")}`,
    );
  });
});

describe("TLS", () => {
  it("a self-signed certificate is refused, once, with the way out named", async () => {
    const server = await receiver(undefined, true);
    const d = deps(connection(false));
    const result = await deliver(new URL(`${server.origin}/hook`), body, headersFor(), policy, d);
    expect(result).toMatchObject({ ok: false, status: 0, attempts: 1 });
    expect(result.error).toMatch(
      /^its TLS certificate could not be verified \(\w+\); set insecure-ssl: true only for a receiver you trust$/,
    );
    expect(server.requests).toHaveLength(0);
    expect(d.slept).toEqual([]);
  });

  it("insecure-ssl accepts it", async () => {
    const server = await receiver(undefined, true);
    const result = await deliver(
      new URL(`${server.origin}/hook`),
      body,
      headersFor(),
      policy,
      deps(connection(true)),
    );
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 1, body: "ok" });
    expect(server.requests).toHaveLength(1);
  });
});

describe("backoff and Retry-After parsing", () => {
  it("backoff stays between half and all of an exponentially growing, capped ceiling", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, r) => {
          const ceiling = Math.min(policy.maxBackoffMs, policy.backoffBaseMs * 2 ** (retry - 1));
          const delay = backoffDelay(retry, () => r, policy);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
  });

  it("reads delta-seconds and HTTP dates, ignores anything else", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter(" 120 ", now)).toBe(120_000);
    expect(parseRetryAfter("Tue, 01 Jan 2030 00:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Mon, 31 Dec 2029 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-5", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
