import { dejacodeEnvelope, dejacodeEventName, dejacodeEvents } from "../schemas/dejacode.ts";
import { custom, refuse } from "../settings.ts";
import {
  DEFAULT_TOKEN_HEADER,
  relayAttestationScheme,
  staticTokenScheme,
} from "../signatures/index.ts";
import {
  bodyDigest,
  defineProvider,
  OWN_NAMING_HEADERS,
  ownSettings,
  readEvent,
} from "./descriptor.ts";

/** The relay's settings only DejaCode reads. */
const DEJACODE_SETTINGS = {
  // The header of DejaCode's "extra headers" that carries the shared token.
  HOOKBRIDGE_DEJACODE_HEADER: custom({ default: DEFAULT_TOKEN_HEADER }, (value) =>
    /^[!#$%&'*+.^`|~\w-]+$/.test(value)
      ? value.toLowerCase()
      : refuse("must be a plain HTTP header name such as x-dejacode-token"),
  ),
};

export const dejacode = defineProvider({
  name: "dejacode",
  displayName: "DejaCode",
  formats: ["json"],
  minSecretLength: 16,
  schemas: { envelope: dejacodeEnvelope, events: dejacodeEvents, eventName: dejacodeEventName },
  reactions: true,
  scheme: (options) => staticTokenScheme(options?.tokenHeader),
  relaySettings: DEJACODE_SETTINGS,
  schemeOptions: (settings) => ({
    tokenHeader: ownSettings(DEJACODE_SETTINGS, settings).HOOKBRIDGE_DEJACODE_HEADER,
  }),
  namesRepository: "never",
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
