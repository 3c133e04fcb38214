import { platformDigest, platformHmac } from "#hmac";
import { toHex } from "./bytes.ts";

export type HmacAlgorithm = "SHA-1" | "SHA-256";

/**
 * How a host computes an HMAC (and, below, a plain digest). `#hmac` (package.json `imports`)
 * picks the implementation by build condition: `node:crypto` on Node (`src/node-crypto/hmac.ts`), WebCrypto everywhere else
 * (`src/core/web-hmac.ts`, what workerd gets). Node's WebCrypto costs a cold start about as much
 * again as `node:crypto`, which the actions load anyway, and adds a promise and a key import to
 * every relay request.
 */
export type HmacFunction = (
  algorithm: HmacAlgorithm,
  key: Uint8Array<ArrayBuffer>,
  data: HmacData,
) => Promise<Uint8Array<ArrayBuffer>>;

/**
 * The bytes to authenticate: one array, or several read as if joined. A list lets a caller sign
 * a header and a body together without first copying both into one buffer (node:crypto reads the
 * parts one by one; WebCrypto, which takes one buffer, gets them joined).
 */
export type HmacData = Uint8Array<ArrayBuffer> | readonly Uint8Array<ArrayBuffer>[];

export function hmac(
  algorithm: HmacAlgorithm,
  key: Uint8Array<ArrayBuffer>,
  data: HmacData,
): Promise<Uint8Array<ArrayBuffer>> {
  return platformHmac(algorithm, key, data);
}

/** A hash of `data` (SHA-1 only where a format asks for it, as UUIDv5 does). */
export function digest(
  algorithm: HmacAlgorithm,
  data: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  return platformDigest(algorithm, data);
}

export async function sha256Hex(data: Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(await platformDigest("SHA-256", data));
}
