/** Stable, machine-readable names for every failure hookbridge reports. */
export type HookbridgeErrorName =
  | "BadRequest"
  | "BadSignature"
  | "StaleTimestamp"
  | "InvalidPayload"
  | "PayloadTooLarge"
  | "UnsupportedMediaType"
  | "UnknownProvider"
  | "ConfigError"
  /** GitHub answered with a redirect, which hookbridge never follows. */
  | "GitHubRedirect";

const STATUS: Record<HookbridgeErrorName, number> = {
  BadRequest: 400,
  BadSignature: 401,
  StaleTimestamp: 401,
  InvalidPayload: 400,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  UnknownProvider: 404,
  ConfigError: 500,
  GitHubRedirect: 502,
};

/**
 * The one error type hookbridge throws on purpose. `name` is stable so callers can branch on it,
 * `status` is what an HTTP boundary answers, and `message` is one sentence a person can act on.
 */
export class HookbridgeError extends Error {
  override readonly name: HookbridgeErrorName;
  readonly status: number;

  constructor(name: HookbridgeErrorName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    this.status = STATUS[name];
  }
}

export function isHookbridgeError(error: unknown): error is HookbridgeError {
  return error instanceof HookbridgeError;
}

/** A printable one-liner for anything thrown, including non-Error values. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
