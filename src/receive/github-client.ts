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

type ThrottleOptions = NonNullable<NonNullable<Parameters<typeof getOctokit>[1]>["throttle"]>;
type LimiterGroup = NonNullable<ThrottleOptions["write"]>;

/**
 * A limiter group that starts every job at once. The throttling plugin spaces writes 1 s apart
 * (3 s for those that notify people) for long-lived clients that could flood GitHub; this process
 * makes a handful of writes, one after another, and then exits, so that spacing only made each run
 * seconds longer. The plugin's other groups, and its handling of rate limits and secondary rate
 * limits (wait, retry, give up as `onLimit` decides), stay as they are.
 */
const unpaced = {
  key: () => ({
    schedule: (...args: unknown[]) => {
      const [first, ...rest] = args;
      // Bottleneck's schedule takes optional job options first, then the job and its arguments.
      const [job, ...jobArgs] = typeof first === "function" ? args : rest;
      return Promise.resolve().then(() => (job as (...values: unknown[]) => unknown)(...jobArgs));
    },
  }),
} as unknown as LimiterGroup;

/**
 * Octokit as `@actions/github` configures it (proxy support, user agent), plus retries on 5xx and
 * network errors and the throttling plugin's rate-limit handling, so no reaction needs a loop of
 * its own.
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
      throttle: {
        onRateLimit: onLimit("rate"),
        onSecondaryRateLimit: onLimit("secondary rate"),
        write: unpaced,
        notifications: unpaced,
      },
    },
    retry,
    throttling,
  );
}
