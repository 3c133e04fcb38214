import type { EncodedDispatch } from "../core/envelope.ts";
import { RelayFailure } from "./answers.ts";
import { createTokenSource } from "./auth.ts";
import type { RelayConfig } from "./config.ts";
import { type CallPurpose, type FetchLike, postToGitHub } from "./github-api.ts";
import type { RelayLogger } from "./log.ts";

/**
 * Delivers one `repository_dispatch` to `repository` (`owner/repo`; undefined only in a dry run);
 * resolves once GitHub accepted it, else throws `RelayFailure`. `answerBy` is the
 * `performance.now()` time by which the provider must have its answer.
 */
export type Dispatcher = (
  dispatch: EncodedDispatch,
  repository: string | undefined,
  answerBy: number,
) => Promise<void>;

export interface DispatcherDeps {
  readonly fetch: FetchLike;
  readonly now: () => number;
  readonly logger: RelayLogger;
  /** The signal that stops waiting on GitHub once the answer is due; {@link answerTimer} by default. */
  readonly deadline?: (answerBy: number) => AbortSignal;
}

/** Aborts when `performance.now()` reaches `answerBy`. */
export function answerTimer(answerBy: number): AbortSignal {
  return AbortSignal.timeout(Math.max(0, Math.round(answerBy - performance.now())));
}

function dispatchPurpose(config: RelayConfig, repository: string): CallPurpose {
  const setting = config.repositories ? "HOOKBRIDGE_REPOSITORIES" : "HOOKBRIDGE_REPOSITORY";
  const credentials =
    config.auth.kind === "app" ? "the App's installation token" : "HOOKBRIDGE_GITHUB_TOKEN";
  return {
    what: "the dispatch",
    unauthorized: (detail) =>
      `GitHub rejected the relay's credentials (${detail}); ${credentials} is wrong, expired or revoked.`,
    forbidden: (detail) =>
      `GitHub refused the dispatch to ${repository} (${detail}); ${credentials} needs contents: write (Contents read and write) on ${repository}, and a workflow's GITHUB_TOKEN can only dispatch to its own repository.`,
    notFound: (detail) =>
      `GitHub answered ${detail} for ${repository}; the name in ${setting} is wrong, or ${credentials} cannot see ${repository} (give it access to that repository).`,
    unprocessable: (detail) =>
      `GitHub rejected the dispatch payload (${detail}); if it says client_payload is too large, lower HOOKBRIDGE_MAX_BODY or have the provider send less per webhook.`,
  };
}

/** Logs what would be dispatched (never the body), so the relay can be tried without a token. */
function dryRunDispatcher(logger: RelayLogger): Dispatcher {
  return async ({ request, bytes }, repository) => {
    logger({
      level: "info",
      msg: "dry run: not dispatched",
      ...(repository === undefined ? {} : { repository }),
      event_type: request.event_type,
      id: request.client_payload.id,
      size: bytes,
    });
  };
}

export function createDispatcher(config: RelayConfig, deps: DispatcherDeps): Dispatcher {
  if (config.dryRun) return dryRunDispatcher(deps.logger);
  const tokens = createTokenSource({
    auth: config.auth,
    apiUrl: config.apiUrl,
    perRepository: config.repositories === undefined,
    fetch: deps.fetch,
    now: deps.now,
  });
  return async (dispatch, repository, answerBy) => {
    if (repository === undefined) {
      throw new RelayFailure(
        500,
        "no-repository",
        "The relay has no repository to dispatch to; set HOOKBRIDGE_REPOSITORY.",
      );
    }
    // Made here rather than per request: a dry run, a duplicate or a refusal needs no timer.
    const signal = (deps.deadline ?? answerTimer)(answerBy);
    const { token } = await tokens.credential(repository, signal);
    try {
      const response = await postToGitHub({
        fetch: deps.fetch,
        url: `${config.apiUrl}/repos/${repository}/dispatches`,
        bearer: token,
        body: dispatch.json,
        signal,
        now: deps.now,
        purpose: dispatchPurpose(config, repository),
      });
      await response.body?.cancel();
    } catch (error) {
      if (error instanceof RelayFailure && error.reason === "github-unauthorized")
        tokens.invalidate(repository);
      throw error;
    }
  };
}
