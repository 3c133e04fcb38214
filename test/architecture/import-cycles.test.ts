/**
 * No module in src/ depends on itself through others: every import counts, `import type`,
 * re-exports and dynamic `import()` included, so a reader can tell which way each dependency runs.
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { importsOf } from "./imports.ts";
import { PLANTED, SRC, sourceFiles } from "./source-files.ts";

/** Each module's relative imports within `root`, as paths relative to it. */
function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const targets = new Set<string>();
    for (const { specifier } of importsOf(file, readFileSync(file, "utf8"))) {
      if (!specifier.startsWith(".")) continue;
      const target = resolve(dirname(file), specifier);
      if (target.startsWith(root) && target.endsWith(".ts")) targets.add(relative(root, target));
    }
    graph.set(relative(root, file), [...targets].sort());
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
  it("are checked: the cycles planted in test/fixtures/architecture/cycles/ are found, every kind of import counted", () => {
    // a → b → c → a through `import type`, a re-export and `import()`; d → e → d through a
    // multi-line import and `import("…")` in a type; f names itself only in a comment and a string.
    expect(cycles(importGraph(PLANTED.cycles))).toEqual([
      ["a.ts", "b.ts", "c.ts", "a.ts"],
      ["d.ts", "e.ts", "d.ts"],
    ]);
  });

  it("form no cycle, type imports included", () => {
    const graph = importGraph(SRC);
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles(graph).map((cycle) => cycle.join(" → "))).toEqual([]);
  });
});
