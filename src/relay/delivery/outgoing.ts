import {
  dispatchEventType,
  type EncodedDispatch,
  encodeDispatchJson,
  MAX_CLIENT_PAYLOAD_BYTES,
  type Reply,
} from "../../core/envelope.ts";
import {
  ENVELOPE_SIGNATURE_HEADER,
  ENVELOPE_SIGNATURE_V2_HEADER,
  type EnvelopeVersion,
  SIGNATURE_SIZED,
  type Signed,
  signEnvelope,
} from "../../core/envelope-signature.ts";
import type { ProviderName } from "../../core/providers.ts";
import type { RelayConfig } from "../config.ts";
import type { Delivery } from "./sink.ts";

/** What is needed to dispatch a delivery, stored or not. */
export type Dispatchable = Pick<Delivery, "provider" | "event" | "id" | "body" | "headers"> &
  Partial<Pick<Delivery, "bodyText">>;

/** What the relay signs into an envelope besides the event: where it went, and where to report. */
export interface Addressing {
  /**
   * The GitHub repository the event is about (`aboutRepository`): the receive action acts only
   * there, rather than deciding again from the payload.
   */
  readonly repository?: string | undefined;
  /** Asked only for a delivery the relay keeps in its log, with HOOKBRIDGE_PUBLIC_URL set. */
  readonly reply?: Reply | undefined;
}

/** Makes the envelope's signatures: with the provider's secret, or stood in for to size it. */
type Signer = (envelope: Signed, version: EnvelopeVersion) => Promise<string> | string;

async function encode(
  delivery: Dispatchable,
  sign: Signer,
  now: number,
  addressing: Addressing,
): Promise<EncodedDispatch> {
  const envelope = {
    provider: delivery.provider,
    event: delivery.event,
    id: delivery.id,
    receivedAt: new Date(now).toISOString(),
    body: delivery.body,
    ...(addressing.repository === undefined ? {} : { repository: addressing.repository }),
    ...(addressing.reply === undefined ? {} : { reply: addressing.reply }),
  };
  const headers = { ...delivery.headers };
  headers[ENVELOPE_SIGNATURE_HEADER] = await sign(envelope, "v1");
  if (addressing.repository !== undefined || addressing.reply !== undefined)
    headers[ENVELOPE_SIGNATURE_V2_HEADER] = await sign(envelope, "v2");
  return encodeDispatchJson({ ...envelope, headers, bodyText: delivery.bodyText });
}

/**
 * The `repository_dispatch` for a delivery, with the envelope signed now: `received_at` is the
 * time of dispatch, so the receive action's max-age also holds for late dispatches and
 * redeliveries. With a repository or a reply, a second signature covers them too.
 */
export function encodeForGitHub(
  delivery: Dispatchable,
  secret: string,
  now: number,
  addressing: Addressing = {},
): Promise<EncodedDispatch> {
  return encode(
    delivery,
    (envelope, version) => signEnvelope(envelope, secret, version),
    now,
    addressing,
  );
}

/**
 * The same `repository_dispatch` with each signature stood in for by text of its length: as
 * large as the dispatch will be, to refuse at receipt what GitHub would refuse (too large even
 * compressed, a bad id) while the provider still hears it, without signing what is signed again
 * at dispatch. Throws that refusal.
 */
export function sizeForGitHub(
  delivery: Dispatchable,
  now: number,
  addressing: Addressing,
): Promise<EncodedDispatch> {
  return encode(delivery, () => SIGNATURE_SIZED, now, addressing);
}

/**
 * The most UTF-8 bytes `JSON.stringify` makes of one UTF-16 unit of a string: six, for a control
 * character (`\u001f`) or a lone surrogate (`\udc00`).
 */
const MOST_ESCAPED_BYTES = 6;
/**
 * More than a dispatch takes besides the text of its fields: its keys, quotes, colons, commas,
 * braces and the 24 characters of its timestamp (test/relay/queue-sink.test.ts measures them).
 */
export const DISPATCH_FRAME_BYTES = 512;
/** The signatures the dispatcher adds to the headers: their names and values, both made here. */
const SIGNATURE_UNITS =
  ENVELOPE_SIGNATURE_HEADER.length +
  ENVELOPE_SIGNATURE_V2_HEADER.length +
  2 * SIGNATURE_SIZED.length +
  2;

/**
 * The most bytes the `repository_dispatch` for `delivery` can take with its body as `bodyText`:
 * every character of every field, the body's included, escaped at its worst. Nothing is built,
 * serialised or signed to find it.
 */
export function mostDispatchBytes(
  delivery: Dispatchable,
  bodyText: string,
  addressing: Addressing,
): number {
  // The event type repeats the provider and the event, with a dot between them.
  let units = 2 * (delivery.provider.length + delivery.event.length) + 1 + delivery.id.length;
  // A header's punctuation (`"":"",`) is six bytes: one unit more.
  for (const [name, value] of Object.entries(delivery.headers))
    units += name.length + value.length + 1;
  units += SIGNATURE_UNITS + (addressing.repository?.length ?? 0);
  if (addressing.reply) units += addressing.reply.url.length + addressing.reply.delivery.length;
  return DISPATCH_FRAME_BYTES + MOST_ESCAPED_BYTES * (units + bodyText.length);
}

/**
 * Whether the `repository_dispatch` for a delivery fits GitHub's limit whatever JSON makes of
 * it; throws what GitHub would refuse at any size (a bad id, an event type too long). False
 * means only that the dispatch must be sized ({@link sizeForGitHub}). Most webhooks are a few
 * KiB against GitHub's 64 KiB, and building and serialising a dispatch only to count it was a
 * good part of the queue's work per delivery. A body without exact text is always sized, as it
 * may travel gzipped.
 */
export function plainlyFitsGitHub(delivery: Dispatchable, addressing: Addressing): boolean {
  dispatchEventType(delivery);
  const { bodyText } = delivery;
  return (
    bodyText !== undefined &&
    mostDispatchBytes(delivery, bodyText, addressing) < MAX_CLIENT_PAYLOAD_BYTES
  );
}

/** Where a delivery's report goes: `<HOOKBRIDGE_PUBLIC_URL>/reports`, with the relay's id for it. */
export function replyFor(
  config: Pick<RelayConfig, "publicUrl">,
  relayId: string | undefined,
): Reply | undefined {
  if (config.publicUrl === undefined || relayId === undefined) return undefined;
  return { url: `${config.publicUrl}/reports`, delivery: relayId };
}

/** The secret the envelope is signed with: the provider's first (current) one. */
export function envelopeSecret(config: RelayConfig, provider: ProviderName): string {
  const secret = config.secrets[provider]?.[0];
  if (secret === undefined) {
    throw new Error(`No secret for ${provider}, so its envelope cannot be signed.`);
  }
  return secret;
}
