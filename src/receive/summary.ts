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

/**
 * The summary of a delivery that was refused: the reason only, nothing from the body. `where`
 * names its place in a batch.
 */
export function renderRejection(message: string, where?: string): string {
  const title = where ? `${escapeText(where)}: refused` : "event refused";
  return [`## hookbridge: ${title}`, "", `❌ ${escapeText(message)}`, ""].join("\n");
}

/** The summary of a batch member that a later member's newer state replaced. */
export function renderSuperseded(verified: VerifiedEvent, by: string, where: string): string {
  return [
    `## hookbridge: ${escapeText(where)}: superseded`,
    "",
    `${escapeText(verified.provider.displayName)} ${code(verified.event, true)} (delivery ${code(verified.id, true)}) is an older state of an object that delivery ${code(by, true)}, later in this batch, updates: only the newest state is acted on.`,
    "",
  ].join("\n");
}

/** A batch's summary: how many events arrived together, then one section for each. */
export function renderBatch(count: number, sections: readonly string[]): string {
  const intro = `# hookbridge: ${count} events in one run\n\nThe relay dispatched these together (a batch); each was verified on its own.\n\n`;
  return truncateMarkdown(`${intro}${sections.join("\n")}`, SUMMARY_LIMIT);
}
