import { OUTPUT, type OutputName } from "./constants.ts";
import type { ReceivedEvent } from "./reaction-contract.ts";
import type { VerifiedEvent } from "./verify.ts";

/**
 * Every declared output, "" where the event has no such value, so a workflow can test an output
 * without first checking that it exists.
 */
export function eventOutputs(
  verified: VerifiedEvent,
  received: ReceivedEvent,
): Record<OutputName, string> {
  const outputs = Object.fromEntries(Object.values(OUTPUT).map((name) => [name, ""])) as Record<
    OutputName,
    string
  >;
  Object.assign(outputs, received.outputs, {
    [OUTPUT.provider]: verified.provider.name,
    [OUTPUT.event]: verified.event,
    [OUTPUT.id]: verified.id,
  });
  return outputs;
}
