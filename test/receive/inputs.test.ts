import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FAIL_ON, PROVIDER_NAMES, PROVIDERS } from "../../src/core/providers.ts";
import { OUTPUT } from "../../src/receive/constants.ts";
import { GENERIC_INPUTS, RECEIVE_INPUTS, readSettings } from "../../src/receive/inputs.ts";
import { ROOT } from "../support/run-action.ts";

const reader =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? "";

describe("readSettings", () => {
  it("applies the documented defaults to empty inputs", () => {
    const settings = readSettings(reader({ secret: "s3cret-s3cret-s3cret" }));
    expect(settings).toEqual({
      secrets: ["s3cret-s3cret-s3cret"],
      allowUnsigned: false,
      githubToken: "",
      payload: undefined,
      maxAgeSeconds: 3600,
      failOn: new Set(["analysis-failure"]),
      labels: [],
      summary: true,
      report: true,
      reactionInputs: {
        "check-runs": true,
        "commit-status": false,
        annotations: true,
        "autofix-comment": true,
        "issue-sync": "off",
        repository: undefined,
      },
    });
  });

  it("reads every input", () => {
    const settings = readSettings(
      reader({
        secret: " one , two,,",
        "allow-unsigned": "True",
        "github-token": "ghs_x",
        payload: '{"a":1}',
        "max-age": "90m",
        "fail-on": "issues-introduced, metric-failing",
        "check-runs": "FALSE",
        "commit-status": "true",
        annotations: "false",
        "autofix-comment": "false",
        "issue-sync": "deepsource",
        labels: "a, b\nc, a",
        summary: "false",
        report: "false",
        repository: "/Mirrors/demo-go.git-mirror/",
      }),
    );
    expect(settings).toEqual({
      secrets: ["one", "two"],
      allowUnsigned: true,
      githubToken: "ghs_x",
      payload: '{"a":1}',
      maxAgeSeconds: 5400,
      failOn: new Set(["issues-introduced", "metric-failing"]),
      labels: ["a", "b", "c"],
      summary: false,
      report: false,
      reactionInputs: {
        "check-runs": false,
        "commit-status": true,
        annotations: false,
        "autofix-comment": false,
        "issue-sync": "deepsource",
        repository: "Mirrors/demo-go.git-mirror",
      },
    });
  });

  it.each([
    ["120", 120],
    ["45s", 45],
    ["2m", 120],
    ["1h", 3600],
    ["7d", 604_800],
  ])("max-age %s is %i seconds", (value, seconds) => {
    expect(readSettings(reader({ secret: "x", "max-age": value })).maxAgeSeconds).toBe(seconds);
  });

  it("fail-on never is the empty set, and cannot be mixed", () => {
    expect(readSettings(reader({ secret: "x", "fail-on": "never" })).failOn.size).toBe(0);
    expect(() => readSettings(reader({ secret: "x", "fail-on": "never,metric-failing" }))).toThrow(
      /^The fail-on input is invalid: .*got "never"/,
    );
  });

  it.each([
    [
      { "max-age": "0" },
      /^The max-age input is invalid: expected a positive number of seconds \(or with s, m, h, d\), got "0"\.$/,
    ],
    [{ "max-age": "-5" }, /max-age/],
    [{ summary: "yes" }, /^The summary input is invalid: expected true or false, got "yes"\.$/],
    [
      { "issue-sync": "jira" },
      /^The issue-sync input is invalid: expected off or deepsource, got "jira"\.$/,
    ],
    [
      { labels: "x".repeat(51) },
      /^The labels input is invalid: a label name is at most 50 characters/,
    ],
    [{ "fail-on": "always" }, /^The fail-on input is invalid/],
    [
      { repository: "demo-go" },
      /^The repository input is invalid: expected owner\/name as in the repository's URL, got "demo-go"\.$/,
    ],
    [{ repository: "https://github.com/o/r" }, /^The repository input is invalid/],
  ])("refuses %o with a sentence naming the input", (inputs, message) => {
    expect(() => readSettings(reader({ secret: "x", ...inputs }))).toThrow(message);
  });

  it("requires a secret unless allow-unsigned is true, and never echoes one", () => {
    expect(() => readSettings(reader({}))).toThrow(/^The secret input is empty/);
    expect(readSettings(reader({ "allow-unsigned": "true" })).secrets).toEqual([]);
    try {
      readSettings(reader({ secret: "hunter2-hunter2", "max-age": "x" }));
    } catch (error) {
      expect(String(error)).not.toContain("hunter2");
    }
  });

  it("each provider's reaction inputs and fail-on conditions are its own: no name is declared twice", () => {
    const declared = [
      ...Object.keys(GENERIC_INPUTS),
      ...PROVIDER_NAMES.flatMap((name) => Object.keys(PROVIDERS[name].reactionInputs ?? {})),
    ];
    expect(declared.length).toBeGreaterThan(Object.keys(GENERIC_INPUTS).length);
    expect(declared.sort()).toEqual(Object.keys(RECEIVE_INPUTS).sort());
    expect(FAIL_ON.conditions.length).toBeGreaterThan(0);
    expect(new Set(FAIL_ON.conditions).size).toBe(FAIL_ON.conditions.length);
    for (const condition of FAIL_ON.byDefault) expect(FAIL_ON.conditions).toContain(condition);
  });

  it("never throws anything but a ConfigError, whatever the inputs", () => {
    const names = Object.keys(RECEIVE_INPUTS);
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...names), fc.string({ maxLength: 30 })),
        (inputs) => {
          try {
            readSettings(reader(inputs));
          } catch (error) {
            expect(error).toMatchObject({ name: "ConfigError" });
            expect((error as Error).message).toMatch(/^The [a-z-]+ input is/);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

interface ActionYaml {
  readonly inputs: Record<string, { description?: string; default?: string; required?: boolean }>;
  readonly outputs: Record<string, { description?: string }>;
  readonly runs: { using: string; main: string };
}

describe("action.yml", () => {
  const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionYaml;

  it("declares every output the action sets, each documented", () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(OUTPUT).sort());
    for (const [name, spec] of Object.entries(action.outputs))
      expect(spec.description, name).toBeTruthy();
  });

  it("runs the receive bundle on node24", () => {
    expect(action.runs).toEqual({ using: "node24", main: "dist/receive/index.js" });
  });
});
