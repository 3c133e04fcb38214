export type HmacAlgorithm = "SHA-1" | "SHA-256";

/**
 * Computes an HMAC. The default uses WebCrypto so the core runs on Workers; a Node host may
 * install a faster implementation with {@link useHmac} (the relay's hot path is one HMAC).
 */
export type HmacFunction = (
  algorithm: HmacAlgorithm,
  key: Uint8Array<ArrayBuffer>,
  data: Uint8Array<ArrayBuffer>,
) => Promise<Uint8Array<ArrayBuffer>>;

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

export const webHmac: HmacFunction = async (algorithm, key, data) => {
  const cryptoKey = await importKey(algorithm, key);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, data));
};

let current: HmacFunction = webHmac;

export function hmac(
  algorithm: HmacAlgorithm,
  key: Uint8Array<ArrayBuffer>,
  data: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  return current(algorithm, key, data);
}

/** Replaces the HMAC implementation process-wide (e.g. with node:crypto on Node). */
export function useHmac(implementation: HmacFunction): void {
  current = implementation;
}

export async function sha256Hex(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  let out = "";
  for (const byte of digest) out += byte.toString(16).padStart(2, "0");
  return out;
}
