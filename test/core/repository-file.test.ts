import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clampLine, MAX_LINE, repositoryFile } from "../../src/core/repository-file.ts";
import { linesUrl } from "../../src/receive/deepsource/format.ts";
import { runnerContext } from "../../src/receive/source.ts";

const runner = runnerContext({ GITHUB_REPOSITORY: "octo-org/octo-repo" });
const SHA = "99da4f0f3e680e28c3086afeb03693d3f80bf67b";
const BLOB = `/octo-org/octo-repo/blob/${SHA}/`;

// Segments an attacker would use: climbing, current-directory, empty, encoded and look-alike dots.
const segment = fc.oneof(
  fc.constantFrom("..", ".", "", "%2e%2e", "..%2f", "....", ".. ", "src", "a.py", "\\..", "..;"),
  fc.string({ maxLength: 6 }),
);
const hostilePath = fc.array(segment, { maxLength: 12 }).map((parts) => parts.join("/"));

describe("repositoryFile", () => {
  it("keeps paths inside the repository, resolving . and ..", () => {
    expect(repositoryFile("src/app.py")).toBe("src/app.py");
    expect(repositoryFile("/code/./src//app.py")).toBe("code/src/app.py");
    expect(repositoryFile("src/../lib/x.go")).toBe("lib/x.go");
  });

  it("refuses paths that leave the repository or hold control characters", () => {
    expect(repositoryFile("../../../../../attacker/evil-repo")).toBeUndefined();
    expect(repositoryFile("../../etc/passwd")).toBeUndefined();
    expect(repositoryFile("src/../../x")).toBeUndefined();
    expect(repositoryFile("src/app.py\n::warning::x")).toBeUndefined();
    expect(repositoryFile("..\\..\\attacker")).toBeUndefined();
    expect(repositoryFile("")).toBeUndefined();
    expect(repositoryFile("/./")).toBeUndefined();
  });

  it("never escapes, never carries a control character, and its link stays in the repository", () => {
    fc.assert(
      fc.property(fc.oneof(hostilePath, fc.string({ unit: "binary" })), (path) => {
        const file = repositoryFile(path);
        if (file === undefined) return;
        expect(file.split("/")).not.toContain("..");
        expect(file.split("/")).not.toContain("");
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must never appear
        expect(file).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/);
        const url = new URL(linesUrl(runner, SHA, file, 1, 1));
        expect(url.origin).toBe("https://github.com");
        expect(url.pathname.startsWith(BLOB)).toBe(true);
        expect(url.pathname.length).toBeGreaterThan(BLOB.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe("clampLine", () => {
  it("gives a whole number from 1 to MAX_LINE for any number", () => {
    expect(clampLine(1e12)).toBe(MAX_LINE);
    expect(clampLine(-5)).toBe(1);
    expect(clampLine(Number.NaN)).toBe(1);
    expect(clampLine(12.7)).toBe(12);
    fc.assert(
      fc.property(fc.double(), (value) => {
        const line = clampLine(value);
        expect(Number.isInteger(line)).toBe(true);
        expect(line).toBeGreaterThanOrEqual(1);
        expect(line).toBeLessThanOrEqual(MAX_LINE);
      }),
    );
  });
});
