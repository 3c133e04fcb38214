import { describe, expect, it } from "vitest";
import { HookbridgeError } from "../../src/core/errors.ts";
import {
  boolean,
  choice,
  custom,
  duration,
  expected,
  type Field,
  INPUT_WORDING,
  list,
  number,
  parseSettings,
  Refusal,
  refuse,
  text,
  url,
  VARIABLE_WORDING,
  wholeNumber,
} from "../../src/core/settings.ts";

/** Parses one text with a field, as a table with one field would. */
function one<T>(field: Field<T>, value: string | undefined): T {
  return parseSettings({ X: field }, () => value, VARIABLE_WORDING).X;
}

function problem<T>(field: Field<T>, value: unknown): string {
  try {
    parseSettings({ X: field }, () => value, VARIABLE_WORDING);
  } catch (error) {
    expect(error).toBeInstanceOf(HookbridgeError);
    expect((error as HookbridgeError).name).toBe("ConfigError");
    return (error as Error).message;
  }
  throw new Error(`expected ${String(value)} to be refused`);
}

describe("field kinds", () => {
  it("boolean: YAML 1.2's spellings for inputs, the shell's for variables", () => {
    const yaml = boolean({ default: "false" });
    for (const value of ["true", "True", "TRUE"]) expect(one(yaml, value)).toBe(true);
    for (const value of ["false", "False", "FALSE"]) expect(one(yaml, value)).toBe(false);
    expect(one(yaml, undefined)).toBe(false);
    expect(problem(yaml, "yes")).toBe('X must be true or false, not "yes".');
    expect(problem(yaml, "tRUE")).toBe('X must be true or false, not "tRUE".');

    const env = boolean({ default: "0", spelling: "env" });
    for (const value of ["1", "true", "YES", "On"]) expect(one(env, value)).toBe(true);
    for (const value of ["0", "False", "no", "OFF"]) expect(one(env, value)).toBe(false);
    expect(one(env, "")).toBe(false);
    expect(problem(env, "maybe")).toBe('X must be 1/true/yes/on or 0/false/no/off, not "maybe".');
  });

  it("choice: any case, aliases, and undefined when unset without a default", () => {
    const mode = choice(["queue", "sync"], {});
    expect(one(mode, "Sync")).toBe("sync");
    expect(one(mode, undefined)).toBeUndefined();
    expect(problem(mode, "later")).toBe('X must be queue or sync, not "later".');
    const format = choice(["json", "form", "xml"], {
      default: "json",
      aliases: { "application/json": "json" },
    });
    expect(one(format, "Application/JSON")).toBe("json");
    expect(one(format, " ")).toBe("json");
    expect(problem(format, "yaml")).toBe('X must be one of json, form, xml, not "yaml".');
  });

  it("whole number: bounds, and the unit in the message", () => {
    const retries = wholeNumber({ default: "3", min: 0, max: 10, unit: "retries" });
    expect(one(retries, undefined)).toBe(3);
    expect(one(retries, "0")).toBe(0);
    expect(one(retries, "10")).toBe(10);
    for (const bad of ["11", "-1", "1.5", "three"]) {
      expect(problem(retries, bad)).toBe(
        `X must be a whole number of retries from 0 to 10, not "${bad}".`,
      );
    }
    expect(problem(wholeNumber({ min: 1, unit: "bytes" }), "0")).toBe(
      'X must be a whole number of bytes, at least 1, not "0".',
    );
  });

  it("number: fractions, above a bound", () => {
    const timeout = number({ default: "10", above: 0, max: 600, unit: "seconds" });
    expect(one(timeout, "2.5")).toBe(2.5);
    expect(problem(timeout, "0")).toBe(
      'X must be a number of seconds above 0 and at most 600, not "0".',
    );
    expect(problem(timeout, "601")).toContain("at most 600");
    expect(problem(number({ above: 0, unit: "dispatches per minute" }), "-1")).toBe(
      'X must be a positive number of dispatches per minute, not "-1".',
    );
  });

  it.each([
    ["90", 90],
    ["90s", 90],
    ["30m", 1800],
    ["1.5h", 5400],
    ["24H", 86_400],
    ["7d", 604_800],
    ["2 m", 120],
  ])("duration %s is %i seconds", (value, seconds) => {
    expect(one(duration({}), value)).toBe(seconds);
  });

  it("duration: at least one second", () => {
    for (const bad of ["0", "0.5s", "a week", "-5m", "5y"]) {
      expect(problem(duration({}), bad)).toBe(
        `X must be a duration of at least one second such as 90s, 30m, 24h or 7d, not "${bad}".`,
      );
    }
    expect(problem(duration({ expected: "a positive number of seconds" }), "0")).toBe(
      'X must be a positive number of seconds, not "0".',
    );
  });

  it("text: trimmed, blank is unset", () => {
    expect(one(text(), "  a b  ")).toBe("a b");
    expect(one(text(), "   ")).toBeUndefined();
    expect(one(text({ default: ".hookbridge" }), "")).toBe(".hookbridge");
  });

  it("list: commas and line breaks, empty items dropped, each item checked", () => {
    expect(one(list({ default: "" }), "")).toEqual([]);
    expect(one(list({}), " a, b\nc,, a ")).toEqual(["a", "b", "c", "a"]);
    expect(one(list({ unique: true }), "a, b, a")).toEqual(["a", "b"]);
    expect(one(list({ separator: /[\s,]+/ }), "a b,c")).toEqual(["a", "b", "c"]);
    const short = list({}, (item) => (item.length > 3 ? refuse(`has "${item}", too long`) : item));
    expect(problem(short, "ab, abcd")).toBe('X has "abcd", too long.');
  });

  it("url: absolute http(s), never quoted back", () => {
    expect(one(url({}), "https://example.com/x?a=1")?.href).toBe("https://example.com/x?a=1");
    for (const bad of ["ftp://example.com/token-123", "example.com", "http://"]) {
      const message = problem(url({}), bad);
      expect(message).toBe("X must be an absolute http:// or https:// URL.");
      expect(message).not.toContain("token-123");
    }
  });

  it("custom: a parser of its own; required refuses an unset value", () => {
    const even = custom({ required: "is required: give an even number" }, (value) =>
      Number(value) % 2 === 0 ? Number(value) : expected("an even number", value),
    );
    expect(one(even, "4")).toBe(4);
    expect(problem(even, "3")).toBe('X must be an even number, not "3".');
    expect(problem(even, undefined)).toBe("X is required: give an even number.");
    expect(even.required).toBe(true);
    expect(text().required).toBe(false);
  });
});

describe("parseSettings", () => {
  const table = {
    "dry-run": boolean({ default: "false" }),
    retries: wholeNumber({ default: "3", min: 0, max: 10 }),
    mode: choice(["a", "b"], { default: "a" }),
    name: text(),
  };

  it("returns one typed object with every default applied", () => {
    const values = parseSettings(table, () => undefined);
    expect(values).toEqual({ "dry-run": false, retries: 3, mode: "a", name: undefined });
    const retries: number = values.retries;
    expect(retries).toBe(3);
  });

  it("reports every bad value at once, one sentence each, values cut to 40 characters", () => {
    const texts: Record<string, string> = {
      "dry-run": "maybe",
      retries: "x".repeat(100),
      mode: "c",
      name: "fine",
    };
    const message = (() => {
      try {
        parseSettings(table, (name) => texts[name]);
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    })();
    expect(message).toBe(
      `The dry-run input must be true or false, not "maybe". The retries input must be a whole number from 0 to 10, not "${"x".repeat(40)}". The mode input must be a or b, not "c".`,
    );
  });

  it("runs the cross-field check only once every field parsed", () => {
    let checked = 0;
    const check = (values: { mode: string }, problems: { add(n: string, s: string): void }) => {
      checked += 1;
      if (values.mode === "b") problems.add("mode", "The mode input b needs a name.");
    };
    expect(() => parseSettings(table, (n) => ({ mode: "b" })[n], INPUT_WORDING, check)).toThrow(
      /^The mode input b needs a name\.$/,
    );
    expect(() =>
      parseSettings(table, (n) => ({ mode: "b", retries: "-1" })[n], INPUT_WORDING, check),
    ).toThrow(/^The retries input must be/);
    expect(checked).toBe(1);
  });

  it("refuses a value that is not text, as a Workers JSON var may be", () => {
    expect(problem(wholeNumber({ min: 1 }), 5)).toBe("X must be a string.");
  });

  it("a refusal is a value of its own, never mistaken for a parsed one", () => {
    const field = wholeNumber({ min: 1 });
    expect(field.parse("0")).toBeInstanceOf(Refusal);
    expect(field.parse("2")).toBe(2);
  });
});
