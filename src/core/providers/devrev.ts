import { devrevEnvelope, devrevEventName, devrevEvents } from "../schemas/devrev.ts";
import { devrevSignature } from "../signatures/index.ts";
import {
  bodyDigest,
  defineProvider,
  parseRfc3339,
  readEvent,
  textAt,
  versionAt,
} from "./descriptor.ts";

export const devrev = defineProvider({
  namesRepository: "never",
  name: "devrev",
  displayName: "DevRev",
  formats: ["json"],
  // DevRev aborts an invocation after 3 s.
  answerWithinMs: 2_500,
  bodyTimestamp: "timestamp",
  schemas: { envelope: devrevEnvelope, events: devrevEvents, eventName: devrevEventName },
  reactions: true,
  scheme: () => devrevSignature,
  async identify(request, check) {
    const read = readEvent(this, request, devrevEventName, check);
    const stamp = textAt(read.json, "timestamp");
    const timestamp = stamp === undefined ? undefined : parseRfc3339(stamp);
    return {
      ...read,
      id: textAt(read.json, "id") ?? (await bodyDigest(request.body)),
      ...(timestamp === undefined ? {} : { timestamp }),
    };
  },
  handshake(json) {
    const verify = (json as { type?: unknown; verify?: { challenge?: unknown } } | null) ?? {};
    if (verify.type !== "verify") return undefined;
    return { challenge: verify.verify?.challenge };
  },
  // A work item's update carries its whole state.
  coalesceKey({ event, json }) {
    if (event !== "work_updated") return undefined;
    const work = textAt(json, "work_updated", "work", "id");
    return work && `${this.name}\n${event}\n${work}`;
  },
  // DevRev delivers semi-ordered; the work item's modified_date says which state is newer.
  coalesceVersion: ({ json }) => versionAt(json, "work_updated", "work", "modified_date"),
});
