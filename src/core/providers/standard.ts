import { standardEnvelope, standardEventName, standardEvents } from "../schemas/standard.ts";
import { standardWebhooksKey, standardWebhooksScheme } from "../signatures/index.ts";
import { bodyDigest, defineProvider, OWN_NAMING_HEADERS, readEvent } from "./descriptor.ts";

export const standard = defineProvider({
  name: "standard",
  displayName: "Standard Webhooks",
  formats: ["json"],
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
    const read = readEvent(this, request, standardEventName, check);
    return { ...read, id: request.header("webhook-id") ?? (await bodyDigest(request.body)) };
  },
});
