import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  classifyGitHubResponse,
  SECONDARY_RATE_LIMIT_WAIT_SECONDS,
} from "../../src/core/github-response.ts";
import { MAX_RETRY_AFTER_SECONDS } from "../../src/core/retry-after.ts";

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

function classify(status: number, headers: Record<string, string> = {}, body = "") {
  return classifyGitHubResponse({
    status,
    header: (name) => headers[name.toLowerCase()],
    body,
    now: NOW,
  });
}

const SECONDARY = JSON.stringify({
  message:
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
  documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
});

describe("classifyGitHubResponse", () => {
  it("2xx is ok, 5xx transient", () => {
    expect(classify(204)).toEqual({ kind: "ok" });
    expect(classify(502)).toEqual({ kind: "transient" });
  });

  it("Retry-After wins, in seconds or as an HTTP date", () => {
    expect(classify(403, { "retry-after": "30" }, SECONDARY)).toEqual({
      kind: "rate-limited",
      retryAfterSeconds: 30,
    });
    const inTwoMinutes = new Date(NOW + 120_000).toUTCString();
    expect(classify(429, { "retry-after": inTwoMinutes })).toEqual({
      kind: "rate-limited",
      retryAfterSeconds: 120,
    });
  });

  it("x-ratelimit-remaining: 0 waits until x-ratelimit-reset", () => {
    const reset = String(NOW / 1000 + 300);
    expect(
      classify(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }, "{}"),
    ).toEqual({ kind: "rate-limited", retryAfterSeconds: 300 });
  });

  it("a secondary rate limit named only in the message waits GitHub's documented minute", () => {
    expect(classify(403, { "x-ratelimit-remaining": "4999" }, SECONDARY)).toEqual({
      kind: "rate-limited",
      retryAfterSeconds: SECONDARY_RATE_LIMIT_WAIT_SECONDS,
    });
    expect(classify(429)).toEqual({
      kind: "rate-limited",
      retryAfterSeconds: SECONDARY_RATE_LIMIT_WAIT_SECONDS,
    });
  });

  it("a 403 with no rate-limit signal is a permission refusal", () => {
    expect(
      classify(
        403,
        { "x-ratelimit-remaining": "4999" },
        '{"message":"Resource not accessible by integration"}',
      ),
    ).toEqual({ kind: "permanent", reason: "forbidden" });
    expect(classify(401)).toEqual({ kind: "permanent", reason: "unauthorized" });
    expect(classify(404)).toEqual({ kind: "permanent", reason: "not-found" });
    expect(classify(422)).toEqual({ kind: "permanent", reason: "unprocessable" });
  });

  it("any wait a header asks for becomes 1 s to one hour", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.nat().map(String),
          fc
            .integer({ min: -1e11, max: 4e12 })
            .map((offset) => new Date(NOW + offset).toUTCString()),
        ),
        (value) => {
          const verdict = classify(429, { "retry-after": value });
          expect(verdict.kind).toBe("rate-limited");
          const seconds = (verdict as { retryAfterSeconds: number }).retryAfterSeconds;
          expect(Number.isInteger(seconds)).toBe(true);
          expect(seconds).toBeGreaterThanOrEqual(1);
          expect(seconds).toBeLessThanOrEqual(MAX_RETRY_AFTER_SECONDS);
        },
      ),
    );
    expect(classify(429, { "retry-after": "Thu, 01 Jan 2099 00:00:00 GMT" })).toEqual({
      kind: "rate-limited",
      retryAfterSeconds: MAX_RETRY_AFTER_SECONDS,
    });
  });
});
