import { HookbridgeError } from "../core/errors.ts";

/** The relay's admin token: from the environment only, so it never shows in `ps` or a history. */
export const ADMIN_TOKEN_VARIABLE = "HOOKBRIDGE_ADMIN_TOKEN";

export interface AdminAnswer {
  readonly status: number;
  readonly data: unknown;
}

function fail(message: string, cause?: unknown): never {
  throw new HookbridgeError("ConfigError", message, cause === undefined ? {} : { cause });
}

/** `--url` as a base: an http(s) URL, any path kept (a relay behind a path prefix), no slash at the end. */
export function relayBase(url: string | undefined): string {
  const parsed = url === undefined ? null : URL.parse(url);
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:"))
    fail(
      "--url must be the relay's address, such as https://relay.example or http://127.0.0.1:8787.",
    );
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`;
}

/**
 * Calls one admin route of the relay at `base` and returns its JSON answer; every failure a user
 * can fix (no token, a wrong one, no admin API, no relay) is one sentence saying how.
 */
export async function callAdmin(
  base: string,
  path: string,
  init: { method?: string; env?: Readonly<Record<string, string | undefined>> } = {},
): Promise<AdminAnswer> {
  const token = (init.env ?? process.env)[ADMIN_TOKEN_VARIABLE]?.trim();
  if (!token)
    fail(
      `${ADMIN_TOKEN_VARIABLE} is not set: export it with the relay's admin token (the CLI reads it from the environment only).`,
    );
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
    fail(
      `Cannot reach the relay at ${base}${typeof code === "string" ? ` (${code})` : ""}: check --url and that the relay is running.`,
      error,
    );
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  const fromAdmin = response.headers.get("x-hookbridge-admin") === "1";
  if (response.status === 401)
    fail(
      `The relay refused ${ADMIN_TOKEN_VARIABLE}: set it to the same value as the relay's ${ADMIN_TOKEN_VARIABLE}.`,
    );
  if (response.status === 404 && !fromAdmin)
    fail(
      `The relay at ${base} has no delivery log: run it on Node in queue mode with ${ADMIN_TOKEN_VARIABLE} set (32 characters or more), then try again.`,
    );
  if (!response.ok) {
    const error = (data as { error?: unknown } | null)?.error;
    if (fromAdmin && typeof error === "string") fail(error);
    fail(`The relay answered ${response.status} ${response.statusText}; its log says why.`);
  }
  return { status: response.status, data };
}
