import { isHookbridgeError } from "../../core/errors.ts";

const JSON_TYPE = "application/json";

/**
 * A failure the relay answers with a specific status. `reason` is a short stable code for logs;
 * `message` is the sentence the sender reads, so it never carries a secret or a token.
 */
export class RelayFailure extends Error {
  override readonly name = "RelayFailure";
  readonly status: number;
  readonly reason: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    reason: string,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.headers = headers;
  }
}

/**
 * An HTTP answer as plain data. Each host turns it into its own response (a Web `Response` on
 * Workers, `writeHead`/`end` on Node), so the Node path never builds a `Response` it would only
 * take apart again.
 */
export interface RelayAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text, or null for an empty body. */
  readonly body: string | null;
}

export function jsonAnswer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): RelayAnswer {
  return { status, headers: { ...headers, "content-type": JSON_TYPE }, body: JSON.stringify(body) };
}

export function errorAnswer(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): RelayAnswer {
  return jsonAnswer(status, { error: message }, headers);
}

/** 204 is the only answer that tells a provider GitHub accepted the event. */
export function acceptedAnswer(): RelayAnswer {
  return { status: 204, headers: {}, body: null };
}

export function toResponse(answer: RelayAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** A request the relay answered with an error (401 for a bad signature, 400, 413, 415, 5xx), for metrics. */
export interface Refusal {
  /** The route's provider; undefined when the path names none (404). */
  readonly provider: string | undefined;
  readonly status: number;
  /** The relay's stable code for why (`signature-mismatch`, `payload-too-large`, …), as logged. */
  readonly reason: string;
}

export interface FailureAnswer {
  readonly answer: RelayAnswer;
  readonly reason: string;
  /** Set only for failures nobody planned for, so the operator can find the cause in the log. */
  readonly internal?: string;
}

function kebab(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
}

/** The one place a thrown value becomes an HTTP answer. */
export function answerFailure(error: unknown): FailureAnswer {
  if (error instanceof RelayFailure) {
    return {
      answer: errorAnswer(error.status, error.message, { ...error.headers }),
      reason: error.reason,
    };
  }
  if (isHookbridgeError(error)) {
    return { answer: errorAnswer(error.status, error.message), reason: kebab(error.name) };
  }
  const internal = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    answer: errorAnswer(500, "The relay failed unexpectedly; the cause is in its log."),
    reason: "internal",
    internal,
  };
}
