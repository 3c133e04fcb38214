import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../src/core/bytes.ts";

describe("hex", () => {
  it("round-trips any bytes, in lower case, two digits a byte", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = toHex(bytes);
        expect(text).toBe([...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(""));
        expect(fromHex(text)).toEqual(bytes);
        expect(fromHex(text.toUpperCase())).toEqual(bytes);
      }),
    );
  });

  it("reads nothing that is not an even-length run of hex digits", () => {
    for (const text of [
      "0",
      "abc",
      "0g",
      "g0",
      " 0",
      "0x",
      "@0",
      "`0",
      "/0",
      ":0",
      "G0",
      "ab\u0661",
    ]) {
      expect(fromHex(text), text).toBeUndefined();
    }
    expect(fromHex("")).toEqual(new Uint8Array(0));
    expect(fromHex("00fFaA")).toEqual(new Uint8Array([0, 255, 170]));
  });

  it("agrees with a regular-expression reading on any short text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), (text) => {
        const valid = text.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(text);
        expect(fromHex(text) !== undefined).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});
