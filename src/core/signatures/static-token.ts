import { timingSafeEqual, utf8 } from "../bytes.ts";
import { hmac } from "../hmac.ts";
import { hmacHeaderScheme } from "./hmac-header.ts";
import { invalid, type SignatureScheme, VALID, type Verification } from "./types.ts";

/** Default header for providers that only send a shared token (DejaCode's "extra headers"). */
export const DEFAULT_TOKEN_HEADER = "x-hookbridge-token";

/**
 * Once the relay has checked a static token it forwards an HMAC of the body under that token
 * instead of the token itself, so the token never reaches the repository's event payload.
 */
export const RELAY_ATTESTATION_HEADER = "x-hookbridge-signature-256";

/**
 * The relay's attestation of a static token, as the receive action checks it. Only the receive
 * action may accept it: the relay never takes, on an inbound route, a signature form it produces
 * itself, or anyone holding one dispatched body could replay it to the relay without the token.
 */
export const relayAttestationScheme: SignatureScheme = hmacHeaderScheme({
  header: RELAY_ATTESTATION_HEADER,
  algorithm: "SHA-256",
  prefix: "sha256=",
  encodings: ["hex"],
});

async function tokensEqual(offered: string, secret: string): Promise<boolean> {
  // Hashing first makes both sides the same length, so the comparison is constant-time.
  const key = utf8("hookbridge-token-compare");
  const [a, b] = await Promise.all([
    hmac("SHA-256", key, utf8(offered)),
    hmac("SHA-256", key, utf8(secret)),
  ]);
  return timingSafeEqual(a, b);
}

/** A shared token in a configurable header, as the provider sends it (never the relay's attestation). */
export function staticTokenScheme(headerName: string = DEFAULT_TOKEN_HEADER): SignatureScheme {
  const name = headerName.toLowerCase();
  return {
    headers: [name],
    async sign(_body, secret) {
      return { [name]: secret };
    },
    async verify(_body, header, secrets): Promise<Verification> {
      if (secrets.length === 0)
        return invalid("no-secret", "No token is configured to check the request.");
      const offered = header(name)?.trim();
      if (!offered) return invalid("missing-header", `The ${name} header is missing.`);
      let matched = false;
      for (const secret of secrets) matched = (await tokensEqual(offered, secret)) || matched;
      return matched
        ? VALID
        : invalid("mismatch", `The ${name} header does not match any configured token.`);
    },
  };
}

/** The header set the relay forwards for a request that passed the token check. */
export function attestStaticToken(
  body: Uint8Array<ArrayBuffer>,
  secret: string,
): Promise<Record<string, string>> {
  return relayAttestationScheme.sign(body, secret);
}
