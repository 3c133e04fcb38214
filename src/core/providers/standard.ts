import { standardEnvelope, standardEventName, standardEvents } from "../schemas/standard.ts";
import { standardWebhooksKey, standardWebhooksScheme } from "../signatures/index.ts";
import { bodyDigest, defineProvider, OWN_NAMING_HEADERS, readEvent } from "./descriptor.ts";

/**
 * The event of a payload without a `type` and without an X-Hookbridge-Event header: the spec
 * makes `type` a recommendation only, so such a payload is still a Standard Webhooks message.
 */
export const UNTYPED_STANDARD_EVENT = "webhook";

export const standard = defineProvider({
  namesRepository: "never",
  name: "standard",
  displayName: "Standard Webhooks",
  formats: ["json"],
  // "The payload should be JSON formatted for maximum compatibility, but other content types can
  // be used as well" (the specification's "Payload structure").
  anyBody: true,
  secretFormat: {
    valid: (secret) => standardWebhooksKey(secret) !== undefined,
    description: "a Standard Webhooks key, whsec_ followed by base64",
  },
  // The id travels in webhook-id, which the signature covers.
  namingHeaders: { event: OWN_NAMING_HEADERS.event },
  schemas: { envelope: standardEnvelope, events: standardEvents, eventName: standardEventName },
  reactions: false,
  scheme: () => standardWebhooksScheme,
  async identify(request, check) {
    // The body's `type` names the event, as the spec says; a payload without one (the emit
    // action's push hooks among them) is named by the sender's X-Hookbridge-Event header, and
    // failing that is a plain `webhook`.
    const read = readEvent(
      this,
      request,
      (json) =>
        standardEventName(json) ??
        request.header(OWN_NAMING_HEADERS.event) ??
        UNTYPED_STANDARD_EVENT,
      check,
    );
    return { ...read, id: request.header("webhook-id") ?? (await bodyDigest(request.body)) };
  },
});
