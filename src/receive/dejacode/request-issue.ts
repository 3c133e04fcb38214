import { isRecord } from "../../core/schemas/common.ts";
import type { DejacodeRequest, DejacodeRequestComment } from "../../core/schemas/dejacode.ts";
import {
  ensureComments,
  type MarkedComment,
  type MirrorKey,
  upsertMirror,
  valueLabel,
} from "../issue-mirror.ts";
import { code, escapeLines, escapeText } from "../markdown.ts";
import { marker } from "../markers.ts";
import type { ReactionContext } from "../reaction-contract.ts";

/** Every issue hookbridge opens for DejaCode carries this label; it is how they are found again. */
export const DEJACODE_LABEL = "dejacode";
const REQUEST_LABEL = "dejacode:request";

// Labels derived from a request, replaced on every update; other labels on the issue stay.
const DERIVED_LABEL = /^dejacode:request$|^priority:/i;

export function requestKey(uuid: string): MirrorKey {
  return { label: DEJACODE_LABEL, marker: marker("dejacode-request", uuid) };
}

/** Payload text as a block quote, every line escaped. */
export function quote(text: string): string {
  return escapeLines(text)
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
}

function formValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * The issue body (without markers). People are named as DejaCode names them, as escaped text:
 * a DejaCode username is not a GitHub login, so it must never become an @mention.
 */
export function renderRequestBody(request: DejacodeRequest): string {
  const facts: [string, string][] = [
    ["Status", code(request.status)],
    ["Priority", request.priority ? escapeText(request.priority) : "none"],
    ["Assignee", request.assignee ? escapeText(request.assignee) : "unassigned"],
    ["Requester", escapeText(request.requester)],
    ["Template", escapeText(request.request_template_name)],
  ];
  if (request.product_context) facts.push(["Product", escapeText(request.product_context)]);
  if (request.content_object_display_name) {
    facts.push([
      "Applies to",
      `${escapeText(request.content_object_display_name)} (${escapeText(request.content_type)})`,
    ]);
  }
  facts.push(["Created", escapeText(request.created_date)]);
  facts.push([
    "Last modified",
    `${escapeText(request.last_modified_date)}${request.last_modified_by ? ` by ${escapeText(request.last_modified_by)}` : ""}`,
  ]);
  facts.push(["In DejaCode", code(request.absolute_url)]);
  const lines = [
    `**${escapeText(request.title)}**`,
    "",
    ...facts.map(([label, value]) => `- **${label}:** ${value}`),
  ];
  if (request.notes.trim()) lines.push("", "**Notes**", "", quote(request.notes));
  // Any JSON value (see the schema); only an object's entries are a form's answers.
  const answers = isRecord(request.serialized_data) ? request.serialized_data : {};
  const form = Object.entries(answers).filter(([, value]) => formValue(value).trim() !== "");
  if (form.length > 0) {
    lines.push("", "**Form**", "");
    for (const [field, value] of form)
      lines.push(`- **${escapeText(field)}:** ${escapeText(formValue(value))}`);
  }
  lines.push(
    "",
    `<sub>Mirrored by hookbridge from DejaCode request ${code(request.uuid)}: edits made here are replaced by the next DejaCode update; the issue is closed while the request is closed.</sub>`,
  );
  return lines.join("\n");
}

export function renderComment(comment: DejacodeRequestComment): MarkedComment {
  return {
    marker: marker("dejacode-comment", comment.uuid),
    body: [
      `**${escapeText(comment.user)}** commented in DejaCode (${escapeText(comment.created_date)}):`,
      "",
      quote(comment.text),
    ].join("\n"),
  };
}

/**
 * One issue per request, kept in step with every newer update (title, body, priority label, and
 * closed while DejaCode says closed), plus one comment per request comment. Comments are added
 * whatever the order: DejaCode does not retry, so any event that carries a comment posts it.
 */
export async function syncRequest(
  context: ReactionContext,
  request: DejacodeRequest,
  stamp: number,
  more: readonly DejacodeRequestComment[] = [],
): Promise<void> {
  const { issue } = await upsertMirror(context, requestKey(request.uuid), {
    title: `DejaCode: ${request.title}`,
    body: renderRequestBody(request),
    labels: [
      REQUEST_LABEL,
      ...(request.priority ? [valueLabel("priority:", request.priority)] : []),
    ],
    manages: (label) => DERIVED_LABEL.test(label),
    stamp,
    state:
      request.status === "closed" ? { state: "closed", reason: "completed" } : { state: "open" },
  });
  const comments = new Map<string, DejacodeRequestComment>();
  for (const comment of [...request.comments, ...more]) comments.set(comment.uuid, comment);
  await ensureComments(context, issue, [...comments.values()].map(renderComment));
}
