import { describe, expect, it } from "vitest";
import { HookbridgeError } from "../../src/core/errors.ts";
import { readBody } from "../../src/relay/http/read-body.ts";

/** A body of `total` bytes in 64 KiB chunks that counts how much of it was pulled. */
function counted(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const pulled = { bytes: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += chunk.length;
      controller.enqueue(chunk);
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  return { stream, pulled };
}

function request(
  body: ReadableStream<Uint8Array> | string | null,
  headers: Record<string, string> = {},
): Request {
  return new Request("http://relay.test/x", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
}

describe("readBody", () => {
  it("returns the exact bytes up to the limit", async () => {
    expect(new TextDecoder().decode(await readBody(request("héllo"), 6))).toBe("héllo");
    expect((await readBody(request(null), 1)).length).toBe(0);
  });

  it("refuses one byte past the limit, whether or not a Content-Length says so", async () => {
    await expect(readBody(request("1234567"), 6)).rejects.toThrow(HookbridgeError);
    const { stream } = counted(128 * 1024);
    await expect(readBody(request(stream), 64 * 1024)).rejects.toMatchObject({
      name: "PayloadTooLarge",
      status: 413,
    });
  });

  it("reads an oversized upload to its end so the sender sees the 413, but gives up on a flood", async () => {
    const modest = counted(3 * 1024 * 1024);
    await expect(readBody(request(modest.stream), 1024 * 1024)).rejects.toThrow(/1024 KiB/);
    expect(modest.pulled.cancelled).toBe(false);
    const flood = counted(64 * 1024 * 1024);
    await expect(readBody(request(flood.stream), 1024 * 1024)).rejects.toThrow(
      /HOOKBRIDGE_MAX_BODY/,
    );
    expect(flood.pulled.cancelled).toBe(true);
    expect(flood.pulled.bytes).toBeLessThan(20 * 1024 * 1024);
  });
});
