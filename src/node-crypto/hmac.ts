import { createHash, createHmac, createSecretKey, type KeyObject } from "node:crypto";
import type { HmacAlgorithm, HmacFunction } from "../core/hmac.ts";

// `#hmac` under the `node` condition (package.json `imports`): the relay on Node, the actions and
// the CLI. node:crypto answers synchronously, with no WebCrypto to initialise at start-up.

// Turning raw key bytes into a KeyObject costs more than the HMAC of a typical body, and a relay
// sees the same few secrets forever.
const MAX_CACHED_KEYS = 64;
const keyObjects = new Map<string, KeyObject>();

function keyObject(key: Uint8Array): KeyObject {
  const id = Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("latin1");
  let cached = keyObjects.get(id);
  if (!cached) {
    if (keyObjects.size >= MAX_CACHED_KEYS) keyObjects.clear();
    cached = createSecretKey(key);
    keyObjects.set(id, cached);
  }
  return cached;
}

function nodeName(algorithm: HmacAlgorithm): "sha1" | "sha256" {
  return algorithm === "SHA-1" ? "sha1" : "sha256";
}

/** A plain Uint8Array over the digest's bytes, as WebCrypto returns (not a Buffer). */
function bytesOf(digest: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(digest.buffer as ArrayBuffer, digest.byteOffset, digest.byteLength);
}

export const platformHmac: HmacFunction = async (algorithm, key, data) => {
  const mac = createHmac(nodeName(algorithm), keyObject(key));
  if (data instanceof Uint8Array) mac.update(data);
  else for (const part of data) mac.update(part);
  return bytesOf(mac.digest());
};

export async function platformDigest(
  algorithm: HmacAlgorithm,
  data: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  return bytesOf(createHash(nodeName(algorithm)).update(data).digest());
}
