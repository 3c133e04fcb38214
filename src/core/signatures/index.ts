import { hmacHeaderScheme } from "./hmac-header.ts";
import { standardWebhooksScheme } from "./standard-webhooks.ts";
import { relayAttestationScheme, staticTokenScheme } from "./static-token.ts";
import type { SignatureScheme } from "./types.ts";

export { DEFAULT_TOLERANCE_SECONDS, standardWebhooksKey } from "./standard-webhooks.ts";
export {
  attestStaticToken,
  DEFAULT_TOKEN_HEADER,
  RELAY_ATTESTATION_HEADER,
  relayAttestationScheme,
} from "./static-token.ts";
export type * from "./types.ts";

export const PROVIDER_NAMES = [
  "deepsource",
  "devrev",
  "dejacode",
  "deveo",
  "github",
  "standard",
] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

export const deepsourceSignature = hmacHeaderScheme({
  header: "x-deepsource-signature",
  algorithm: "SHA-256",
  prefix: "",
  optionalPrefix: "sha256=",
  encodings: ["hex"],
});

// DevRev's documentation does not fix the encoding; its sample header looks like base64, so
// both are accepted and base64 is produced.
export const devrevSignature = hmacHeaderScheme({
  header: "x-devrev-signature",
  algorithm: "SHA-256",
  prefix: "",
  encodings: ["base64", "hex"],
});

export const deveoSignature = hmacHeaderScheme({
  header: "x-hub-signature",
  algorithm: "SHA-1",
  prefix: "sha1=",
  encodings: ["hex"],
});

export const githubSignature = hmacHeaderScheme({
  header: "x-hub-signature-256",
  algorithm: "SHA-256",
  prefix: "sha256=",
  encodings: ["hex"],
});

export interface SchemeOptions {
  /** Header that carries the DejaCode token. */
  readonly tokenHeader?: string;
}

export function signatureScheme(
  provider: ProviderName,
  options: SchemeOptions = {},
): SignatureScheme {
  switch (provider) {
    case "deepsource":
      return deepsourceSignature;
    case "devrev":
      return devrevSignature;
    case "deveo":
      return deveoSignature;
    case "github":
      return githubSignature;
    case "standard":
      return standardWebhooksScheme;
    case "dejacode":
      return staticTokenScheme(options.tokenHeader);
  }
}

/**
 * The signature the receive action checks on a relayed event: the provider's own, except for a
 * static token, which the relay replaces with its attestation so the token stays out of the
 * event payload. The relay's inbound routes use `signatureScheme`, which never accepts it.
 */
export function relayedSignatureScheme(provider: ProviderName): SignatureScheme {
  return provider === "dejacode" ? relayAttestationScheme : signatureScheme(provider);
}

/** `"a, b,,c"` → `["a", "b", "c"]`: several secrets at once allow rotation without downtime. */
export function parseSecrets(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((secret) => secret.trim())
    .filter((secret) => secret.length > 0);
}
