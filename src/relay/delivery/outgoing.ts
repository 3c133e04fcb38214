import { type EncodedDispatch, encodeDispatchJson } from "../../core/envelope.ts";
import { ENVELOPE_SIGNATURE_HEADER, signEnvelope } from "../../core/envelope-signature.ts";
import type { ProviderName } from "../../core/providers.ts";
import type { RelayConfig } from "../config.ts";
import type { Delivery } from "./sink.ts";

/** What is needed to dispatch a delivery, stored or not. */
export type Dispatchable = Pick<Delivery, "provider" | "event" | "id" | "body" | "headers"> &
  Partial<Pick<Delivery, "bodyText">>;

/**
 * The `repository_dispatch` for a delivery, with the envelope signed now: `received_at` is the
 * time of dispatch, so the receive action's max-age also holds for late dispatches and
 * redeliveries.
 */
export async function encodeForGitHub(
  delivery: Dispatchable,
  secret: string,
  now: number,
): Promise<EncodedDispatch> {
  const envelope = {
    provider: delivery.provider,
    event: delivery.event,
    id: delivery.id,
    receivedAt: new Date(now).toISOString(),
    body: delivery.body,
  };
  const headers = { ...delivery.headers };
  headers[ENVELOPE_SIGNATURE_HEADER] = await signEnvelope(envelope, secret);
  return encodeDispatchJson({ ...envelope, headers, bodyText: delivery.bodyText });
}

/** The secret the envelope is signed with: the provider's first (current) one. */
export function envelopeSecret(config: RelayConfig, provider: ProviderName): string {
  const secret = config.secrets[provider]?.[0];
  if (secret === undefined) {
    throw new Error(`No secret for ${provider}, so its envelope cannot be signed.`);
  }
  return secret;
}
