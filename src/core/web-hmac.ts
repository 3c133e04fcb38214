import { joinBytes } from "./bytes.ts";
import type { HmacAlgorithm, HmacFunction } from "./hmac.ts";

// The default `#hmac` (package.json `imports`): WebCrypto, for workerd and any host without a
// condition of its own.

const MAX_CACHED_KEYS = 64;
const keyCache = new Map<string, Promise<CryptoKey>>();

function cacheKey(algorithm: HmacAlgorithm, key: Uint8Array): string {
  let id = algorithm;
  for (const byte of key) id += String.fromCharCode(byte);
  return id;
}

// importKey dominates the cost of one small HMAC, and a relay sees the same few secrets forever.
function importKey(algorithm: HmacAlgorithm, key: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const id = cacheKey(algorithm, key);
  let cached = keyCache.get(id);
  if (!cached) {
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
    cached = crypto.subtle.importKey("raw", key, { name: "HMAC", hash: algorithm }, false, [
      "sign",
    ]);
    keyCache.set(id, cached);
  }
  return cached;
}

export const platformHmac: HmacFunction = async (algorithm, key, data) => {
  const cryptoKey = await importKey(algorithm, key);
  const bytes = data instanceof Uint8Array ? data : joinBytes(data);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, bytes));
};

export async function platformDigest(
  algorithm: HmacAlgorithm,
  data: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest(algorithm, data));
}
