import { describe, expect, it } from "vitest";
import { clip, plural } from "../demo/report.ts";

describe("the demo's report", () => {
  it("counts in the singular for one", () => {
    expect(plural(1, "annotation")).toBe("1 annotation");
    expect(plural(0, "annotation")).toBe("0 annotations");
    expect(plural(3, "annotation")).toBe("3 annotations");
  });

  it("cuts long lines between words and marks the cut", () => {
    const line =
      "DeepSource Autofix opened a pull request that fixes the unused imports in every module of the project";
    const cut = clip(line, 40);
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut.endsWith("…")).toBe(true);
    expect(line.startsWith(cut.slice(0, -1))).toBe(true);
    expect(line[cut.length - 1]).toBe(" ");
    expect(clip("short", 40)).toBe("short");
    expect(clip("x".repeat(60), 40)).toBe(`${"x".repeat(39)}…`);
  });
});
