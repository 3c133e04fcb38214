import { type Handler, noContent, unprocessable } from "../replies.ts";

/**
 * The description encodes the 100-character `event_type` and the 10-key `client_payload`, but
 * the size cap ("less than 64KB") only in prose, so it is enforced here with GitHub's message.
 */
const MAX_CLIENT_PAYLOAD_BYTES = 65_535;

interface DispatchBody {
  event_type: string;
  client_payload?: Record<string, unknown>;
}

export const createDispatchEvent: Handler = (context) => {
  const body = context.body as DispatchBody;
  const size = Buffer.byteLength(JSON.stringify(body.client_payload ?? {}));
  if (size > MAX_CLIENT_PAYLOAD_BYTES) {
    return unprocessable(
      context.docsUrl,
      "client_payload is too large.",
      `client_payload is ${size} bytes of JSON; GitHub accepts less than 64 KB`,
    );
  }
  const repo = context.repo();
  repo.dispatches.push({
    id: context.state.nextId("dispatch"),
    event_type: body.event_type,
    client_payload: body.client_payload,
    received_at: context.state.timestamp(),
  });
  return noContent();
};
