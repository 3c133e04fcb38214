import { equalsAny, fromBase64, fromHex, toBase64, toHex, utf8 } from "../bytes.ts";
import { type HmacAlgorithm, hmac } from "../hmac.ts";
import { inOwnSignedForm } from "./own-forms.ts";
import { invalid, type SignatureScheme, VALID, type Verification } from "./types.ts";

type Encoding = "hex" | "base64";

export interface HmacHeaderSpec {
  readonly header: string;
  readonly algorithm: HmacAlgorithm;
  /** Prefix written when signing and required when verifying, e.g. `sha256=`. */
  readonly prefix: string;
  /** A prefix that is neither written nor required, but stripped when a sender adds it. */
  readonly optionalPrefix?: string;
  /** How the digest is written when signing; verification accepts every listed encoding. */
  readonly encodings: readonly [Encoding, ...Encoding[]];
}

function decode(text: string, encodings: readonly Encoding[], size: number): Uint8Array[] {
  const candidates: Uint8Array[] = [];
  for (const encoding of encodings) {
    const bytes = encoding === "hex" ? fromHex(text) : fromBase64(text);
    if (bytes && bytes.length === size) candidates.push(bytes);
  }
  return candidates;
}

/** A signature that is an HMAC of the raw body in one header: GitHub, Deveo, DeepSource, DevRev. */
export function hmacHeaderScheme(spec: HmacHeaderSpec): SignatureScheme {
  const size = spec.algorithm === "SHA-1" ? 20 : 32;
  const [signEncoding] = spec.encodings;
  return {
    headers: [spec.header],
    async sign(body, secret) {
      const digest = await hmac(spec.algorithm, utf8(secret), body);
      const text = signEncoding === "hex" ? toHex(digest) : toBase64(digest);
      return { [spec.header]: `${spec.prefix}${text}` };
    },
    async verify(body, header, secrets): Promise<Verification> {
      if (secrets.length === 0)
        return invalid("no-secret", "No secret is configured to verify the signature.");
      if (inOwnSignedForm(body)) {
        return invalid(
          "own-form",
          "The body begins as the bytes a hookbridge relay's own signatures cover, which no provider sends, so its signature is not taken as the provider's.",
        );
      }
      const raw = header(spec.header)?.trim();
      if (!raw) return invalid("missing-header", `The ${spec.header} header is missing.`);
      let text = raw;
      if (spec.prefix) {
        if (!raw.toLowerCase().startsWith(spec.prefix)) {
          return invalid(
            "malformed",
            `The ${spec.header} header must start with "${spec.prefix}".`,
          );
        }
        text = raw.slice(spec.prefix.length);
      } else if (spec.optionalPrefix && raw.toLowerCase().startsWith(spec.optionalPrefix)) {
        text = raw.slice(spec.optionalPrefix.length);
      }
      const candidates = decode(text, spec.encodings, size);
      if (candidates.length === 0) {
        return invalid(
          "malformed",
          `The ${spec.header} header is not a ${spec.encodings.join(" or ")} HMAC-${spec.algorithm}.`,
        );
      }
      // Every secret is tried and every candidate compared, even after a match, so the time taken
      // does not tell which secret (during a rotation, the old or the new) signed the body.
      let matched = false;
      for (const secret of secrets) {
        const expected = await hmac(spec.algorithm, utf8(secret), body);
        matched = equalsAny(expected, candidates) || matched;
      }
      if (matched) return VALID;
      return invalid(
        "mismatch",
        `The ${spec.header} signature does not match the body for any configured secret.`,
      );
    },
  };
}
