import { parseRfc3339 } from "../../core/providers.ts";
import { isRecord } from "../../core/schemas/common.ts";
import {
  type DejacodeEvent,
  type DejacodeEventName,
  type DejacodeRequest,
  type DejacodeRequestComment,
  dejacodeEvents,
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

// `Object.fromEntries` defines own properties, so a key such as "__proto__" stays a plain key.
function split(json: unknown): { own: Record<string, unknown>; extra: Record<string, unknown> } {
  const entries = isRecord(json) ? Object.entries(json) : [];
  return {
    own: Object.fromEntries(entries.filter(([key]) => OWN_KEYS.has(key))),
    extra: Object.fromEntries(entries.filter(([key]) => !OWN_KEYS.has(key))),
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
  context.report.record({
    reaction: "Issue",
    target: code(request.uuid, true),
    result: "skipped: the request is private in DejaCode, so it is not copied into the repository",
  });
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

function vulnerabilityEvent(text: string, extra: Record<string, unknown>): ReceivedEvent {
  const firstLine = text.split("\n").find((line) => line.trim()) ?? "";
  return {
    title: "DejaCode vulnerability data update",
    outputs: { object: JSON.stringify({ text }) },
    facts: [["Notification", escapeText(firstLine)], ...extraFacts(extra)],
    async react(context) {
      await context.attempt("Vulnerability issue", async () => {
        const { recordVulnerabilityUpdate } = await import("./vulnerability-issue.ts");
        await recordVulnerabilityUpdate(context, text);
      });
    },
    failures: () => [],
  };
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
  if (isEvent(body, event, "vulnerability.data_update"))
    return vulnerabilityEvent(body.text, extra);
  return otherEvent(event.event, split(event.json).own, extra);
}

export const reactions: ProviderReactions = {
  receive(event) {
    const { extra } = split(event.json);
    const received = describe(event, extra);
    return { ...received, outputs: { ...received.outputs, extra: JSON.stringify(extra) } };
  },
};
