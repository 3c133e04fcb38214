import { describe, expect, it } from "vitest";
import { type CallPurpose, classifyGitHubAnswer } from "../../src/relay/github/answer.ts";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

const PURPOSE: CallPurpose = {
  what: "the dispatch",
  unauthorized: (detail) => `unauthorized: ${detail}`,
  forbidden: (detail) => `forbidden: ${detail}`,
  notFound: (detail) => `not found: ${detail}`,
  unprocessable: (detail) => `unprocessable: ${detail}`,
};

function answer(status: number | undefined, headers: Record<string, string> = {}, body = "") {
  return classifyGitHubAnswer(
    { status, headers: new Headers(headers), body, now: NOW, host: "api.github.test" },
    PURPOSE,
  );
}

describe("classifyGitHubAnswer", () => {
  it("sorts GitHub's answers the way its rate-limit documentation asks", () => {
    expect(answer(204)).toEqual({ kind: "accepted" });
    expect(answer(429, { "retry-after": "17" })).toMatchObject({
      kind: "rate-limited",
      retryAfterSeconds: 17,
    });
    expect(answer(403, { "retry-after": new Date(NOW + 90_000).toUTCString() })).toMatchObject({
      kind: "rate-limited",
      retryAfterSeconds: 90,
    });
    expect(
      answer(403, {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(NOW / 1000 + 300),
      }),
    ).toMatchObject({ kind: "rate-limited", retryAfterSeconds: 300 });
    expect(
      answer(403, {}, JSON.stringify({ message: "You have exceeded a secondary rate limit." })),
    ).toMatchObject({ kind: "rate-limited", retryAfterSeconds: 60 });
    expect(answer(429)).toMatchObject({ kind: "rate-limited", retryAfterSeconds: 60 });
    expect(answer(502, {}, "<html>bad gateway</html>")).toEqual({
      kind: "retry",
      code: "github-unavailable",
      reason: "GitHub answered 502 to the dispatch",
    });
    expect(answer(408).kind).toBe("retry");
    expect(answer(undefined)).toMatchObject({ kind: "retry", code: "github-unreachable" });
    expect(answer(422, {}, JSON.stringify({ message: "Invalid request." }))).toEqual({
      kind: "failed",
      code: "github-rejected",
      reason: 'unprocessable: 422 "Invalid request."',
    });
    expect(
      answer(403, {}, JSON.stringify({ message: "Resource not accessible by integration" })),
    ).toEqual({
      kind: "failed",
      code: "github-forbidden",
      reason: 'forbidden: 403 "Resource not accessible by integration"',
    });
    expect(answer(404)).toMatchObject({ kind: "failed", code: "github-not-found" });
    expect(answer(401)).toMatchObject({ kind: "failed", code: "github-unauthorized" });
  });

  it("a redirect is a failure naming where it pointed, without its query", () => {
    for (const status of [301, 302, 303, 307, 308]) {
      const verdict = answer(status, { location: "https://elsewhere.test/collect?token=abc" });
      expect(verdict).toMatchObject({ kind: "failed", code: "github-redirect" });
      const reason = verdict.kind === "failed" ? verdict.reason : "";
      expect(reason).toContain(`answered ${status}`);
      expect(reason).toContain("https://elsewhere.test/collect");
      expect(reason).not.toContain("token=abc");
      expect(reason).toContain("never follows redirects");
    }
    expect(answer(307, { location: "/v3/repos/o/r/dispatches" })).toMatchObject({
      reason: expect.stringContaining("http://api.github.test/v3/repos/o/r/dispatches"),
    });
    expect(answer(307)).toMatchObject({
      reason: expect.stringContaining("an address that cannot be read"),
    });
  });
});
