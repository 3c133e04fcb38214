import { createHmac } from "node:crypto";
import { encodeDispatch } from "../../src/core/envelope.ts";
import { ENVELOPE_SIGNATURE_HEADER, signEnvelope } from "../../src/core/envelope-signature.ts";

export const RECEIVE_SECRET = "bench-receive-secret-0123456789";

/**
 * The `repository_dispatch` event the relay would cause for these DeepSource bytes: the
 * envelope in `client_payload`, signed as DeepSource signs, received now.
 */
export async function dispatchEvent(body: Uint8Array<ArrayBuffer>, repo: string): Promise<unknown> {
  const json = JSON.parse(new TextDecoder().decode(body)) as { id: string; type: string };
  const signature = createHmac("sha256", RECEIVE_SECRET).update(body).digest("hex");
  const relayed = {
    provider: "deepsource",
    event: json.type,
    id: json.id,
    receivedAt: new Date().toISOString(),
    body,
  };
  const { event_type, client_payload } = await encodeDispatch({
    ...relayed,
    headers: {
      "x-deepsource-signature": signature,
      // The relay's signature over the envelope's own fields, which the action requires.
      [ENVELOPE_SIGNATURE_HEADER]: await signEnvelope(relayed, RECEIVE_SECRET),
    },
  });
  const [owner = "", name = ""] = repo.split("/");
  return {
    action: event_type,
    client_payload,
    repository: { name, full_name: repo, owner: { login: owner } },
    sender: { login: "hookbridge-relay[bot]" },
  };
}
