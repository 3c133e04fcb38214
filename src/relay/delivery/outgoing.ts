import {
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

/** The most UTF-8 bytes `JSON.stringify` makes of one byte of text: a control character, `\u00XX`. */
const MOST_ESCAPED_BYTES = 6;
const NO_BODY = new Uint8Array(0);

/**
 * Throws what {@link sizeForGitHub} throws for this delivery (a bad id, an event type too long,
 * too large even compressed), without building the whole dispatch when its size is not in
 * question: the dispatch without the body, plus the most the body's text can take once escaped,
 * still fits GitHub's limit. Most webhooks are a few KiB against GitHub's 64 KiB, and serialising
 * the body only to count it was a good part of the queue's work per delivery.
 */
export async function checkFitsGitHub(
  delivery: Dispatchable,
  now: number,
  addressing: Addressing,
): Promise<void> {
  if (delivery.bodyText !== undefined) {
    const bare = await sizeForGitHub({ ...delivery, body: NO_BODY, bodyText: "" }, now, addressing);
    const most = bare.bytes + MOST_ESCAPED_BYTES * delivery.body.byteLength;
    if (most < MAX_CLIENT_PAYLOAD_BYTES) return;
  }
  await sizeForGitHub(delivery, now, addressing);
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
