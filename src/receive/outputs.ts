import type { Member } from "./batch.ts";
import { OUTPUT, type OutputName } from "./constants.ts";
import type { ReceivedEvent } from "./reaction-contract.ts";
import type { VerifiedEvent } from "./verify.ts";

/** Every declared output, empty: what a workflow sees when no event was acted on. */
export function emptyOutputs(): Record<OutputName, string> {
  return Object.fromEntries(Object.values(OUTPUT).map((name) => [name, ""])) as Record<
    OutputName,
    string
  >;
}

/**
 * One entry of the `events` output. A refused event says only its place in the batch: nothing
 * it carries was verified.
 */
export function memberOutput(member: Member): Record<string, string | number> {
  if (member.kind === "refused") return { position: member.position, result: "refused" };
  const { event } = member;
  return {
    position: member.position,
    provider: event.provider.name,
    event: event.event,
    id: event.id,
    result: member.kind === "superseded" ? "superseded" : "acted",
  };
}

/**
 * Every declared output, "" where the event has no such value, so a workflow can test an output
 * without first checking that it exists.
 */
export function eventOutputs(
  verified: VerifiedEvent,
  received: ReceivedEvent,
): Record<OutputName, string> {
  const outputs = emptyOutputs();
  Object.assign(outputs, received.outputs, {
    [OUTPUT.provider]: verified.provider.name,
    [OUTPUT.event]: verified.event,
    [OUTPUT.id]: verified.id,
  });
  return outputs;
}
