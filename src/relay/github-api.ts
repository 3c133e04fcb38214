import packageJson from "../../package.json" with { type: "json" };
import { classifyGitHubResponse, type PermanentReason } from "../core/github-response.ts";
import { RelayFailure } from "./answers.ts";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export const USER_AGENT = `hookbridge-relay/${packageJson.version}`;
const API_VERSION = "2022-11-28";

/** Seconds a provider is asked to wait when the relay gave up on a slow GitHub. */
export const TIMEOUT_RETRY_AFTER = 10;

/** What a call was for, and the likely cause of each refusal, in words a user can act on. */
export interface CallPurpose {
  /** Completes "GitHub answered 500 to …", e.g. "the dispatch". */
  readonly what: string;
  readonly unauthorized: (detail: string) => string;
  readonly forbidden: (detail: string) => string;
  readonly notFound: (detail: string) => string;
  readonly unprocessable: (detail: string) => string;
}

export interface CallOptions {
  readonly fetch: FetchLike;
  readonly url: string;
  readonly bearer: string;
  /** JSON text, serialised by the caller (a dispatch is serialised once, to check its size). */
  readonly body: string;
  /** POST unless said otherwise; a GET sends no body. */
  readonly method?: "GET" | "POST";
  readonly signal: AbortSignal;
  readonly now: () => number;
  readonly purpose: CallPurpose;
}

/** The headers of every JSON request the relay sends to the GitHub REST API. */
export function githubJsonHeaders(bearer: string, withBody = true): Record<string, string> {
  return {
    accept: "application/vnd.github+json",
    "x-github-api-version": API_VERSION,
    "user-agent": USER_AGENT,
    authorization: `Bearer ${bearer}`,
    ...(withBody ? { "content-type": "application/json" } : {}),
  };
}

/** POSTs JSON to (or GETs from) the GitHub REST API; anything but a 2xx becomes a `RelayFailure`. */
export async function postToGitHub(options: CallOptions): Promise<Response> {
  let response: Response;
  const get = options.method === "GET";
  try {
    response = await options.fetch(options.url, {
      method: get ? "GET" : "POST",
      headers: githubJsonHeaders(options.bearer, !get),
      ...(get ? {} : { body: options.body }),
      signal: options.signal,
    });
  } catch (error) {
    throw unreachable(error, options);
  }
  if (response.ok) return response;
  throw await refusal(response, options);
}

function unreachable(error: unknown, options: CallOptions): RelayFailure {
  if (options.signal.aborted) {
    return new RelayFailure(
      503,
      "github-timeout",
      `GitHub did not answer ${options.purpose.what} in time, so the relay stopped waiting before the provider's own timeout; retry the delivery.`,
      { "retry-after": String(TIMEOUT_RETRY_AFTER) },
    );
  }
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  const host = URL.parse(options.url)?.host ?? "GitHub";
  return new RelayFailure(
    502,
    "github-unreachable",
    `The relay could not reach GitHub at ${host} for ${options.purpose.what}${typeof cause === "string" ? ` (${cause})` : ""}; retry the delivery.`,
  );
}

/** GitHub's own `message`, quoted and shortened, so the sentence shows what GitHub said. */
function githubMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === "string" && message.length > 0) {
      return ` "${message.length > 160 ? `${message.slice(0, 160)}…` : message}"`;
    }
  } catch {
    // An unreadable or non-JSON error body still gets the status-based sentence.
  }
  return "";
}

async function bodyText(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    return "";
  }
}

const PERMANENT_FAILURES: Record<
  PermanentReason,
  { reason: string; sentence: (purpose: CallPurpose, detail: string) => string }
> = {
  unauthorized: { reason: "github-unauthorized", sentence: (p, detail) => p.unauthorized(detail) },
  forbidden: { reason: "github-forbidden", sentence: (p, detail) => p.forbidden(detail) },
  "not-found": { reason: "github-not-found", sentence: (p, detail) => p.notFound(detail) },
  unprocessable: { reason: "github-rejected", sentence: (p, detail) => p.unprocessable(detail) },
  other: {
    reason: "github-error",
    sentence: (p, detail) => `GitHub answered ${detail} to ${p.what}.`,
  },
};

async function refusal(response: Response, options: CallOptions): Promise<RelayFailure> {
  const { purpose } = options;
  const text = await bodyText(response);
  const detail = `${response.status}${githubMessage(text)}`;
  const verdict = classifyGitHubResponse({
    status: response.status,
    header: (name) => response.headers.get(name),
    body: text,
    now: options.now(),
  });
  switch (verdict.kind) {
    case "rate-limited": {
      const seconds = verdict.retryAfterSeconds;
      return new RelayFailure(
        503,
        "github-rate-limited",
        `GitHub is rate-limiting the relay (${detail}); retry the delivery in ${seconds} seconds.`,
        { "retry-after": String(seconds) },
      );
    }
    case "permanent": {
      const failure = PERMANENT_FAILURES[verdict.reason];
      return new RelayFailure(502, failure.reason, failure.sentence(purpose, detail));
    }
    default:
      return new RelayFailure(
        502,
        "github-unavailable",
        `GitHub answered ${detail} to ${purpose.what}; retry the delivery.`,
      );
  }
}
