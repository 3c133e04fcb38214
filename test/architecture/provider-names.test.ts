/**
 * A provider is named in one place: its descriptor. Every other module reaches a provider through
 * the registry (`src/core/providers.ts`), so adding one is a descriptor file, a reactions folder
 * and tests. This test reads every string literal in src/ (template pieces included) and fails on
 * one that is exactly a provider's name outside the places allowed below.
 */
import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PROVIDER_NAMES } from "../../src/core/providers.ts";
import { SRC, sourceFiles } from "./source-files.ts";

/** Where a provider's own name belongs: its descriptor and the folder of its reactions. */
function ownPlace(file: string, name: string): boolean {
  return file === `core/providers/${name}.ts` || file.startsWith(`receive/${name}/`);
}

/**
 * The same word meaning something other than "look up this provider". Each entry says why; one
 * more entry here needs the same kind of reason.
 */
const OTHER_MEANINGS: Readonly<Record<string, { names: readonly string[]; why: string }>> = {
  "emit/headers.ts": {
    names: ["standard"],
    why: "emit's `signature` input value (hub, standard or none): how emit signs its own pushes",
  },
  "emit/main.ts": { names: ["standard"], why: "the same emit `signature` input value" },
  "emit/inputs.ts": { names: ["standard"], why: "the same emit `signature` input value" },
  "receive/inputs.ts": {
    names: ["deepsource"],
    why: "the `issue-sync` input value `deepsource`, a mode the user writes in the workflow",
  },
};

/** Every literal piece of text in a module: strings, templates and their pieces, with its line. */
function literals(file: string, text: string): { text: string; line: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found: { text: string; line: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push({ text: node.text, line: line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const NAMES = new Set<string>(PROVIDER_NAMES);

/** Two or more providers' names in one text: a list kept by hand. */
function handKeptList(text: string): boolean {
  const words = new Set(text.split(/[^a-z]+/).filter((word) => NAMES.has(word)));
  return words.size >= 2;
}

/** `file:line "text"` for each provider name, or list of names, written where it does not belong. */
function strayNames(files: Readonly<Record<string, string>>): string[] {
  return Object.entries(files).flatMap(([file, text]) =>
    literals(file, text)
      .filter(
        ({ text: name }) =>
          (NAMES.has(name) &&
            !ownPlace(file, name) &&
            !OTHER_MEANINGS[file]?.names.includes(name)) ||
          handKeptList(name),
      )
      .map(({ text: name, line }) => `${file}:${line} "${name}"`),
  );
}

function sources(): Record<string, string> {
  return Object.fromEntries(
    sourceFiles(SRC).map((path) => [
      relative(SRC, path).split(sep).join("/"),
      readFileSync(path, "utf8"),
    ]),
  );
}

describe("provider names in src/", () => {
  it("are found in strings, templates and template pieces, outside their own places", () => {
    const stray = strayNames({
      "relay/delivery-policy.ts": 'if (delivery.provider === "devrev") return;',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: module source text, templates included
      "cli/usage.ts": "const help = `deepsource, devrev or ${'github'}`;",
      "cli/main.ts": 'const help = "devrev, github or standard";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: module source text, templates included
      "receive/reactions.ts": "const key = `x${name}`; const route = `${base}deveo${rest}`;",
      // Comments and other words are not names; a provider's own places may name it.
      "cli/send.ts": '// "dejacode"\nconst kind = "standard-ish";',
      "core/providers/dejacode.ts": 'const name = "dejacode";',
      "receive/dejacode/index.ts": 'const name = "dejacode";',
      "receive/deveo/index.ts": 'const name = "dejacode";',
    });
    expect(stray).toEqual([
      'relay/delivery-policy.ts:1 "devrev"',
      'cli/usage.ts:1 "deepsource, devrev or "',
      'cli/usage.ts:1 "github"',
      'cli/main.ts:1 "devrev, github or standard"',
      'receive/reactions.ts:1 "deveo"',
      'receive/deveo/index.ts:1 "dejacode"',
    ]);
  });

  it("appear only in each provider's descriptor and reactions folder", () => {
    const files = sources();
    expect(Object.keys(files).length).toBeGreaterThan(50);
    expect(Object.keys(files)).toContain("core/providers/deepsource.ts");
    expect(strayNames(files)).toEqual([]);
  });

  it("each listed exception still names what it allows (none is left stale)", () => {
    const files = sources();
    for (const [file, { names }] of Object.entries(OTHER_MEANINGS)) {
      const written = new Set(literals(file, files[file] ?? "").map(({ text }) => text));
      for (const name of names) expect(written.has(name), `${file} "${name}"`).toBe(true);
    }
  });
});
