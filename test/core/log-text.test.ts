import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { neutraliseLogText } from "../../src/core/log-text.ts";
import { hostileText, runnerCommandProblems } from "../support/runner-commands.ts";

describe("neutraliseLogText", () => {
  it("turns line breaks into visible escapes and splits a leading ::", () => {
    expect(neutraliseLogText("oid\n::warning::INJECTED")).toBe("oid\\n::warning::INJECTED");
    expect(neutraliseLogText("::add-mask::x")).toBe(":\\:add-mask::x");
    expect(neutraliseLogText("  ::stop-commands::t")).toBe("  :\\:stop-commands::t");
    expect(neutraliseLogText("a\r\nb\u2028c\u0085d")).toBe("a\\r\\nb\\u2028c\\u0085d");
    expect(neutraliseLogText("x ##[warning]y")).toBe("x ##\\[warning]y");
    expect(neutraliseLogText("plain: text, with a :: inside")).toBe(
      "plain: text, with a :: inside",
    );
  });

  it("never leaves anything a runner reads as a command, whatever the text", () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(), fc.string({ unit: "binary" })), (text) => {
        const line = neutraliseLogText(text);
        expect(runnerCommandProblems(line, [])).toEqual([]);
        expect(line.split(/\r\n|\r|\n/)).toHaveLength(1);
      }),
      { numRuns: 500 },
    );
  });
});
