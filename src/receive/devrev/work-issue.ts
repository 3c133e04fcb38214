import type { DevrevUserSummary, DevrevWork } from "../../core/schemas/devrev.ts";
import { closeMirror, type MirrorKey, upsertMirror, valueLabel } from "../issue-mirror.ts";
import { code, escapeLines, escapeText } from "../markdown.ts";
import { marker } from "../markers.ts";
import type { ReactionContext } from "../reaction-contract.ts";
import { personName, typeName } from "./format.ts";

/** Every mirrored work item carries this label; it is also how they are found again. */
export const DEVREV_LABEL = "devrev";

// Labels hookbridge derives from a work item, replaced on every update; any other label a person
// adds to the issue stays.
const DERIVED_LABEL = /^devrev(?::|$)|^(?:stage|priority|severity):/i;

export function workKey(id: string): MirrorKey {
  return { label: DEVREV_LABEL, marker: marker("devrev-work", id) };
}

function people(users: readonly DevrevUserSummary[] | undefined): string {
  return (users ?? []).map((user) => escapeText(personName(user))).join(", ");
}

export function workLabels(work: DevrevWork): string[] {
  return [
    DEVREV_LABEL,
    valueLabel("devrev:", work.type),
    ...(work.stage?.name ? [valueLabel("stage:", work.stage.name)] : []),
    ...(work.priority ? [valueLabel("priority:", work.priority)] : []),
    ...(work.severity ? [valueLabel("severity:", work.severity)] : []),
  ];
}

export function workTitle(work: DevrevWork): string {
  return `DevRev ${work.display_id ? `${work.display_id}: ` : ""}${work.title}`;
}

function when(date: string | undefined, by: DevrevUserSummary | undefined): string | undefined {
  if (!date && !by) return undefined;
  return [date ? escapeText(date) : "", by ? `by ${escapeText(personName(by))}` : ""]
    .filter(Boolean)
    .join(" ");
}

/** "Storefront (PROD-1)": the part the work item applies to. */
function partName(work: DevrevWork): string | undefined {
  const part = work.applies_to_part;
  if (!part) return undefined;
  const name = typeof part.name === "string" ? part.name : undefined;
  const id = typeof part.display_id === "string" ? part.display_id : part.id;
  return name ? `${name} (${id})` : id;
}

/** The issue body (without markers): the work item's text escaped, its facts as a list. */
export function renderWorkBody(work: DevrevWork): string {
  const headline = [
    ...(work.display_id ? [code(work.display_id)] : []),
    escapeText(typeName(work.type)),
    ...(work.stage?.name ? [`stage ${code(work.stage.name)}`] : []),
    ...(work.priority ? [`priority ${code(work.priority.toUpperCase())}`] : []),
    ...(work.severity ? [`severity ${code(work.severity)}`] : []),
  ];
  const part = partName(work);
  const tags = (work.tags ?? []).map(({ tag }) => tag.name ?? tag.id);
  const facts: [string, string | undefined][] = [
    ["Owners", people(work.owned_by) || undefined],
    ["Reported by", people(work.reported_by) || undefined],
    ["Part", part ? escapeText(part) : undefined],
    ["Tags", tags.length > 0 ? tags.map((tag) => escapeText(tag)).join(", ") : undefined],
    ["Created", when(work.created_date, work.created_by)],
    ["Last modified", when(work.modified_date, work.modified_by)],
  ];
  const description = work.body?.trim() ? escapeLines(work.body) : "";
  return [
    `**${escapeText(work.title)}**`,
    "",
    headline.join(" · "),
    "",
    description || "_No description in DevRev._",
    "",
    ...facts.flatMap(([label, value]) => (value ? [`- **${label}:** ${value}`] : [])),
    "",
    `<sub>Mirrored by hookbridge from DevRev work item ${code(work.id)}: edits made here are replaced by the next DevRev update, and the issue is closed when the work item is deleted.</sub>`,
  ].join("\n");
}

/**
 * `work_created` and `work_updated`: one issue per work item, opened the first time either
 * arrives and edited by every newer one; DevRev's own labels (type, stage, priority, severity)
 * are replaced, others kept. `stamp` is the work item's `modified_date`.
 */
export async function syncWork(
  context: ReactionContext,
  work: DevrevWork,
  stamp: number,
): Promise<void> {
  await upsertMirror(context, workKey(work.id), {
    title: workTitle(work),
    body: renderWorkBody(work),
    labels: workLabels(work),
    manages: (label) => DERIVED_LABEL.test(label),
    stamp,
  });
}

/** `work_deleted`: a comment and the issue closed as not planned; nothing when never mirrored. */
export async function closeDeletedWork(
  context: ReactionContext,
  id: string,
  name: string,
  deletedAt: string,
  stamp: number,
): Promise<void> {
  const closed = await closeMirror(context, workKey(id), {
    stamp,
    reason: "not_planned",
    commentMarker: marker("devrev-deleted", id),
    comment: `The DevRev work item ${code(name)} was deleted (${escapeText(deletedAt)}). Closing.`,
  });
  if (!closed) {
    context.report.record({
      reaction: "Issue",
      target: code(name, true),
      result: "nothing to close: the work item was never mirrored",
    });
  }
}
