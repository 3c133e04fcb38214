import * as z from "zod";
import { isRecord, openEnum, rfc3339, stringField } from "./common.ts";

// Work objects follow DevRev's public OpenAPI description (the webhook payload reuses the REST
// objects). Only what hookbridge reads is required; everything else passes through.

export const DevrevUserSummary = z.looseObject({
  id: z.string(),
  type: openEnum(["dev_user", "rev_user", "sys_user", "service_account"]).optional(),
  display_id: z.string().optional(),
  display_name: z.string().optional(),
  full_name: z.string().optional(),
  email: z.string().optional(),
  state: z.string().optional(),
});
export type DevrevUserSummary = z.infer<typeof DevrevUserSummary>;

export const DevrevWork = z.looseObject({
  id: z.string(),
  type: openEnum(["issue", "ticket", "task", "opportunity"]),
  title: z.string(),
  display_id: z.string().optional(),
  body: z.string().optional(),
  owned_by: z.array(DevrevUserSummary),
  reported_by: z.array(DevrevUserSummary).optional(),
  created_by: DevrevUserSummary.optional(),
  modified_by: DevrevUserSummary.optional(),
  created_date: rfc3339().optional(),
  modified_date: rfc3339().optional(),
  stage: z.looseObject({ name: z.string() }).optional(),
  // Issues and tasks use p0–p3; tickets carry `severity` instead.
  priority: openEnum(["p0", "p1", "p2", "p3"]).optional(),
  severity: openEnum(["low", "medium", "high", "blocker"]).optional(),
  applies_to_part: z.looseObject({ id: z.string() }).optional(),
  tags: z
    .array(
      z.looseObject({
        tag: z.looseObject({ id: z.string(), name: z.string().optional() }),
        value: z.string().optional(),
      }),
    )
    .optional(),
});
export type DevrevWork = z.infer<typeof DevrevWork>;

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

function event<const T extends string, S extends z.ZodType>(type: T, data: S) {
  const shape = { type: z.literal(type), [type]: data } as { type: z.ZodLiteral<T> } & {
    [K in T]: S;
  };
  return envelopeShape.extend(shape);
}

export const devrevEvents = {
  verify: event("verify", z.looseObject({ challenge: z.string() })),
  work_created: event("work_created", z.looseObject({ work: DevrevWork })),
  work_updated: event(
    "work_updated",
    z.looseObject({ work: DevrevWork, old_work: DevrevWork.optional() }),
  ),
  work_deleted: event(
    "work_deleted",
    z.looseObject({ id: z.string(), old_work: DevrevWork.optional() }),
  ),
} satisfies Record<string, z.ZodType>;

export type DevrevEventName = keyof typeof devrevEvents;
export type DevrevEvent<N extends DevrevEventName = DevrevEventName> = z.infer<
  (typeof devrevEvents)[N]
>;

export function devrevEventName(body: unknown): string | undefined {
  return stringField(body, "type");
}
