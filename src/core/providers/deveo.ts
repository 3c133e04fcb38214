import { deveoEnvelope, deveoEventName, deveoEvents } from "../schemas/deveo.ts";
import { deveoSignature } from "../signatures/index.ts";
import {
  defineProvider,
  identifiedBy,
  OWN_NAMING_HEADERS,
  pushRepository,
  readEvent,
  withRepository,
} from "./descriptor.ts";

export const deveo = defineProvider({
  namesRepository: "always",
  name: "deveo",
  displayName: "Deveo",
  formats: ["json", "form"],
  schemas: { envelope: deveoEnvelope, events: deveoEvents, eventName: deveoEventName },
  reactions: true,
  scheme: () => deveoSignature,
  async identify(request, check) {
    const read = readEvent(this, request, deveoEventName, check);
    const given = request.header(OWN_NAMING_HEADERS.delivery);
    // A Deveo-style sender may be anywhere, so only its URL says where the repository lives.
    return withRepository(
      await identifiedBy(read, given, request.body),
      pushRepository(read.json, false),
    );
  },
});
