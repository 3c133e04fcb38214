import { fromHex, timingSafeEqual, toHex, utf8 } from "./bytes.ts";
import type { RelayedEvent } from "./envelope.ts";
import { type HmacData, hmac } from "./hmac.ts";
import { ENVELOPE_SIGNED_LINE } from "./signatures/own-forms.ts";

/**
 * The relay signs the envelope's own fields (provider, event, id, received_at) together with the
 * body, under the provider secret it verified with. The provider's signature covers the body
 * only, so without this anyone able to send a repository_dispatch could replay an old signed body
 * with a fresh received_at (past max-age) or another delivery id.
 */
export const ENVELOPE_SIGNATURE_HEADER = "x-hookbridge-envelope-signature";
/**
 * The second signature also covers the routed `repository` and the `reply`. It travels beside
 * the first rather than replacing it, so a receive action older than these fields still
 * verifies what a newer relay sends (and ignores the fields it does not know).
 */
export const ENVELOPE_SIGNATURE_V2_HEADER = "x-hookbridge-envelope-signature-v2";
const PREFIX = "sha256=";

/**
 * Text as long as any signature {@link signEnvelope} makes (an HMAC-SHA256 in hex), for sizing
 * what will carry one without computing it.
 */
export const SIGNATURE_SIZED = `${PREFIX}${"0".repeat(64)}`;

export type Signed = Pick<RelayedEvent, "provider" | "event" | "id" | "receivedAt" | "body"> &
  Partial<Pick<RelayedEvent, "repository" | "reply">>;

/** Which signature: `v1` over the fields and the body, `v2` also over `repository` and `reply`. */
export type EnvelopeVersion = "v1" | "v2";

/** The signed bytes: the fields, a line each, then the body (as parts, so the body is not copied). */
function content(event: Signed, version: EnvelopeVersion): HmacData {
  const fields = [
    `${ENVELOPE_SIGNED_LINE}${version}`,
    event.provider,
    event.event,
    event.id,
    event.receivedAt,
    // The decoder allows no line break in these, so no two envelopes sign the same lines.
    ...(version === "v2"
      ? [event.repository ?? "", event.reply?.url ?? "", event.reply?.delivery ?? ""]
      : []),
    "",
  ].join("\n");
  return [utf8(fields), event.body];
}

export async function signEnvelope(
  event: Signed,
  secret: string,
  version: EnvelopeVersion = "v1",
): Promise<string> {
  return `${PREFIX}${toHex(await hmac("SHA-256", utf8(secret), content(event, version)))}`;
}

/**
 * The one of `secrets` under which `signature` is the relay's signature of this envelope, or
 * undefined. Every secret is tried, whichever matches, so the time taken does not say which.
 */
export async function envelopeSecretOf(
  event: Signed,
  signature: string | undefined,
  secrets: readonly string[],
  version: EnvelopeVersion = "v1",
): Promise<string | undefined> {
  if (!signature?.startsWith(PREFIX)) return undefined;
  const offered = fromHex(signature.slice(PREFIX.length));
  if (offered?.length !== 32) return undefined;
  const data = content(event, version);
  let matched: string | undefined;
  for (const secret of secrets)
    if (timingSafeEqual(await hmac("SHA-256", utf8(secret), data), offered)) matched ??= secret;
  return matched;
}

/** True when `signature` is the relay's signature of this envelope under any of `secrets`. */
export async function verifyEnvelope(
  event: Signed,
  signature: string | undefined,
  secrets: readonly string[],
  version: EnvelopeVersion = "v1",
): Promise<boolean> {
  return (await envelopeSecretOf(event, signature, secrets, version)) !== undefined;
}
