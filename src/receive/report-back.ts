import { utf8 } from "../core/bytes.ts";
import type { Reply } from "../core/envelope.ts";
import {
  MAX_REPORTED_ACTIONS,
  type OutcomeReport,
  type ReportConclusion,
  type ReportedAction,
  signReport,
} from "../core/outcome-report.ts";
import type { Connection } from "../http-client/http-connection.ts";
import type { Clock, Logger } from "./logger.ts";
import type { Report, ReportEntry } from "./reaction-contract.ts";
import type { RunnerContext } from "./source.ts";

/** One event the run acted on (or passed over), and where its relay asked to hear about it. */
export interface Handled {
  readonly reply: Reply;
  /** The secret the envelope was signed with: the report is signed with it too. */
  readonly secret: string;
  readonly conclusion: ReportConclusion;
  readonly report: Report | undefined;
}

/** The relay gets this long to take a report; a job never waits longer on one. */
const REPORT_TIMEOUT_MS = 10_000;

/** A markdown link `[text](url)` as the summary's cells hold them, taken apart. */
const LINK = /^\[((?:\\.|[^\]\\])*)\]\((https?:\/\/[^()\s]+)\)$/;

/** Markdown escapes and the zero-width spaces that keep references from linking, undone. */
function plain(markdown: string): string {
  return markdown.replace(/\\(.)/g, "$1").replace(/\u200b/g, "");
}

function clipped(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A summary row as the relay shows it: plain text, and the thing's page when it links one. */
export function reportedAction(entry: ReportEntry): ReportedAction {
  const link = LINK.exec(entry.target);
  return {
    reaction: clipped(plain(entry.reaction), 100),
    target: clipped(plain(link?.[1] ?? entry.target), 500),
    result: clipped(plain(entry.result), 500),
    ...(link?.[2] && link[2].length <= 2000 ? { url: link[2] } : {}),
  };
}

/** The report about one delivery: the run that handled it, how it went and what it did. */
export function outcomeReport(
  handled: Handled,
  runner: RunnerContext,
  env: Readonly<Record<string, string | undefined>>,
): OutcomeReport | undefined {
  const runId = env.GITHUB_RUN_ID;
  if (!runId || !/^\d{1,20}$/.test(runId) || !runner.runUrl) return undefined;
  const attempt = env.GITHUB_RUN_ATTEMPT;
  const job = env.GITHUB_JOB;
  return {
    delivery: handled.reply.delivery,
    run: {
      id: runId,
      ...(attempt && /^\d{1,6}$/.test(attempt) ? { attempt } : {}),
      url: runner.runUrl,
      repository: `${runner.owner}/${runner.repo}`,
      ...(job ? { job: clipped(job, 200) } : {}),
    },
    conclusion: handled.conclusion,
    actions: (handled.report?.entries ?? []).slice(0, MAX_REPORTED_ACTIONS).map(reportedAction),
    failures: (handled.report?.failures ?? []).slice(0, MAX_REPORTED_ACTIONS).map((failure) => ({
      reaction: clipped(failure.reaction, 100),
      message: clipped(failure.message, 2000),
    })),
  };
}

export interface ReportBackDeps {
  readonly connection: () => Connection;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Tells each relay that asked what became of its delivery, one small signed POST each. A report
 * that cannot be sent is one warning line: the job's outcome never depends on it.
 */
export async function reportBack(
  handled: readonly Handled[],
  runner: RunnerContext,
  deps: ReportBackDeps,
): Promise<void> {
  if (handled.length === 0) return;
  const connection = deps.connection();
  try {
    for (const item of handled) {
      const report = outcomeReport(item, runner, deps.env);
      if (!report) {
        deps.logger.warning(
          "The relay asked for a report, but GITHUB_RUN_ID or GITHUB_REPOSITORY is not set, so none was sent: run the action inside a GitHub Actions job.",
        );
        return;
      }
      await send(item, report, connection, deps);
    }
  } finally {
    await connection.close();
  }
}

async function send(
  item: Handled,
  report: OutcomeReport,
  connection: Connection,
  deps: ReportBackDeps,
): Promise<void> {
  const url = new URL(`${item.reply.url}/${encodeURIComponent(item.reply.delivery)}`);
  const body = utf8(JSON.stringify(report));
  const where = `${url.protocol}//${url.host}`;
  try {
    const answer = await connection.dispatcher.request({
      origin: url.origin,
      path: url.pathname,
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "hookbridge-receive",
        ...(await signReport(item.reply.delivery, body, item.secret, deps.clock())),
      },
      body,
      signal: AbortSignal.timeout(REPORT_TIMEOUT_MS),
    });
    for await (const _ of answer.body);
    if (answer.statusCode >= 200 && answer.statusCode < 300) {
      deps.logger.info(`Reported the outcome (${report.conclusion}) to the relay at ${where}.`);
      return;
    }
    deps.logger.warning(
      `The relay at ${where} answered ${answer.statusCode} to this run's report, so its delivery log does not show this run; the job is not affected.`,
    );
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    deps.logger.warning(
      `The report to the relay at ${where} failed (${clipped(why, 200)}), so its delivery log does not show this run; the job is not affected.`,
    );
  }
}
