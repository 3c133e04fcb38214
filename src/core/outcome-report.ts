import * as z from "zod/mini";
import { fromHex, timingSafeEqual, toHex, utf8 } from "./bytes.ts";
import { hmac } from "./hmac.ts";
import { REPORT_SIGNED_LINE } from "./signatures/own-forms.ts";

/**
 * What the receive action tells the relay after acting on a delivery: which workflow run handled
 * it, how that went, and what it did. The relay keeps it with the delivery, so the delivery log
 * tells a delivery's whole story. Signed with the envelope's secret over the exact bytes sent.
 */
export interface OutcomeReport {
  /** The relay's id for the delivery, as the envelope's `reply.delivery` gave it. */
  readonly delivery: string;
  readonly run: {
    /** `GITHUB_RUN_ID`. */
    readonly id: string;
    /** `GITHUB_RUN_ATTEMPT`, when the runner says. */
    readonly attempt?: string | undefined;
    /** The run's page. */
    readonly url: string;
    /** `owner/repo` the run belongs to. */
    readonly repository: string;
    /** `GITHUB_JOB`: the job's id in the workflow. */
    readonly job?: string | undefined;
  };
  /** What became of the event in that step. */
  readonly conclusion: ReportConclusion;
  /** What it did, in order: check runs, comments, issues, labels, and skipped reactions. */
  readonly actions: readonly ReportedAction[];
  /** Reactions that failed, and why. */
  readonly failures: readonly { readonly reaction: string; readonly message: string }[];
}

/**
 * `success`: every reaction ran; `failure`: a reaction failed or `fail-on` failed the step;
 * `superseded`: a newer state of the same object in the same batch was acted on instead.
 */
export const REPORT_CONCLUSIONS = ["success", "failure", "superseded"] as const;
export type ReportConclusion = (typeof REPORT_CONCLUSIONS)[number];

export interface ReportedAction {
  /** "Check run", "Comment", "Issue", "Label", … */
  readonly reaction: string;
  /** What it was done to, as plain text. */
  readonly target: string;
  /** created, updated, unchanged, skipped: … */
  readonly result: string;
  /** The thing's page on GitHub, when it has one. */
  readonly url?: string | undefined;
}

export const REPORT_TIMESTAMP_HEADER = "x-hookbridge-report-timestamp";
export const REPORT_SIGNATURE_HEADER = "x-hookbridge-report-signature";
/** A report is small; anything larger is refused unread. */
export const MAX_REPORT_BYTES = 64 * 1024;
/** Entries kept of what a run did: a report stays small whatever the event did. */
export const MAX_REPORTED_ACTIONS = 100;
const PREFIX = "sha256=";

/** The signed bytes: a version line, the timestamp, the delivery, then the report's bytes. */
function content(delivery: string, timestamp: number, body: Uint8Array<ArrayBuffer>) {
  return [utf8(`${REPORT_SIGNED_LINE}v1\n${timestamp}\n${delivery}\n`), body];
}

/** The headers that sign `body`, a report about `delivery`, at `now` (milliseconds). */
export async function signReport(
  delivery: string,
  body: Uint8Array<ArrayBuffer>,
  secret: string,
  now: number,
): Promise<Record<string, string>> {
  const timestamp = Math.floor(now / 1000);
  const mac = await hmac("SHA-256", utf8(secret), content(delivery, timestamp, body));
  return {
    [REPORT_TIMESTAMP_HEADER]: String(timestamp),
    [REPORT_SIGNATURE_HEADER]: `${PREFIX}${toHex(mac)}`,
  };
}

export type ReportCheck =
  | { readonly valid: true; readonly timestamp: number }
  | { readonly valid: false; readonly reason: "unsigned" | "stale" | "mismatch" };

/**
 * Whether the headers sign `body` as a report about `delivery` under one of `secrets`, within
 * `toleranceSeconds` of `now`. Every secret is tried.
 */
export async function verifyReport(
  delivery: string,
  body: Uint8Array<ArrayBuffer>,
  header: (name: string) => string | null | undefined,
  secrets: readonly string[],
  options: { readonly now: number; readonly toleranceSeconds: number },
): Promise<ReportCheck> {
  const stamp = header(REPORT_TIMESTAMP_HEADER);
  const signature = header(REPORT_SIGNATURE_HEADER);
  if (!stamp || !signature) return { valid: false, reason: "unsigned" };
  const offered = signature.startsWith(PREFIX) ? fromHex(signature.slice(PREFIX.length)) : null;
  if (!/^\d{1,12}$/.test(stamp) || offered?.length !== 32)
    return { valid: false, reason: "mismatch" };
  const timestamp = Number(stamp);
  const data = content(delivery, timestamp, body);
  let matched = false;
  for (const secret of secrets)
    matched = timingSafeEqual(await hmac("SHA-256", utf8(secret), data), offered) || matched;
  if (!matched) return { valid: false, reason: "mismatch" };
  if (Math.abs(options.now / 1000 - timestamp) > options.toleranceSeconds)
    return { valid: false, reason: "stale" };
  return { valid: true, timestamp };
}

const line = (max: number) => z.string().check(z.maxLength(max));
const url = z.string().check(
  z.maxLength(2000),
  z.refine((text) => /^https?:\/\/[\x21-\x7e]+$/.test(text)),
);

/** The report's shape, as the relay reads a verified one: bounded strings and lists. */
export const OutcomeReportSchema = z.object({
  delivery: line(200),
  run: z.object({
    id: z.string().check(z.regex(/^\d{1,20}$/)),
    attempt: z.optional(z.string().check(z.regex(/^\d{1,6}$/))),
    url,
    repository: z.string().check(z.regex(/^[\w.-]{1,100}\/[\w.-]{1,100}$/)),
    job: z.optional(line(200)),
  }),
  conclusion: z.enum(REPORT_CONCLUSIONS),
  actions: z
    .array(
      z.object({
        reaction: line(100),
        target: line(500),
        result: line(500),
        url: z.optional(url),
      }),
    )
    .check(z.maxLength(MAX_REPORTED_ACTIONS)),
  failures: z
    .array(z.object({ reaction: line(100), message: line(2000) }))
    .check(z.maxLength(MAX_REPORTED_ACTIONS)),
});
