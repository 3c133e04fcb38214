import { joinBytes } from "./bytes.ts";

/** What {@link readAtMost} returns when the stream passed its limit. */
export interface LimitPassed {
  /** Bytes read before it stopped: the limit plus at most one chunk. */
  readonly readBytes: number;
}

/**
 * Reads a stream to its end unless it passes `limit` bytes; then it stops reading and leaves the
 * rest of the stream to the caller, to cancel or to drain. Memory stays within the limit plus one
 * chunk whatever the stream holds.
 */
export async function readAtMost(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | LimitPassed> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return joinBytes(chunks);
    size += value.byteLength;
    if (size > limit) return { readBytes: size };
    chunks.push(value);
  }
}
