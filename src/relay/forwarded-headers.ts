import type { Provider } from "../core/providers.ts";
import {
  attestStaticToken,
  type HeaderLookup,
  type SignatureScheme,
} from "../core/signatures/index.ts";

export interface ForwardInput {
  readonly provider: Provider;
  readonly scheme: SignatureScheme;
  readonly body: Uint8Array<ArrayBuffer>;
  readonly header: HeaderLookup;
  readonly secrets: readonly string[];
}

/**
 * The headers the receive action needs to verify the body again: the provider's own signature
 * headers, or, for a static token (DejaCode), an HMAC attestation under the token that matched,
 * because the token itself must never land in the repository's event payload.
 */
export async function forwardedHeaders(input: ForwardInput): Promise<Record<string, string>> {
  if (input.provider.name === "dejacode") {
    for (const secret of input.secrets) {
      if ((await input.scheme.verify(input.body, input.header, [secret])).valid) {
        return attestStaticToken(input.body, secret);
      }
    }
    return {};
  }
  const headers: Record<string, string> = {};
  for (const name of input.scheme.headers) {
    const value = input.header(name);
    if (value) headers[name] = value;
  }
  return headers;
}
