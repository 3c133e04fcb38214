import {
  classifyGitHubResponse,
  type PermanentReason,
  shownLocation,
} from "../../core/github-response.ts";

/**
 * What one call to GitHub (an installation look-up, a token request, a dispatch) came to, made
 * from GitHub's own status, headers and body. Every mode reads it: the queue records it and
 * schedules from it, sync mode turns it into the provider's answer (`failureFromVerdict`).
 */
export type GitHubVerdict = { readonly kind: "accepted" } | NotAccepted;

export type NotAccepted =
  // `reason` is a clause without a full stop for `retry` and `rate-limited` (each caller says
  // what happens next) and a whole sentence, with the fix, for `failed`.
  /** Worth another try after a backoff: a 5xx, a network error, a timeout. */
  | { readonly kind: "retry"; readonly code: RetryCode; readonly reason: string }
  /** GitHub asked for a pause: nothing more for the same identity for this long. */
  | {
      readonly kind: "rate-limited";
      readonly retryAfterSeconds: number;
      readonly code: "github-rate-limited";
      readonly reason: string;
    }
  /** Trying again cannot help until someone changes something; `reason` says what. */
  | {
      readonly kind: "failed";
      readonly code: string;
      readonly reason: string;
      /** The relay's own settings are wrong (no credentials, a bad key), not the delivery. */
      readonly misconfigured?: true;
    };

export type RetryCode = "github-timeout" | "github-unreachable" | "github-unavailable";

/** What a call was for, and the likely cause of each refusal, in words a user can act on. */
export interface CallPurpose {
  /** Completes "GitHub answered 500 to …", e.g. "the dispatch". */
  readonly what: string;
  readonly unauthorized: (detail: string) => string;
  readonly forbidden: (detail: string) => string;
  readonly notFound: (detail: string) => string;
  readonly unprocessable: (detail: string) => string;
}

export interface GitHubAnswer {
  /** `undefined` when no answer arrived. */
  readonly status: number | undefined;
  readonly headers: { get(name: string): string | null };
  /** The answer's body text; "" when not read (a 2xx or a 3xx). */
  readonly body: string;
  /** Wall-clock milliseconds when the answer arrived, for `x-ratelimit-reset`. */
  readonly now: number;
  /** Why no answer arrived: the call timed out, or the network failed (with its code). */
  readonly failure?: { readonly timedOut: boolean; readonly code?: string | undefined };
  /** The host called, for the sentence about an unreachable GitHub. */
  readonly host?: string;
}

/** GitHub's own `message`, quoted and shortened, so a sentence shows what GitHub said. */
function githubMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === "string" && message.length > 0)
      return ` "${message.length > 160 ? `${message.slice(0, 160)}…` : message}"`;
  } catch {
    // Not JSON: the status alone describes it.
  }
  return "";
}

const FAILURE_CODES: Record<PermanentReason, string> = {
  unauthorized: "github-unauthorized",
  forbidden: "github-forbidden",
  "not-found": "github-not-found",
  unprocessable: "github-rejected",
  other: "github-error",
};

function failureSentence(reason: PermanentReason, purpose: CallPurpose, detail: string): string {
  switch (reason) {
    case "unauthorized":
      return purpose.unauthorized(detail);
    case "forbidden":
      return purpose.forbidden(detail);
    case "not-found":
      return purpose.notFound(detail);
    case "unprocessable":
      return purpose.unprocessable(detail);
    case "other":
      return `GitHub answered ${detail} to ${purpose.what}.`;
  }
}

/**
 * Sorts GitHub's answer to one call into a verdict (a pure function of the answer): rate limits
 * as core's `classifyGitHubResponse` reads them, a redirect as a failure naming where it pointed
 * (never followed: the envelope and the bearer token must not go to another host), the rest
 * with GitHub's own words and the likely fix.
 */
export function classifyGitHubAnswer(answer: GitHubAnswer, purpose: CallPurpose): GitHubVerdict {
  const { status } = answer;
  if (status === undefined) {
    if (answer.failure?.timedOut) {
      return {
        kind: "retry",
        code: "github-timeout",
        reason: `GitHub did not answer ${purpose.what} in time`,
      };
    }
    const code = answer.failure?.code;
    return {
      kind: "retry",
      code: "github-unreachable",
      reason: `The relay could not reach GitHub at ${answer.host ?? "its API URL"} for ${purpose.what}${code ? ` (${code})` : ""}`,
    };
  }
  if (status >= 300 && status < 400) {
    return {
      kind: "failed",
      code: "github-redirect",
      reason: `GitHub answered ${status} to ${purpose.what}, redirecting to ${shownLocation(answer.headers.get("location"), answer.host)}; the relay never follows redirects, so point HOOKBRIDGE_GITHUB_API_URL at the API itself.`,
    };
  }
  const verdict = classifyGitHubResponse({
    status,
    header: (name) => answer.headers.get(name),
    body: answer.body,
    now: answer.now,
  });
  const detail = `${status}${githubMessage(answer.body)}`;
  switch (verdict.kind) {
    case "ok":
      return { kind: "accepted" };
    case "rate-limited":
      return {
        kind: "rate-limited",
        retryAfterSeconds: verdict.retryAfterSeconds,
        code: "github-rate-limited",
        reason: `GitHub is rate-limiting the relay (${detail})`,
      };
    case "transient":
      return {
        kind: "retry",
        code: "github-unavailable",
        reason: `GitHub answered ${detail} to ${purpose.what}`,
      };
    case "permanent":
      // A request timeout says nothing about the call itself: try again.
      if (status === 408)
        return {
          kind: "retry",
          code: "github-unavailable",
          reason: `GitHub answered ${detail} to ${purpose.what}`,
        };
      return {
        kind: "failed",
        code: FAILURE_CODES[verdict.reason],
        reason: failureSentence(verdict.reason, purpose, detail),
      };
  }
}
