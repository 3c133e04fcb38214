import { readAtMost } from "./bounded-read.ts";

async function pipe(
  bytes: Uint8Array<ArrayBuffer>,
  transform: CompressionStream | DecompressionStream,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return pipe(bytes, new CompressionStream("gzip"));
}

/** What {@link gunzip} returns when the data inflates past its limit. */
export interface InflateLimitReached {
  readonly limitReached: true;
  /** Bytes inflated before it stopped: the limit plus at most one chunk. */
  readonly inflatedBytes: number;
}

/**
 * Inflates gzip data, stopping as soon as the output passes `maxBytes`: a few kilobytes of gzip
 * can stand for gigabytes, and the data is inflated before any signature over it can be checked.
 * Throws on data that is not gzip.
 */
export async function gunzip(
  bytes: Uint8Array<ArrayBuffer>,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | InflateLimitReached> {
  const reader = new Blob([bytes])
    .stream()
    .pipeThrough(new DecompressionStream("gzip"))
    .getReader();
  const read = await readAtMost(reader, maxBytes);
  if (read instanceof Uint8Array) return read;
  await reader.cancel();
  return { limitReached: true, inflatedBytes: read.readBytes };
}
