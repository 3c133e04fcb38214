import { parseRfc3339 } from "../../core/providers.ts";
import { isRecord } from "../../core/schemas/common.ts";
import {
  type DejacodeEvent,
  type DejacodeEventName,
  type DejacodeRequest,
  type DejacodeRequestComment,
  type DejacodeUser,
  dejacodeEvents,
  dejacodeUserSchema,
} from "../../core/schemas/dejacode.ts";
import { code, escapeText } from "../markdown.ts";
import {
  type Facts,
  type KnownEvent,
  knownEvent,
  noReactionNote,
  type ProviderReactions,
  type ReactionContext,
  type ReceivedEvent,
  reportOnly,
} from "../reaction-contract.ts";
import type { VerifiedEvent } from "../verify.ts";

type Known = KnownEvent<typeof dejacodeEvents>;

/** Keys DejaCode itself sends; every other top-level key came from the webhook's "extra payload". */
const OWN_KEYS = new Set(["hook", "data", "text"]);

/** User events put the user's own fields at the top level too (dje/models.py `serialize_hook`). */
function ownKeys(event: string): ReadonlySet<string> {
  if (event !== "user.added_or_updated") return OWN_KEYS;
  return new Set([...OWN_KEYS, ...Object.keys(dejacodeUserSchema().shape)]);
}

// `Object.fromEntries` defines own properties, so a key such as "__proto__" stays a plain key.
function split(
  json: unknown,
  event: string,
): { own: Record<string, unknown>; extra: Record<string, unknown> } {
  const entries = isRecord(json) ? Object.entries(json) : [];
  const own = ownKeys(event);
  return {
    own: Object.fromEntries(entries.filter(([key]) => own.has(key))),
    extra: Object.fromEntries(entries.filter(([key]) => !own.has(key))),
  };
}

function extraFacts(extra: Record<string, unknown>): Facts {
  const keys = Object.keys(extra);
  return keys.length > 0 ? [["Extra payload", keys.map((key) => code(key, true)).join(", ")]] : [];
}

/** When the request was last changed, in milliseconds; the relay's receipt when unreadable. */
function stampOf(request: DejacodeRequest, event: VerifiedEvent): number {
  return parseRfc3339(request.last_modified_date) ?? Date.parse(event.relayed.receivedAt);
}

// A private request stays in DejaCode: the repository (and its job summaries) may be seen by
// people DejaCode does not show the request to, so neither its text nor its comments are copied.
function skipPrivate(context: ReactionContext, request: DejacodeRequest): boolean {
  if (!request.is_private) return false;
  context.report.skip(
    "Issue",
    code(request.uuid, true),
    "the request is private in DejaCode, so it is not copied into the repository",
  );
  return true;
}

function requestFacts(request: DejacodeRequest): Facts {
  if (request.is_private)
    return [["Request", `${code(request.uuid, true)} (private in DejaCode: not shown)`]];
  return [
    ["Request", `${escapeText(request.title)} (${code(request.uuid, true)})`],
    ["Status", code(request.status, true)],
    ["Priority", request.priority ? escapeText(request.priority) : "none"],
    ["Assignee", request.assignee ? escapeText(request.assignee) : "unassigned"],
  ];
}

function requestEvent(
  body: DejacodeEvent<"request.added" | "request.updated">,
  event: VerifiedEvent,
  extra: Record<string, unknown>,
): ReceivedEvent {
  const request = body.data;
  const verb = body.hook.event === "request.updated" ? "updated" : "added";
  return {
    title: `DejaCode request ${verb}`,
    outputs: { object: JSON.stringify(request), status: request.status },
    facts: [...requestFacts(request), ...extraFacts(extra)],
    async react(context) {
      if (skipPrivate(context, request)) return;
      await context.attempt("Issue mirror", async () => {
        const { syncRequest } = await import("./request-issue.ts");
        await syncRequest(context, request, stampOf(request, event));
      });
    },
    failures: () => [],
  };
}

function commentEvent(
  body: DejacodeEvent<"request_comment.added">,
  event: VerifiedEvent,
  extra: Record<string, unknown>,
): ReceivedEvent {
  const { request, ...fields } = body.data;
  const comment: DejacodeRequestComment = fields;
  const facts = requestFacts(request);
  if (!request.is_private) facts.push(["Comment by", escapeText(comment.user)]);
  return {
    title: "DejaCode request comment added",
    outputs: { object: JSON.stringify(body.data), status: request.status },
    facts: [...facts, ...extraFacts(extra)],
    async react(context) {
      if (skipPrivate(context, request)) return;
      await context.attempt("Issue mirror", async () => {
        const { syncRequest } = await import("./request-issue.ts");
        // The request comes with its comment, so a comment that arrives first opens the issue.
        await syncRequest(context, request, stampOf(request, event), [comment]);
      });
    },
    failures: () => [],
  };
}

/** The first line with text: a notification's subject. */
function firstLine(text: string): string {
  return text.split("\n").find((line) => line.trim()) ?? "";
}

function vulnerabilityEvent(text: string, extra: Record<string, unknown>): ReceivedEvent {
  return {
    title: "DejaCode vulnerability data update",
    outputs: { object: JSON.stringify({ text }) },
    facts: [["Notification", escapeText(firstLine(text))], ...extraFacts(extra)],
    async react(context) {
      await context.attempt("Vulnerability issue", async () => {
        const { recordVulnerabilityUpdate } = await import("./vulnerability-issue.ts");
        await recordVulnerabilityUpdate(context, text);
      });
    },
    failures: () => [],
  };
}

// Who a user event is about, by DejaCode username only: the rest (e-mail, logins, roles) stays in
// the `object` output, out of a summary the whole repository may read.
function userEvent(user: DejacodeUser, extra: Record<string, unknown>): ReceivedEvent {
  const { hook: _hook, ...fields } = user;
  return reportOnly("DejaCode user added or updated", { object: JSON.stringify(fields) }, [
    ["User", user.username ? escapeText(user.username) : "not named"],
    ...extraFacts(extra),
    noReactionNote("DejaCode event"),
  ]);
}

// The text names the username and where the attempt came from; only its subject line is shown.
function lockedOutEvent(text: string, extra: Record<string, unknown>): ReceivedEvent {
  return reportOnly("DejaCode user locked out", { object: JSON.stringify({ text }) }, [
    ["Notification", escapeText(firstLine(text))],
    ...extraFacts(extra),
    noReactionNote("DejaCode event"),
  ]);
}

function otherEvent(
  type: string,
  own: Record<string, unknown>,
  extra: Record<string, unknown>,
): ReceivedEvent {
  const object = own.data ?? own;
  const status = isRecord(object) && typeof object.status === "string" ? object.status : "";
  return reportOnly(`DejaCode ${code(type)}`, { object: JSON.stringify(object), status }, [
    ...extraFacts(extra),
    noReactionNote("DejaCode event"),
  ]);
}

/** Whether the body was validated as one of these events (`parse` used the event's schema). */
function isEvent<N extends DejacodeEventName>(
  body: Known | undefined,
  event: VerifiedEvent,
  ...names: N[]
): body is DejacodeEvent<N> {
  return body !== undefined && (names as string[]).includes(event.event);
}

function describe(event: VerifiedEvent, extra: Record<string, unknown>): ReceivedEvent {
  const body = knownEvent(dejacodeEvents, event);
  if (isEvent(body, event, "request.added", "request.updated"))
    return requestEvent(body, event, extra);
  if (isEvent(body, event, "request_comment.added")) return commentEvent(body, event, extra);
  if (isEvent(body, event, "user.added_or_updated")) return userEvent(body, extra);
  if (isEvent(body, event, "vulnerability.data_update", "user.locked_out")) {
    return event.event === "user.locked_out"
      ? lockedOutEvent(body.text, extra)
      : vulnerabilityEvent(body.text, extra);
  }
  return otherEvent(event.event, split(event.json, event.event).own, extra);
}

export const reactions: ProviderReactions = {
  receive(event) {
    const { extra } = split(event.json, event.event);
    const received = describe(event, extra);
    return { ...received, outputs: { ...received.outputs, extra: JSON.stringify(extra) } };
  },
};
