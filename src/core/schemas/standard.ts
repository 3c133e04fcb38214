import * as z from "zod/mini";
import { rfc3339, typeField } from "./common.ts";

/** The payload shape the Standard Webhooks specification recommends. */
export const standardEnvelope = z.looseObject({
  type: z.string(),
  timestamp: rfc3339(),
  data: z.looseObject({}),
});
export type StandardEnvelope = z.infer<typeof standardEnvelope>;

// Event types are defined by whoever sends them, so no event has a schema of its own.
export const standardEvents: Record<string, z.ZodMiniType> = {};

export const standardEventName = typeField;
