import { fromHex, timingSafeEqual, toHex, utf8 } from "./bytes.ts";
import type { RelayedEvent } from "./envelope.ts";
import { type HmacData, hmac } from "./hmac.ts";

/**
 * The relay signs the envelope's own fields (provider, event, id, received_at) together with the
 * body, under the provider secret it verified with. The provider's signature covers the body
 * only, so without this anyone able to send a repository_dispatch could replay an old signed body
 * with a fresh received_at (past max-age) or another delivery id.
 */
export const ENVELOPE_SIGNATURE_HEADER = "x-hookbridge-envelope-signature";
const PREFIX = "sha256=";

type Signed = Pick<RelayedEvent, "provider" | "event" | "id" | "receivedAt" | "body">;

/** The signed bytes: the fields, a line each, then the body (as parts, so the body is not copied). */
function content(event: Signed): HmacData {
  const fields = [
    "hookbridge-envelope-v1",
    event.provider,
    event.event,
    event.id,
    event.receivedAt,
    "",
  ].join("\n");
  return [utf8(fields), event.body];
}

export async function signEnvelope(event: Signed, secret: string): Promise<string> {
  return `${PREFIX}${toHex(await hmac("SHA-256", utf8(secret), content(event)))}`;
}

/** True when `signature` is the relay's signature of this envelope under any of `secrets`. */
export async function verifyEnvelope(
  event: Signed,
  signature: string | undefined,
  secrets: readonly string[],
): Promise<boolean> {
  if (!signature?.startsWith(PREFIX)) return false;
  const offered = fromHex(signature.slice(PREFIX.length));
  if (offered?.length !== 32) return false;
  const data = content(event);
  let matched = false;
  for (const secret of secrets)
    matched = timingSafeEqual(await hmac("SHA-256", utf8(secret), data), offered) || matched;
  return matched;
}
