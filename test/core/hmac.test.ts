import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { platformDigest, platformHmac } from "#hmac";
import { toHex, utf8 } from "../../src/core/bytes.ts";
import { digest, hmac, sha256Hex } from "../../src/core/hmac.ts";
import * as web from "../../src/core/web-hmac.ts";
import * as node from "../../src/node-crypto/hmac.ts";

// RFC 4231 test case 2 and RFC 2202 test case 2: the same key and data for both algorithms.
const KEY = utf8("Jefe");
const DATA = utf8("what do ya want for nothing?");

describe("#hmac, the host's HMAC chosen by package.json imports conditions", () => {
  it("resolves to node:crypto under Node (the node condition), not WebCrypto", () => {
    expect(platformHmac).toBe(node.platformHmac);
    expect(platformDigest).toBe(node.platformDigest);
    expect(platformHmac).not.toBe(web.platformHmac);
  });

  it("gives the RFC 4231 and RFC 2202 answers through the core's hmac", async () => {
    expect(toHex(await hmac("SHA-256", KEY, DATA))).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
    expect(toHex(await hmac("SHA-1", KEY, DATA))).toBe("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    expect(await sha256Hex(utf8("abc"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(toHex(await digest("SHA-1", utf8("abc")))).toBe(
      "a9993e364706816aba3e25717850c26c9cd0d89d",
    );
  });

  it("returns plain Uint8Arrays, as WebCrypto does", async () => {
    const mac = await hmac("SHA-256", KEY, DATA);
    expect(Object.getPrototypeOf(mac)).toBe(Uint8Array.prototype);
    expect(Object.getPrototypeOf(await digest("SHA-256", DATA))).toBe(Uint8Array.prototype);
  });

  it("agrees with the WebCrypto implementation workerd gets, for any key and data", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("SHA-1" as const, "SHA-256" as const),
        // WebCrypto refuses an empty HMAC key; every secret hookbridge takes has at least one byte.
        fc.uint8Array({ minLength: 1, maxLength: 100 }),
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        async (algorithm, key, data) => {
          const k = new Uint8Array(key);
          const d = new Uint8Array(data);
          expect(await node.platformHmac(algorithm, k, d)).toEqual(
            await web.platformHmac(algorithm, k, d),
          );
          // The same bytes given in parts sign as if joined, on both hosts.
          const parts = [d.slice(0, d.length >> 1), d.slice(d.length >> 1)];
          expect(await node.platformHmac(algorithm, k, parts)).toEqual(
            await web.platformHmac(algorithm, k, d),
          );
          expect(await web.platformHmac(algorithm, k, parts)).toEqual(
            await node.platformHmac(algorithm, k, d),
          );
          expect(await node.platformDigest(algorithm, d)).toEqual(
            await web.platformDigest(algorithm, d),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
