/**
 * The leak scan every fault test relies on: it must find a secret wherever it hides in a text,
 * and report where without repeating the secret.
 */
import { expect, it } from "vitest";
import { LeakScan } from "./support/leaks.ts";

it("reports each secret found, by place and number, never by value", () => {
  const scan = new LeakScan(["s3cr3t-value-1", "ghp_token_value"]);
  scan.add("clean log", "nothing to see here");
  scan.add("answer", '{"error":"bad signature s3cr3t-value-1"}');
  scan.add("summary", "token ghp_token_value and again s3cr3t-value-1");
  expect(scan.hits()).toEqual(["answer: secret #1", "summary: secret #1", "summary: secret #2"]);
  expect(scan.hits().join("\n")).not.toContain("s3cr3t");
});
