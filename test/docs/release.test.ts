import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { releaseNotes } from "../../scripts/release-notes.mjs";
import { PLACEHOLDER, REWRITTEN } from "../../scripts/release-rewrite.mjs";
import { ROOT } from "../support/run-action.ts";

/** The tree as a checkout has it: tracked and new files, nothing ignored (.tools, builds). */
function treeFiles(): string[] {
  return execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: ROOT,
    encoding: "utf8",
  })
    .split("\0")
    .filter((file) => file !== "" && !file.startsWith("dist/") && existsSync(join(ROOT, file)));
}

const inScope = (file: string) =>
  REWRITTEN.some((top: string) => file === top || file.startsWith(`${top}/`));

describe("scripts/release-rewrite.mjs on a copy of the tree", () => {
  let copy = "";
  const repository = "acme-corp/webhook-bridge";
  let printed = "";

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), "hookbridge-release-"));
    for (const file of treeFiles()) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      copyFileSync(join(ROOT, file), join(copy, file));
    }
    printed = execFileSync(
      process.execPath,
      [join(ROOT, "scripts/release-rewrite.mjs"), repository, copy],
      { encoding: "utf8" },
    );
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("turns every OWNER/hookbridge into the repository, and changes nothing else", () => {
    const files = treeFiles();
    const changed: string[] = [];
    for (const file of files) {
      const before = readFileSync(join(ROOT, file));
      const after = readFileSync(join(copy, file));
      const text = before.toString("utf8");
      if (inScope(file) && text.includes(PLACEHOLDER)) {
        expect(after.toString("utf8"), file).toBe(text.replaceAll(PLACEHOLDER, repository));
        changed.push(file);
      } else {
        expect(after.equals(before), file).toBe(true);
      }
    }
    // Outside the rewritten folders, the placeholder may appear only where it is the subject:
    // the maintainers' release notes, the rewrite itself, and tests that check for it.
    const elsewhere = files.filter(
      (file) => !inScope(file) && readFileSync(join(ROOT, file), "utf8").includes(PLACEHOLDER),
    );
    for (const file of elsewhere) {
      expect(
        ["RELEASING.md", "scripts/release-rewrite.mjs"].includes(file) || file.startsWith("test/"),
        file,
      ).toBe(true);
    }
    expect(printed.trim().split("\n").sort()).toEqual(changed.sort());
  });

  it("leaves the reusable workflows and examples resolving to the released repository", () => {
    for (const dir of [".github/workflows", "examples"]) {
      for (const file of readdirSync(join(copy, dir)).filter((name) => name.endsWith(".yml"))) {
        const text = readFileSync(join(copy, dir, file), "utf8");
        expect(text, file).not.toContain(PLACEHOLDER);
        parse(text);
      }
    }
    const deepsource = readFileSync(join(copy, ".github/workflows/deepsource.yml"), "utf8");
    expect(deepsource).toContain(`uses: ${repository}@v1`);
    const emit = readFileSync(join(copy, ".github/workflows/emit-push.yml"), "utf8");
    expect(emit).toContain(`uses: ${repository}/emit@v1`);
  });

  it("refuses anything that is not owner/name", () => {
    for (const bad of ["", "acme", "acme/x y", "../etc/passwd", "acme/repo/extra"]) {
      const result = spawnSync(
        process.execPath,
        [join(ROOT, "scripts/release-rewrite.mjs"), bad, copy],
        { encoding: "utf8" },
      );
      expect({ bad, status: result.status }).toEqual({ bad, status: 1 });
      expect(result.stderr).toContain("is not an owner/name repository");
    }
  });
});

describe("release notes and the release workflow", () => {
  const changelog = readFileSync(join(ROOT, "CHANGELOG.md"), "utf8");
  const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;

  it("CHANGELOG.md keeps an Unreleased section and one for the package's version", () => {
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    const notes = releaseNotes(changelog, version);
    expect(notes).toMatch(/^### Added/);
    expect(notes).not.toContain(`## [`);
    expect(releaseNotes(changelog, "0.0.1")).toBeUndefined();
  });

  it("takes one version's section and stops at the next", () => {
    const text =
      "# Changelog\n\n## [Unreleased]\n\n- next\n\n## [1.1.0] - 2026-12-01\n\n### Fixed\n\n- a\n\n## [1.0.0] - 2026-11-30\n\n- b\n\n[1.1.0]: https://example.com\n";
    expect(releaseNotes(text, "1.1.0")).toBe("### Fixed\n\n- a");
    expect(releaseNotes(text, "1.0.0")).toBe("- b");
  });

  it("runs on version tags and by hand, checks dist/, rewrites, moves the major tag and publishes", () => {
    const workflow = parse(readFileSync(join(ROOT, ".github/workflows/release.yml"), "utf8"));
    expect(workflow.on.push.tags).toEqual(["v[0-9]+.[0-9]+.[0-9]+"]);
    expect(workflow.on.workflow_dispatch.inputs.version.required).toBe(true);
    expect(workflow.permissions).toEqual({ contents: "write" });
    const script = workflow.jobs.release.steps
      .map((step: { run?: string }) => step.run ?? "")
      .join("\n");
    expect(script).toContain("npm run build");
    expect(script).toContain("git status --porcelain -- dist");
    expect(script).toContain('node scripts/release-rewrite.mjs "$GITHUB_REPOSITORY"');
    expect(script).toContain("node scripts/release-notes.mjs");
    expect(script).toContain('git tag --force "$MAJOR"');
    expect(script).toContain('git push --force origin "refs/tags/$TAG" "refs/tags/$MAJOR"');
    expect(script).toContain("gh release create");
  });

  it("passes the workflow schema validation CI runs", () => {
    const result = spawnSync(
      join(ROOT, "node_modules/.bin/action-validator"),
      [join(ROOT, ".github/workflows/release.yml")],
      { encoding: "utf8" },
    );
    expect(result.stderr + result.stdout).not.toMatch(/error/i);
    expect(result.status).toBe(0);
  });
});
