import { parseRfc3339 } from "../../core/providers.ts";
import { isRecord, stringField } from "../../core/schemas/common.ts";
import {
  type DevrevEnvelope,
  type DevrevEvent,
  type DevrevWork,
  devrevEvents,
} from "../../core/schemas/devrev.ts";
import { code, escapeText } from "../markdown.ts";
import {
  type Facts,
  knownEvent,
  nothingToDo,
  type ProviderReactions,
  type ReceivedEvent,
} from "../reaction-contract.ts";
import type { VerifiedEvent } from "../verify.ts";
import { personName, typeName, workName } from "./format.ts";

/** Milliseconds since the epoch of an RFC 3339 time DevRev may have left out. */
function millis(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseRfc3339(value);
}

/**
 * When the news was current, in milliseconds: the work item's `modified_date`, which DevRev
 * gives so receivers can order its semi-ordered deliveries, else the event's own `timestamp`,
 * else (both are optional) the relay's receipt.
 */
function stampOf(modified: string | undefined, body: DevrevEnvelope, event: VerifiedEvent): number {
  return millis(modified) ?? millis(body.timestamp) ?? Date.parse(event.relayed.receivedAt);
}

function workFacts(work: DevrevWork): Facts {
  const facts: Facts = [
    ["Work item", `${code(workName(work), true)} ${escapeText(work.title)}`],
    ["Type", escapeText(typeName(work.type))],
  ];
  if (work.stage?.name) facts.push(["Stage", code(work.stage.name, true)]);
  if (work.priority) facts.push(["Priority", code(work.priority, true)]);
  if (work.severity) facts.push(["Severity", code(work.severity, true)]);
  const owners = work.owned_by.map((user) => escapeText(personName(user))).join(", ");
  if (owners) facts.push(["Owners", owners]);
  if (work.modified_date) facts.push(["Modified", escapeText(work.modified_date)]);
  return facts;
}

/**
 * A work event whose data DevRev left out (every event's data key is optional in its
 * description): outputs and the summary, and the mirror skipped, saying why.
 */
function withoutData(type: string, verb: string): ReceivedEvent {
  return {
    title: `DevRev work item ${verb}`,
    outputs: { object: "{}", status: verb },
    facts: [["Work item", "not named"]],
    async react(context) {
      context.report.skip(
        "Issue mirror",
        code(type, true),
        `DevRev sent no ${code(type, true)} data, so there is no work item to mirror`,
      );
    },
    failures: () => [],
  };
}

function workChanged(
  body: DevrevEvent<"work_created" | "work_updated">,
  work: DevrevWork | undefined,
  event: VerifiedEvent,
): ReceivedEvent {
  const verb = body.type === "work_created" ? "created" : "updated";
  if (!work) return withoutData(body.type, verb);
  const stamp = stampOf(work.modified_date, body, event);
  return {
    title: `DevRev work item ${code(workName(work))} ${verb}`,
    outputs: { object: JSON.stringify(work), status: work.stage?.name ?? verb },
    facts: workFacts(work),
    async react(context) {
      await context.attempt("Issue mirror", async () => {
        const { syncWork } = await import("./work-issue.ts");
        await syncWork(context, work, stamp);
      });
    },
    failures: () => [],
  };
}

function workDeleted(body: DevrevEvent<"work_deleted">, event: VerifiedEvent): ReceivedEvent {
  if (!body.work_deleted) return withoutData(body.type, "deleted");
  const { id, old_work: old } = body.work_deleted;
  const name = old ? workName(old) : id;
  // The deletion is newer than any edit: a late `work_updated` must not bring the issue back.
  const stamp = Math.max(millis(old?.modified_date) ?? 0, stampOf(undefined, body, event));
  const deletedAt = body.timestamp ?? event.relayed.receivedAt;
  return {
    title: `DevRev work item ${code(name)} deleted`,
    outputs: { object: JSON.stringify(old ?? { id }), status: "deleted" },
    facts: old ? workFacts(old) : [["Work item", code(id, true)]],
    async react(context) {
      await context.attempt("Issue mirror", async () => {
        const { closeDeletedWork } = await import("./work-issue.ts");
        await closeDeletedWork(context, id, name, deletedAt, stamp);
      });
    },
    failures: () => [],
  };
}

/** `part_created` → the `part`; `work_deleted` → `old_work`; whatever the event data holds. */
function mainObject(json: unknown, type: string): unknown {
  const data = isRecord(json) && Object.hasOwn(json, type) ? json[type] : undefined;
  if (!isRecord(data)) return json;
  const noun = type.replace(/_(?:created|updated|deleted|fetched)$/, "");
  for (const key of [noun, `old_${noun}`]) if (isRecord(data[key])) return data[key];
  return data;
}

/** Parts, conversations and every other DevRev object: outputs and a summary, nothing else. */
function otherEvent(type: string, json: unknown): ReceivedEvent {
  const object = mainObject(json, type);
  const verb = /_(created|updated|deleted)$/.exec(type)?.[1] ?? "";
  const stage = isRecord(object) ? stringField(object.stage, "name") : undefined;
  const name = stringField(object, "display_id") ?? stringField(object, "id");
  const label = stringField(object, "title") ?? stringField(object, "name");
  const facts: Facts = [];
  if (name || label)
    facts.push([
      "Object",
      [name ? code(name, true) : "", label ? escapeText(label) : ""].join(" ").trim(),
    ]);
  if (stage) facts.push(["Stage", code(stage, true)]);
  facts.push([
    "Note",
    "hookbridge mirrors DevRev work items as issues; this event sets the outputs and this summary only.",
  ]);
  return {
    title: `DevRev ${code(type)}`,
    outputs: { object: JSON.stringify(object), status: stage ?? verb },
    facts,
    ...nothingToDo,
  };
}

export const reactions: ProviderReactions = {
  receive(event) {
    const body = knownEvent(devrevEvents, event);
    switch (body?.type) {
      case "work_created":
        return workChanged(body, body.work_created?.work, event);
      case "work_updated":
        return workChanged(body, body.work_updated?.work, event);
      case "work_deleted":
        return workDeleted(body, event);
      default:
        return otherEvent(event.event, event.json);
    }
  },
};
