import { toBase64, utf8 } from "./bytes.ts";
import {
  type ClientPayload,
  type EncodedDispatch,
  inflateField,
  MAX_BODY_BYTES,
  MAX_CLIENT_PAYLOAD_BYTES,
} from "./envelope.ts";
import { HookbridgeError } from "./errors.ts";
import { gzip } from "./gzip.ts";

/**
 * A batch: several deliveries of one provider for one repository, dispatched as one
 * `repository_dispatch` so they cost one workflow run. Each member is the envelope it would have
 * been on its own (its own signed bytes, headers and envelope signature), so the receive action
 * verifies every member exactly as a single event; the members travel gzipped together, which
 * packs a commit's similar events far tighter than one by one.
 */
export interface BatchPayload {
  readonly provider: string;
  /** How many members `members_gzip` holds. */
  readonly batch: number;
  /** base64 of gzip of the JSON array of the members' envelopes, in order of receipt. */
  readonly members_gzip: string;
}

/** The `event_type` a batch of `provider`'s deliveries is dispatched under. */
export function batchEventType(provider: string): string {
  return `${provider}.batch`;
}

/** At most this many members in one batch: bounds the receive action's work and memory. */
export const MAX_BATCH_MEMBERS = 50;

/**
 * The most the members of one batch may inflate to in the receive action, before anything in it
 * is verified: a few events of a typical size each, far below the runner's memory.
 */
export const MAX_BATCH_BYTES = 4 * MAX_BODY_BYTES;

/** Whether a `client_payload` is a batch (as opposed to one envelope). */
export function isBatchPayload(payload: unknown): boolean {
  return (
    typeof payload === "object" &&
    payload !== null &&
    typeof (payload as { members_gzip?: unknown }).members_gzip === "string"
  );
}

/**
 * The dispatch for `members` (two or more, in order), or `undefined` when they do not fit in
 * one `client_payload` even compressed: the caller sends fewer.
 */
export async function encodeBatchJson(
  provider: string,
  members: readonly ClientPayload[],
): Promise<EncodedDispatch | undefined> {
  const packed = toBase64(await gzip(utf8(JSON.stringify(members))));
  const payload: BatchPayload = { provider, batch: members.length, members_gzip: packed };
  const request = { event_type: batchEventType(provider), client_payload: payload };
  const json = JSON.stringify(request);
  // Base64 and the JSON around it are ASCII: one byte a character.
  if (json.length - '{"event_type":"","client_payload":}'.length >= MAX_CLIENT_PAYLOAD_BYTES)
    return undefined;
  return {
    request: request as unknown as EncodedDispatch["request"],
    json,
    bytes: json.length,
  };
}

function invalid(problem: string): HookbridgeError {
  return new HookbridgeError(
    "InvalidPayload",
    `client_payload.${problem} (is this event from a hookbridge relay?).`,
  );
}

/**
 * The members of a batch `client_payload`, each still to be verified as an envelope of its own,
 * and the provider the batch names. Inflation is capped at {@link MAX_BATCH_BYTES}.
 */
export async function decodeBatch(
  payload: unknown,
): Promise<{ readonly provider: string; readonly members: readonly unknown[] }> {
  const value = payload as Partial<Record<keyof BatchPayload, unknown>>;
  if (typeof value.provider !== "string") throw invalid("provider: expected a string");
  if (value.provider.length === 0) throw invalid("provider: expected a non-empty string");
  if (typeof value.batch !== "number") throw invalid("batch: expected a number");
  const inflated = await inflateField(
    "members_gzip",
    typeof value.members_gzip === "string" ? value.members_gzip : "",
    MAX_BATCH_BYTES,
    () =>
      new HookbridgeError(
        "PayloadTooLarge",
        `client_payload.members_gzip inflates to more than ${MAX_BATCH_BYTES} bytes, so it was refused unread.`,
      ),
  );
  let members: unknown;
  try {
    members = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(inflated));
  } catch {
    throw invalid("members_gzip: does not hold JSON");
  }
  if (!Array.isArray(members) || members.length < 1 || members.length > MAX_BATCH_MEMBERS)
    throw invalid(`members_gzip: expected 1 to ${MAX_BATCH_MEMBERS} envelopes`);
  if (value.batch !== members.length) throw invalid("batch: does not count its members");
  return { provider: value.provider, members };
}
