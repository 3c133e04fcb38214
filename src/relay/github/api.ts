import packageJson from "../../../package.json" with { type: "json" };
import { readAtMost } from "../../core/bounded-read.ts";
import {
  type CallPurpose,
  classifyGitHubAnswer,
  type GitHubVerdict,
  type NotAccepted,
} from "./answer.ts";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export const USER_AGENT = `hookbridge-relay/${packageJson.version}`;
const API_VERSION = "2022-11-28";

export interface CallOptions {
  readonly fetch: FetchLike;
  readonly url: string;
  readonly bearer: string;
  /** JSON text, serialised by the caller; a GET sends none. */
  readonly body?: string;
  /** POST unless said otherwise. */
  readonly method?: "GET" | "POST";
  readonly signal: AbortSignal;
  /** Wall clock in milliseconds, for reading `x-ratelimit-reset`. */
  readonly now: () => number;
  readonly purpose: CallPurpose;
}

/** GitHub's answer to one call: accepted with its response (body unread), or why not. */
export type GitHubCall =
  | {
      readonly verdict: Extract<GitHubVerdict, { kind: "accepted" }>;
      readonly response: Response;
      readonly rateLimitRemaining: number | undefined;
    }
  | {
      readonly verdict: NotAccepted;
      /** GitHub's status, or null when no answer arrived. */
      readonly status: number | null;
      readonly rateLimitRemaining: number | undefined;
    };

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

function remainingOf(headers: Headers): number | undefined {
  const remaining = headers.get("x-ratelimit-remaining");
  return remaining !== null && /^\d+$/.test(remaining) ? Number(remaining) : undefined;
}

/**
 * One call to the GitHub REST API, never throwing for anything GitHub or the network does.
 * Redirects are never followed (`redirect: "manual"`): a 3xx would carry the bearer token and
 * the envelope to wherever it points, so it is a failure that names the address instead.
 */
export async function callGitHub(options: CallOptions): Promise<GitHubCall> {
  const get = options.method === "GET";
  const host = URL.parse(options.url)?.host;
  let response: Response;
  try {
    response = await options.fetch(options.url, {
      method: get ? "GET" : "POST",
      headers: githubJsonHeaders(options.bearer, !get),
      ...(get ? {} : { body: options.body ?? "" }),
      redirect: "manual",
      signal: options.signal,
    });
  } catch (error) {
    const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    const verdict = classifyGitHubAnswer(
      {
        status: undefined,
        headers: new Headers(),
        body: "",
        now: options.now(),
        failure: {
          timedOut: options.signal.aborted,
          code: typeof code === "string" ? code : undefined,
        },
        ...(host ? { host } : {}),
      },
      options.purpose,
    );
    return { verdict: verdict as NotAccepted, status: null, rateLimitRemaining: undefined };
  }
  const rateLimitRemaining = remainingOf(response.headers);
  // A 2xx body is the caller's to read; a redirect's is never needed.
  const body = response.status < 400 ? "" : await response.text().catch(() => "");
  const verdict = classifyGitHubAnswer(
    {
      status: response.status,
      headers: response.headers,
      body,
      now: options.now(),
      ...(host ? { host } : {}),
    },
    options.purpose,
  );
  if (verdict.kind === "accepted") return { verdict, response, rateLimitRemaining };
  if (response.status < 400) await response.body?.cancel().catch(() => {});
  return { verdict, status: response.status, rateLimitRemaining };
}

/** GitHub's answers the relay reads are small (a token, a repository, a run's ids). */
const MAX_ANSWER_BYTES = 256 * 1024;

/**
 * An accepted answer's JSON object, read to at most {@link MAX_ANSWER_BYTES} whatever the API
 * URL points at; `{}` for anything larger, unreadable or not an object.
 */
export async function answerJson(response: Response): Promise<Record<string, unknown>> {
  const reader = response.body?.getReader();
  if (reader === undefined) return {};
  try {
    const bytes = await readAtMost(reader, MAX_ANSWER_BYTES);
    if (!(bytes instanceof Uint8Array)) return {};
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  } finally {
    await reader.cancel().catch(() => {});
  }
}
