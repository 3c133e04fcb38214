import { bodyFormat, MEDIA_TYPES } from "../../core/body-format.ts";
import type { Provider } from "../../core/providers.ts";
import {
  attestStaticToken,
  type HeaderLookup,
  relayAttestationScheme,
  type SignatureScheme,
} from "../../core/signatures/index.ts";

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
 * because the token itself must never land in the repository's event payload. For providers that
 * send either JSON or a form (Deveo, GitHub-signed), also the body's media type, normalised, so
 * the action parses the verified bytes the way the relay did.
 */
/** What a body read as bytes alone is forwarded as: a type no provider format reads as JSON. */
const RAW_MEDIA_TYPE = "application/octet-stream";

export async function forwardedHeaders(input: ForwardInput): Promise<Record<string, string>> {
  if (input.provider.relayedScheme() === relayAttestationScheme) {
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
  const format = bodyFormat(input.header("content-type"));
  if (input.provider.formats.length > 1 && format) headers["content-type"] = MEDIA_TYPES[format];
  // A body taken as bytes alone (its content type none of the provider's formats) must be read
  // so again by the receive action, or JSON sent as text/plain would be named as JSON there.
  else if (input.provider.anyBody && !(format && input.provider.formats.includes(format)))
    headers["content-type"] = RAW_MEDIA_TYPE;
  return headers;
}
