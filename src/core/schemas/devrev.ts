import * as z from "zod/mini";
import {
  type Built,
  type EventOf,
  type EventSchemas,
  lazyObject,
  lazyRecord,
  openEnum,
  rfc3339,
  typeField,
} from "./common.ts";

// The contract is DevRev's public OpenAPI description, `fern/apis/public/openapi-public.yaml` in
// devrev/fern-api-docs: `webhook-event-request` is the body, and its event data reuse the REST
// objects (`event-work-created`, `work`, `work-base`, `atom-base`, `user-summary`, …). A field
// that description marks required is required here, every other one optional; unknown fields
// pass through everywhere.

// `user-summary`: `type` and `id` required (atom-base-summary); the names optional. `type` is
// optional here as well: nothing reads it, and a person is still named by the rest.

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

// `work` (`issue` or `ticket`, by `type`): `work-base` requires `owned_by` and `title`, and
// `atom-base` requires `id`. `type` is required by `work`; `work-type` lists issue and ticket, and
// older work items were tasks and opportunities.
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
  // `legacy-stage`: `name` required.
  stage: z.optional(z.looseObject({ name: z.string() })),
  // `issue-priority` on issues, `ticket-severity` on tickets.
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

/**
 * `webhook-event-request` requires only `id` and `webhook_id`. Its `type` is optional there, but
 * it is how a body names its event, so a body without one is not an event hookbridge can read.
 * `timestamp` (`format: date-time`) is optional: without it the relay has no signed time to
 * apply its replay window to, and ordering falls back on the relay's receipt. The event's data
 * sits under the key its `type` names; every such key is optional in the description.
 */
export const devrevEnvelope = z.looseObject({
  id: z.string(),
  webhook_id: z.string(),
  timestamp: z.optional(rfc3339()),
  type: z.string(),
});
export type DevrevEnvelope = z.infer<typeof devrevEnvelope>;

function event<const T extends string, S extends z.ZodMiniType>(type: T, data: S) {
  const shape = { type: z.literal(type), [type]: data } as { type: z.ZodMiniLiteral<T> } & {
    [K in T]: S;
  };
  return z.extend(devrevEnvelope, shape);
}

// Built on first use, one event at a time (see lazyRecord).
export const devrevEvents = lazyRecord({
  // The handshake's `webhook-event-verify` requires `challenge`; a verify request is nothing
  // without it (the relay echoes it back), so here its data is required too.
  verify: () => event("verify", z.looseObject({ challenge: z.string() })),
  // `event-work-created` and `event-work-updated` require `work`; `event-work-deleted` requires
  // `id`; `old_work` is optional in both.
  work_created: () =>
    event("work_created", z.optional(z.looseObject({ work: devrevWorkSchema() }))),
  work_updated: () =>
    event(
      "work_updated",
      z.optional(
        z.looseObject({ work: devrevWorkSchema(), old_work: z.optional(devrevWorkSchema()) }),
      ),
    ),
  work_deleted: () =>
    event(
      "work_deleted",
      z.optional(z.looseObject({ id: z.string(), old_work: z.optional(devrevWorkSchema()) })),
    ),
}) satisfies EventSchemas;

export type DevrevEventName = keyof typeof devrevEvents;
export type DevrevEvent<N extends DevrevEventName = DevrevEventName> = EventOf<
  typeof devrevEvents,
  N
>;

export const devrevEventName = typeField;
