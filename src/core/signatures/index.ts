import { hmacHeaderScheme } from "./hmac-header.ts";

export {
  DEFAULT_TOLERANCE_SECONDS,
  standardWebhooksKey,
  standardWebhooksScheme,
} from "./standard-webhooks.ts";
export {
  attestStaticToken,
  DEFAULT_TOKEN_HEADER,
  RELAY_ATTESTATION_HEADER,
  relayAttestationScheme,
  staticTokenScheme,
} from "./static-token.ts";
export type * from "./types.ts";

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

/** `"a, b,,c"` → `["a", "b", "c"]`: several secrets at once allow rotation without downtime. */
export function parseSecrets(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((secret) => secret.trim())
    .filter((secret) => secret.length > 0);
}
