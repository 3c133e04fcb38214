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

// The contract is DejaCode's own code (aboutcode-org/dejacode). `serialize_hook()` in
// workflow/models.py sends `{"hook": hook.dict(), "data": RequestSerializer(...).data}` for
// requests and comments; `hook.dict()` (notification/models.py) is `{uuid, event, target}`. Users
// (dje/models.py `serialize_hook`) put their fields at the top level beside `hook`, with no
// `data`. Vulnerability updates (vulnerabilities/fetch.py) and locked-out users
// (dje/notification.py) send `payload_override={"text": …}`: text only, no `hook`. The webhook's
// "extra payload" is merged into the top level (notification/tasks.py `payload.update`), so every
// object stays loose.

// notification/models.py `Webhook.dict()`.
export const DejacodeHook = z.looseObject({
  uuid: z.string(),
  event: z.string(),
  target: z.string(),
});
export type DejacodeHook = z.infer<typeof DejacodeHook>;

// workflow/api.py `RequestCommentSerializer`: uuid, user (a StringRelatedField of a required
// user), text and both dates (HistoryDateFieldsMixin, never null).
export const dejacodeRequestCommentSchema = lazyObject(() => ({
  uuid: z.string(),
  user: z.string(),
  text: z.string(),
  created_date: z.string(),
  last_modified_date: z.string(),
}));
export type DejacodeRequestComment = Built<typeof dejacodeRequestCommentSchema>;

// workflow/api.py `RequestSerializer`. A field is nullable where DRF emits null: a related field
// declared `allow_null` (priority, assignee, product_context, content_object), or a
// StringRelatedField whose source may be empty (content_object_display_name,
// last_modified_by: `LastModifiedByField` is `null=True` in dje/fields.py), or a model column
// `null=True` (cc_emails, an ArrayField). `serialized_data` is a `JSONCharField`: `json.loads` of
// the stored text, `{}` when that fails, so any JSON value.
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
  serialized_data: z.unknown(),
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

/**
 * A user's fields (dje/models.py `serialize_user_data`): each `str(value)`, and left out when
 * the value is None, so every one is optional.
 */
export const dejacodeUserSchema = lazyObject(() => ({
  hook: DejacodeHook,
  email: z.optional(z.string()),
  first_name: z.optional(z.string()),
  last_name: z.optional(z.string()),
  username: z.optional(z.string()),
  company: z.optional(z.string()),
  last_login: z.optional(z.string()),
  date_joined: z.optional(z.string()),
  last_api_access: z.optional(z.string()),
  last_active: z.optional(z.string()),
  is_superuser: z.optional(z.string()),
  is_staff: z.optional(z.string()),
  is_active: z.optional(z.string()),
  updates_email_notification: z.optional(z.string()),
  dataspace: z.optional(z.string()),
}));
export type DejacodeUser = Built<typeof dejacodeUserSchema>;

/** Request, comment and user events: the webhook's metadata, and then what it is about. */
export const DejacodeHookedPayload = z.looseObject({ hook: DejacodeHook });
export type DejacodeHookedPayload = z.infer<typeof DejacodeHookedPayload>;

/** `payload_override={"text": …}`: a human-readable summary and nothing else. */
export const DejacodeTextPayload = z.looseObject({ text: z.string() });
export type DejacodeTextPayload = z.infer<typeof DejacodeTextPayload>;

/** A body is DejaCode's when it carries the webhook's `hook`, or is a text-only notification. */
export const dejacodeEnvelope = z.union([DejacodeHookedPayload, DejacodeTextPayload]);
export type DejacodeEnvelope = z.infer<typeof dejacodeEnvelope>;

function structured<const E extends string, D extends z.ZodMiniType>(event: E, data: D) {
  return z.looseObject({ hook: z.extend(DejacodeHook, { event: z.literal(event) }), data });
}

// Built on first use, one event at a time (see lazyRecord). dejacode/settings.py `HOOK_EVENTS`
// lists every event DejaCode fires.
export const dejacodeEvents = lazyRecord({
  "request.added": () => structured("request.added", dejacodeRequestSchema()),
  "request.updated": () => structured("request.updated", dejacodeRequestSchema()),
  "request_comment.added": () =>
    structured(
      "request_comment.added",
      z.extend(dejacodeRequestCommentSchema(), { request: dejacodeRequestSchema() }),
    ),
  "user.added_or_updated": () =>
    z.extend(dejacodeUserSchema(), {
      hook: z.extend(DejacodeHook, { event: z.literal("user.added_or_updated") }),
    }),
  "user.locked_out": () => DejacodeTextPayload,
  "vulnerability.data_update": () => DejacodeTextPayload,
}) satisfies EventSchemas;

export type DejacodeEventName = keyof typeof dejacodeEvents;
export type DejacodeEvent<N extends DejacodeEventName = DejacodeEventName> = EventOf<
  typeof dejacodeEvents,
  N
>;

/**
 * `hook.event` for request, comment and user events. Text-only payloads name no event; the caller has to know it
 * (for example from the webhook's configured extra payload or the relay URL).
 */
export function dejacodeEventName(body: unknown): string | undefined {
  return isRecord(body) && Object.hasOwn(body, "hook")
    ? stringField(body.hook, "event")
    : undefined;
}
