import * as z from "zod/mini";
import {
  type Built,
  type EventOf,
  type EventSchemas,
  isRecord,
  lazyObject,
  lazyRecord,
  openEnum,
  stringField,
} from "./common.ts";

// Request and comment fields follow DejaCode's REST serializers, which its webhooks reuse. A
// webhook's "extra payload" is merged into the top level, so every object stays loose.

export const DejacodeHook = z.looseObject({
  uuid: z.string(),
  event: z.string(),
  target: z.string(),
});
export type DejacodeHook = z.infer<typeof DejacodeHook>;

export const dejacodeRequestCommentSchema = lazyObject(() => ({
  uuid: z.string(),
  user: z.string(),
  text: z.string(),
  created_date: z.string(),
  last_modified_date: z.string(),
}));
export type DejacodeRequestComment = Built<typeof dejacodeRequestCommentSchema>;

// Nullable fields: the serializer declares them `allow_null` (or the model column is nullable),
// even where the published sample happens to carry a value.
export const dejacodeRequestSchema = lazyObject(() => ({
  api_url: z.string(),
  absolute_url: z.string(),
  uuid: z.string(),
  title: z.string(),
  request_template: z.string(),
  request_template_name: z.string(),
  status: openEnum(["open", "closed", "draft"]),
  priority: z.nullable(z.string()),
  assignee: z.nullable(z.string()),
  product_context: z.nullable(z.string()),
  notes: z.string(),
  serialized_data: z.record(z.string(), z.unknown()),
  is_private: z.boolean(),
  requester: z.string(),
  content_type: z.string(),
  content_object: z.nullable(z.string()),
  content_object_display_name: z.nullable(z.string()),
  cc_emails: z.nullable(z.array(z.string())),
  last_modified_by: z.nullable(z.string()),
  created_date: z.string(),
  last_modified_date: z.string(),
  comments: z.array(dejacodeRequestCommentSchema()),
}));
export type DejacodeRequest = Built<typeof dejacodeRequestSchema>;

/** Request events: webhook metadata plus the serialized object. */
export const DejacodeStructuredPayload = z.looseObject({
  hook: DejacodeHook,
  data: z.looseObject({}),
});
export type DejacodeStructuredPayload = z.infer<typeof DejacodeStructuredPayload>;

/** Vulnerability (and policy) events: DejaCode sends only a human-readable summary. */
export const DejacodeTextPayload = z.looseObject({ text: z.string() });
export type DejacodeTextPayload = z.infer<typeof DejacodeTextPayload>;

export const dejacodeEnvelope = z.union([DejacodeStructuredPayload, DejacodeTextPayload]);
export type DejacodeEnvelope = z.infer<typeof dejacodeEnvelope>;

function structured<const E extends string, D extends z.ZodMiniType>(event: E, data: D) {
  return z.looseObject({ hook: z.extend(DejacodeHook, { event: z.literal(event) }), data });
}

// Built on first use, one event at a time (see lazyRecord).
export const dejacodeEvents = lazyRecord({
  "request.added": () => structured("request.added", dejacodeRequestSchema()),
  "request.updated": () => structured("request.updated", dejacodeRequestSchema()),
  "request_comment.added": () =>
    structured(
      "request_comment.added",
      z.extend(dejacodeRequestCommentSchema(), { request: dejacodeRequestSchema() }),
    ),
  "vulnerability.data_update": () => DejacodeTextPayload,
}) satisfies EventSchemas;

export type DejacodeEventName = keyof typeof dejacodeEvents;
export type DejacodeEvent<N extends DejacodeEventName = DejacodeEventName> = EventOf<
  typeof dejacodeEvents,
  N
>;

/**
 * `hook.event` for request events. Text-only payloads name no event; the caller has to know it
 * (for example from the webhook's configured extra payload or the relay URL).
 */
export function dejacodeEventName(body: unknown): string | undefined {
  return isRecord(body) && Object.hasOwn(body, "hook")
    ? stringField(body.hook, "event")
    : undefined;
}
