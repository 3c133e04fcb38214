import { classifyGitHubResponse } from "../core/github-response.ts";

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
 * Sorts GitHub's answer to a dispatch (a pure function of the answer): rate limits as core's
 * `classifyGitHubResponse` reads them, the rest with GitHub's own words kept as the reason.
 */
export function classifyGitHubAnswer(answer: GitHubAnswer): GitHubVerdict {
  const { status } = answer;
  if (status === undefined) return { kind: "transient", reason: answer.error ?? "no answer" };
  const verdict = classifyGitHubResponse({
    status,
    header: (name) => answer.headers.get(name),
    body: answer.body,
    now: answer.now,
  });
  if (verdict.kind === "ok") return { kind: "accepted" };
  if (verdict.kind === "rate-limited") return verdict;
  const said = message(answer.body);
  const reason = said ? `${status} "${said}"` : String(status);
  // A request timeout says nothing about the dispatch itself: try again.
  if (verdict.kind === "transient" || status === 408) return { kind: "transient", reason };
  return { kind: "permanent", reason };
}
