import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import { decodeDispatch, encodeDispatch } from "../../src/core/envelope.ts";
import {
  SIGNATURE_SIZED,
  signEnvelope,
  verifyEnvelope,
} from "../../src/core/envelope-signature.ts";

const event = {
  provider: "deepsource",
  event: "test.event",
  id: "370847944204618991",
  receivedAt: "2026-11-23T10:00:00.000Z",
  body: utf8('{"id":"370847944204618991","type":"test.event"}'),
};

describe("the relay's envelope signature", () => {
  it("verifies under any of the secrets, and fails when a field or the body changes", async () => {
    const signature = await signEnvelope(event, "new-secret");
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    // What the queue sizes a dispatch with at receipt, before it is signed.
    expect(SIGNATURE_SIZED).toHaveLength(signature.length);
    expect(await verifyEnvelope(event, signature, ["old-secret", "new-secret"])).toBe(true);
    expect(await verifyEnvelope(event, signature, ["old-secret"])).toBe(false);
    for (const changed of [
      { ...event, receivedAt: "2026-11-23T11:00:00.000Z" },
      { ...event, id: "another-delivery" },
      { ...event, event: "analysis_run.updated" },
      { ...event, provider: "devrev" },
      { ...event, body: utf8('{"id":"370847944204618991","type":"test.event" }') },
    ]) {
      expect(await verifyEnvelope(changed, signature, ["new-secret"])).toBe(false);
    }
  });

  it("signs the routed repository and the reply in v2, and leaves v1 as older actions check it", async () => {
    const addressed = {
      ...event,
      repository: "octo-org/octo-repo",
      reply: { url: "https://relay.example/reports", delivery: "4f1c" },
    };
    const v2 = await signEnvelope(addressed, "s", "v2");
    expect(await verifyEnvelope(addressed, v2, ["s"], "v2")).toBe(true);
    // An older action reads v1, which the new fields do not change.
    expect(await signEnvelope(addressed, "s")).toBe(await signEnvelope(event, "s"));
    for (const changed of [
      { ...addressed, repository: "octo-org/other" },
      { ...addressed, repository: undefined },
      { ...addressed, reply: { ...addressed.reply, url: "https://evil.example/reports" } },
      { ...addressed, reply: { ...addressed.reply, delivery: "another" } },
      { ...addressed, reply: undefined },
    ]) {
      expect(await verifyEnvelope(changed, v2, ["s"], "v2")).toBe(false);
    }
    expect(await verifyEnvelope(addressed, v2, ["s"], "v1")).toBe(false);
  });

  it("treats a missing or malformed signature as invalid, never as an error", async () => {
    for (const signature of [
      undefined,
      "",
      "sha256=",
      "sha256=zz",
      "sha1=abc",
      `sha256=${"0".repeat(64)}`,
    ]) {
      expect(await verifyEnvelope(event, signature, ["s"])).toBe(false);
    }
  });
});

describe("envelope fields that reach logs", () => {
  it("carries a repository and a reply through, and refuses malformed ones", async () => {
    const reply = { url: "https://relay.example/reports", delivery: "4f1c" };
    const request = await encodeDispatch({
      ...event,
      headers: {},
      repository: "octo-org/octo-repo",
      reply,
    });
    const decoded = await decodeDispatch(JSON.parse(JSON.stringify(request.client_payload)));
    expect(decoded).toMatchObject({ repository: "octo-org/octo-repo", reply });
    for (const [change, problem] of [
      [{ repository: "octo-org/octo-repo\n::warning::x" }, /client_payload\.repository/],
      [{ repository: "../../etc" }, /client_payload\.repository/],
      [{ reply: "https://relay.example" }, /client_payload\.reply: expected an object/],
      [{ reply: { ...reply, url: "javascript:alert(1)" } }, /client_payload\.reply\.url/],
      [{ reply: { ...reply, url: "https://relay.example/\nx" } }, /client_payload\.reply\.url/],
      [{ reply: { ...reply, delivery: "" } }, /client_payload\.reply\.delivery/],
    ] as const) {
      await expect(decodeDispatch({ ...request.client_payload, ...change })).rejects.toThrow(
        problem,
      );
    }
  });

  it("keeps a leading byte-order mark in the body, byte for byte", async () => {
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"a":1}')]);
    const request = await encodeDispatch({ ...event, headers: {}, body });
    const decoded = await decodeDispatch(JSON.parse(JSON.stringify(request.client_payload)));
    expect(decoded.body).toEqual(body);
  });

  it("refuses delivery ids with control characters, on both sides", async () => {
    await expect(
      encodeDispatch({ ...event, id: "abc\n::warning::forged", headers: {} }),
    ).rejects.toMatchObject({ name: "BadRequest" });
    const request = await encodeDispatch({ ...event, headers: {} });
    await expect(
      decodeDispatch({ ...request.client_payload, id: "abc\n::set-output name=x::y" }),
    ).rejects.toThrow(/client_payload\.id/);
  });
});
