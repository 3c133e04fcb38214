import { equalsAny, fromBase64, toBase64, utf8 } from "../bytes.ts";
import { type HmacData, hmac } from "../hmac.ts";
import { inOwnSignedForm } from "./own-forms.ts";
import { invalid, type SignatureScheme, VALID, type Verification } from "./types.ts";

export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
const SECRET_PREFIX = "whsec_";

/** Standard Webhooks keys are base64 after an optional `whsec_` prefix. */
export function standardWebhooksKey(secret: string): Uint8Array<ArrayBuffer> | undefined {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = fromBase64(encoded);
  return key && key.length > 0 ? key : undefined;
}

function signedContent(id: string, timestamp: string, body: Uint8Array<ArrayBuffer>): HmacData {
  return [utf8(`${id}.${timestamp}.`), body];
}

/** https://www.standardwebhooks.com/ — `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`. */
export const standardWebhooksScheme: SignatureScheme = {
  headers: ["webhook-id", "webhook-timestamp", "webhook-signature"],
  async sign(body, secret, options = {}) {
    const key = standardWebhooksKey(secret);
    if (!key)
      throw new TypeError(
        "A Standard Webhooks secret must be base64, optionally prefixed with whsec_.",
      );
    const id = options.id ?? `msg_${crypto.randomUUID().replaceAll("-", "")}`;
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const digest = await hmac("SHA-256", key, signedContent(id, timestamp, body));
    return {
      "webhook-id": id,
      "webhook-timestamp": timestamp,
      "webhook-signature": `v1,${toBase64(digest)}`,
    };
  },
  async verify(body, header, secrets, options = {}): Promise<Verification> {
    const id = header("webhook-id")?.trim();
    const timestamp = header("webhook-timestamp")?.trim();
    const signatures = header("webhook-signature")?.trim();
    if (!id || !timestamp || !signatures) {
      return invalid(
        "missing-header",
        "The webhook-id, webhook-timestamp and webhook-signature headers are all required.",
      );
    }
    // The signed content begins with the id: one that begins as the bytes hookbridge's own
    // signatures cover could pass one of them off as the sender's, were the keys ever the same.
    if (inOwnSignedForm(utf8(id)) || inOwnSignedForm(body)) {
      return invalid(
        "own-form",
        "The message begins as the bytes a hookbridge relay's own signatures cover, which no sender sends, so its signature is not taken as the sender's.",
      );
    }
    if (/[\r\n]/.test(id)) return invalid("malformed", "The webhook-id header holds a line break.");
    if (!/^\d{1,15}$/.test(timestamp))
      return invalid("malformed", "The webhook-timestamp header is not a Unix time in seconds.");
    const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
    const now = Math.floor((options.now ?? Date.now()) / 1000);
    if (Math.abs(now - Number(timestamp)) > tolerance) {
      return invalid(
        "stale",
        `The webhook-timestamp is more than ${tolerance} seconds away from the current time.`,
      );
    }
    const keys = secrets.map(standardWebhooksKey).filter((key) => key !== undefined);
    if (keys.length === 0)
      return invalid("no-secret", "No valid whsec_ secret is configured to verify the signature.");
    const offered = signatures
      .split(" ")
      .filter((part) => part.startsWith("v1,"))
      .map((part) => fromBase64(part.slice(3)))
      .filter((bytes) => bytes?.length === 32) as Uint8Array[];
    if (offered.length === 0)
      return invalid("malformed", "The webhook-signature header has no v1 signature.");
    const content = signedContent(id, timestamp, body);
    // As for an HMAC header: every key tried, so the time taken does not tell which one signed.
    let matched = false;
    for (const key of keys)
      matched = equalsAny(await hmac("SHA-256", key, content), offered) || matched;
    if (matched) return VALID;
    return invalid("mismatch", "No webhook-signature matches the body for any configured secret.");
  },
};
