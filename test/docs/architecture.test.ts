import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/run-action.ts";

const map = readFileSync(join(ROOT, "ARCHITECTURE.md"), "utf8");

/** Every folder below `src/`, as `relay/github/` (without `src/`). */
function folders(dir = join(ROOT, "src")): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return [`${relative(join(ROOT, "src"), path)}/`, ...folders(path)];
    });
}

describe("ARCHITECTURE.md", () => {
  it("names every folder of src/, so a newcomer finds each room from the map", () => {
    // A room's own subfolders (schemas/, signatures/, a provider's reactions) are named by their
    // last part inside their room's paragraph.
    const named = (folder: string) => {
      const parts = folder.split("/").filter(Boolean);
      const last = `${parts.at(-1)}/`;
      const parent = parts.slice(0, -1).join("/");
      return (
        map.includes(`\`src/${folder}\``) ||
        map.includes(`\`${folder}\``) ||
        map.includes(`\`${last}\``) ||
        // Inside its room's paragraph, relative to the room: `hosts/node/`, `providers/<name>.ts`.
        (parts.length > 1 && map.includes(`\`${parts.slice(1).join("/")}/`)) ||
        // One folder per provider (receive/<name>/) is named by its pattern.
        (parent !== "" && map.includes(`${parent}/<name>`))
      );
    };
    const missing = folders().filter((folder) => !named(folder));
    expect(missing).toEqual([]);
  });

  it("names a test for every invariant", () => {
    const invariants = map.slice(
      map.indexOf("## Invariants"),
      map.indexOf("\n## ", map.indexOf("## Invariants") + 1),
    );
    const items = invariants.split("\n- ").slice(1);
    expect(items.length).toBeGreaterThan(8);
    for (const item of items) expect(item, item.slice(0, 60)).toMatch(/`test\/[\w/.-]+`/);
  });
});
