import { utf8 } from "../bytes.ts";

/**
 * The first line of the bytes hookbridge's own signatures cover: the relay's envelope signatures
 * (`hookbridge-envelope-v1`, `-v2`) and the receive action's reports (`hookbridge-report-v1`).
 * Each is an HMAC-SHA256 under the provider's secret, in the `sha256=<hex>` form GitHub's
 * signature of a body takes, and anyone who sees a dispatched payload holds one.
 */
export const ENVELOPE_SIGNED_LINE = "hookbridge-envelope-";
export const REPORT_SIGNED_LINE = "hookbridge-report-";

const OWN_LINES = [ENVELOPE_SIGNED_LINE, REPORT_SIGNED_LINE].map(utf8);

/**
 * Whether `body` begins as the bytes one of hookbridge's own signatures covers. No provider sends
 * such a body, and one that does could carry a hookbridge signature passed off as the provider's:
 * posted form-encoded, the envelope's lines become an unused field and the signed body's own text
 * a `payload` field. Every scheme that signs the body alone refuses it, whatever its signature.
 */
export function inOwnSignedForm(body: Uint8Array): boolean {
  return OWN_LINES.some(
    (line) => body.length >= line.length && line.every((byte, at) => body[at] === byte),
  );
}
