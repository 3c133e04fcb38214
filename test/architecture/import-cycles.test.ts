/**
 * No module in src/ depends on itself through others: every import counts, `import type`,
 * re-exports and dynamic `import()` included, so a reader can tell which way each dependency runs.
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { importsOf } from "./imports.ts";
import { SRC, sourceFiles } from "./source-files.ts";

/** Each module's relative imports within src/, as paths relative to src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const targets = new Set<string>();
    for (const { specifier } of importsOf(file, readFileSync(file, "utf8"))) {
      if (!specifier.startsWith(".")) continue;
      const target = resolve(dirname(file), specifier);
      if (target.startsWith(SRC) && target.endsWith(".ts")) targets.add(relative(SRC, target));
    }
    graph.set(relative(SRC, file), [...targets].sort());
  }
  return graph;
}

/** Every cycle's modules, found by a depth-first walk: one path per back edge. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

describe("imports in src/", () => {
  it("the parser sees every kind of import (checked on a cycle made here)", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
    ]);
    expect(cycles(graph)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
    const text = `import type { A } from "./a.ts";\nexport { b } from "./b.ts";\nconst c = await import("./c.ts");\nimport {\n  d,\n  type E,\n} from "./d.ts";\ntype F = import("./f.ts").F;\n// import "./not-code.ts";\nconst g = "import './not-an-import.ts'";`;
    expect(importsOf("x.ts", text).map((found) => found.specifier)).toEqual([
      "./a.ts",
      "./b.ts",
      "./c.ts",
      "./d.ts",
      "./f.ts",
    ]);
  });

  it("form no cycle, type imports included", () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles(graph).map((cycle) => cycle.join(" → "))).toEqual([]);
  });
});
