import { RelayFailure } from "./answers.ts";
import type { TokenSource } from "./auth.ts";
import type { RelayConfig } from "./config.ts";
import { type Dispatchable, encodeForGitHub, envelopeSecret } from "./delivery-sink.ts";
import { classifyGitHubAnswer, type GitHubVerdict } from "./github-answer.ts";
import { type FetchLike, githubJsonHeaders } from "./github-api.ts";

/** GitHub's verdict on one dispatch attempt, and the status it answered with. */
export interface Answered {
  readonly verdict: GitHubVerdict;
  /** GitHub's status, or null when none arrived. */
  readonly status: number | null;
  /** GitHub's `x-ratelimit-remaining` on its answer, when it sent one (the admin metrics). */
  readonly rateLimitRemaining?: number | undefined;
}

export interface DispatchAttemptDeps {
  readonly fetch: FetchLike;
  readonly tokens: TokenSource;
  /** Wall-clock milliseconds: the envelope's `received_at` and the reading of rate-limit resets. */
  readonly now: () => number;
}

/** A dispatch GitHub has not answered in this long is abandoned and retried. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * One attempt at dispatching a queued delivery: the envelope signed now, sent, and GitHub's answer
 * classified. Never throws for anything GitHub or the network does; both queues (SQLite on Node,
 * Cloudflare Queues on Workers) decide from the verdict what happens next.
 */
export async function attemptDispatch(
  config: RelayConfig,
  deps: DispatchAttemptDeps,
  delivery: Dispatchable & { readonly repository: string | null | undefined },
): Promise<Answered> {
  // With a list, a row without a repository is one routing ignored: it has no target, even
  // when redelivered.
  const repository =
    delivery.repository ?? (config.repositories === undefined ? config.repository : undefined);
  if (repository === undefined) {
    return {
      verdict: { kind: "permanent", reason: "The delivery names no repository to dispatch to." },
      status: null,
    };
  }
  const url = `${config.apiUrl}/repos/${repository}/dispatches`;
  const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let bearer: string;
  try {
    bearer = (await deps.tokens.credential(repository, signal)).token;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const verdict: GitHubVerdict =
      error instanceof RelayFailure && error.status === 500
        ? { kind: "permanent", reason }
        : { kind: "transient", reason };
    return { verdict, status: null };
  }
  const encoded = await encodeForGitHub(
    delivery,
    envelopeSecret(config, delivery.provider),
    deps.now(),
  );
  let response: Response;
  try {
    response = await deps.fetch(url, {
      method: "POST",
      headers: githubJsonHeaders(bearer),
      body: encoded.json,
      signal,
    });
  } catch (error) {
    const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    const verdict = classifyGitHubAnswer({
      status: undefined,
      headers: new Headers(),
      body: "",
      now: deps.now(),
      error: signal.aborted
        ? "GitHub did not answer in time"
        : `GitHub could not be reached${typeof code === "string" ? ` (${code})` : ""}`,
    });
    return { verdict, status: null };
  }
  let body = "";
  if (response.ok) await response.body?.cancel();
  else body = await response.text();
  const verdict = classifyGitHubAnswer({
    status: response.status,
    headers: response.headers,
    body,
    now: deps.now(),
  });
  if (response.status === 401) deps.tokens.invalidate(repository);
  const remaining = response.headers.get("x-ratelimit-remaining");
  return {
    verdict,
    status: response.status,
    rateLimitRemaining:
      remaining !== null && /^\d+$/.test(remaining) ? Number(remaining) : undefined,
  };
}

/** The verdict in a few words, for a log line or a delivery's `last_error`. */
export function describeVerdict(verdict: GitHubVerdict): string {
  switch (verdict.kind) {
    case "accepted":
      return "accepted";
    case "rate-limited":
      return `rate-limited for ${verdict.retryAfterSeconds} seconds`;
    case "permanent":
    case "transient":
      return verdict.reason;
  }
}
