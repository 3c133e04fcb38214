import { clampRetryAfterSeconds, parseRetryAfter } from "./retry-after.ts";

/**
 * What a GitHub REST answer means for the caller:
 * - `ok`: accepted.
 * - `rate-limited`: retry after `retryAfterSeconds` (1 s to one hour), never sooner.
 * - `transient`: GitHub failed on its side (5xx); retry with ordinary backoff.
 * - `permanent`: retrying the same request cannot help until someone changes something.
 */
export type GitHubResponseClass =
  | { readonly kind: "ok" }
  | { readonly kind: "rate-limited"; readonly retryAfterSeconds: number }
  | { readonly kind: "transient" }
  | { readonly kind: "permanent"; readonly reason: PermanentReason };

export type PermanentReason =
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "unprocessable"
  | "other";

export interface GitHubResponseFacts {
  readonly status: number;
  /** Case-insensitive lookup, as `Headers.get`. */
  readonly header: (name: string) => string | null | undefined;
  /** The answer's body text, or "" when it was not read. */
  readonly body: string;
  /** Wall clock in milliseconds. */
  readonly now: number;
}

/** GitHub's documented wait when a secondary rate limit names no time of its own. */
export const SECONDARY_RATE_LIMIT_WAIT_SECONDS = 60;

// GitHub's message for both kinds of limit: "API rate limit exceeded for …" (primary) and
// "You have exceeded a secondary rate limit …".
const RATE_LIMIT_MESSAGE = /secondary rate limit|api rate limit exceeded/i;

/**
 * Classifies a GitHub REST answer by GitHub's documented rate-limit signals, in their order:
 * `retry-after`; `x-ratelimit-remaining: 0` with `x-ratelimit-reset`; otherwise a 429, or a 403
 * whose message says a rate limit was exceeded, waits at least a minute. A 403 without any of
 * those is a permission refusal. Pure, so every caller (relay, queue) reads limits the same way.
 */
export function classifyGitHubResponse(facts: GitHubResponseFacts): GitHubResponseClass {
  const { status, header, now } = facts;
  if (status >= 200 && status < 300) return { kind: "ok" };
  if (status === 403 || status === 429) {
    const retryAfter = parseRetryAfter(header("retry-after"), now);
    if (retryAfter !== undefined)
      return { kind: "rate-limited", retryAfterSeconds: clampRetryAfterSeconds(retryAfter) };
    const reset = Number(header("x-ratelimit-reset"));
    if (header("x-ratelimit-remaining")?.trim() === "0" && Number.isFinite(reset) && reset > 0) {
      return {
        kind: "rate-limited",
        retryAfterSeconds: clampRetryAfterSeconds(reset * 1000 - now),
      };
    }
    if (status === 429 || RATE_LIMIT_MESSAGE.test(facts.body)) {
      return { kind: "rate-limited", retryAfterSeconds: SECONDARY_RATE_LIMIT_WAIT_SECONDS };
    }
  }
  if (status >= 500) return { kind: "transient" };
  switch (status) {
    case 401:
      return { kind: "permanent", reason: "unauthorized" };
    case 403:
      return { kind: "permanent", reason: "forbidden" };
    case 404:
      return { kind: "permanent", reason: "not-found" };
    case 422:
      return { kind: "permanent", reason: "unprocessable" };
    default:
      return { kind: "permanent", reason: "other" };
  }
}

/**
 * A redirect's `Location` as it may appear in a log line, an error or the delivery log: scheme,
 * host and path only (a query may carry a token), plain characters, bounded. `base` is the host
 * a relative `Location` is read against.
 */
export function shownLocation(
  location: string | null | undefined,
  base: string | undefined,
): string {
  const url = location ? URL.parse(location, base ? `http://${base}` : undefined) : null;
  if (url === null) return "an address that cannot be read";
  const text = `${url.protocol}//${url.host}${url.pathname}`;
  return /^[\w.:/%~+-]{1,200}$/.test(text) ? text : "an address that cannot be read";
}
