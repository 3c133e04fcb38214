import { relayedSignatureScheme } from "../core/providers.ts";
import { code, escapeText, table, truncateMarkdown } from "./markdown.ts";
import type { ReceivedEvent, Report } from "./reaction-contract.ts";
import type { VerifiedEvent } from "./verify.ts";

/** A job summary may hold 1 MiB per step; far more than this ever needs. */
const SUMMARY_LIMIT = 512 * 1024;

/** The job summary: what arrived, what was done (with links), and how the step ends. */
export function renderSummary(
  verified: VerifiedEvent,
  received: ReceivedEvent,
  report: Report,
  outcome: string,
): string {
  const { relayed, provider } = verified;
  const signature = verified.signed
    ? `✅ verified (${relayedSignatureScheme(provider.name)
        .headers.map((header) => code(header, true))
        .join(", ")}), and the relay's signature of the envelope`
    : "⚠️ not verified: allow-unsigned is on and no secret is set";
  const arrived: string[][] = [
    ["Provider", escapeText(provider.displayName)],
    ["Event", code(verified.event, true)],
    ["Delivery", code(verified.id, true)],
    ["Received by the relay", escapeText(relayed.receivedAt)],
    ["Signature", signature],
    ...received.facts.map(([label, value]) => [escapeText(label), value]),
  ];
  const done = report.entries.map((entry) => [
    escapeText(entry.reaction),
    entry.target,
    entry.result,
  ]);
  for (const failure of report.failures)
    done.push([escapeText(failure.reaction), "", `❌ ${escapeText(failure.message)}`]);
  const lines = [`## hookbridge: ${received.title}`, "", table(["What arrived", ""], arrived), ""];
  lines.push("### What was done", "");
  lines.push(
    done.length > 0
      ? table(["Reaction", "Target", "Result"], done)
      : "Nothing to do for this event: outputs and this summary only.",
  );
  lines.push("", outcome, "");
  return truncateMarkdown(lines.join("\n"), SUMMARY_LIMIT);
}

/** The summary of a delivery that was refused: the reason only, nothing from the body. */
export function renderRejection(message: string): string {
  return ["## hookbridge: event refused", "", `❌ ${escapeText(message)}`, ""].join("\n");
}
