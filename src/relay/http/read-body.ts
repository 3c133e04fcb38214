import { readAtMost } from "../../core/bounded-read.ts";
import { HookbridgeError } from "../../core/errors.ts";

/**
 * How much of an oversized body is read (and thrown away) before answering 413. Answering while
 * the sender is still uploading makes workerd reset the connection, so the sender would see a
 * network error instead of the sentence; past this many bytes the sender is no webhook provider.
 */
export const DISCARD_LIMIT = 16 * 1024 * 1024;

export function tooLarge(limit: number): HookbridgeError {
  const size = limit % 1024 === 0 && limit >= 1024 ? `${limit / 1024} KiB` : `${limit} bytes`;
  return new HookbridgeError(
    "PayloadTooLarge",
    `The request body is larger than the relay's limit of ${size} (HOOKBRIDGE_MAX_BODY).`,
  );
}

async function discard(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let left = DISCARD_LIMIT;
  while (left > 0) {
    const { done, value } = await reader.read();
    if (done) return;
    left -= value.byteLength;
  }
  await reader.cancel().catch(() => {});
}

/**
 * Reads the raw body of a Web `Request`, keeping at most `limit` bytes. The stream is counted
 * here rather than left to the server, because Workers have no server-side cap of their own
 * below 100 MB.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) {
    await discard(reader).catch(() => {});
    throw tooLarge(limit);
  }
  const read = await readAtMost(reader, limit);
  if (read instanceof Uint8Array) return read;
  await discard(reader).catch(() => {});
  throw tooLarge(limit);
}
