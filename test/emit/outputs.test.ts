import { describe, expect, it } from "vitest";
import type { DeliveryResult } from "../../src/emit/deliver.ts";
import {
  failureMessage,
  logLine,
  outputValues,
  redactUrl,
  summaryRows,
} from "../../src/emit/outputs.ts";

function result(url: string, overrides: Partial<DeliveryResult> = {}): DeliveryResult {
  return {
    url: new URL(url),
    ok: true,
    status: 200,
    attempts: 1,
    ms: 12,
    body: "ok",
    error: undefined,
    ...overrides,
  };
}

describe("outputs", () => {
  it("drop URL credentials, query and fragment, keeping scheme, host and path", () => {
    expect(redactUrl(new URL("https://user:pass@h.example/p?q=1"))).toBe("https://h.example/p");
    expect(redactUrl(new URL("https://token@h.example/"))).toBe("https://h.example/");
    expect(redactUrl(new URL("https://TOKEN:x-oauth-basic@h.example/hook?token=s3cr3t#f"))).toBe(
      "https://h.example/hook",
    );
    expect(redactUrl(new URL("https://h.example/p"))).toBe("https://h.example/p");
  });

  it("status is the first URL's, 0 when it never answered", () => {
    const values = outputValues("id-1", [
      result("https://a.example/", { ok: false, status: 0, error: "timed out after 1 s" }),
      result("https://b.example/"),
    ]);
    expect(values.status).toBe("0");
    expect(values["delivery-id"]).toBe("id-1");
    expect(JSON.parse(values.results ?? "")).toEqual([
      {
        url: "https://a.example/",
        ok: false,
        status: 0,
        attempts: 1,
        ms: 12,
        body: "ok",
        error: "timed out after 1 s",
      },
      {
        url: "https://b.example/",
        ok: true,
        status: 200,
        attempts: 1,
        ms: 12,
        body: "ok",
        error: null,
      },
    ]);
  });
});

describe("log and summary", () => {
  it("one line per URL shows the host only", () => {
    const line = logLine(
      "id-1",
      result("https://hooks.example.com:8443/secret/path?token=abc", { attempts: 2 }),
    );
    expect(line).toBe(
      "hooks.example.com:8443: delivered (status 200, 2 attempts, 12 ms, delivery id-1)",
    );
    const failed = logLine(
      "id-1",
      result("https://h.example/x", { ok: false, status: 0, error: "the connection was refused" }),
    );
    expect(failed).toBe(
      "h.example: failed, the connection was refused (no response, 1 attempt, 12 ms, delivery id-1)",
    );
  });

  it("a retried failure counts its attempts once in the log line and once in the failure message", () => {
    const retried = result("https://h.example/x", {
      ok: false,
      status: 503,
      attempts: 2,
      error: "answered 503",
    });
    const line = logLine("id-1", retried);
    expect(line).toBe(
      "h.example: failed, answered 503 (status 503, 2 attempts, 12 ms, delivery id-1)",
    );
    expect(line.match(/attempts/g)).toHaveLength(1);
    const message = failureMessage("id-1", [retried]) ?? "";
    expect(message).toContain("h.example answered 503 after 2 attempts");
    expect(message.match(/attempts/g)).toHaveLength(1);
  });

  it("summary cells are escaped", () => {
    const rows = summaryRows([
      result("https://h.example/", { ok: false, status: 500, error: "answered <b>500</b>" }),
    ]);
    expect(rows[1]).toEqual([
      "1",
      "h.example",
      "500",
      "1",
      "12",
      "❌ answered &lt;b&gt;500&lt;/b&gt;",
    ]);
  });

  it("the failure message is one sentence, naming at most three hosts", () => {
    expect(failureMessage("id-1", [result("https://a.example/")])).toBeUndefined();
    const failed = ["a", "b", "c", "d", "e"].map((h) =>
      result(`https://${h}.example/`, { ok: false, status: 503, error: "answered 503" }),
    );
    expect(failureMessage("id-1", failed)).toBe(
      "5 of 5 deliveries failed (a.example answered 503; b.example answered 503; c.example answered 503, and 2 more); check the receiver's log for delivery id-1, or set fail-on-error: false to report failures as warnings.",
    );
  });
});
