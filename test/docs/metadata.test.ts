import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../support/run-action.ts";

interface ActionMetadata {
  name?: unknown;
  description?: unknown;
  branding?: { icon?: unknown; color?: unknown };
  inputs?: Record<string, { description?: unknown }>;
  outputs?: Record<string, { description?: unknown }>;
}

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const action = (file: string) => parse(read(file)) as ActionMetadata;

// The colours GitHub's metadata syntax allows for `branding.color`.
const COLORS = [
  "white",
  "black",
  "yellow",
  "blue",
  "green",
  "orange",
  "red",
  "purple",
  "gray-dark",
];

describe.each(["action.yml", "emit/action.yml"])("%s meets the Marketplace's rules", (file) => {
  const metadata = action(file);

  it("has a name and a description shorter than 125 characters", () => {
    expect(typeof metadata.name).toBe("string");
    expect(typeof metadata.description).toBe("string");
    expect(String(metadata.description).trim().length).toBeGreaterThan(20);
    expect(String(metadata.description).length).toBeLessThan(125);
  });

  it("has branding: a Feather icon name and an allowed colour", () => {
    expect(String(metadata.branding?.icon)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(COLORS).toContain(metadata.branding?.color);
  });

  it("describes every input and output", () => {
    const entries = [
      ...Object.entries(metadata.inputs ?? {}),
      ...Object.entries(metadata.outputs ?? {}),
    ];
    expect(entries.length).toBeGreaterThan(0);
    for (const [name, spec] of entries) {
      expect({ name, description: typeof spec?.description }).toEqual({
        name,
        description: "string",
      });
      expect(String(spec.description).trim().length, name).toBeGreaterThan(10);
    }
  });
});

describe("licence", () => {
  it("LICENSE is the MIT licence package.json declares, held by hookbridge contributors", () => {
    const license = read("LICENSE");
    expect(license.startsWith("MIT License\n")).toBe(true);
    expect(license).toContain("Copyright (c) 2026 hookbridge contributors");
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS"');
    expect(JSON.parse(read("package.json")).license).toBe("MIT");
  });
});

describe("package.json's bin", () => {
  // A fresh clone has the modes git recorded: a 0644 bin makes `npx hookbridge` answer
  // "Permission denied", and npx's own chmod leaves the clone dirty.
  it("is committed executable, as the build writes it", () => {
    const bin = (JSON.parse(read("package.json")) as { bin: Record<string, string> }).bin;
    for (const path of Object.values(bin)) {
      const staged = execFileSync("git", ["ls-files", "--stage", "--", path], { cwd: ROOT });
      expect(staged.toString().split(" ")[0], path).toBe("100755");
      expect(statSync(join(ROOT, path)).mode & 0o111, path).not.toBe(0);
    }
  });
});
