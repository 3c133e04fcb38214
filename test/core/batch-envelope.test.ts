import { describe, expect, it } from "vitest";
import { decodeBatch, encodeBatchJson, MAX_BATCH_MEMBERS } from "../../src/core/batch-envelope.ts";
import { toBase64, utf8 } from "../../src/core/bytes.ts";
import { encodeDispatch } from "../../src/core/envelope.ts";
import { gzip } from "../../src/core/gzip.ts";

const member = async (id: string) =>
  (
    await encodeDispatch({
      provider: "deepsource",
      event: "test.event",
      id,
      receivedAt: "2026-11-23T10:00:00.000Z",
      headers: {},
      body: utf8("{}"),
    })
  ).client_payload;

const packed = async (value: unknown) => toBase64(await gzip(utf8(JSON.stringify(value))));

describe("a batch's client_payload", () => {
  it("gives back its members in order, each still to be verified", async () => {
    const members = [await member("1"), await member("2")];
    const encoded = await encodeBatchJson("deepsource", members);
    const decoded = await decodeBatch(JSON.parse(encoded?.json ?? "{}").client_payload);
    expect(decoded).toEqual({ provider: "deepsource", members });
  });

  it("is refused in one sentence naming the part that is not what a relay sends", async () => {
    const one = [await member("1")];
    const cases: [unknown, string][] = [
      [{ batch: 1, members_gzip: await packed(one) }, "client_payload.provider: expected a string"],
      [
        { provider: "", batch: 1, members_gzip: await packed(one) },
        "client_payload.provider: expected a non-empty string",
      ],
      [
        { provider: "deepsource", members_gzip: await packed(one) },
        "client_payload.batch: expected a number",
      ],
      [
        { provider: "deepsource", batch: 2, members_gzip: await packed(one) },
        "client_payload.batch: does not count its members",
      ],
      [
        { provider: "deepsource", batch: 1, members_gzip: toBase64(await gzip(utf8("{"))) },
        "client_payload.members_gzip: does not hold JSON",
      ],
      [
        { provider: "deepsource", batch: 0, members_gzip: await packed([]) },
        `client_payload.members_gzip: expected 1 to ${MAX_BATCH_MEMBERS} envelopes`,
      ],
      [
        {
          provider: "deepsource",
          batch: 51,
          members_gzip: await packed(Array(MAX_BATCH_MEMBERS + 1).fill(one[0])),
        },
        `client_payload.members_gzip: expected 1 to ${MAX_BATCH_MEMBERS} envelopes`,
      ],
    ];
    for (const [payload, problem] of cases)
      await expect(decodeBatch(payload)).rejects.toMatchObject({
        name: "InvalidPayload",
        message: `${problem} (is this event from a hookbridge relay?).`,
      });
  });
});
