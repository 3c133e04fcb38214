import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import type { Logger } from "./logger.ts";

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface GitHubClientOptions {
  /** `GITHUB_API_URL`: github.com, a GHES instance, or a local stand-in. */
  readonly baseUrl: string;
  readonly logger: Logger;
}

/** Retries a rate-limited request at most this many times before giving up. */
const RATE_LIMIT_RETRIES = 2;
/**
 * Waits at most this long for a rate limit to lift. A primary limit can take up to an hour to
 * reset; holding a runner that long costs more than failing with a clear message.
 */
const MAX_RATE_LIMIT_WAIT_SECONDS = 60;

/**
 * Octokit as `@actions/github` configures it (proxy support, user agent), plus retries on 5xx and
 * network errors and GitHub's pacing for writes, so no reaction needs a loop of its own.
 */
export function createGitHubClient(token: string, options: GitHubClientOptions): GitHubClient {
  const { logger } = options;
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _octokit: unknown,
      retryCount: number,
    ): boolean => {
      const again = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS;
      logger.warning(
        `GitHub's ${kind} limit stopped ${request.method} ${request.url}; ${again ? `retrying in ${retryAfter} s` : "giving up"}.`,
      );
      return again;
    };
  return getOctokit(
    token,
    {
      baseUrl: options.baseUrl,
      log: {
        debug: (message: string) => logger.debug(message),
        info: (message: string) => logger.debug(message),
        warn: (message: string) => logger.warning(message),
        error: (message: string) => logger.warning(message),
      },
      throttle: { onRateLimit: onLimit("rate"), onSecondaryRateLimit: onLimit("secondary rate") },
    },
    retry,
    throttling,
  );
}
