import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Fields, Refusal } from "../../src/core/settings.ts";
import { EMIT_INPUTS } from "../../src/emit/inputs.ts";
import { RECEIVE_INPUTS } from "../../src/receive/inputs.ts";

interface Input {
  readonly description?: string;
  readonly required?: boolean;
  readonly default?: unknown;
}

const inputsOf = (file: string) =>
  (
    parse(readFileSync(new URL(`../../${file}`, import.meta.url), "utf8")) as {
      inputs: Record<string, Input>;
    }
  ).inputs;

// A workflow expression such as `${{ github.token }}` only the runner can evaluate: the code
// states no default for it, and a local run sees the empty text.
const EXPRESSION = /^\$\{\{.*\}\}$/s;

/** `default: ""` and no default are the same to the runner: the input reads as empty. */
const stated = (value: unknown): string | undefined =>
  value === undefined || value === "" ? undefined : String(value);

describe.each([
  ["action.yml", RECEIVE_INPUTS],
  ["emit/action.yml", EMIT_INPUTS],
] as [string, Fields][])("%s", (file, table) => {
  const inputs = inputsOf(file);

  it("declares exactly the inputs the code reads", () => {
    expect(Object.keys(inputs).sort()).toEqual(Object.keys(table).sort());
  });

  it.each(Object.keys(inputs))("%s: the default and required flag the code applies", (name) => {
    const input = inputs[name] ?? {};
    const field = table[name];
    expect(field, name).toBeDefined();
    if (field === undefined) return;
    expect(input.description, name).toBeTruthy();
    expect(input.required ?? false, name).toBe(field.required);
    const declared = stated(input.default);
    if (declared !== undefined && EXPRESSION.test(declared)) {
      expect(stated(field.default), name).toBeUndefined();
    } else {
      expect(stated(field.default), name).toBe(declared);
    }
    // A default the code cannot parse would fail every run that leaves the input out.
    if (field.default !== undefined)
      expect(field.parse(field.default), name).not.toBeInstanceOf(Refusal);
  });
});
