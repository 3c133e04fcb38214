import { utf8 } from "../core/bytes.ts";
import type { DispatchRequest } from "../core/envelope.ts";
import { RelayFailure } from "./answers.ts";
import { createTokenSource } from "./auth.ts";
import type { RelayConfig } from "./config.ts";
import { type CallPurpose, type FetchLike, postToGitHub } from "./github-api.ts";
import type { RelayLogger } from "./log.ts";

/** Delivers one `repository_dispatch`; resolves once GitHub accepted it, else throws `RelayFailure`. */
export type Dispatcher = (request: DispatchRequest, signal: AbortSignal) => Promise<void>;

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
  return async (request) => {
    logger({
      level: "info",
      msg: "dry run: not dispatched",
      event_type: request.event_type,
      id: request.client_payload.id,
      size: utf8(JSON.stringify(request)).length,
    });
  };
}

export function createDispatcher(config: RelayConfig, deps: DispatcherDeps): Dispatcher {
  if (config.dryRun) return dryRunDispatcher(deps.logger);
  const tokens = createTokenSource({ ...config, fetch: deps.fetch, now: deps.now });
  const url = `${config.apiUrl}/repos/${config.repository}/dispatches`;
  const purpose = dispatchPurpose(config);
  return async (request, signal) => {
    const bearer = await tokens.token(signal);
    try {
      const response = await postToGitHub({
        fetch: deps.fetch,
        url,
        bearer,
        body: request,
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
