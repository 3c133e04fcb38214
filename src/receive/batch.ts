import { batchEventType, decodeBatch, isBatchPayload } from "../core/batch-envelope.ts";
import { describeError, HookbridgeError, isHookbridgeError } from "../core/errors.ts";
import type { Settings } from "./inputs.ts";
import type { Clock, Logger } from "./logger.ts";
import { checkDispatchedAs, type VerifiedEvent, verifyEnvelope } from "./verify.ts";

/** One event of a run: verified and to react to, superseded by a newer member, or refused. */
export type Member =
  | { readonly kind: "verified"; readonly position: number; readonly event: VerifiedEvent }
  | {
      readonly kind: "superseded";
      readonly position: number;
      readonly event: VerifiedEvent;
      /** The delivery id of the newer state that is acted on instead. */
      readonly by: string;
    }
  | { readonly kind: "refused"; readonly position: number; readonly message: string };

/** What a run received: one event (`batch` false), or a batch's members in order of receipt. */
export interface Received {
  readonly batch: boolean;
  readonly members: readonly Member[];
}

/**
 * The events in the envelope: one, verified (any failure is the run's), or each member of a
 * batch verified on its own, so one bad member refuses that member only. A batch is dispatched
 * as `<provider>.batch`, and every member must be that provider's.
 */
export async function receiveEnvelope(
  envelope: unknown,
  dispatchedAs: string | undefined,
  settings: Settings,
  clock: Clock,
  logger: Logger,
): Promise<Received> {
  if (!isBatchPayload(envelope)) {
    const event = await verifyEnvelope(envelope, settings, clock, logger);
    checkDispatchedAs(dispatchedAs, event);
    return { batch: false, members: [{ kind: "verified", position: 1, event }] };
  }
  const { provider, members } = await decodeBatch(envelope);
  if (dispatchedAs !== undefined && dispatchedAs !== batchEventType(provider)) {
    throw new HookbridgeError(
      "InvalidPayload",
      `The repository_dispatch event type "${dispatchedAs.slice(0, 100)}" does not match the batch's "${batchEventType(provider).slice(0, 100)}", so it was not acted on: dispatch relayed events only through the relay.`,
    );
  }
  const verified: Member[] = [];
  for (const [index, member] of members.entries()) {
    const position = index + 1;
    try {
      const event = await verifyEnvelope(member, settings, clock, logger);
      if (event.provider.name !== provider) {
        throw new HookbridgeError(
          "InvalidPayload",
          `A ${event.provider.displayName} event in a batch of ${provider.slice(0, 40)} events was not acted on: the relay batches one provider's events only.`,
        );
      }
      verified.push({ kind: "verified", position, event });
    } catch (error) {
      const message = isHookbridgeError(error) ? error.message : describeError(error);
      verified.push({ kind: "refused", position, message });
    }
  }
  return { batch: true, members: newestStates(verified) };
}

/**
 * Across a batch, only the newest state of each object is acted on (the descriptor's
 * `coalesceKey`, compared by `coalesceVersion`, later members winning a tie): an older one is
 * kept as superseded, shown in the summary, never acted on.
 */
function newestStates(members: readonly Member[]): Member[] {
  const newest = new Map<
    string,
    { readonly index: number; readonly version: number | undefined }
  >();
  const keys = members.map((member, index) => {
    if (member.kind !== "verified") return undefined;
    const { provider, event, json } = member.event;
    const key = provider.coalesceKey?.({ event, json });
    if (key === undefined) return undefined;
    const version = provider.coalesceVersion?.({ event, json });
    const held = newest.get(key);
    const newer =
      held === undefined ||
      held.version === undefined ||
      version === undefined ||
      version >= held.version;
    if (newer) newest.set(key, { index, version });
    return key;
  });
  return members.map((member, index) => {
    const key = keys[index];
    const winner = key === undefined ? undefined : newest.get(key);
    if (member.kind !== "verified" || winner === undefined || winner.index === index) return member;
    const by = members[winner.index];
    return {
      kind: "superseded",
      position: member.position,
      event: member.event,
      by: by?.kind === "verified" ? by.event.id : "",
    };
  });
}
