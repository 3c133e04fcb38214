import { summary as summaryBuilder } from "@actions/core";
import type { DeliveryResult } from "./deliver.ts";

type SummaryTableRow = Parameters<typeof summaryBuilder.addTable>[0][number];

/** Output names exactly as `emit/action.yml` declares them. */
export const OUTPUT = {
  deliveryId: "delivery-id",
  status: "status",
  results: "results",
} as const;

/** One entry of the `results` output. */
export interface ResultEntry {
  readonly url: string;
  readonly ok: boolean;
  readonly status: number;
  readonly attempts: number;
  readonly ms: number;
  readonly body: string;
  readonly error: string | null;
}

/**
 * The URL as outputs show it: scheme, host and path only. User name, password, query and fragment
 * are where webhook URLs carry tokens (`https://TOKEN:x-oauth-basic@host`, `?token=…`), and
 * outputs are easily logged or passed on.
 */
export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = "";
  copy.password = "";
  copy.search = "";
  copy.hash = "";
  return copy.href;
}

export function resultEntries(results: readonly DeliveryResult[]): ResultEntry[] {
  return results.map((result) => ({
    url: redactUrl(result.url),
    ok: result.ok,
    status: result.status,
    attempts: result.attempts,
    ms: result.ms,
    body: result.body,
    error: result.error ?? null,
  }));
}

/** Every output of the step, as the strings `core.setOutput` writes. */
export function outputValues(
  deliveryId: string,
  results: readonly DeliveryResult[],
): Record<string, string> {
  return {
    [OUTPUT.deliveryId]: deliveryId,
    [OUTPUT.status]: String(results[0]?.status ?? 0),
    [OUTPUT.results]: JSON.stringify(resultEntries(results)),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * One log line per URL. Only the host is shown: webhook URLs often carry tokens in their path or
 * query, and step logs are readable by everyone who can read the repository.
 */
export function logLine(deliveryId: string, result: DeliveryResult): string {
  const status = result.status === 0 ? "no response" : `status ${result.status}`;
  const facts = `${status}, ${plural(result.attempts, "attempt")}, ${result.ms} ms, delivery ${deliveryId}`;
  return result.ok
    ? `${result.url.host}: delivered (${facts})`
    : `${result.url.host}: failed, ${result.error ?? "unknown error"} (${facts})`;
}

// The summary is HTML; an error text quoting a server could otherwise inject markup.
const html = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c,
  );

/** The job summary table; hosts only, for the same reason as the log. */
export function summaryRows(results: readonly DeliveryResult[]): SummaryTableRow[] {
  const header: SummaryTableRow = [
    { data: "#", header: true },
    { data: "Host", header: true },
    { data: "Status", header: true },
    { data: "Attempts", header: true },
    { data: "Time (ms)", header: true },
    { data: "Result", header: true },
  ];
  const rows = results.map(
    (result, index): SummaryTableRow => [
      String(index + 1),
      html(result.url.host),
      result.status === 0 ? "–" : String(result.status),
      String(result.attempts),
      String(result.ms),
      result.ok ? "✅ delivered" : `❌ ${html(result.error ?? "failed")}`,
    ],
  );
  return [header, ...rows];
}

/**
 * The job summary: a heading, the delivery id and the table, in `@actions/core`'s markup. Its
 * builder is one for the process, so it is emptied before and after: nothing else is in it
 * between the two, as no await comes between.
 */
export function summaryText(
  heading: string,
  deliveryId: string,
  results: readonly DeliveryResult[],
): string {
  const text = summaryBuilder
    .emptyBuffer()
    .addHeading(heading, 3)
    .addRaw(`Delivery <code>${deliveryId}</code>`, true)
    .addTable(summaryRows(results))
    .stringify();
  summaryBuilder.emptyBuffer();
  return text;
}

/** One sentence naming what failed, with the next step; undefined when everything was delivered. */
export function failureMessage(
  deliveryId: string,
  results: readonly DeliveryResult[],
): string | undefined {
  const failed = results.filter((result) => !result.ok);
  if (failed.length === 0) return undefined;
  const shown = failed
    .slice(0, 3)
    .map(
      (result) =>
        `${result.url.host} ${result.error ?? "failed"}${result.attempts > 1 ? ` after ${result.attempts} attempts` : ""}`,
    );
  const more = failed.length > shown.length ? `, and ${failed.length - shown.length} more` : "";
  const noun = results.length === 1 ? "delivery" : "deliveries";
  return `${failed.length} of ${results.length} ${noun} failed (${shown.join("; ")}${more}); check the receiver's log for delivery ${deliveryId}, or set fail-on-error: false to report failures as warnings.`;
}
