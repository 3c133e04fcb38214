import * as z from "zod/mini";
import { typeField } from "./common.ts";

/**
 * The Standard Webhooks specification (spec/standard-webhooks.md in standard-webhooks/
 * standard-webhooks, "Payload structure") "does not dictate the structure" of a payload; it
 * recommends `type` (the event, "e.g. user.created"), `timestamp` (when the event occurred) and
 * `data` (the event's data, which "can either be passed as part of the data property, or squashed
 * as part of the top-level object"). So any JSON object is a Standard Webhooks payload: `type`,
 * when present, is a string naming the event; `timestamp` is an RFC 3339 string in the spec's
 * example but it fixes no format, so a number is as good; `data` may be anything or left out.
 * Nor must the payload be an object: an array (a sender's batch) or any other JSON value is one
 * too, and so is a body that is not JSON at all (no JSON, `undefined` here), named by the
 * sender's X-Hookbridge-Event header or else `webhook`.
 */
export const standardEnvelope = z.union([
  z.looseObject({
    type: z.optional(z.string()),
    timestamp: z.optional(z.union([z.string(), z.number()])),
    data: z.optional(z.unknown()),
  }),
  z.array(z.unknown()),
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  // A body that is not JSON: the specification allows any content type.
  z.undefined(),
]);
export type StandardEnvelope = z.infer<typeof standardEnvelope>;

// Event types are defined by whoever sends them, so no event has a schema of its own.
export const standardEvents: Record<string, z.ZodMiniType> = {};

export const standardEventName = typeField;
