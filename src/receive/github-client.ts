import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { restEndpointMethods } from "@octokit/plugin-rest-endpoint-methods";
import { retry } from "@octokit/plugin-retry";
import { type ThrottlingOptions, throttling } from "@octokit/plugin-throttling";
import { HookbridgeError } from "../core/errors.ts";
import { shownLocation } from "../core/github-response.ts";
import { fetchOver } from "../http-client/fetch-over.ts";
import { openConnection } from "../http-client/http-connection.ts";
import { namesProxy } from "../runner/proxy.ts";
import type { Logger } from "./logger.ts";

/**
 * The Octokit `getOctokit` from `@actions/github` builds (core, REST methods, pagination), plus
 * retries and rate-limit handling, without `@actions/github` itself: importing it evaluates its
 * context and its proxy-aware fetch, which bundle a second undici, several times this client's size
 * (docs/performance.md, "Choices in the code"). Proxies are honoured by {@link proxyAwareFetch} instead.
 */
const ReceiveOctokit = Octokit.plugin(restEndpointMethods, paginateRest, retry, throttling);

export type GitHubClient = InstanceType<typeof ReceiveOctokit>;

export interface GitHubClientOptions {
  /** `GITHUB_API_URL`: github.com, a GHES instance, or a local stand-in. */
  readonly baseUrl: string;
  readonly logger: Logger;
  /** Where the proxy variables are read; the process environment unless a test passes its own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * How long one second of a wait lasts, in milliseconds: the waits GitHub asks for (Retry-After)
   * and the retry plugin's schedule after a 5xx (1 s, 4 s, 9 s). 1000 unless a test scales the
   * waits down; the number of retries and the give-up rules do not change.
   */
  readonly secondMs?: number;
}

/** Retries a rate-limited request at most this many times before giving up. */
const RATE_LIMIT_RETRIES = 2;
/**
 * Waits at most this long for a rate limit to lift. A primary limit can take up to an hour to
 * reset; holding a runner that long costs more than failing with a clear message.
 */
const MAX_RATE_LIMIT_WAIT_SECONDS = 60;

type LimiterGroup = NonNullable<ThrottlingOptions["write"]>;

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
 * Node's own `fetch`, unless the runner names a proxy: then a `fetch` over `node:http`/`node:https`
 * agents that route through it (`NO_PROXY` honoured), as emit's deliveries do. The process exits
 * when the run ends, so the agents are not closed.
 */
function proxyAwareFetch(
  env: Readonly<Record<string, string | undefined>>,
): typeof fetch | undefined {
  if (!namesProxy(env)) return undefined;
  return fetchOver(openConnection({ insecureSsl: false, env }).dispatcher);
}

/** `@actions/github`'s user agent tag, so GitHub can tie requests to the job that made them. */
function userAgent(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const id = env.ACTIONS_ORCHESTRATION_ID?.trim();
  return id ? `actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, "_")}` : undefined;
}

/**
 * Octokit as `@actions/github` configures it (token, base URL, proxy support, user agent), plus
 * retries on 5xx and network errors and the throttling plugin's rate-limit handling, so no
 * reaction needs a loop of its own.
 */
export async function createGitHubClient(
  token: string,
  options: GitHubClientOptions,
): Promise<GitHubClient> {
  const env = options.env ?? process.env;
  const fetch = proxyAwareFetch(env);
  const agent = userAgent(env);
  const { logger } = options;
  const retryAfterBaseValue = options.secondMs ?? 1000;
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
  const client = new ReceiveOctokit({
    auth: token,
    baseUrl: options.baseUrl,
    ...(agent ? { userAgent: agent } : {}),
    request: { redirect: "manual", ...(fetch ? { fetch } : {}) },
    log: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.debug(message),
      warn: (message: string) => logger.warning(message),
      error: (message: string) => logger.warning(message),
    },
    retry: { retryAfterBaseValue },
    throttle: {
      retryAfterBaseValue,
      onRateLimit: onLimit("rate"),
      onSecondaryRateLimit: onLimit("secondary rate"),
      write: unpaced,
      notifications: unpaced,
    },
  });
  client.hook.after("request", refuseRedirect);
  return client;
}

/**
 * What the action does is decided by GitHub's own answer, never by where a redirect points: the
 * client follows none (with the token, and a POST's body, it would carry both there), and a 3xx
 * ends the request with a sentence naming the `Location` without its query.
 */
function refuseRedirect(
  response: { readonly status: number; readonly headers: Readonly<Record<string, unknown>> },
  request: { readonly method: string; readonly url: string },
): void {
  if (response.status < 300 || response.status >= 400) return;
  const url = URL.parse(request.url);
  const location = response.headers.location;
  throw new HookbridgeError(
    "GitHubRedirect",
    `GitHub answered ${request.method} ${url?.pathname ?? "a request"} with ${response.status}, redirecting to ${shownLocation(typeof location === "string" ? location : undefined, url?.host)}; the action follows no redirects, so nothing was sent there: point GITHUB_API_URL at the API itself, and name a renamed or transferred repository by its new name.`,
  );
}
