/** Reads a request header by case-insensitive name. */
export type HeaderLookup = (name: string) => string | null | undefined;

export type VerifyFailure =
  | "missing-header"
  | "malformed"
  | "mismatch"
  | "stale"
  | "no-secret"
  /** The body is in the form hookbridge's own signatures cover (see own-forms.ts). */
  | "own-form";

export type Verification =
  | { readonly valid: true }
  | { readonly valid: false; readonly reason: VerifyFailure; readonly message: string };

export interface SignOptions {
  /** Standard Webhooks message id (`webhook-id`). */
  readonly id?: string;
  /** Unix seconds; Standard Webhooks `webhook-timestamp`. */
  readonly timestamp?: number;
}

export interface VerifyOptions {
  /** Current time in milliseconds since the epoch; injectable so tests control the clock. */
  readonly now?: number;
  /** Allowed clock difference, both ways, for schemes that sign a timestamp. */
  readonly toleranceSeconds?: number;
}

/** How one provider signs a raw body, and how to check it. */
export interface SignatureScheme {
  /** Lower-case names of the headers that carry the signature (and its timestamp, if any). */
  readonly headers: readonly string[];
  sign(
    body: Uint8Array<ArrayBuffer>,
    secret: string,
    options?: SignOptions,
  ): Promise<Record<string, string>>;
  /** Never throws: a malformed or missing signature is a failed verification. */
  verify(
    body: Uint8Array<ArrayBuffer>,
    header: HeaderLookup,
    secrets: readonly string[],
    options?: VerifyOptions,
  ): Promise<Verification>;
}

export const VALID: Verification = { valid: true };

export function invalid(reason: VerifyFailure, message: string): Verification {
  return { valid: false, reason, message };
}
