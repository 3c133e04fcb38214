import { toBase64, utf8 } from "../../core/bytes.ts";
import type { RelayRequest } from "../http/request.ts";

/** The session cookie's name; the page never reads it (HttpOnly), the browser only sends it. */
export const SESSION_COOKIE = "hookbridge_admin";
/** The header the page echoes its per-session CSRF token in, on every request that changes state. */
export const CSRF_HEADER = "x-hookbridge-csrf";
/** A signed-in page stays signed in this long, then asks for the token again. */
export const SESSION_SECONDS = 8 * 60 * 60;
/** Sessions live in memory; this many at most, the oldest dropped first, so memory stays bounded. */
const MAX_SESSIONS = 64;

export interface Session {
  readonly id: string;
  readonly csrf: string;
  /** Milliseconds. */
  readonly expiresAt: number;
}

/** Who a request is: the bearer of the token, a signed-in page, or nobody. */
export type Caller =
  | { readonly kind: "bearer" }
  | { readonly kind: "session"; readonly session: Session }
  | { readonly kind: "none" };

/**
 * Compares in constant time, in Web APIs only (so on Workers too): every byte the caller sent is
 * compared, so neither the first differing byte nor the secret's length shows in the timing.
 */
export function sameSecret(given: string, expected: string): boolean {
  const sent = utf8(given);
  const secret = utf8(expected);
  let diff = sent.length ^ secret.length;
  for (let i = 0; i < sent.length; i++)
    diff |= (sent[i] as number) ^ (secret[i % Math.max(1, secret.length)] ?? 0);
  return diff === 0;
}

/** 32 random bytes, base64url: a session id or a CSRF token. */
function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function cookieValue(header: string | null, name: string): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** Whether the page reached the relay over https (directly, or through a proxy that says so). */
export function overHttps(request: RelayRequest): boolean {
  return request.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}

/**
 * Whether a state-changing request was sent by a page of this relay: its `Origin` names this
 * host (the Host the client used, or the one a proxy forwarded). Browsers always send `Origin` on
 * a cross-origin or non-GET `fetch`, so a missing one is refused too.
 */
export function sameOrigin(request: RelayRequest): boolean {
  const origin = request.header("origin");
  if (origin === null) return false;
  const host = URL.parse(origin)?.host;
  if (!host) return false;
  const own = [request.header("host"), request.header("x-forwarded-host")?.split(",")[0]?.trim()];
  return own.some(
    (candidate) => candidate !== null && candidate !== undefined && candidate === host,
  );
}

/** The token check and the in-memory sessions of the admin page. */
export class AdminAccess {
  readonly #token: string;
  readonly #now: () => number;
  readonly #sessions = new Map<string, Session>();

  constructor(token: string, now: () => number) {
    this.#token = token;
    this.#now = now;
  }

  tokenMatches(given: string): boolean {
    return sameSecret(given, this.#token);
  }

  /**
   * A bearer token wins over a cookie; a wrong bearer token is `none` even with a valid cookie,
   * so a script with a stale token learns it at once.
   */
  caller(request: RelayRequest): Caller {
    const authorization = request.header("authorization");
    if (authorization !== null) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      return match?.[1] !== undefined && this.tokenMatches(match[1])
        ? { kind: "bearer" }
        : { kind: "none" };
    }
    const session = this.session(request);
    return session ? { kind: "session", session } : { kind: "none" };
  }

  session(request: RelayRequest): Session | undefined {
    const id = cookieValue(request.header("cookie"), SESSION_COOKIE);
    if (id === undefined) return undefined;
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.#now()) {
      this.#sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** Whether the request carries this session's CSRF token. */
  csrfMatches(request: RelayRequest, session: Session): boolean {
    const given = request.header(CSRF_HEADER);
    return given !== null && sameSecret(given, session.csrf);
  }

  open(): Session {
    const now = this.#now();
    for (const [id, session] of this.#sessions) {
      if (session.expiresAt <= now) this.#sessions.delete(id);
    }
    while (this.#sessions.size >= MAX_SESSIONS) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
    const session: Session = {
      id: randomToken(),
      csrf: randomToken(),
      expiresAt: now + SESSION_SECONDS * 1000,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  close(session: Session): void {
    this.#sessions.delete(session.id);
  }
}

/** `Set-Cookie` for a new session, or (without one) the header that removes it. */
export function sessionCookie(session: Session | undefined, secure: boolean): string {
  const attributes = ["Path=/", "HttpOnly", "SameSite=Strict", ...(secure ? ["Secure"] : [])];
  return session
    ? [`${SESSION_COOKIE}=${session.id}`, `Max-Age=${SESSION_SECONDS}`, ...attributes].join("; ")
    : [`${SESSION_COOKIE}=`, "Max-Age=0", ...attributes].join("; ");
}
