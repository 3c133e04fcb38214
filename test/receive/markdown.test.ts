import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  clip,
  code,
  escapeHtml,
  escapeLines,
  escapeText,
  link,
  linkInRepository,
  MAX_BODY_CHARS,
  safeUrl,
  table,
  truncateMarkdown,
} from "../../src/receive/markdown.ts";

const ZWSP = "\u200B";

/** Characters of `text` that markdown would still read as syntax (not behind a backslash). */
function unescaped(text: string, special: RegExp): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === "\\") i++;
    else if (special.test(char)) found.push(char);
  }
  return found;
}

// Text that looks like what webhooks carry, with the characters that matter made common.
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom(..."@#<>&|`*_[]()!~$\\\n\r-+=.1 aZ:/\u202E\u0000".split("")),
    fc.constantFrom(
      "@octocat",
      "#12",
      "GH-9",
      "<img src=x>",
      "<!--",
      "-->",
      "](javascript:alert(1))",
    ),
    fc.string({ unit: "grapheme", maxLength: 3 }),
  ),
  maxLength: 60,
});

describe("escapeText", () => {
  it("keeps ordinary text as it is", () => {
    expect(escapeText("deepsourcelabs/demo-go 1.5 x-y a.b")).toBe(
      "deepsourcelabs/demo-go 1.5 x-y a.b",
    );
  });

  it("defuses mentions and issue references with a zero-width space", () => {
    expect(escapeText("ping @octocat and @org/team about #12, GH-3 and a@b.c")).toBe(
      `ping @${ZWSP}octocat and @${ZWSP}org/team about #${ZWSP}12, GH-${ZWSP}3 and a@${ZWSP}b.c`,
    );
  });

  it("defuses the bare URLs GitHub would link, in text and in HTML", () => {
    const text = "see https://evil.example/x, HTTP://evil.example and www.evil.example (www.x.y)";
    const defused = `see https${ZWSP}://evil.example/x, HTTP${ZWSP}://evil.example and www${ZWSP}.evil.example (www${ZWSP}.x.y)`;
    expect(escapeText(text)).toBe(defused);
    expect(escapeHtml(text)).toBe(defused);
    // Wherever GitHub would start one: after an underscore, a digit, or for ftp too.
    expect(escapeText("_www.e.x 1https://e.x a_http://e.x ftp://e.x")).toBe(
      `\\_www${ZWSP}.e.x 1https${ZWSP}://e.x a\\_http${ZWSP}://e.x ftp${ZWSP}://e.x`,
    );
    // What is not a URL stays as it is.
    expect(escapeText("https:/x wwwx.y xhttps://e.x http")).toBe(
      "https:/x wwwx.y xhttps://e.x http",
    );
  });

  it("escapes HTML, emphasis, code, links, tables, strikethrough and math", () => {
    expect(escapeText("<b>x</b> & *y* _z_ `c` [l](u) ![i](u) a|b ~~s~~ $m$ \\")).toBe(
      "\\<b\\>x\\</b\\> \\& \\*y\\* \\_z\\_ \\`c\\` \\[l\\](u) !\\[i\\](u) a\\|b \\~\\~s\\~\\~ \\$m\\$ \\\\",
    );
  });

  it("escapes what would start a block at the beginning", () => {
    expect(["# h", "> q", "- l", "+ l", "1. n", "2) n", "===", "---"].map(escapeText)).toEqual([
      "\\# h",
      "\\> q",
      "\\- l",
      "\\+ l",
      "1\\. n",
      "2\\) n",
      "\\===",
      "\\---",
    ]);
    expect(escapeText("#hashtag -1 1.5")).toBe("#hashtag -1 1.5");
  });

  it("removes control and bidirectional override characters and joins lines", () => {
    expect(escapeText("a\u0000b\u202Ec\r\nd\n\ne")).toBe("abc d e");
  });

  it("leaves no markdown or HTML syntax, no line break and no live reference, whatever the input", () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const out = escapeText(input);
        for (const char of ["\n", "\r", "\u0000", "\u202E"]) expect(out).not.toContain(char);
        expect(unescaped(out, /[<>&|`*_[\]~$]/)).toEqual([]);
        expect(out).not.toMatch(/@[\p{L}\p{N}_]/u);
        expect(out).not.toMatch(/#\d|(^|[^\p{L}\p{N}_])GH-\d/iu);
      }),
      { numRuns: 500 },
    );
  });
});

describe("escapeLines", () => {
  it("keeps lines and paragraphs, escaping each line", () => {
    expect(escapeLines("# one\ntwo <b>\n\n\n- three")).toBe("\\# one  \ntwo \\<b\\>\n\n\\- three");
  });
});

describe("escapeHtml", () => {
  it("uses entities (markdown escapes do not apply inside HTML) and defuses references", () => {
    expect(escapeHtml(`<a href="x">'@me' & #1</a>`)).toBe(
      `&lt;a href=&quot;x&quot;&gt;&#39;@${ZWSP}me&#39; &amp; #${ZWSP}1&lt;/a&gt;`,
    );
  });
});

describe("code", () => {
  it("fences content with more backticks than it holds", () => {
    expect(code("plain")).toBe("`plain`");
    expect(code("a`b")).toBe("``a`b``");
    expect(code("`x`")).toBe("`` `x` ``");
    expect(code("a|b", true)).toBe("`a\\|b`");
  });

  it("always ends where it should, whatever the content", () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const out = code(input);
        const fence = /^`+/.exec(out)?.[0] ?? "";
        const inner = out.slice(fence.length, out.length - fence.length);
        expect(out.endsWith(fence)).toBe(true);
        // No run of backticks inside as long as the fence, so the span cannot close early.
        for (const run of inner.match(/`+/g) ?? []) expect(run.length).toBeLessThan(fence.length);
        expect(inner).not.toContain("\n");
      }),
      { numRuns: 300 },
    );
  });
});

describe("links", () => {
  it("links http(s) only and encodes what would end the link", () => {
    expect(link("PR #1", "https://github.com/o/r/pull/1")).toBe(
      `[PR #${ZWSP}1](https://github.com/o/r/pull/1)`,
    );
    expect(link("x", "javascript:alert(1)")).toBe("x");
    expect(link("x", "not a url")).toBe("x");
    expect(safeUrl("https://e.com/a(b)|c <d>")).toBe("https://e.com/a%28b%29%7Cc%20%3Cd%3E");
  });

  it("links a payload's URL only inside the workflow's repository, in any case", () => {
    const place = { serverUrl: "https://github.com", owner: "Octo-Org", repo: "app" };
    for (const url of [
      "https://github.com/Octo-Org/app",
      "https://github.com/octo-org/APP/pull/5",
      "https://github.com/octo-org/app?tab=readme",
      "https://github.com/octo-org/app#readme",
      "https://github.com/octo-org/other/../app/commit/abc",
    ])
      expect(linkInRepository("it", url, place), url).toMatch(/^\[it\]\(https:\/\/github\.com\//);
    for (const url of [
      "https://evil.example/octo-org/app/pull/5",
      "https://github.com/octo-org/app-phish/pull/5",
      "https://github.com/octo-org/app.evil",
      "https://github.com/octo-org/app%2F..%2Fother",
      "https://github.com/octo-org/other/pull/5",
      "https://github.com@evil.example/octo-org/app",
      "https://user@github.com/octo-org/app",
      "http://github.com/octo-org/app",
      "https://github.com.evil.example/octo-org/app",
      "javascript:alert(1)",
      undefined,
    ])
      expect(linkInRepository("it", url, place), String(url)).toBe("it");
    expect(
      linkInRepository("it", "https://github.com/o/r", { ...place, owner: "", repo: "" }),
    ).toBe("it");
  });
});

describe("table", () => {
  it("writes a header, a rule and rows", () => {
    expect(table(["A", "B"], [["1", ""]])).toBe("| A | B |\n| --- | --- |\n| 1 |   |");
  });

  it("keeps every row's cell count whatever the cell text, once escaped", () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 3, maxLength: 3 }), (cells) => {
        const row =
          table(["a", "b", "c"], [cells.map((cell) => escapeText(cell))]).split("\n")[2] ?? "";
        expect(row.replace(/\\\\/g, "").replace(/\\\|/g, "").split("|")).toHaveLength(5);
      }),
      { numRuns: 300 },
    );
  });
});

describe("clip", () => {
  it("shortens by characters, not UTF-16 units", () => {
    expect(clip("abcdef", 4)).toBe("abc…");
    expect(clip("😀😀😀", 2)).toBe("😀…");
    expect(clip("abc", 3)).toBe("abc");
  });
});

describe("truncateMarkdown", () => {
  it("leaves short text alone", () => {
    expect(truncateMarkdown("short", 100)).toBe("short");
  });

  it("cuts at a line, closes an open fence and <details>, and says how much was cut", () => {
    const text = `<!-- marker -->\n<details>\n\n\`\`\`\n${"line of code\n".repeat(50)}\`\`\`\n</details>\n`;
    const out = truncateMarkdown(text, 400);
    expect(out.length).toBeLessThanOrEqual(400);
    expect(out.startsWith("<!-- marker -->\n<details>\n\n```\nline of code\n")).toBe(true);
    expect(out).toMatch(
      /line of code\n```\n<\/details>\n\n_… [\d,]+ more characters cut to stay within GitHub's size limit\._\n$/,
    );
  });

  it("stays within the limit, keeps a prefix and never splits a character, whatever the input", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom("a", "😀", "\n", "\\", "`", "é", " "),
          minLength: 0,
          maxLength: 2000,
        }),
        fc.integer({ min: 250, max: 1500 }),
        (input, limit) => {
          const out = truncateMarkdown(input, limit);
          expect(out.length).toBeLessThanOrEqual(limit);
          if (out === input) return;
          const kept = out.slice(0, out.lastIndexOf("\n\n_… "));
          const body = kept.replace(/\n```$/, "");
          expect(input.startsWith(body)).toBe(true);
          expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("aims below GitHub's 65,536-character limit by default", () => {
    expect(MAX_BODY_CHARS).toBeLessThan(65_536);
    expect(truncateMarkdown("x\n".repeat(40_000)).length).toBeLessThanOrEqual(MAX_BODY_CHARS);
  });
});
