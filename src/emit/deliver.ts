import { toBase64, utf8 } from "../core/bytes.ts";
import { parseRetryAfter } from "../core/retry-after.ts";
import type { Requester } from "../http-client/http-connection.ts";

/** How many bytes of each response body are kept for outputs. */
export const RESPONSE_BODY_LIMIT = 1024;

/** How patiently one URL is retried. */
export interface RetryPolicy {
  /** Limit for one attempt, from connecting to the last byte of the response. */
  readonly timeoutMs: number;
  /** Attempts after the first. */
  readonly retries: number;
  /** First backoff; it doubles on each retry, and jitter takes it anywhere from half to all of that. */
  readonly backoffBaseMs: number;
  readonly maxBackoffMs: number;
  /** A receiver asking for a longer pause than this is not waited for: the delivery fails instead. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_POLICY: Omit<RetryPolicy, "timeoutMs" | "retries"> = {
  backoffBaseMs: 1_000,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/** Everything delivery needs from the outside world, so tests can pass real servers and fake time. */
export interface DeliveryDeps {
  readonly dispatcher: Requester;
  /** Milliseconds, for durations and Retry-After dates. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), for jitter. */
  readonly random: () => number;
  /** Per-attempt detail; the step log gets one line per URL from the caller instead. */
  readonly debug?: (line: string) => void;
}

export interface DeliveryResult {
  readonly url: URL;
  /** True when the receiver finally answered 2xx. */
  readonly ok: boolean;
  /** Last HTTP status, or 0 when no response arrived (network error or timeout). */
  readonly status: number;
  readonly attempts: number;
  /** Wall time for this URL, retries and waits included. */
  readonly ms: number;
  /** Start of the last response body, at most {@link RESPONSE_BODY_LIMIT} bytes. */
  readonly body: string;
  /** Why the delivery failed, in words a workflow author can act on. */
  readonly error: string | undefined;
}

/** Builds the headers for one attempt (1-based). */
export type HeadersForAttempt = (attempt: number) => Promise<Record<string, string>>;

type Outcome =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly retryAfter: string | undefined;
      readonly body: string;
    }
  | { readonly kind: "failure"; readonly error: string; readonly retryable: boolean };

/**
 * Exponential backoff with "equal jitter": between half and all of base·2^(n-1), so receivers that
 * failed together are not hit again by every sender at the same instant.
 */
export function backoffDelay(retry: number, random: () => number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.backoffBaseMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeFailure(error: unknown, signal: AbortSignal, timeoutMs: number): Outcome {
  const code = errorCode(error);
  if (
    (signal.aborted && (signal.reason as Error | undefined)?.name === "TimeoutError") ||
    code === "ETIMEDOUT"
  ) {
    return { kind: "failure", error: `timed out after ${timeoutMs / 1000} s`, retryable: true };
  }
  // A certificate that fails verification now fails it on every retry; retrying only delays the news.
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/.test(code)) {
    return {
      kind: "failure",
      error: `its TLS certificate could not be verified (${code}); set insecure-ssl: true only for a receiver you trust`,
      retryable: false,
    };
  }
  if (
    code === "ERR_INVALID_ARG_TYPE" ||
    code === "ERR_INVALID_CHAR" ||
    code === "ERR_INVALID_HTTP_TOKEN"
  ) {
    return {
      kind: "failure",
      error: `the request could not be built (${(error as Error).message})`,
      retryable: false,
    };
  }
  const words: Record<string, string> = {
    ECONNREFUSED: "the connection was refused",
    ECONNRESET: "the connection was reset",
    ENOTFOUND: "the host name was not found",
    EAI_AGAIN: "the host name could not be resolved",
    EHOSTUNREACH: "the host is unreachable",
    ENETUNREACH: "the network is unreachable",
    EPIPE: "the connection closed while sending",
  };
  const text =
    (code && words[code]) ??
    `the request failed (${code ?? (error instanceof Error ? error.message : String(error))})`;
  return { kind: "failure", error: text, retryable: true };
}

/**
 * The start of a response body. The status has already arrived, and it decides the outcome: a
 * receiver that answered 200 and then stalled or dropped the body still accepted the delivery, so
 * a body error must not turn into a retry that delivers the event twice.
 */
async function readStart(body: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  let kept = 0;
  try {
    // Breaking out of the loop destroys the stream, so a huge answer is never downloaded whole.
    for await (const chunk of body) {
      const room = RESPONSE_BODY_LIMIT - kept;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      kept += part.length;
      // stream: true holds back a character cut in half at the limit instead of mangling it.
      text += decoder.decode(part, { stream: true });
      if (kept >= RESPONSE_BODY_LIMIT) break;
    }
  } catch {
    // Keep what arrived; see above.
  }
  return text;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Credentials in the URL become Basic authentication, as curl does, unless a header sets it. */
function basicAuth(url: URL, headers: Record<string, string>): Record<string, string> {
  if (!url.username && !url.password) return {};
  if (Object.keys(headers).some((name) => name.toLowerCase() === "authorization")) return {};
  const credentials = `${decoded(url.username)}:${decoded(url.password)}`;
  return { Authorization: `Basic ${toBase64(utf8(credentials))}` };
}

async function attempt(
  url: URL,
  body: Uint8Array<ArrayBuffer>,
  headers: Record<string, string>,
  timeoutMs: number,
  requester: Requester,
): Promise<Outcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await requester.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: "POST",
      headers,
      body,
      // One limit for the whole attempt: connecting, sending, and reading the answer.
      signal,
    });
    const retryAfter = response.headers["retry-after"];
    const text = await readStart(response.body);
    return {
      kind: "response",
      status: response.statusCode,
      retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      body: text,
    };
  } catch (error) {
    return describeFailure(error, signal, timeoutMs);
  }
}

// Webhook receivers answer a POST; following a redirect would mean sending it again, so none is.
function statusProblem(status: number): string {
  if (status >= 300 && status < 400)
    return `answered ${status}; redirects are not followed, so use the URL it points to`;
  return `answered ${status}`;
}

/**
 * Delivers one body to one URL: retries network errors, timeouts, 429 and 5xx with backoff,
 * honouring `Retry-After`, and never retries any other answer.
 *
 * The loop is written here rather than taken from undici's RetryAgent, which is made for idempotent
 * downloads (it resumes bodies with Range requests), adds no jitter, applies its timeouts per
 * phase rather than per attempt, and does not tell how many attempts a request took, which the
 * outputs report.
 */
export async function deliver(
  url: URL,
  body: Uint8Array<ArrayBuffer>,
  headersFor: HeadersForAttempt,
  policy: RetryPolicy,
  deps: DeliveryDeps,
): Promise<DeliveryResult> {
  const started = deps.now();
  for (let count = 1; ; count++) {
    const own = await headersFor(count);
    const headers = { ...basicAuth(url, own), ...own };
    const outcome = await attempt(url, body, headers, policy.timeoutMs, deps.dispatcher);
    const status = outcome.kind === "response" ? outcome.status : 0;
    const result = (ok: boolean, error: string | undefined): DeliveryResult => ({
      url,
      ok,
      status,
      attempts: count,
      ms: Math.round(deps.now() - started),
      body: outcome.kind === "response" ? outcome.body : "",
      error,
    });
    if (outcome.kind === "response" && status >= 200 && status < 300)
      return result(true, undefined);
    const problem = outcome.kind === "response" ? statusProblem(status) : outcome.error;
    const retryable = outcome.kind === "response" ? isRetryableStatus(status) : outcome.retryable;
    if (!retryable) return result(false, problem);
    // The attempt count travels in `attempts`; the log line and the failure message show it once.
    if (count > policy.retries) return result(false, problem);
    const asked =
      outcome.kind === "response" ? parseRetryAfter(outcome.retryAfter, deps.now()) : undefined;
    if (asked !== undefined && asked > policy.maxRetryAfterMs) {
      const seconds = Math.ceil(asked / 1000);
      return result(
        false,
        `${problem} and asked to retry after ${seconds} s, longer than the ${policy.maxRetryAfterMs / 1000} s hookbridge waits`,
      );
    }
    const delay = asked ?? backoffDelay(count, deps.random, policy);
    deps.debug?.(`${url.host}: attempt ${count} ${problem}; retrying in ${delay} ms`);
    await deps.sleep(delay);
  }
}

/** Delivers to every URL at once; one slow receiver delays only its own result. */
export function deliverAll(
  urls: readonly URL[],
  body: Uint8Array<ArrayBuffer>,
  headersFor: HeadersForAttempt,
  policy: RetryPolicy,
  deps: DeliveryDeps,
): Promise<DeliveryResult[]> {
  return Promise.all(urls.map((url) => deliver(url, body, headersFor, policy, deps)));
}

/** A delivery that finally failed; `main` turns it into a failed step or a warning. */
export class DeliveryFailedError extends Error {
  override readonly name = "DeliveryFailed";
}
