import * as z from "zod/mini";
import {
  type Built,
  type EventOf,
  type EventSchemas,
  isRecord,
  lazyObject,
  lazyRecord,
  openEnum,
  rfc3339,
  typeField,
} from "./common.ts";

// Work objects follow DevRev's public OpenAPI description (the webhook payload reuses the REST
// objects). Only what hookbridge reads is required; everything else passes through.

export const devrevUserSummarySchema = lazyObject(() => ({
  id: z.string(),
  type: z.optional(openEnum(["dev_user", "rev_user", "sys_user", "service_account"])),
  display_id: z.optional(z.string()),
  display_name: z.optional(z.string()),
  full_name: z.optional(z.string()),
  email: z.optional(z.string()),
  state: z.optional(z.string()),
}));
export type DevrevUserSummary = Built<typeof devrevUserSummarySchema>;

export const devrevWorkSchema = lazyObject(() => ({
  id: z.string(),
  type: openEnum(["issue", "ticket", "task", "opportunity"]),
  title: z.string(),
  display_id: z.optional(z.string()),
  body: z.optional(z.string()),
  owned_by: z.array(devrevUserSummarySchema()),
  reported_by: z.optional(z.array(devrevUserSummarySchema())),
  created_by: z.optional(devrevUserSummarySchema()),
  modified_by: z.optional(devrevUserSummarySchema()),
  created_date: z.optional(rfc3339()),
  modified_date: z.optional(rfc3339()),
  stage: z.optional(z.looseObject({ name: z.string() })),
  // Issues and tasks use p0–p3; tickets carry `severity` instead.
  priority: z.optional(openEnum(["p0", "p1", "p2", "p3"])),
  severity: z.optional(openEnum(["low", "medium", "high", "blocker"])),
  applies_to_part: z.optional(z.looseObject({ id: z.string() })),
  tags: z.optional(
    z.array(
      z.looseObject({
        tag: z.looseObject({ id: z.string(), name: z.optional(z.string()) }),
        value: z.optional(z.string()),
      }),
    ),
  ),
}));
export type DevrevWork = Built<typeof devrevWorkSchema>;

const envelopeShape = z.looseObject({
  id: z.string(),
  webhook_id: z.string(),
  timestamp: rfc3339(),
  type: z.string(),
});

/** Every DevRev event carries its data under a key named after its `type`. */
export const devrevEnvelope = envelopeShape.check((ctx) => {
  const { type } = ctx.value;
  const payload = Object.hasOwn(ctx.value, type) ? ctx.value[type] : undefined;
  if (isRecord(payload)) return;
  ctx.issues.push({
    code: "custom",
    path: [type],
    message: `expected an object holding the ${JSON.stringify(type)} event data`,
    input: payload,
  });
});
export type DevrevEnvelope = z.infer<typeof devrevEnvelope>;

function event<const T extends string, S extends z.ZodMiniType>(type: T, data: S) {
  const shape = { type: z.literal(type), [type]: data } as { type: z.ZodMiniLiteral<T> } & {
    [K in T]: S;
  };
  return z.extend(envelopeShape, shape);
}

// Built on first use, one event at a time (see lazyRecord).
export const devrevEvents = lazyRecord({
  verify: () => event("verify", z.looseObject({ challenge: z.string() })),
  work_created: () => event("work_created", z.looseObject({ work: devrevWorkSchema() })),
  work_updated: () =>
    event(
      "work_updated",
      z.looseObject({ work: devrevWorkSchema(), old_work: z.optional(devrevWorkSchema()) }),
    ),
  work_deleted: () =>
    event(
      "work_deleted",
      z.looseObject({ id: z.string(), old_work: z.optional(devrevWorkSchema()) }),
    ),
}) satisfies EventSchemas;

export type DevrevEventName = keyof typeof devrevEvents;
export type DevrevEvent<N extends DevrevEventName = DevrevEventName> = EventOf<
  typeof devrevEvents,
  N
>;

export const devrevEventName = typeField;
