import { isHookbridgeError } from "../core/errors.ts";

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

export function jsonAnswer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, "content-type": JSON_TYPE },
  });
}

export function errorAnswer(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return jsonAnswer(status, { error: message }, headers);
}

/** 204 is the only answer that tells a provider GitHub accepted the event. */
export function acceptedAnswer(): Response {
  return new Response(null, { status: 204 });
}

export interface FailureAnswer {
  readonly response: Response;
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
      response: errorAnswer(error.status, error.message, { ...error.headers }),
      reason: error.reason,
    };
  }
  if (isHookbridgeError(error)) {
    return { response: errorAnswer(error.status, error.message), reason: kebab(error.name) };
  }
  const internal = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    response: errorAnswer(500, "The relay failed unexpectedly; the cause is in its log."),
    reason: "internal",
    internal,
  };
}
