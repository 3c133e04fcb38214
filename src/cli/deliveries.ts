import { parseArgs } from "node:util";
import { HookbridgeError } from "../core/errors.ts";
import { callAdmin, relayBase } from "./admin-client.ts";
import { environment, type Io } from "./sign-verify.ts";

export const DELIVERIES_OPTIONS = {
  url: { type: "string" },
  status: { type: "string" },
  provider: { type: "string" },
  event: { type: "string" },
  since: { type: "string" },
  limit: { type: "string" },
  json: { type: "boolean" },
} as const;

export const REDELIVER_OPTIONS = {
  url: { type: "string" },
  failed: { type: "boolean" },
} as const;

/** One delivery as `GET /deliveries` lists it; only the fields the table shows are read. */
interface Listed {
  readonly id: string;
  readonly provider: string;
  readonly event: string;
  readonly status: string;
  readonly attempts: number;
  readonly received_at: string;
  readonly last_error: string | null;
  /** The workflow run that handled it and how that went, once it reported back. */
  readonly conclusion?: string | null;
  readonly run_url?: string | null;
}

/** A cell's text on one line: control characters (a payload's or GitHub's) become spaces. */
function cell(value: unknown, width?: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const flat = String(value ?? "").replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ");
  return width !== undefined && flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/**
 * JSON that still parses after the CLI's output neutralising: that escapes `##[` as `##\[`, which
 * is not a JSON escape, so it is written `##\u005b` first (the same text once parsed). JSON
 * escapes line breaks itself, and its lines never start with `::`.
 */
export function commandSafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replaceAll("##[", "##\\u005b");
}

/** `12s`, `5m`, `3h`, `2d`: how long ago `iso` was. */
export function age(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (Number.isNaN(seconds)) return "?";
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** The delivery log as a table a person reads: one line per delivery, newest first. */
export function deliveryTable(deliveries: readonly Listed[], now: number): string[] {
  const header = [
    "ID",
    "PROVIDER",
    "EVENT",
    "STATUS",
    "ATTEMPTS",
    "AGE",
    "OUTCOME",
    "RUN",
    "LAST ERROR",
  ];
  const rows = deliveries.map((delivery) => [
    cell(delivery.id, 40),
    cell(delivery.provider, 12),
    cell(delivery.event, 32),
    cell(delivery.status, 12),
    cell(delivery.attempts),
    age(delivery.received_at, now),
    cell(delivery.conclusion ?? "", 12),
    cell(delivery.run_url ?? "", 120),
    cell(delivery.last_error ?? "", 80),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  return [header, ...rows].map((row) =>
    row
      .map((value, column) =>
        column === row.length - 1 ? value : value.padEnd(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd(),
  );
}

/** `hookbridge deliveries`: the relay's delivery log, as a table or as JSON. */
export async function deliveries(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: DELIVERIES_OPTIONS });
  const base = relayBase(values.url);
  const query = new URLSearchParams();
  for (const name of ["status", "provider", "event", "since", "limit"] as const) {
    const value = values[name];
    if (value !== undefined) query.set(name, value);
  }
  const { data } = await callAdmin(base, `/deliveries${query.size ? `?${query}` : ""}`, {
    env: environment(io),
  });
  const page = data as { deliveries: Listed[]; next: string | null };
  if (values.json) {
    io.stdout(commandSafeJson(page));
    return 0;
  }
  if (page.deliveries.length === 0) {
    io.stdout("No deliveries match.");
    return 0;
  }
  for (const line of deliveryTable(page.deliveries, Date.now())) io.stdout(line);
  if (page.next !== null)
    io.stdout(
      `Older deliveries exist: narrow with --status, --provider, --event or --since, or raise --limit (at most 200).`,
    );
  return 0;
}

/** `hookbridge redeliver`: queues one delivery, or every failed one (a hundred per call), again. */
export async function redeliver(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: REDELIVER_OPTIONS,
    allowPositionals: true,
  });
  const base = relayBase(values.url);
  if (values.failed === true) {
    if (positionals.length > 0)
      throw new HookbridgeError("BadRequest", "Give either a delivery id or --failed, not both.");
    const { data } = await callAdmin(base, "/deliveries/redeliver?status=failed", {
      method: "POST",
      env: environment(io),
    });
    const answer = data as { redelivered: number; more: boolean };
    io.stdout(
      answer.redelivered === 0
        ? "No failed deliveries to send again."
        : `Queued ${answer.redelivered} failed ${answer.redelivered === 1 ? "delivery" : "deliveries"} again.`,
    );
    if (answer.more) io.stdout("More failed deliveries remain: run the command again.");
    return 0;
  }
  const [id, ...extra] = positionals;
  if (id === undefined || extra.length > 0)
    throw new HookbridgeError(
      "BadRequest",
      "Give one delivery id (from hookbridge deliveries), or --failed for every failed one.",
    );
  await callAdmin(base, `/deliveries/${encodeURIComponent(id)}/redeliver`, {
    method: "POST",
    env: environment(io),
  });
  io.stdout(`Delivery ${cell(id, 64)} is queued again; the relay dispatches it shortly.`);
  return 0;
}
