import { describeError, HookbridgeError, isHookbridgeError } from "../core/errors.ts";
import { commandSafeCore, type ReceiveCore, runnerCommands } from "../runner/actions-core.ts";
import { FileJobSummary } from "../runner/job-summary.ts";
import type { GitHubClient, GitHubClientOptions } from "./github-client.ts";
import { describeGitHubError } from "./github-errors.ts";
import { readSettings, type Settings } from "./inputs.ts";
import type { Clock, Logger } from "./logger.ts";
import { eventOutputs } from "./outputs.ts";
import { type ReactionContext, type ReactionScope, Report } from "./reaction-contract.ts";
import { reactionsFor } from "./reactions.ts";
import { type RunnerContext, readEnvelope, runnerContext } from "./source.ts";
import { renderRejection, renderSummary } from "./summary.ts";
import { checkDispatchedAs, type VerifiedEvent, verifyEnvelope } from "./verify.ts";
import type { Writer } from "./writer.ts";

/** Everything `run` touches outside its own code. */
export interface RunDeps {
  readonly core: ReceiveCore;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Builds the REST client the reactions share; called at most once, and only if one reacts. */
  readonly createGitHubClient: (
    token: string,
    options: GitHubClientOptions,
  ) => Promise<GitHubClient>;
  readonly clock: Clock;
}

export function defaultDeps(): RunDeps {
  return {
    core: { ...runnerCommands(), summary: new FileJobSummary(process.env) },
    env: process.env,
    // Loaded on demand: events that need no API calls (test.event) start without Octokit.
    createGitHubClient: async (token, options) =>
      (await import("./github-client.ts")).createGitHubClient(token, options),
    clock: Date.now,
  };
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

function reactionContext(
  deps: RunDeps,
  settings: Settings,
  runner: RunnerContext,
  event: VerifiedEvent,
  report: Report,
  logger: Logger,
): ReactionContext {
  const { clock } = deps;
  let client: Promise<GitHubClient> | undefined;
  let writer: Promise<Writer> | undefined;
  return {
    settings,
    runner,
    event,
    report,
    logger,
    clock,
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
        const resolved = await resolveWriter(await this.github());
        logger.debug(
          `Comments and issues are taken for hookbridge's when written by ${resolved.description}.`,
        );
        return resolved;
      })();
      return writer;
    },
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

function reactionProblem(report: Report): StepFailure {
  const [first, ...rest] = report.failures;
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
  core: ReceiveCore,
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
    const verified = await verifyEnvelope(envelope, settings, clock, logger);
    checkDispatchedAs(dispatchedAs, verified);
    logger.info(
      `Verified ${verified.provider.displayName} ${verified.event} (delivery ${verified.id}).`,
    );

    const scope: ReactionScope = { settings, runner };
    const received = (await reactionsFor(verified.provider.name)).receive(verified, scope);
    for (const [name, value] of Object.entries(eventOutputs(verified, received)))
      core.setOutput(name, value);

    const report = new Report();
    await received.react(reactionContext(deps, settings, runner, verified, report, logger));
    for (const entry of report.entries) logger.info(`${entry.reaction}: ${entry.result}`);

    const problem = report.failures.length > 0 ? reactionProblem(report) : undefined;
    const reasons = received.failures(settings.failOn);
    const failOn =
      reasons.length > 0
        ? new StepFailure(
            `The step fails as fail-on asks: ${reasons.join("; ")}. Set fail-on: never to report without failing.`,
          )
        : undefined;
    if (settings.summary) {
      const outcome = problem
        ? `❌ Some reactions failed; the step fails.`
        : failOn
          ? `❌ The step fails as fail-on asks: ${reasons.length === 1 ? "one condition is" : `${reasons.length} conditions are`} met.`
          : "✅ Done.";
      summaryWritten = true;
      await appendSummary(core, renderSummary(verified, received, report, outcome), env, logger);
    }
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
