import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import { signEnvelope } from "../../src/core/envelope-signature.ts";
import { signReport } from "../../src/core/outcome-report.ts";
import {
  PROVIDER_NAMES,
  type ProviderName,
  relayedSignatureScheme,
  signatureScheme,
} from "../../src/core/providers.ts";
import {
  attestStaticToken,
  parseSecrets,
  RELAY_ATTESTATION_HEADER,
} from "../../src/core/signatures/index.ts";

const lookup = (headers: Record<string, string>) => (name: string) => {
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === name.toLowerCase()) return value;
  return undefined;
};

const SECRETS: Record<ProviderName, string> = {
  deepsource: "deepsource-secret-0123456789",
  devrev: "devrev-secret",
  dejacode: "dejacode-token-value",
  deveo: "deveo-secret",
  github: "It's a Secret to Everybody",
  standard: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
};

describe("known-answer vectors", () => {
  it("github: the documented X-Hub-Signature-256 vector", async () => {
    const headers = await signatureScheme("github").sign(
      utf8("Hello, World!"),
      "It's a Secret to Everybody",
    );
    expect(headers).toEqual({
      "x-hub-signature-256":
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    });
  });

  it("standard webhooks: the documented vector, and it verifies at its own time", async () => {
    const scheme = signatureScheme("standard");
    const body = utf8('{"test": 2432232314}');
    const headers = await scheme.sign(body, SECRETS.standard, {
      id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
      timestamp: 1614265330,
    });
    expect(headers["webhook-signature"]).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    await expect(
      scheme.verify(body, lookup(headers), [SECRETS.standard], { now: 1614265330_000 }),
    ).resolves.toEqual({ valid: true });
  });

  it("standard webhooks: stale and future timestamps fail outside five minutes", async () => {
    const scheme = signatureScheme("standard");
    const body = utf8("{}");
    const headers = await scheme.sign(body, SECRETS.standard, {
      id: "msg_1",
      timestamp: 1_000_000,
    });
    const at = (seconds: number) =>
      scheme.verify(body, lookup(headers), [SECRETS.standard], { now: seconds * 1000 });
    expect((await at(1_000_000 + 300)).valid).toBe(true);
    expect((await at(1_000_000 - 300)).valid).toBe(true);
    expect(await at(1_000_000 + 301)).toMatchObject({ valid: false, reason: "stale" });
    expect(await at(1_000_000 - 301)).toMatchObject({ valid: false, reason: "stale" });
  });

  it("standard webhooks: any of several space-separated signatures may match (key rotation)", async () => {
    const scheme = signatureScheme("standard");
    const body = utf8("rotation");
    const headers = await scheme.sign(body, SECRETS.standard, { id: "msg_2", timestamp: 42 });
    const rotated = {
      ...headers,
      "webhook-signature": `v1,AAAA v2,zzz ${headers["webhook-signature"]}`,
    };
    expect(
      (await scheme.verify(body, lookup(rotated), [SECRETS.standard], { now: 42_000 })).valid,
    ).toBe(true);
  });

  it("deepsource accepts the hex digest with or without sha256=", async () => {
    const scheme = signatureScheme("deepsource");
    const body = utf8('{"id":"1","type":"test.event"}');
    const { "x-deepsource-signature": hex = "" } = await scheme.sign(body, SECRETS.deepsource);
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    for (const value of [hex, `sha256=${hex}`, hex.toUpperCase()]) {
      expect(
        (
          await scheme.verify(body, lookup({ "X-DeepSource-Signature": value }), [
            SECRETS.deepsource,
          ])
        ).valid,
      ).toBe(true);
    }
  });

  it("devrev accepts base64 and hex", async () => {
    const scheme = signatureScheme("devrev");
    const body = utf8('{"type":"verify"}');
    const { "x-devrev-signature": b64 = "" } = await scheme.sign(body, SECRETS.devrev);
    const hex = [...atob(b64)].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
    for (const value of [b64, hex]) {
      expect(
        (await scheme.verify(body, lookup({ "x-devrev-signature": value }), [SECRETS.devrev]))
          .valid,
      ).toBe(true);
    }
  });

  it("deveo signs sha1= over form bodies byte for byte", async () => {
    const scheme = signatureScheme("deveo");
    const body = utf8(`payload=${encodeURIComponent('{"ref":"refs/heads/master"}')}`);
    const headers = await scheme.sign(body, SECRETS.deveo);
    expect(headers["x-hub-signature"]).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect((await scheme.verify(body, lookup(headers), [SECRETS.deveo])).valid).toBe(true);
    expect(
      (
        await scheme.verify(utf8(`${new TextDecoder().decode(body)} `), lookup(headers), [
          SECRETS.deveo,
        ])
      ).valid,
    ).toBe(false);
  });

  it("dejacode compares the token, and the relay's attestation replaces the token", async () => {
    const scheme = signatureScheme("dejacode", { tokenHeader: "X-Dejacode-Token" });
    const body = utf8('{"hook":{}}');
    expect(
      (
        await scheme.verify(body, lookup({ "x-dejacode-token": SECRETS.dejacode }), [
          SECRETS.dejacode,
        ])
      ).valid,
    ).toBe(true);
    expect(
      await scheme.verify(body, lookup({ "x-dejacode-token": "nope" }), [SECRETS.dejacode]),
    ).toMatchObject({ reason: "mismatch" });
    const attested = await attestStaticToken(body, SECRETS.dejacode);
    expect(Object.keys(attested)).toEqual([RELAY_ATTESTATION_HEADER]);
    expect(JSON.stringify(attested)).not.toContain(SECRETS.dejacode);
    expect(
      (await relayedSignatureScheme("dejacode").verify(body, lookup(attested), [SECRETS.dejacode]))
        .valid,
    ).toBe(true);
  });

  it("dejacode's inbound scheme never accepts the attestation the relay itself produces", async () => {
    const scheme = signatureScheme("dejacode", { tokenHeader: "X-Dejacode-Token" });
    const body = utf8('{"hook":{}}');
    const attested = await attestStaticToken(body, SECRETS.dejacode);
    expect(await scheme.verify(body, lookup(attested), [SECRETS.dejacode])).toMatchObject({
      valid: false,
      reason: "missing-header",
    });
  });

  it("no scheme that signs the body alone takes a body in the form hookbridge's own signatures cover, signed or not", async () => {
    const inner = utf8('{"zen":"x &payload=%7B%7D&z="}');
    const fields = {
      provider: "github",
      event: "ping",
      id: "d-1",
      receivedAt: "2026-01-01T00:00:00.000Z",
    } as const;
    const envelopeText = (version: string) =>
      utf8(
        `hookbridge-envelope-${version}\ngithub\nping\nd-1\n2026-01-01T00:00:00.000Z\n${new TextDecoder().decode(inner)}`,
      );
    const forms: [string, Uint8Array<ArrayBuffer>, string][] = [
      [
        "envelope v1",
        envelopeText("v1"),
        await signEnvelope({ ...fields, body: inner }, SECRETS.github, "v1"),
      ],
      [
        "report",
        utf8(`hookbridge-report-v1\n1767225600\nd-1\n{}`),
        (await signReport("d-1", utf8("{}"), SECRETS.github, 1767225600_000))[
          "x-hookbridge-report-signature"
        ] ?? "",
      ],
    ];
    for (const provider of ["github", "deepsource", "devrev", "deveo"] as const) {
      const scheme = signatureScheme(provider);
      for (const [what, body, relaySignature] of forms) {
        // Signed as the provider signs, it is still refused; so is the relay's own signature.
        const asProvider = await scheme.sign(body, SECRETS[provider]);
        for (const headers of [asProvider, { [scheme.headers[0] ?? ""]: relaySignature }]) {
          expect(
            await scheme.verify(body, lookup(headers), [SECRETS[provider]]),
            `${provider} ${what}`,
          ).toMatchObject({
            valid: false,
            reason: "own-form",
          });
        }
      }
    }
    // Standard Webhooks signs `id.timestamp.body`: an id (or a body) in those forms is refused,
    // signed as the sender signs or not, and so is an id with a line break in it.
    const standard = signatureScheme("standard");
    const now = Math.floor(Date.now() / 1000);
    for (const [what, text] of forms) {
      const line = new TextDecoder().decode(text).split("\n")[0] ?? "";
      for (const [id, body] of [
        [`${line}.x`, utf8("{}")],
        ["msg_1", text],
      ] as const) {
        const headers = await standard.sign(body, SECRETS.standard, { id, timestamp: now });
        expect(
          await standard.verify(body, lookup(headers), [SECRETS.standard]),
          `standard ${what}`,
        ).toMatchObject({ valid: false, reason: "own-form" });
      }
    }
    const broken = await standard.sign(utf8("{}"), SECRETS.standard, {
      id: "a\nb",
      timestamp: now,
    });
    expect(await standard.verify(utf8("{}"), lookup(broken), [SECRETS.standard])).toMatchObject({
      valid: false,
      reason: "malformed",
    });
    // The relay's own signature of the envelope is what a GitHub signature of its lines would be.
    expect(await signatureScheme("github").sign(envelopeText("v1"), SECRETS.github)).toEqual({
      "x-hub-signature-256": forms[0]?.[2],
    });
  });

  it("a second secret verifies during rotation", async () => {
    const scheme = signatureScheme("github");
    const body = utf8("rotate");
    const headers = await scheme.sign(body, "new-secret");
    expect(
      (await scheme.verify(body, lookup(headers), parseSecrets("old-secret, new-secret"))).valid,
    ).toBe(true);
    expect((await scheme.verify(body, lookup(headers), ["old-secret"])).valid).toBe(false);
  });

  it("with two secrets configured, a body signed with either verifies (HMAC headers and Standard Webhooks)", async () => {
    const body = utf8("rotate");
    const cases: [ProviderName, string][] = [
      ["github", "the next GitHub secret"],
      ["standard", "whsec_c2Vjb25kLWtleS1mb3Itcm90YXRpb24tdGVzdHM="],
    ];
    for (const [provider, next] of cases) {
      const scheme = signatureScheme(provider);
      for (const secret of [SECRETS[provider], next]) {
        const headers = await scheme.sign(body, secret, { id: "msg_1", timestamp: 42 });
        const verdict = await scheme.verify(body, lookup(headers), [SECRETS[provider], next], {
          now: 42_000,
        });
        expect(verdict.valid, `${provider} signed with ${secret}`).toBe(true);
      }
    }
  });

  it("missing headers and missing secrets give specific reasons", async () => {
    const scheme = signatureScheme("github");
    expect(await scheme.verify(utf8("x"), lookup({}), ["s"])).toMatchObject({
      reason: "missing-header",
    });
    expect(
      await scheme.verify(utf8("x"), lookup({ "x-hub-signature-256": "sha256=abc" }), []),
    ).toMatchObject({ reason: "no-secret" });
    expect(
      await scheme.verify(utf8("x"), lookup({ "x-hub-signature-256": "sha256=zz" }), ["s"]),
    ).toMatchObject({ reason: "malformed" });
    expect(
      await scheme.verify(utf8("x"), lookup({ "x-hub-signature-256": "757107ea" }), ["s"]),
    ).toMatchObject({ reason: "malformed" });
  });
});

describe("properties", () => {
  const bodies = fc.uint8Array({ maxLength: 512 }).map((bytes) => new Uint8Array(bytes));
  const secret = fc
    .string({ minLength: 1, maxLength: 40 })
    .filter((s) => s.trim() === s && !s.includes(","));

  for (const provider of PROVIDER_NAMES) {
    const secretFor = provider === "standard" ? fc.constant(SECRETS.standard) : secret;

    it(`${provider}: verify(sign(body)) is true`, async () => {
      await fc.assert(
        fc.asyncProperty(bodies, secretFor, async (body, key) => {
          const scheme = signatureScheme(provider);
          const headers = await scheme.sign(body, key, { id: "msg_x", timestamp: 1000 });
          const result = await scheme.verify(body, lookup(headers), [key], { now: 1_000_000 });
          expect(result).toEqual({ valid: true });
        }),
        { numRuns: 60 },
      );
    });

    if (provider !== "dejacode") {
      it(`${provider}: changing any single byte fails`, async () => {
        await fc.assert(
          fc.asyncProperty(
            bodies.filter((b) => b.length > 0),
            secretFor,
            fc.nat(),
            fc.integer({ min: 1, max: 255 }),
            async (body, key, at, delta) => {
              const scheme = signatureScheme(provider);
              const headers = await scheme.sign(body, key, { id: "msg_x", timestamp: 1000 });
              const changed = new Uint8Array(body);
              const index = at % changed.length;
              changed[index] = ((changed[index] as number) + delta) % 256;
              expect(
                (await scheme.verify(changed, lookup(headers), [key], { now: 1_000_000 })).valid,
              ).toBe(false);
            },
          ),
          { numRuns: 60 },
        );
      });
    }

    it(`${provider}: arbitrary headers never throw and never verify`, async () => {
      await fc.assert(
        fc.asyncProperty(
          bodies,
          fc.dictionary(
            fc.constantFrom(...signatureScheme(provider).headers, "x-other"),
            fc.string(),
          ),
          async (body, headers) => {
            const result = await signatureScheme(provider).verify(
              body,
              lookup(headers),
              [provider === "standard" ? SECRETS.standard : "a-secret-value"],
              { now: 0 },
            );
            expect(result.valid).toBe(false);
          },
        ),
        { numRuns: 100 },
      );
    });
  }
});
