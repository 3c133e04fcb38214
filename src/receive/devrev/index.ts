import { parseRfc3339 } from "../../core/providers.ts";
import { isRecord, stringField } from "../../core/schemas/common.ts";
import { type DevrevEvent, type DevrevWork, devrevEvents } from "../../core/schemas/devrev.ts";
import { code, escapeText } from "../markdown.ts";
import {
  type Facts,
  knownEvent,
  nothingToDo,
  type ProviderReactions,
  type ReceivedEvent,
} from "../reaction-contract.ts";
import { personName, typeName, workName } from "./format.ts";

/**
 * When the news was current, in milliseconds: the work item's `modified_date`, which DevRev
 * gives so receivers can order its semi-ordered deliveries, else the event's own `timestamp`.
 */
function stampOf(modified: string | undefined, timestamp: string): number {
  return (
    (modified === undefined ? undefined : parseRfc3339(modified)) ?? parseRfc3339(timestamp) ?? 0
  );
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

function workChanged(
  body: DevrevEvent<"work_created" | "work_updated">,
  work: DevrevWork,
): ReceivedEvent {
  const verb = body.type === "work_created" ? "created" : "updated";
  const stamp = stampOf(work.modified_date, body.timestamp);
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

function workDeleted(body: DevrevEvent<"work_deleted">): ReceivedEvent {
  const { id, old_work: old } = body.work_deleted;
  const name = old ? workName(old) : id;
  // The deletion is newer than any edit: a late `work_updated` must not bring the issue back.
  const stamp = Math.max(
    parseRfc3339(old?.modified_date ?? "") ?? 0,
    parseRfc3339(body.timestamp) ?? 0,
  );
  return {
    title: `DevRev work item ${code(name)} deleted`,
    outputs: { object: JSON.stringify(old ?? { id }), status: "deleted" },
    facts: old ? workFacts(old) : [["Work item", code(id, true)]],
    async react(context) {
      await context.attempt("Issue mirror", async () => {
        const { closeDeletedWork } = await import("./work-issue.ts");
        await closeDeletedWork(context, id, name, body.timestamp, stamp);
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
        return workChanged(body, body.work_created.work);
      case "work_updated":
        return workChanged(body, body.work_updated.work);
      case "work_deleted":
        return workDeleted(body);
      default:
        return otherEvent(event.event, event.json);
    }
  },
};
