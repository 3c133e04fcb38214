import type { EncodedDispatch } from "../core/envelope.ts";
import { RelayFailure } from "./answers.ts";
import { createTokenSource } from "./auth.ts";
import type { RelayConfig } from "./config.ts";
import { type CallPurpose, type FetchLike, postToGitHub } from "./github-api.ts";
import type { RelayLogger } from "./log.ts";

/**
 * Delivers one `repository_dispatch`; resolves once GitHub accepted it, else throws `RelayFailure`.
 * `answerBy` is the `performance.now()` time by which the provider must have its answer.
 */
export type Dispatcher = (dispatch: EncodedDispatch, answerBy: number) => Promise<void>;

export interface DispatcherDeps {
  readonly fetch: FetchLike;
  readonly now: () => number;
  readonly logger: RelayLogger;
}

function dispatchPurpose(config: RelayConfig): CallPurpose {
  const repository = config.repository ?? "the repository";
  const credentials =
    config.auth.kind === "app" ? "the App's installation token" : "HOOKBRIDGE_GITHUB_TOKEN";
  return {
    what: "the dispatch",
    unauthorized: (detail) =>
      `GitHub rejected the relay's credentials (${detail}); ${credentials} is wrong, expired or revoked.`,
    forbidden: (detail) =>
      `GitHub refused the dispatch to ${repository} (${detail}); the token needs contents: write on that repository, and a workflow's GITHUB_TOKEN can only dispatch to its own repository.`,
    notFound: (detail) =>
      `GitHub answered ${detail} for ${repository}; the repository name in HOOKBRIDGE_REPOSITORY is wrong, or the token cannot see that repository.`,
    unprocessable: (detail) =>
      `GitHub rejected the dispatch payload (${detail}); if it says client_payload is too large, lower HOOKBRIDGE_MAX_BODY or have the provider send less per webhook.`,
  };
}

/** Logs what would be dispatched (never the body), so the relay can be tried without a token. */
function dryRunDispatcher(logger: RelayLogger): Dispatcher {
  return async ({ request, bytes }) => {
    logger({
      level: "info",
      msg: "dry run: not dispatched",
      event_type: request.event_type,
      id: request.client_payload.id,
      size: bytes,
    });
  };
}

export function createDispatcher(config: RelayConfig, deps: DispatcherDeps): Dispatcher {
  if (config.dryRun) return dryRunDispatcher(deps.logger);
  const tokens = createTokenSource({ ...config, fetch: deps.fetch, now: deps.now });
  const url = `${config.apiUrl}/repos/${config.repository}/dispatches`;
  const purpose = dispatchPurpose(config);
  return async (dispatch, answerBy) => {
    // Made here rather than per request: a dry run, a duplicate or a refusal needs no timer.
    const signal = AbortSignal.timeout(Math.max(0, Math.round(answerBy - performance.now())));
    const bearer = await tokens.token(signal);
    try {
      const response = await postToGitHub({
        fetch: deps.fetch,
        url,
        bearer,
        body: dispatch.json,
        signal,
        now: deps.now,
        purpose,
      });
      await response.body?.cancel();
    } catch (error) {
      if (error instanceof RelayFailure && error.reason === "github-unauthorized")
        tokens.invalidate();
      throw error;
    }
  };
}
