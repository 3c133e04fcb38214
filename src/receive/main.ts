import { describeError, HookbridgeError, isHookbridgeError } from "../core/errors.ts";
import type { Connection } from "../http-client/http-connection.ts";
import { type ActionsCore, commandSafeCore, runnerCore } from "../runner/actions-core.ts";
import { receiveEnvelope } from "./batch.ts";
import { OUTPUT } from "./constants.ts";
import type { GitHubClient, GitHubClientOptions } from "./github-client.ts";
import { describeGitHubError } from "./github-errors.ts";
import { readSettings, type Settings } from "./inputs.ts";
import type { Clock, Logger } from "./logger.ts";
import { emptyOutputs, eventOutputs, memberOutput } from "./outputs.ts";
import { type ReactionContext, type ReactionScope, Report } from "./reaction-contract.ts";
import { reactionsFor } from "./reactions.ts";
import type { Handled } from "./report-back.ts";
import { type RunnerContext, readEnvelope, runnerContext } from "./source.ts";
import { renderBatch, renderRejection, renderSummary, renderSuperseded } from "./summary.ts";
import type { VerifiedEvent } from "./verify.ts";
import type { Writer } from "./writer.ts";

/** Everything `run` touches outside its own code. */
export interface RunDeps {
  readonly core: ActionsCore;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Builds the REST client the reactions share; called at most once, and only if one reacts. */
  readonly createGitHubClient: (
    token: string,
    options: GitHubClientOptions,
  ) => Promise<GitHubClient>;
  readonly clock: Clock;
  /**
   * The connections a report to the relay goes over, opened only when a relay asked for one; the
   * action's own transport over `env`'s proxies unless told.
   */
  readonly openConnection?: () => Promise<Connection>;
}

export function defaultDeps(): RunDeps {
  return {
    core: runnerCore(process.env),
    env: process.env,
    // Loaded on demand: events that need no API calls (test.event) start without Octokit.
    createGitHubClient: async (token, options) =>
      (await import("./github-client.ts")).createGitHubClient(token, options),
    clock: Date.now,
  };
}

/** The relays that asked, and what to tell them; after every reaction, and never failing the job. */
async function sendReports(
  handled: readonly Handled[],
  runner: RunnerContext,
  deps: RunDeps,
  logger: Logger,
): Promise<void> {
  if (handled.length === 0) return;
  try {
    const { reportBack } = await import("./report-back.ts");
    const connection = deps.openConnection
      ? await deps.openConnection()
      : (await import("../http-client/http-connection.ts")).openConnection({
          insecureSsl: false,
          env: deps.env,
        });
    await reportBack(handled, runner, {
      connection: () => connection,
      clock: deps.clock,
      logger,
      env: deps.env,
    });
  } catch (error) {
    logger.warning(
      `The report to the relay could not be sent (${describeError(error)}); the job is not affected.`,
    );
  }
}

/** Where a verified event's relay asked for a report, if it did and the settings allow it. */
function replyOf(
  event: VerifiedEvent,
  settings: Settings,
): Pick<Handled, "reply" | "secret"> | undefined {
  const { reply } = event.relayed;
  if (!settings.report || reply === undefined || event.reportSecret === undefined) return undefined;
  return { reply, secret: event.reportSecret };
}

/** The step fails after reacting: a reaction failed, or `fail-on` asks for it. */
class StepFailure extends Error {
  override readonly name = "StepFailure";
}

function failureText(error: unknown): string {
  if (isHookbridgeError(error) || error instanceof StepFailure) return error.message;
  return (
    describeGitHubError(error) ??
    `hookbridge stopped on an unexpected error: ${describeError(error)} (please report it).`
  );
}

/** The GitHub client and the writer's identity: made once per run, shared by every event of a batch. */
interface SharedClients {
  github(): Promise<GitHubClient>;
  writer(): Promise<Writer>;
}

function sharedClients(
  deps: RunDeps,
  settings: Settings,
  runner: RunnerContext,
  logger: Logger,
): SharedClients {
  let client: Promise<GitHubClient> | undefined;
  let writer: Promise<Writer> | undefined;
  const shared: SharedClients = {
    github() {
      client ??= (async () => {
        if (!settings.githubToken) {
          throw new HookbridgeError(
            "ConfigError",
            "The github-token input is empty: leave it unset to use github.token, or pass a token that can write to this repository.",
          );
        }
        if (!runner.owner || !runner.repo) {
          throw new HookbridgeError(
            "ConfigError",
            "GITHUB_REPOSITORY is not set, so there is no repository to react in: run the action inside a GitHub Actions job.",
          );
        }
        return deps.createGitHubClient(settings.githubToken, {
          baseUrl: runner.apiUrl,
          logger,
          env: deps.env,
        });
      })();
      return client;
    },
    writer() {
      writer ??= (async () => {
        const { resolveWriter } = await import("./writer.ts");
        const resolved = await resolveWriter(await shared.github());
        logger.debug(
          `Comments and issues are taken for hookbridge's when written by ${resolved.description}.`,
        );
        return resolved;
      })();
      return writer;
    },
  };
  return shared;
}

function reactionContext(
  deps: RunDeps,
  shared: SharedClients,
  settings: Settings,
  runner: RunnerContext,
  event: VerifiedEvent,
  report: Report,
  logger: Logger,
): ReactionContext {
  return {
    settings,
    runner,
    event,
    report,
    logger,
    clock: deps.clock,
    github: () => shared.github(),
    writer: () => shared.writer(),
    async attempt(reaction, work) {
      try {
        await work();
      } catch (error) {
        const message = failureText(error);
        report.failures.push({ reaction, message });
        logger.info(`${reaction} failed: ${message}`);
        if (error instanceof Error && error.stack) logger.debug(error.stack);
      }
    },
  };
}

function reactionProblem(reports: readonly Report[]): StepFailure {
  const [first, ...rest] = reports.flatMap((report) => report.failures);
  const more = rest.length > 0 ? ` (and ${rest.length} more; see the job summary)` : "";
  return new StepFailure(
    `${first?.reaction ?? "A reaction"} failed: ${first?.message ?? "unknown error"}${more}`,
  );
}

/**
 * Appends to the job summary. Outside a runner (a local run, `@github/local-action`) there is no
 * summary file, and the log already says everything the summary would: the run goes on without it.
 */
async function appendSummary(
  core: ActionsCore,
  text: string,
  env: RunDeps["env"],
  logger: Logger,
): Promise<void> {
  try {
    await core.summary.addRaw(text).write();
  } catch (error) {
    const why = `No job summary written: ${describeError(error)}`;
    // A runner gives every step a summary file: one it cannot write to is worth a warning.
    if (env.GITHUB_STEP_SUMMARY) logger.warning(why);
    else logger.debug(why);
  }
}

/**
 * Verifies the relayed event, sets the outputs, reacts, writes the summary, and applies fail-on
 * last, so everything the event should produce exists even when the step fails. The one place
 * errors end up.
 */
export async function run(deps: RunDeps = defaultDeps()): Promise<void> {
  const core = commandSafeCore(deps.core);
  const logger: Logger = { debug: core.debug, info: core.info, warning: core.warning };
  const { env, clock } = deps;
  let writeSummary = true;
  let summaryWritten = false;
  try {
    const settings = readSettings((name) => core.getInput(name));
    writeSummary = settings.summary;
    for (const secret of settings.secrets) core.setSecret(secret);
    if (settings.githubToken) core.setSecret(settings.githubToken);
    const runner = runnerContext(env);
    const { envelope, dispatchedAs } = await readEnvelope(settings, runner);
    const { batch, members } = await receiveEnvelope(
      envelope,
      dispatchedAs,
      settings,
      clock,
      logger,
    );
    const shared = sharedClients(deps, settings, runner, logger);
    const scope: ReactionScope = { settings, runner };
    const sections: string[] = [];
    const refusals: string[] = [];
    const failed: Report[] = [];
    const reasons: string[] = [];
    const handled: Handled[] = [];
    let outputs: Record<string, string> | undefined;
    const of = batch ? ` (${members.length} in this batch)` : "";
    for (const member of members) {
      const where = batch ? `Event ${member.position} of ${members.length}` : "The event";
      if (member.kind === "refused") {
        logger.info(`${where} was refused: ${member.message}`);
        refusals.push(batch ? `${where}: ${member.message}` : member.message);
        sections.push(renderRejection(member.message, batch ? where : undefined));
        continue;
      }
      const verified = member.event;
      if (member.kind === "superseded") {
        logger.info(
          `${where}, ${verified.provider.displayName} ${verified.event} (delivery ${verified.id}), is an older state of an object a later event of the batch updates: only the newest is acted on.`,
        );
        sections.push(renderSuperseded(verified, member.by, where));
        const asked = replyOf(verified, settings);
        if (asked) handled.push({ ...asked, conclusion: "superseded", report: undefined });
        continue;
      }
      logger.info(
        `Verified ${verified.provider.displayName} ${verified.event} (delivery ${verified.id})${of}.`,
      );
      const received = (await reactionsFor(verified.provider.name)).receive(verified, scope);
      // The single-event outputs describe the last event acted on.
      outputs = eventOutputs(verified, received);
      const report = new Report();
      await received.react(
        reactionContext(deps, shared, settings, runner, verified, report, logger),
      );
      for (const entry of report.entries) logger.info(`${entry.reaction}: ${entry.result}`);
      if (report.failures.length > 0) failed.push(report);
      const met = received.failures(settings.failOn);
      reasons.push(...met);
      const outcome =
        report.failures.length > 0
          ? "❌ Some reactions failed; the step fails."
          : met.length > 0
            ? `❌ The step fails as fail-on asks: ${met.length === 1 ? "one condition is" : `${met.length} conditions are`} met.`
            : "✅ Done.";
      sections.push(renderSummary(verified, received, report, outcome));
      const asked = replyOf(verified, settings);
      if (asked) {
        const conclusion = report.failures.length > 0 || met.length > 0 ? "failure" : "success";
        handled.push({ ...asked, conclusion, report });
      }
    }
    for (const [name, value] of Object.entries(outputs ?? emptyOutputs()))
      core.setOutput(name, value);
    core.setOutput(OUTPUT.events, JSON.stringify(members.map(memberOutput)));

    const problem = failed.length > 0 ? reactionProblem(failed) : undefined;
    const refused =
      refusals.length > 0
        ? new StepFailure(
            `${refusals[0]}${refusals.length > 1 ? ` (and ${refusals.length - 1} more; see the job summary)` : ""}`,
          )
        : undefined;
    const failOn =
      reasons.length > 0
        ? new StepFailure(
            `The step fails as fail-on asks: ${reasons.join("; ")}. Set fail-on: never to report without failing.`,
          )
        : undefined;
    if (settings.summary) {
      summaryWritten = true;
      await appendSummary(
        core,
        batch ? renderBatch(members.length, sections) : sections.join("\n"),
        env,
        logger,
      );
    }
    await sendReports(handled, runner, deps, logger);
    if (refused) throw refused;
    if (problem) throw problem;
    if (failOn) throw failOn;
  } catch (error) {
    const message = failureText(error);
    if (error instanceof Error && error.stack && !isHookbridgeError(error))
      logger.debug(error.stack);
    if (writeSummary && !summaryWritten)
      await appendSummary(core, renderRejection(message), env, logger);
    core.setFailed(message);
  }
}
