import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { releaseNotes } from "../../scripts/release-notes.mjs";
import {
  PLACEHOLDER,
  pinReusableWorkflows,
  REWRITTEN,
  reusableWorkflows,
} from "../../scripts/release-rewrite.mjs";
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

/** A scratch copy of the tree, as the release workflow's checkout has it. */
function copyOfTree(prefix: string): string {
  const copy = mkdtempSync(join(tmpdir(), prefix));
  for (const file of treeFiles()) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(copy, file));
  }
  return copy;
}

const inScope = (file: string) =>
  REWRITTEN.some((top: string) => file === top || file.startsWith(`${top}/`));

describe("scripts/release-rewrite.mjs on a copy of the tree", () => {
  let copy = "";
  const repository = "acme-corp/webhook-bridge";
  let printed = "";

  beforeAll(() => {
    copy = copyOfTree("hookbridge-release-");
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

describe("scripts/release-rewrite.mjs --pin: the reusable workflows' uses: lines by full SHA", () => {
  let copy = "";
  const repository = "acme-corp/webhook-bridge";
  const sha = "3f2a9c0d1e4b5a6978877665544332211aabbccd";
  let printed = "";

  /** The uses: lines a runner reads (not the callers' examples in comments). */
  const usesLines = (text: string) =>
    text.split("\n").filter((line) => /^\s*(-\s+)?uses:/.test(line));

  beforeAll(() => {
    copy = copyOfTree("hookbridge-release-pin-");
    printed = execFileSync(
      process.execPath,
      [
        join(ROOT, "scripts/release-rewrite.mjs"),
        repository,
        copy,
        "--pin",
        sha,
        "--tag",
        "v1.4.2",
      ],
      { encoding: "utf8" },
    );
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("finds the reusable workflows, and every uses: line in them ends pinned to a full SHA", () => {
    const reusable = reusableWorkflows(copy).sort();
    expect(reusable).toEqual([
      ".github/workflows/deepsource.yml",
      ".github/workflows/emit-push.yml",
    ]);
    for (const file of reusable) {
      const text = readFileSync(join(copy, file), "utf8");
      const lines = usesLines(text);
      expect(lines.length, file).toBeGreaterThan(0);
      for (const line of lines) expect(line, file).toMatch(/@[0-9a-f]{40}["']?( #.*)?$/);
      // Still a workflow GitHub parses, with the job's step reading the pinned action.
      parse(text);
      expect(printed).toContain(file);
    }
    const deepsource = readFileSync(join(copy, ".github/workflows/deepsource.yml"), "utf8");
    expect(usesLines(deepsource)).toEqual([`        uses: ${repository}@${sha} # v1.4.2`]);
    const emit = readFileSync(join(copy, ".github/workflows/emit-push.yml"), "utf8");
    expect(usesLines(emit)).toEqual([`        uses: ${repository}/emit@${sha} # v1.4.2`]);
    // Callers keep the ref they chose: only the reusable workflows' own steps are pinned.
    const example = readFileSync(join(copy, "examples/deepsource.yml"), "utf8");
    expect(example).toContain(`uses: ${repository}/.github/workflows/deepsource.yml@v1`);
  });

  it("never rewrites the actions themselves, so the pinned commit holds the release's actions", () => {
    for (const kept of ["action.yml", "emit/action.yml", "dist", "src"]) {
      expect(
        REWRITTEN.some((top) => kept === top || kept.startsWith(`${top}/`)),
        kept,
      ).toBe(false);
    }
  });

  it("refuses another repository's action by tag in a reusable workflow, naming the line", () => {
    const dir = mkdtempSync(join(tmpdir(), "hookbridge-release-unpinned-"));
    try {
      mkdirSync(join(dir, ".github/workflows"), { recursive: true });
      const workflow = [
        "on:",
        "  workflow_call:",
        "jobs:",
        "  one:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5",
        `      - uses: ${repository}@v1`,
        "      - uses: actions/setup-node@v5",
        "",
      ].join("\n");
      const path = join(dir, ".github/workflows/reusable.yml");
      writeFileSync(path, workflow);
      expect(() => pinReusableWorkflows(dir, repository, sha)).toThrow(
        ".github/workflows/reusable.yml:9 uses actions/setup-node@v5, which is not pinned to a full commit SHA",
      );
      expect(() => pinReusableWorkflows(dir, repository, "v1.4.2")).toThrow(
        "--pin must be a full 40-character commit SHA",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
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
    expect(script).toContain(
      'node scripts/release-rewrite.mjs "$GITHUB_REPOSITORY" --pin "$(git rev-parse HEAD)" --tag "$TAG"',
    );
    expect(script).toContain("node scripts/release-notes.mjs");
    expect(script).toContain('git tag --force "$MAJOR"');
    expect(script).toContain('git push --force origin "refs/tags/$TAG" "refs/tags/$MAJOR"');
    expect(script).toContain("gh release create");
  });

  it("RELEASING.md says how to check a release and which runner node24 needs", () => {
    const releasing = readFileSync(join(ROOT, "RELEASING.md"), "utf8");
    expect(releasing).toContain("Enable release immutability");
    expect(releasing).toContain("gh release verify vX.Y.Z --repo <owner>/hookbridge");
    expect(releasing).toContain("gh attestation verify");
    expect(releasing).toContain("actions/runner v2.327.1");
    for (const file of ["action.yml", "emit/action.yml"]) {
      expect(parse(readFileSync(join(ROOT, file), "utf8")).runs.using, file).toBe("node24");
    }
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
