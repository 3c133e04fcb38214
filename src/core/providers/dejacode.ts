import { dejacodeEnvelope, dejacodeEventName, dejacodeEvents } from "../schemas/dejacode.ts";
import { relayAttestationScheme, staticTokenScheme } from "../signatures/index.ts";
import { bodyDigest, defineProvider, OWN_NAMING_HEADERS, readEvent } from "./descriptor.ts";

export const dejacode = defineProvider({
  name: "dejacode",
  displayName: "DejaCode",
  formats: ["json"],
  minSecretLength: 16,
  schemas: { envelope: dejacodeEnvelope, events: dejacodeEvents, eventName: dejacodeEventName },
  reactions: true,
  scheme: (options) => staticTokenScheme(options?.tokenHeader),
  relayedScheme: () => relayAttestationScheme,
  async identify(request, check) {
    // Text-only notifications (vulnerability updates, lock-outs) carry no event name; the webhook's
    // "extra headers" supply it instead.
    const read = readEvent(
      this,
      request,
      (json) => dejacodeEventName(json) ?? request.header(OWN_NAMING_HEADERS.event),
      check,
    );
    // DejaCode sends no delivery id and never retries: an id given in its extra headers is used,
    // otherwise identical bodies are separate notifications and are not deduplicated.
    const given = request.header(OWN_NAMING_HEADERS.delivery);
    return given
      ? { ...read, id: given }
      : { ...read, id: await bodyDigest(request.body), deduplicate: false };
  },
});
