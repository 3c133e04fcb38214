import { MEDIA_TYPES } from "../core/body-format.ts";
import { fromUtf8 } from "../core/bytes.ts";
import { decodeDispatch, type RelayedEvent } from "../core/envelope.ts";
import {
  ENVELOPE_SIGNATURE_HEADER,
  ENVELOPE_SIGNATURE_V2_HEADER,
  envelopeSecretOf,
} from "../core/envelope-signature.ts";
import { HookbridgeError, isHookbridgeError } from "../core/errors.ts";
import {
  getProvider,
  type IdentifiedEvent,
  type Provider,
  relayedSignatureScheme,
} from "../core/providers.ts";
import type { Settings } from "./inputs.ts";
import type { Clock, Logger } from "./logger.ts";

/** An event whose signature, age and shape have all been checked. */
export interface VerifiedEvent {
  readonly relayed: RelayedEvent;
  readonly provider: Provider;
  /** The provider's event name, read from the signed body (not the envelope's label). */
  readonly event: string;
  readonly id: string;
  /** The body as JSON, before its schema applied defaults: the `object` output and summaries. */
  readonly json: unknown;
  /** The body as the provider's schema for this event parsed it: what reactions read. */
  readonly parsed: unknown;
  /** Whether a signature was checked (false only with `allow-unsigned` and no secret). */
  readonly signed: boolean;
  /**
   * The secret the relay signed the envelope with: the report to `relayed.reply` is signed with
   * it. Undefined when unsigned, and then `relayed` holds no repository and no reply.
   */
  readonly reportSecret: string | undefined;
}

const HINT_ENVELOPE =
  "send events through the relay unchanged, run a relay of this hookbridge version, and while a secret is rotated give the action every secret the relay has (the relay signs with its first)";

const HINT_SECRET =
  "check that the secret input holds the same webhook secret as the relay (and as the provider's webhook settings), and after a rotation list both, comma-separated";

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

// The relay forwards only the headers it verified; a JSON body says what it is, and the only other
// format a provider sends is a form with a `payload` field.
function contentTypeOf(relayed: RelayedEvent): string {
  const declared = relayed.headers["content-type"];
  if (declared) return declared;
  const start = fromUtf8(relayed.body.subarray(0, 16)).trimStart();
  return start.startsWith("payload=") ? MEDIA_TYPES.form : MEDIA_TYPES.json;
}

function relayedHeader(relayed: RelayedEvent, name: string): string | undefined {
  if (name === "x-hookbridge-event") return relayed.event;
  if (name === "x-hookbridge-delivery") return relayed.id;
  return undefined;
}

function checkAge(what: string, timeMs: number, settings: Settings, clock: Clock): void {
  const ageSeconds = (clock() - timeMs) / 1000;
  // A little skew either way is normal between machines; a time far in the future is not.
  if (ageSeconds > settings.maxAgeSeconds || ageSeconds < -settings.maxAgeSeconds) {
    const age = Math.round(Math.abs(ageSeconds));
    throw new HookbridgeError(
      "StaleTimestamp",
      `The event's ${what} is ${age} seconds ${ageSeconds < 0 ? "in the future" : "old"}, beyond max-age (${settings.maxAgeSeconds} s), so it was not acted on: re-deliver it from the provider, or raise max-age if runs queue for longer.`,
    );
  }
}

/**
 * The provider's signature covers the body only, so a body signed long ago could be replayed with
 * a fresh received_at (passing max-age) or another delivery id. The relay signs those fields too,
 * under the same secret; requiring that signature is what makes received_at and the id mean
 * anything. An envelope that names its repository or a reply carries a second signature over
 * those as well, and is refused without it, so neither can be added or changed on the way.
 * Returns the secret that signed it.
 */
async function checkEnvelopeSignature(
  relayed: RelayedEvent,
  provider: Provider,
  settings: Settings,
): Promise<string> {
  const addressed = relayed.repository !== undefined || relayed.reply !== undefined;
  const v2 = relayed.headers[ENVELOPE_SIGNATURE_V2_HEADER];
  const header =
    v2 !== undefined || addressed ? ENVELOPE_SIGNATURE_V2_HEADER : ENVELOPE_SIGNATURE_HEADER;
  const signature = relayed.headers[header];
  const secret = await envelopeSecretOf(
    relayed,
    signature,
    settings.secrets,
    header === ENVELOPE_SIGNATURE_V2_HEADER ? "v2" : "v1",
  );
  if (secret !== undefined) return secret;
  const fields =
    header === ENVELOPE_SIGNATURE_V2_HEADER
      ? "provider, event, id, received_at, repository, reply and body"
      : "provider, event, id, received_at and body";
  const detail =
    signature === undefined
      ? `the ${header} header is missing`
      : `${header} does not match its ${fields} under any configured secret`;
  throw new HookbridgeError(
    "BadSignature",
    `${provider.displayName} event refused, nothing was done: the envelope's fields were changed after the relay signed them, or it did not come from a hookbridge relay of this version: ${detail}; ${HINT_ENVELOPE}.`,
  );
}

/**
 * Decodes the relay's envelope and checks it the way the relay did: the signature over the exact
 * bytes the provider sent, then the relay's signature over the envelope's own fields, then the
 * age, then the JSON and its schema. Nothing from the body is logged or returned before the
 * signatures hold.
 */
export async function verifyEnvelope(
  payload: unknown,
  settings: Settings,
  clock: Clock,
  logger: Logger,
): Promise<VerifiedEvent> {
  const decoded = await decodeDispatch(payload);
  const provider = getProvider(decoded.provider);
  if (!provider) {
    throw new HookbridgeError(
      "UnknownProvider",
      `The envelope names an unknown provider "${decoded.provider.slice(0, 40)}", so it did not come from a hookbridge relay.`,
    );
  }
  const signed = settings.secrets.length > 0;
  // Unsigned, the repository and the reply mean nothing: neither is acted on.
  const { repository: _repository, reply: _reply, ...bare } = decoded;
  const relayed: RelayedEvent = signed ? decoded : bare;
  const header = (name: string): string | undefined => relayed.headers[name.toLowerCase()];
  let reportSecret: string | undefined;
  if (signed) {
    const result = await relayedSignatureScheme(provider.name).verify(
      relayed.body,
      header,
      settings.secrets,
      // The relay held the provider's timestamp to its replay window when the event arrived,
      // and the envelope signature below vouches for received_at, which max-age bounds: an event
      // a queue kept through a GitHub outage, or redelivered a day later, is fresh by that.
      { now: clock(), toleranceSeconds: Number.POSITIVE_INFINITY },
    );
    if (!result.valid) {
      const hint =
        result.reason === "missing-header"
          ? `was the ${provider.displayName} webhook created with signing enabled, and does the relay forward its signature?`
          : result.reason === "own-form"
            ? "it is a forgery built from a signature a relay made, not an event the provider sent."
            : `${HINT_SECRET}.`;
      throw new HookbridgeError(
        "BadSignature",
        `${provider.displayName} event refused, nothing was done: ${lowerFirst(result.message.replace(/\.$/, ""))}; ${hint}`,
      );
    }
    reportSecret = await checkEnvelopeSignature(relayed, provider, settings);
  } else {
    logger.warning(
      `allow-unsigned is on and no secret is set: this ${provider.displayName} event is NOT verified, and anyone who can send a repository_dispatch to this repository can make this workflow act. Set a secret as soon as the provider can sign.`,
    );
  }
  checkAge("received_at", Date.parse(relayed.receivedAt), settings, clock);
  let identified: IdentifiedEvent;
  try {
    identified = await provider.identify({
      body: relayed.body,
      contentType: contentTypeOf(relayed),
      // The relay keeps the event name and delivery id outside the signed headers; providers
      // that take them from headers (GitHub-signed, Deveo) find them here.
      header: (name) => header(name) ?? relayedHeader(relayed, name),
    });
  } catch (error) {
    if (!isHookbridgeError(error) || error.name !== "InvalidPayload") throw error;
    throw new HookbridgeError(
      "InvalidPayload",
      `The signed ${provider.displayName} ${relayed.event.slice(0, 60)} body is not what hookbridge expects (${error.message.replace(/\.$/, "")}); the signature holds, so ${provider.displayName} sent it this way: please report it with delivery id ${relayed.id.slice(0, 80)}.`,
      { cause: error },
    );
  }
  if (identified.event !== relayed.event) {
    throw new HookbridgeError(
      "InvalidPayload",
      `The envelope says "${relayed.event.slice(0, 60)}" but the signed body is a "${identified.event}" event, so the envelope was altered after the relay built it: send events through the relay unchanged.`,
    );
  }
  return {
    relayed,
    provider,
    event: identified.event,
    id: relayed.id,
    json: identified.json,
    parsed: identified.parsed,
    signed,
    reportSecret,
  };
}

/**
 * The dispatch's `event_type` picks which workflows run (`types: [...]`), yet GitHub lets anyone
 * who may dispatch choose it freely, and it is not signed. A verified envelope under another
 * event type would make a workflow meant for one event act on another, so they must agree.
 */
export function checkDispatchedAs(dispatchedAs: string | undefined, verified: VerifiedEvent): void {
  if (dispatchedAs === undefined) return;
  const expected = `${verified.provider.name}.${verified.event}`;
  if (dispatchedAs === expected) return;
  throw new HookbridgeError(
    "InvalidPayload",
    `The repository_dispatch event type "${dispatchedAs.slice(0, 100)}" does not match the verified envelope's "${expected}", so it was not acted on: dispatch relayed events only through the relay, which names them ${verified.provider.name}.<event>.`,
  );
}
