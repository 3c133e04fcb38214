import { describe, expect, it } from "vitest";
import { classifyGitHubAnswer } from "../../src/relay/github-answer.ts";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function answer(status: number | undefined, headers: Record<string, string> = {}, body = "") {
  return classifyGitHubAnswer({ status, headers: new Headers(headers), body, now: NOW });
}

describe("classifyGitHubAnswer", () => {
  it("sorts GitHub's answers the way its rate-limit documentation asks", () => {
    expect(answer(204)).toEqual({ kind: "accepted" });
    expect(answer(429, { "retry-after": "17" })).toEqual({
      kind: "rate-limited",
      retryAfterSeconds: 17,
    });
    expect(answer(403, { "retry-after": new Date(NOW + 90_000).toUTCString() })).toEqual({
      kind: "rate-limited",
      retryAfterSeconds: 90,
    });
    expect(
      answer(403, {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(NOW / 1000 + 300),
      }),
    ).toEqual({ kind: "rate-limited", retryAfterSeconds: 300 });
    expect(
      answer(403, {}, JSON.stringify({ message: "You have exceeded a secondary rate limit." })),
    ).toEqual({ kind: "rate-limited", retryAfterSeconds: 60 });
    expect(answer(429)).toEqual({ kind: "rate-limited", retryAfterSeconds: 60 });
    expect(answer(502, {}, "<html>bad gateway</html>")).toEqual({
      kind: "transient",
      reason: "502",
    });
    expect(answer(undefined)).toEqual({ kind: "transient", reason: "no answer" });
    expect(answer(422, {}, JSON.stringify({ message: "Invalid request." }))).toEqual({
      kind: "permanent",
      reason: '422 "Invalid request."',
    });
    expect(
      answer(403, {}, JSON.stringify({ message: "Resource not accessible by integration" })),
    ).toEqual({
      kind: "permanent",
      reason: '403 "Resource not accessible by integration"',
    });
    expect(answer(404).kind).toBe("permanent");
    expect(answer(401).kind).toBe("permanent");
  });
});
