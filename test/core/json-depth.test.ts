import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonNestingDepth, nestingBeyond } from "../../src/core/json-depth.ts";

/** The measure read one character at a time, as the guard was first written: the reference. */
function depthCharByChar(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

describe("jsonNestingDepth", () => {
  it("counts arrays and objects, not brackets inside strings", () => {
    expect(jsonNestingDepth("1")).toBe(0);
    expect(jsonNestingDepth("[]")).toBe(1);
    expect(jsonNestingDepth('{"a":[{}]}')).toBe(3);
    expect(jsonNestingDepth('{"[[[{{{":"]]]}}}"}')).toBe(1);
    expect(jsonNestingDepth('["\\"[[[", [[]]]')).toBe(3);
    expect(jsonNestingDepth('["\\\\", [[]]]')).toBe(3);
    expect(jsonNestingDepth('["\\\\\\"[[", [[]]]')).toBe(3);
    expect(jsonNestingDepth('[[ "unterminated [[[[')).toBe(2);
  });

  it("agrees with a character-by-character reading on any text made of JSON's structural characters", () => {
    const piece = fc.constantFrom("[", "]", "{", "}", '"', "\\", "\\\\", '\\"', "a", " ", ":", ",");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), (pieces) => {
        const text = pieces.join("");
        expect(jsonNestingDepth(text)).toBe(depthCharByChar(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with a character-by-character reading on generated JSON", () => {
    fc.assert(
      fc.property(fc.json({ depthSize: "medium" }), (text) => {
        expect(jsonNestingDepth(text)).toBe(depthCharByChar(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe("nestingBeyond", () => {
  it("names the depth exactly when it exceeds the limit, whatever the count of brackets", () => {
    const piece = fc.constantFrom("[", "]", "{", "}", '"', "\\", "a", ",", '"[[{{"');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 120 }),
        fc.integer({ min: 0, max: 12 }),
        (pieces, limit) => {
          const text = pieces.join("");
          const depth = depthCharByChar(text);
          expect(nestingBeyond(text, limit)).toBe(depth > limit ? depth : undefined);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("refuses a body nested past the limit even when most of its brackets sit in strings", () => {
    const text = `{"pad":"${"{".repeat(100)}","deep":${"[".repeat(65)}${"]".repeat(65)}}`;
    expect(nestingBeyond(text, 64)).toBe(66);
    expect(nestingBeyond(`{"pad":"${"{[".repeat(100)}"}`, 64)).toBeUndefined();
  });
});
