import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toBase64, utf8 } from "../../src/core/bytes.ts";
import {
  decodeDispatch,
  encodeDispatch,
  encodeDispatchJson,
  MAX_BODY_BYTES,
  MAX_CLIENT_PAYLOAD_BYTES,
  type RelayedEvent,
} from "../../src/core/envelope.ts";
import { gunzip, gzip, type InflateLimitReached } from "../../src/core/gzip.ts";

const base: Omit<RelayedEvent, "body"> = {
  provider: "deepsource",
  event: "analysis_run.updated",
  id: "390137996571050950",
  receivedAt: "2026-11-23T10:00:00.000Z",
  headers: { "x-deepsource-signature": "ab".repeat(32) },
};

const size = (value: unknown) => utf8(JSON.stringify(value)).length;

describe("dispatch envelope", () => {
  it("carries a small body as text with at most ten top-level keys", async () => {
    const request = await encodeDispatch({ ...base, body: utf8('{"a":1}') });
    expect(request.event_type).toBe("deepsource.analysis_run.updated");
    expect(request.client_payload.body).toBe('{"a":1}');
    expect(request.client_payload.body_gzip).toBeUndefined();
    expect(Object.keys(request.client_payload).length).toBeLessThanOrEqual(10);
  });

  it("switches to gzip when the text would pass the limit, and restores the exact bytes", async () => {
    const body = utf8(
      JSON.stringify({
        items: Array.from({ length: 4000 }, (_, i) => ({ i, path: `src/file-${i}.go` })),
      }),
    );
    expect(body.length).toBeGreaterThan(MAX_CLIENT_PAYLOAD_BYTES);
    const request = await encodeDispatch({ ...base, body });
    expect(request.client_payload.body).toBeUndefined();
    expect(size(request.client_payload)).toBeLessThan(MAX_CLIENT_PAYLOAD_BYTES);
    const decoded = await decodeDispatch(JSON.parse(JSON.stringify(request.client_payload)));
    expect(decoded.body).toEqual(body);
  });

  it("refuses a body that is too large even compressed, with PayloadTooLarge", async () => {
    const random = new Uint8Array(120_000);
    for (let i = 0; i < random.length; i += 65_536)
      crypto.getRandomValues(random.subarray(i, i + 65_536));
    await expect(encodeDispatch({ ...base, body: random })).rejects.toMatchObject({
      name: "PayloadTooLarge",
      status: 413,
    });
  });

  it("refuses an event type over 100 characters", async () => {
    await expect(
      encodeDispatch({ ...base, event: "x".repeat(100), body: utf8("{}") }),
    ).rejects.toMatchObject({ name: "BadRequest" });
  });

  it("says clearly when a payload is not a relay envelope", async () => {
    await expect(decodeDispatch({ foo: 1 })).rejects.toThrow(/client_payload\.provider/);
    await expect(
      decodeDispatch({
        ...JSON.parse(
          JSON.stringify((await encodeDispatch({ ...base, body: utf8("{}") })).client_payload),
        ),
        body_gzip: "eA==",
      }),
    ).rejects.toMatchObject({ name: "InvalidPayload" });
    await expect(
      decodeDispatch({
        provider: "p",
        event: "e",
        id: "i",
        received_at: "2026-01-01T00:00:00Z",
        headers: {},
        body_gzip: "!!!",
      }),
    ).rejects.toThrow(/base64/);
  });

  it("round-trips any body from empty to the limit, including non-ASCII and invalid UTF-8", async () => {
    const bodies = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 2000 }).map(utf8),
      fc.uint8Array({ maxLength: 2000 }).map((b) => new Uint8Array(b)),
      fc.integer({ min: 60_000, max: 70_000 }).map((n) => utf8("é".repeat(n / 2))),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const request = await encodeDispatch({ ...base, body });
        expect(size(request.client_payload)).toBeLessThan(MAX_CLIENT_PAYLOAD_BYTES);
        const decoded = await decodeDispatch(JSON.parse(JSON.stringify(request.client_payload)));
        expect(decoded.body).toEqual(body);
        expect(decoded.headers).toEqual(base.headers);
      }),
      { numRuns: 80 },
    );
  });

  it("serialises once: the JSON it returns is the request's, and its size is that JSON's bytes", async () => {
    const bodies = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 2000 }).map(utf8),
      fc.string({ unit: "binary", maxLength: 500 }).map(utf8),
      fc.uint8Array({ maxLength: 2000 }).map((b) => new Uint8Array(b)),
      // Either side of the limit in characters and in bytes.
      fc.integer({ min: 20_000, max: 70_000 }).map((n) => utf8('é"'.repeat(n / 3))),
    );
    const headers = fc.dictionary(
      fc.constantFrom("x-deepsource-signature", "content-type", "x-other"),
      fc.string({ unit: "binary", maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(bodies, headers, async (body, extra) => {
        const encoded = await encodeDispatchJson({ ...base, headers: extra, body });
        expect(encoded.json).toBe(JSON.stringify(encoded.request));
        expect(encoded.bytes).toBe(utf8(encoded.json).length);
        expect(size(encoded.request.client_payload)).toBeLessThan(MAX_CLIENT_PAYLOAD_BYTES);
        expect(encoded.request).toEqual(await encodeDispatch({ ...base, headers: extra, body }));
      }),
      { numRuns: 80 },
    );
  });
});

describe("gzip bombs", () => {
  // 64 MiB of zeros packs into about 64 KB: the shape of a bomb, small enough to build here.
  // Built once, by zlib in one call: through CompressionStream it took two seconds each time.
  let packed: Uint8Array<ArrayBuffer> | undefined;
  const bomb = async () => {
    packed ??= new Uint8Array(gzipSync(new Uint8Array(64 * 1024 * 1024)));
    return packed;
  };

  it("inflating stops just past the limit instead of producing the whole body", async () => {
    const result = await gunzip(await bomb(), MAX_BODY_BYTES);
    expect(result).not.toBeInstanceOf(Uint8Array);
    const reached = result as InflateLimitReached;
    expect(reached.limitReached).toBe(true);
    expect(reached.inflatedBytes).toBeGreaterThan(MAX_BODY_BYTES);
    expect(reached.inflatedBytes).toBeLessThan(MAX_BODY_BYTES + 1024 * 1024);
  });

  it("an envelope whose body_gzip inflates past 1 MiB is refused in one sentence", async () => {
    const payload = {
      provider: "deepsource",
      event: "analysis_run.updated",
      id: "1",
      received_at: "2026-11-23T10:00:00.000Z",
      headers: {},
      body_gzip: toBase64(await bomb()),
    };
    await expect(decodeDispatch(payload)).rejects.toMatchObject({
      name: "PayloadTooLarge",
      message: `client_payload.body_gzip inflates to more than ${MAX_BODY_BYTES} bytes, the receive action's limit (the relay's default HOOKBRIDGE_MAX_BODY), so it was refused unread: have the provider send less per webhook.`,
    });
  });

  it("a body of exactly the limit still inflates", async () => {
    const body = new Uint8Array(MAX_BODY_BYTES).fill(0x20);
    const result = await gunzip(await gzip(body), MAX_BODY_BYTES);
    expect(result).toBeInstanceOf(Uint8Array);
    expect((result as Uint8Array).length).toBe(MAX_BODY_BYTES);
  });
});

const RELAY_HINT = "(is this event from a hookbridge relay?).";

/** "accepted" when decodeDispatch got past the envelope check, else what it said. */
async function verdict(payload: unknown): Promise<string> {
  try {
    await decodeDispatch(payload);
    return "accepted";
  } catch (error) {
    // Past the check, a body_gzip that is not gzip is refused with a message of its own.
    const message = (error as Error).message;
    return message.endsWith(RELAY_HINT) ? message.slice(0, -RELAY_HINT.length - 1) : "accepted";
  }
}

describe("the envelope check", () => {
  const valid = {
    provider: "deepsource",
    event: "test.event",
    id: "390137996571050950",
    received_at: "2026-11-23T10:00:00.000Z",
    headers: { "x-deepsource-signature": "ab".repeat(32), X_Upper: "v" },
    body: "{}",
  };
  const reply = { url: "https://relay.example/reports", delivery: "4f1c" };

  it("names the first problem and what was expected there, in one sentence", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ provider: undefined }, "client_payload.provider: expected a string"],
      [{ provider: "" }, "client_payload.provider: expected at least 1 (string)"],
      [{ event: 5 }, "client_payload.event: expected a string"],
      [{ id: "id with space" }, "client_payload.id: expected 1 to 200 printable ASCII characters"],
      [{ id: "line\nbreak" }, "client_payload.id: expected 1 to 200 printable ASCII characters"],
      [{ id: "x".repeat(201) }, "client_payload.id: expected 1 to 200 printable ASCII characters"],
      [
        { received_at: "2026-11-23 10:00:00Z" },
        "client_payload.received_at: expected a valid datetime",
      ],
      [
        { received_at: "2026-11-23T10:00:00" },
        "client_payload.received_at: expected a valid datetime",
      ],
      [
        { received_at: "2026-02-29T10:00:00Z" },
        "client_payload.received_at: expected a valid datetime",
      ],
      [{ headers: [] }, "client_payload.headers: expected a record"],
      [{ headers: { "x-a": 1 } }, 'client_payload.headers["x-a"]: expected a string'],
      [{ body: 5 }, "client_payload.body: expected a string"],
      [{ body_gzip: "eA==" }, "client_payload: exactly one of body and body_gzip must be present"],
      [{ body: undefined }, "client_payload: exactly one of body and body_gzip must be present"],
      [{ repository: "../../etc" }, "client_payload.repository: expected owner/repo"],
      [
        { repository: "octo-org/octo-repo\n::warning::x" },
        "client_payload.repository: expected owner/repo",
      ],
      [{ reply: "https://relay.example" }, "client_payload.reply: expected an object"],
      [
        { reply: { ...reply, url: "javascript:alert(1)" } },
        "client_payload.reply.url: expected an http(s) URL",
      ],
      [
        { reply: { ...reply, url: "https://relay.example/\nx" } },
        "client_payload.reply.url: expected an http(s) URL",
      ],
      [
        { reply: { ...reply, url: "https://" } },
        "client_payload.reply.url: expected an http(s) URL",
      ],
      [
        { reply: { ...reply, delivery: "" } },
        "client_payload.reply.delivery: expected 1 to 200 printable ASCII characters",
      ],
    ];
    for (const [change, expected] of cases) {
      const payload: Record<string, unknown> = { ...valid, ...change };
      for (const [name, value] of Object.entries(change))
        if (value === undefined) delete payload[name];
      expect(await verdict(payload), JSON.stringify(change)).toBe(expected);
    }
    for (const payload of [undefined, null, "text", 5, [], [valid], true])
      expect(await verdict(payload)).toBe("client_payload: expected an object");
  });

  it("accepts RFC 3339 times with Z or an offset and any fraction, and leap days only in leap years", async () => {
    for (const time of [
      "2026-11-23T10:00:00Z",
      "2026-11-23T10:00:00+05:30",
      "2024-02-29T10:00:00.123456789-01:00",
    ])
      expect(await verdict({ ...valid, received_at: time }), time).toBe("accepted");
  });

  it("accepts any envelope the relay encodes, and nothing it leaves out comes back", async () => {
    const headers = fc.dictionary(
      fc.string({ unit: "binary", minLength: 1, maxLength: 20 }),
      fc.string({ unit: "binary", maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(headers, fc.uint8Array({ maxLength: 300 }), async (extra, bytes) => {
        const body = new Uint8Array(bytes);
        const request = await encodeDispatch({ ...base, headers: extra, body, reply });
        const payload = JSON.parse(JSON.stringify({ ...request.client_payload, unknown: 1 }));
        const decoded = await decodeDispatch(payload);
        expect(decoded.body).toEqual(body);
        expect(decoded.reply).toEqual(reply);
        expect(decoded).not.toHaveProperty("unknown");
      }),
      { numRuns: 200 },
    );
  });

  it("reads the headers lower-cased, a __proto__ header left out", async () => {
    const headers = JSON.parse('{"X-Upper": "a", "__proto__": "b", "x-lower": "c"}');
    const relayed = await decodeDispatch({ ...valid, headers, extra: 1 });
    expect(relayed.headers).toEqual({ "x-upper": "a", "x-lower": "c" });
    expect(Object.hasOwn(relayed.headers, "__proto__")).toBe(false);
    expect(Object.getPrototypeOf(relayed.headers)).toBe(Object.prototype);
  });
});
