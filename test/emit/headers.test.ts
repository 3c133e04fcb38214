import { createHmac } from "node:crypto";
import { verify } from "@octokit/webhooks-methods";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { fromUtf8 } from "../../src/core/bytes.ts";
import { deliveryHeaders, type HeaderContext } from "../../src/emit/headers.ts";
import { encodeBody } from "../../src/emit/payload.ts";

const WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

function context(overrides: Partial<HeaderContext> = {}): HeaderContext {
  const body = encodeBody({ after: "abc", ref: "refs/heads/main", note: "héllo wörld" }, "json");
  return {
    body: body.bytes,
    contentType: body.contentType,
    deliveryId: "2f1e7a52-3c52-4a0e-9c0e-0d5f3f3b8f11",
    event: "push",
    userAgent: "hookbridge-emit/1.0.0",
    signature: "hub",
    secret: "It's a Secret to Everybody",
    extraHeaders: {},
    ...overrides,
  };
}

const lower = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

describe("signature headers, checked by independent verifiers", () => {
  for (const format of ["json", "form"] as const) {
    it(`hub signs the exact ${format} bytes with sha1 and sha256`, async () => {
      const body = encodeBody({ after: "abc", message: "a + b = c & d" }, format);
      const headers = await deliveryHeaders(
        context({ body: body.bytes, contentType: body.contentType }),
        Date.now(),
      );
      const text = fromUtf8(body.bytes);
      const secret = "It's a Secret to Everybody";
      expect(await verify(secret, text, headers["X-Hub-Signature-256"] as string)).toBe(true);
      const sha1 = `sha1=${createHmac("sha1", secret).update(body.bytes).digest("hex")}`;
      expect(headers["X-Hub-Signature"]).toBe(sha1);
      expect(headers["Content-Type"]).toBe(body.contentType);
      expect(headers).not.toHaveProperty("webhook-signature");
    });
  }

  it("standard adds Standard Webhooks headers whose id is the delivery id", async () => {
    const now = Date.now();
    const ctx = context({ signature: "standard", secret: WHSEC });
    const headers = await deliveryHeaders(ctx, now);
    expect(headers["webhook-id"]).toBe(ctx.deliveryId);
    expect(headers["webhook-timestamp"]).toBe(String(Math.floor(now / 1000)));
    expect(new Webhook(WHSEC).verify(fromUtf8(ctx.body), lower(headers))).toEqual(
      JSON.parse(fromUtf8(ctx.body)),
    );
    // The hub headers are still there, keyed by the same secret text.
    expect(await verify(WHSEC, fromUtf8(ctx.body), headers["X-Hub-Signature-256"] as string)).toBe(
      true,
    );
  });

  it("no secret or signature none means no signature headers at all", async () => {
    for (const ctx of [context({ secret: undefined }), context({ signature: "none" })]) {
      const names = Object.keys(lower(await deliveryHeaders(ctx, Date.now())));
      expect(
        names.filter((name) => name.includes("signature") || name.startsWith("webhook-")),
      ).toEqual([]);
    }
  });
});

describe("other headers", () => {
  it("identify the delivery, the event and the sender", async () => {
    const headers = await deliveryHeaders(context(), Date.now());
    expect(headers).toMatchObject({
      "User-Agent": "hookbridge-emit/1.0.0",
      "X-Hookbridge-Delivery": "2f1e7a52-3c52-4a0e-9c0e-0d5f3f3b8f11",
      "X-Hookbridge-Event": "push",
      "Content-Type": "application/json",
    });
  });

  it("extra headers are added, and one may replace the user agent in any spelling", async () => {
    const headers = await deliveryHeaders(
      context({ extraHeaders: { "X-Env": "prod", "user-agent": "mine/1" } }),
      Date.now(),
    );
    expect(headers["X-Env"]).toBe("prod");
    expect(lower(headers)["user-agent"]).toBe("mine/1");
    expect(Object.keys(headers).filter((name) => name.toLowerCase() === "user-agent")).toHaveLength(
      1,
    );
  });
});
