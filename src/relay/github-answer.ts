import { parseRetryAfter } from "../core/retry-after.ts";

/** What to do after GitHub answered (or failed to answer) a dispatch. */
export type GitHubVerdict =
  | { readonly kind: "accepted" }
  /** Wait this long before any further dispatch by the same identity. */
  | { readonly kind: "rate-limited"; readonly retryAfterSeconds: number }
  /** Trying again cannot help; `reason` keeps GitHub's own words. */
  | { readonly kind: "permanent"; readonly reason: string }
  /** Worth another try after a backoff (5xx, network error, timeout). */
  | { readonly kind: "transient"; readonly reason: string };

export interface GitHubAnswer {
  /** `undefined` when no answer arrived (network error, timeout). */
  readonly status: number | undefined;
  readonly headers: { get(name: string): string | null };
  readonly body: string;
  /** Wall-clock milliseconds when the answer arrived. */
  readonly now: number;
  /** What went wrong when there was no answer. */
  readonly error?: string;
}

/** GitHub's documented minimum wait after a secondary rate limit that names no time. */
export const SECONDARY_LIMIT_SECONDS = 60;

function message(body: string): string | undefined {
  try {
    const value = (JSON.parse(body) as { message?: unknown }).message;
    if (typeof value === "string" && value.length > 0)
      return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  } catch {
    // Not JSON: the status alone describes it.
  }
  return undefined;
}

/**
 * Sorts GitHub's answer to a dispatch (a pure function of the answer). Rate limits follow
 * GitHub's rules: `retry-after` wins; `x-ratelimit-remaining: 0` waits for `x-ratelimit-reset`;
 * a secondary limit without either waits at least a minute.
 */
export function classifyGitHubAnswer(answer: GitHubAnswer): GitHubVerdict {
  const { status, headers, now } = answer;
  if (status === undefined) return { kind: "transient", reason: answer.error ?? "no answer" };
  if (status >= 200 && status < 300) return { kind: "accepted" };
  const said = message(answer.body);
  const reason = said ? `${status} "${said}"` : String(status);
  const retryAfter = parseRetryAfter(headers.get("retry-after"), now);
  const exhausted = headers.get("x-ratelimit-remaining") === "0";
  const secondary = said !== undefined && /secondary rate limit|abuse/i.test(said);
  if (status === 429 || (status === 403 && (retryAfter !== undefined || exhausted || secondary))) {
    if (retryAfter !== undefined)
      return { kind: "rate-limited", retryAfterSeconds: Math.max(1, Math.ceil(retryAfter / 1000)) };
    const reset = Number(headers.get("x-ratelimit-reset"));
    if (exhausted && Number.isFinite(reset) && reset > 0)
      return {
        kind: "rate-limited",
        retryAfterSeconds: Math.max(1, Math.ceil(reset - now / 1000)),
      };
    return { kind: "rate-limited", retryAfterSeconds: SECONDARY_LIMIT_SECONDS };
  }
  if (status >= 500 || status === 408) return { kind: "transient", reason };
  return { kind: "permanent", reason };
}
