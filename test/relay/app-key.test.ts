import { createPrivateKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toPkcs8Pem } from "../../src/relay/github/app-key.ts";
import { APP_KEY } from "./support.ts";

describe("toPkcs8Pem", () => {
  it("wraps GitHub's PKCS#1 key exactly as OpenSSL would", () => {
    const expected = createPrivateKey(APP_KEY.privateKey)
      .export({ type: "pkcs8", format: "pem" })
      .toString()
      .trim();
    expect(toPkcs8Pem(APP_KEY.privateKey)).toBe(expected);
  });

  it("passes a PKCS#8 key through, whatever its line breaks", () => {
    const pkcs8 = createPrivateKey(APP_KEY.privateKey)
      .export({ type: "pkcs8", format: "pem" })
      .toString()
      .trim();
    expect(toPkcs8Pem(pkcs8.replace(/\n/g, "\r\n"))).toBe(pkcs8);
  });

  it("throws a TypeError for text that is not a PEM private key", () => {
    expect(() => toPkcs8Pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")).toThrow(
      TypeError,
    );
    expect(() => toPkcs8Pem("-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----")).toThrow(
      TypeError,
    );
  });
});
