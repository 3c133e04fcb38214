import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/run-action.ts";

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return entry.endsWith(".md") ? [path] : [];
  });
}

const PAGES = [
  ...["README.md", "RELEASING.md", "CHANGELOG.md", "SECURITY.md"]
    .map((file) => join(ROOT, file))
    .filter((file) => existsSync(file)),
  ...markdownFiles(join(ROOT, "docs")),
];

/** The page without fenced code blocks, whose `#` lines and brackets are not Markdown. */
function prose(text: string): string[] {
  let fenced = false;
  return text.split("\n").filter((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of prose(text)) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const title = (heading[1] ?? "")
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/<[^>]+>/g, "")
      .replace(/[`*]/g, "");
    const base = title
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** Every inline link target outside code: `[text](target)`. */
function links(text: string): string[] {
  const targets: string[] = [];
  for (const line of prose(text)) {
    const withoutCode = line.replace(/`[^`]*`/g, "");
    for (const match of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      targets.push(match[1] ?? "");
    }
  }
  return targets;
}

describe("GitHub's anchor rules", () => {
  it("slug headings as GitHub does", () => {
    const slugs = anchors(
      "# The relay\n## Run it under a service manager, or from a script\n## `HOST` and *PORT*\n## Where it listens, and why\n## Limits\n## Limits\n```\n# not a heading\n```\n## Deveo-style hooks, and GitHub-signed hooks\n",
    );
    expect([...slugs]).toEqual([
      "the-relay",
      "run-it-under-a-service-manager-or-from-a-script",
      "host-and-port",
      "where-it-listens-and-why",
      "limits",
      "limits-1",
      "deveo-style-hooks-and-github-signed-hooks",
    ]);
  });
});

describe("relative links in the README and docs/", () => {
  it("finds the pages to check", () => {
    expect(PAGES.map((page) => relative(ROOT, page))).toEqual(
      expect.arrayContaining(["README.md", "docs/relay.md", "docs/local.md"]),
    );
  });

  for (const page of PAGES) {
    it(`${relative(ROOT, page)}: every relative link and anchor resolves`, () => {
      const text = readFileSync(page, "utf8");
      const broken: string[] = [];
      for (const target of links(text)) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto: …
        const [path = "", anchor] = target.split("#");
        const file = path === "" ? page : join(dirname(page), decodeURIComponent(path));
        if (!existsSync(file)) {
          broken.push(`${target}: no such file`);
          continue;
        }
        if (anchor === undefined) continue;
        if (!file.endsWith(".md")) {
          broken.push(`${target}: an anchor into a file that is not Markdown`);
          continue;
        }
        if (!anchors(readFileSync(file, "utf8")).has(anchor)) {
          broken.push(`${target}: no heading has that anchor`);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});

describe("the README", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");

  it("stays about 15 KB, with a table of contents linking each section", () => {
    expect(Buffer.byteLength(readme)).toBeLessThan(16 * 1024);
    const contents = readme.slice(
      readme.indexOf("## Contents"),
      readme.indexOf("\n## ", readme.indexOf("## Contents") + 1),
    );
    for (const heading of readme.matchAll(/^## (.+)$/gm)) {
      if (heading[1] === "Contents") continue;
      const slug = [...anchors(`## ${heading[1]}`)][0];
      expect(contents, heading[1]).toContain(`(#${slug})`);
    }
  });

  it("has the three quick starts, the versions to pin and the Marketplace listing", () => {
    expect(readme).toContain("## Quick start: react to DeepSource in pull requests");
    expect(readme).toContain("## Quick start: emit push webhooks from CI");
    expect(readme).toContain("## Quick start: deploy the relay");
    expect(readme).toMatch(/Pin \*\*`@v1`\*\*.*or a \*\*full commit SHA\*\*/s);
    expect(readme).toContain("`OWNER/hookbridge/emit@v1`, as `actions/cache/restore` is");
    expect(readme).toContain("[`SECURITY.md`](SECURITY.md)");
  });
});
