import { HookbridgeError } from "../errors.ts";
import { githubEnvelope, githubEvents } from "../schemas/github.ts";
import { githubSignature } from "../signatures/index.ts";
import {
  defineProvider,
  identifiedBy,
  OWN_NAMING_HEADERS,
  parseBody,
  pushRepository,
  readEvent,
  withRepository,
} from "./descriptor.ts";

// GitHub's own headers, and hookbridge's accepted when they are absent.
const HEADERS = { event: "x-github-event", delivery: "x-github-delivery" } as const;

export const github = defineProvider({
  namesRepository: "always",
  name: "github",
  displayName: "GitHub-signed",
  formats: ["json", "form"],
  namingHeaders: HEADERS,
  schemas: { envelope: githubEnvelope, events: githubEvents },
  reactions: true,
  scheme: () => githubSignature,
  async identify(request, check) {
    const named = request.header(HEADERS.event) ?? request.header(OWN_NAMING_HEADERS.event);
    if (!named) {
      // An unreadable body is reported as such first.
      parseBody(this, request);
      throw new HookbridgeError(
        "InvalidPayload",
        "The X-GitHub-Event header is missing: GitHub-signed hooks name their event in it, so send it (or X-Hookbridge-Event) with the event's name.",
      );
    }
    const read = readEvent(this, request, () => named, check);
    // X-GitHub-Delivery is not signed: only the body is.
    const given = request.header(HEADERS.delivery) ?? request.header(OWN_NAMING_HEADERS.delivery);
    return withRepository(
      await identifiedBy(read, given, request.body),
      pushRepository(read.json, true),
    );
  },
});
