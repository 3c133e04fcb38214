import { fromBase64, joinBytes, toBase64 } from "../../core/bytes.ts";

// AlgorithmIdentifier { rsaEncryption, NULL } — the only thing PKCS#8 adds around an RSA key.
const RSA_ALGORITHM = [
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 | bytes.length, ...bytes];
}

function derElement(tag: number, content: Uint8Array): Uint8Array {
  const header = [tag, ...derLength(content.length)];
  const out = new Uint8Array(header.length + content.length);
  out.set(header);
  out.set(content, header.length);
  return out;
}

/**
 * Returns the key as PKCS#8 PEM. GitHub downloads App keys as PKCS#1 (`BEGIN RSA PRIVATE KEY`),
 * which WebCrypto cannot import; on Workers there is no node:crypto to convert it, so the DER is
 * wrapped in a PrivateKeyInfo here. Throws a TypeError for anything that is not base64 PEM.
 */
export function toPkcs8Pem(pem: string): string {
  const match = /-----BEGIN (RSA )?PRIVATE KEY-----([\s\S]+?)-----END (RSA )?PRIVATE KEY-----/.exec(
    pem,
  );
  const der = match ? fromBase64((match[2] ?? "").replace(/\s+/g, "")) : undefined;
  if (!match || !der || der.length === 0)
    throw new TypeError("The App private key is not a PEM private key.");
  const pkcs8 = match[1]
    ? derElement(
        0x30,
        joinBytes([
          new Uint8Array([0x02, 0x01, 0x00]),
          new Uint8Array(RSA_ALGORITHM),
          derElement(0x04, der),
        ]),
      )
    : der;
  const lines = toBase64(pkcs8).match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join("\n")}\n-----END PRIVATE KEY-----`;
}
