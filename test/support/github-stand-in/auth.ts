/**
 * GitHub's two kinds of credential: a token (`token X` or `Bearer X`) for repository endpoints,
 * and a GitHub App JWT (RS256, at most ten minutes long) for the app endpoints that mint
 * installation tokens. Using the wrong one is a bug in the client, so it is a violation here.
 */
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { type Reply, unauthorized } from "./replies.ts";

export interface AuthOptions {
  /** The token repository endpoints accept; any non-empty token when not set. */
  readonly token?: string;
  /** When set, app JWTs must be signed by the matching private key. */
  readonly appPublicKey?: string | KeyObject;
  /** When set, app JWTs must carry this `iss`. */
  readonly appId?: string | number;
}

export interface DecodedJwt {
  readonly raw: string;
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
}

export type AuthResult =
  | { readonly ok: true; readonly credential: string; readonly jwt?: DecodedJwt }
  | { readonly ok: false; readonly reply: Reply };

/** Operations GitHub authenticates with the app JWT rather than a token. */
const JWT_OPERATIONS = new Set([
  "apps/get-authenticated",
  "apps/create-installation-access-token",
  "apps/get-installation",
  "apps/list-installations",
  "apps/get-repo-installation",
  "apps/get-org-installation",
  "apps/get-user-installation",
  "apps/delete-installation",
]);

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;
const MAX_JWT_LIFETIME_S = 600;
const CLOCK_SKEW_S = 60;

function credentialOf(header: string | undefined): string | undefined {
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

function decodeJwt(raw: string): DecodedJwt | undefined {
  if (!JWT_SHAPE.test(raw)) return undefined;
  const [header = "", payload = ""] = raw.split(".");
  try {
    const parse = (part: string) =>
      JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
    return { raw, header: parse(header), payload: parse(payload) };
  } catch {
    return undefined;
  }
}

export class Authenticator {
  readonly #options: AuthOptions;
  readonly #publicKey: KeyObject | undefined;
  /** Installation tokens minted by the stand-in, with their expiry in ms. */
  readonly #issued = new Map<
    string,
    { expiresAtMs: number; covers?: ((fullName: string) => boolean) | undefined }
  >();

  constructor(options: AuthOptions) {
    this.#options = options;
    const key = options.appPublicKey;
    this.#publicKey =
      key === undefined ? undefined : typeof key === "string" ? createPublicKey(key) : key;
  }

  remember(token: string, expiresAtMs: number, covers?: (fullName: string) => boolean): void {
    this.#issued.set(token, { expiresAtMs, covers });
  }

  /** `repository` is the `owner/repo` the operation is on, for tokens limited to some. */
  check(
    operationId: string,
    header: string | undefined,
    nowMs: number,
    repository?: string,
  ): AuthResult {
    const credential = credentialOf(header);
    if (credential === undefined) {
      return {
        ok: false,
        reply: unauthorized(
          "Requires authentication",
          header
            ? `unusable authorization header for ${operationId}`
            : `no authorization header for ${operationId}`,
        ),
      };
    }
    if (JWT_OPERATIONS.has(operationId)) return this.#checkJwt(operationId, credential, nowMs);
    if (decodeJwt(credential)) {
      return {
        ok: false,
        reply: unauthorized(
          "Bad credentials",
          `${operationId} was called with a GitHub App JWT; it needs an installation token`,
        ),
      };
    }
    const expected = this.#options.token;
    const issued = this.#issued.get(credential);
    // A token the stand-in minted is judged by its own expiry, even when any token would do.
    const valid =
      issued !== undefined
        ? issued.expiresAtMs > nowMs
        : expected === undefined || credential === expected;
    if (!valid) {
      return {
        ok: false,
        reply: unauthorized(
          "Bad credentials",
          issued
            ? `expired installation token for ${operationId}`
            : `wrong token for ${operationId}`,
        ),
      };
    }
    if (issued?.covers && repository !== undefined && !issued.covers(repository)) {
      // GitHub hides repositories an installation token cannot reach.
      return {
        ok: false,
        reply: {
          status: 404,
          body: {
            message: "Not Found",
            documentation_url: "https://docs.github.com/rest",
            status: "404",
          },
        },
      };
    }
    return { ok: true, credential };
  }

  #checkJwt(operationId: string, credential: string, nowMs: number): AuthResult {
    const reject = (message: string, why: string): AuthResult => ({
      ok: false,
      reply: unauthorized(message, `${operationId}: ${why}`),
    });
    const jwt = decodeJwt(credential);
    if (!jwt) return reject("A JSON web token could not be decoded", "needs a GitHub App JWT");
    if (jwt.header.alg !== "RS256") {
      return reject(
        "A JSON web token could not be decoded",
        `JWT alg is ${String(jwt.header.alg)}, GitHub needs RS256`,
      );
    }
    const now = Math.floor(nowMs / 1000);
    const { iat, exp, iss } = jwt.payload;
    if (typeof iat !== "number" || iat > now + CLOCK_SKEW_S) {
      return reject(
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.",
        "JWT iat is missing or in the future",
      );
    }
    if (typeof exp !== "number" || exp <= now) {
      return reject(
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.",
        "JWT exp is missing or past",
      );
    }
    if (exp - now > MAX_JWT_LIFETIME_S + CLOCK_SKEW_S) {
      return reject(
        "'Expiration time' claim ('exp') is too far in the future.",
        "JWT lives longer than 10 minutes",
      );
    }
    if (
      iss === undefined ||
      (this.#options.appId !== undefined && String(iss) !== String(this.#options.appId))
    ) {
      return reject(
        "A JSON web token could not be decoded",
        `JWT iss ${String(iss)} is not the app id`,
      );
    }
    if (this.#publicKey) {
      const [header, payload, signature = ""] = credential.split(".");
      const signed = verify(
        "RSA-SHA256",
        Buffer.from(`${header}.${payload}`),
        this.#publicKey,
        Buffer.from(signature, "base64url"),
      );
      if (!signed)
        return reject("A JSON web token could not be decoded", "JWT signature does not verify");
    }
    return { ok: true, credential, jwt };
  }
}
