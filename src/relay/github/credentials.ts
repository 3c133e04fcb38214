import githubAppJwt from "universal-github-app-jwt";
import type { GitHubAuth, RelayConfig } from "../config.ts";
import type { CallPurpose, NotAccepted } from "./answer.ts";
import { answerJson, callGitHub, type FetchLike } from "./api.ts";
import { toPkcs8Pem } from "./app-key.ts";

/** A bearer token for calls on one repository, and whose GitHub limits those calls count against. */
export interface Credential {
  readonly token: string;
  /**
   * `installation:<id>` for an App installation, `token` for HOOKBRIDGE_GITHUB_TOKEN: GitHub's
   * rate limits apply per identity, so a rate-limited dispatch pauses every lane of the identity
   * its call counted against (the queue's pacing, before a call, asks `identityOf` instead).
   */
  readonly identity: string;
}

/** A credential, or GitHub's verdict on the calls that should have made one. */
export type CredentialResult =
  | { readonly credential: Credential }
  | { readonly verdict: NotAccepted; readonly status: number | null };

/** Bearer tokens for the GitHub REST API, per target repository. */
export interface TokenSource {
  credential(repository: string, signal: AbortSignal): Promise<CredentialResult>;
  /**
   * Whose limits calls on `repository` count against, as far as is known without calling
   * GitHub: an App's installation is known once looked up; until then the repository stands alone.
   */
  identityOf(repository: string): string;
  /** Forgets what was cached for the repository (its installation and token), after GitHub refused it. */
  invalidate(repository: string): void;
}

export interface TokenSourceOptions {
  readonly auth: GitHubAuth;
  readonly apiUrl: string;
  /**
   * Whether each token is limited to the one repository it is for (a relay with a single target).
   * A relay routing to many repositories mints one token per installation instead.
   */
  readonly perRepository: boolean;
  readonly fetch: FetchLike;
  readonly now: () => number;
}

/** Installation tokens live an hour; renewing 5 minutes early keeps one from expiring mid-call. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** Cached installations and tokens; a relay sees a bounded set of repositories, this caps a surprise. */
const MAX_CACHED = 1000;

function lookupPurpose(repository: string): CallPurpose {
  return {
    what: `the installation lookup for ${repository}`,
    unauthorized: (detail) =>
      `GitHub refused the App's JWT (${detail}); check that HOOKBRIDGE_APP_ID and HOOKBRIDGE_APP_PRIVATE_KEY belong to the same App and that the relay's clock is right.`,
    forbidden: (detail) =>
      `GitHub refused to say which installation of the App covers ${repository} (${detail}); install the App on ${repository} with Contents read and write.`,
    notFound: (detail) =>
      `The App is not installed on ${repository} (${detail}); install it there with Contents read and write, or remove the repository from HOOKBRIDGE_REPOSITORIES.`,
    unprocessable: (detail) =>
      `GitHub could not look up the App's installation on ${repository} (${detail}).`,
  };
}

function installationPurpose(installationId: string, repository: string): CallPurpose {
  return {
    what: "the installation token request",
    unauthorized: (detail) =>
      `GitHub refused the App's JWT (${detail}); check that HOOKBRIDGE_APP_ID and HOOKBRIDGE_APP_PRIVATE_KEY belong to the same App and that the relay's clock is right.`,
    forbidden: (detail) =>
      `GitHub refused an installation token (${detail}); the App may be suspended, or lack the contents: write permission on ${repository}.`,
    notFound: (detail) =>
      `GitHub found no installation ${installationId} of this App (${detail}); check HOOKBRIDGE_APP_INSTALLATION_ID, or leave it unset so the relay finds each repository's installation.`,
    unprocessable: (detail) =>
      `GitHub would not issue a token for ${repository} (${detail}); install the App on that repository and grant it contents: write.`,
  };
}

/** Adds to a cache map, starting over when it is full rather than growing without bound. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_CACHED && !map.has(key)) map.clear();
  map.set(key, value);
}

const MISCONFIGURED_KEY: CredentialResult = {
  verdict: {
    kind: "failed",
    code: "app-key",
    misconfigured: true,
    reason:
      "HOOKBRIDGE_APP_PRIVATE_KEY could not sign a JWT; use the RSA private key GitHub generated for the App, unchanged.",
  },
  status: null,
};

function unreadable(what: string): CredentialResult {
  return {
    verdict: { kind: "failed", code: "github-error", reason: `GitHub's answer to ${what}.` },
    status: null,
  };
}

function appTokenSource(
  auth: Extract<GitHubAuth, { kind: "app" }>,
  options: TokenSourceOptions,
): TokenSource {
  const appId = /^\d+$/.test(auth.appId) ? Number(auth.appId) : auth.appId;
  let privateKey: string | undefined;
  // Only settled values are shared. A pending request is not: on Workers a promise created by
  // one request and awaited by another is cancelled when the first request ends.
  const installations = new Map<string, string>();
  const tokens = new Map<string, { token: string; refreshAt: number }>();

  async function signJwt(): Promise<string | undefined> {
    try {
      privateKey ??= toPkcs8Pem(auth.privateKey);
      const jwt = await githubAppJwt({
        id: appId,
        privateKey,
        now: Math.floor(options.now() / 1000),
      });
      return jwt.token;
    } catch {
      return undefined;
    }
  }

  async function installationOf(
    repository: string,
    signal: AbortSignal,
  ): Promise<{ readonly id: string } | CredentialResult> {
    if (auth.installationId !== undefined) return { id: auth.installationId };
    const key = repository.toLowerCase();
    const known = installations.get(key);
    if (known !== undefined) return { id: known };
    const jwt = await signJwt();
    if (jwt === undefined) return MISCONFIGURED_KEY;
    const call = await callGitHub({
      fetch: options.fetch,
      method: "GET",
      url: `${options.apiUrl}/repos/${repository}/installation`,
      bearer: jwt,
      signal,
      now: options.now,
      purpose: lookupPurpose(repository),
    });
    if (!("response" in call)) return call;
    const id = (await answerJson(call.response)).id;
    if (typeof id !== "number" || !Number.isSafeInteger(id))
      return unreadable(`the installation lookup for ${repository} had no installation id in it`);
    remember(installations, key, String(id));
    return { id: String(id) };
  }

  return {
    async credential(repository, signal) {
      const installation = await installationOf(repository, signal);
      if (!("id" in installation)) return installation;
      const installationId = installation.id;
      const identity = `installation:${installationId}`;
      const key = options.perRepository
        ? `${installationId}\n${repository.toLowerCase()}`
        : installationId;
      const cached = tokens.get(key);
      if (cached && options.now() < cached.refreshAt)
        return { credential: { token: cached.token, identity } };
      const jwt = await signJwt();
      if (jwt === undefined) return MISCONFIGURED_KEY;
      const call = await callGitHub({
        fetch: options.fetch,
        url: `${options.apiUrl}/app/installations/${installationId}/access_tokens`,
        bearer: jwt,
        // Only the one permission a dispatch needs; a single-target relay also limits the token
        // to that repository.
        body: JSON.stringify({
          ...(options.perRepository ? { repositories: [repository.split("/")[1]] } : {}),
          permissions: { contents: "write" },
        }),
        signal,
        now: options.now,
        purpose: installationPurpose(installationId, repository),
      });
      if (!("response" in call)) return call;
      const answer = await answerJson(call.response);
      const expires =
        typeof answer.expires_at === "string" ? Date.parse(answer.expires_at) : Number.NaN;
      if (
        typeof answer.token !== "string" ||
        answer.token.length === 0 ||
        !Number.isFinite(expires)
      )
        return unreadable("the installation token request had no token in it");
      remember(tokens, key, { token: answer.token, refreshAt: expires - REFRESH_MARGIN_MS });
      return { credential: { token: answer.token, identity } };
    },
    identityOf(repository) {
      const installationId = auth.installationId ?? installations.get(repository.toLowerCase());
      return installationId === undefined
        ? `repository:${repository.toLowerCase()}`
        : `installation:${installationId}`;
    },
    invalidate(repository) {
      const installationId = auth.installationId ?? installations.get(repository.toLowerCase());
      installations.delete(repository.toLowerCase());
      if (installationId === undefined) return;
      tokens.delete(installationId);
      tokens.delete(`${installationId}\n${repository.toLowerCase()}`);
    },
  };
}

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { auth } = options;
  switch (auth.kind) {
    case "token":
      return {
        credential: async () => ({ credential: { token: auth.token, identity: "token" } }),
        identityOf: () => "token",
        invalidate() {},
      };
    case "app":
      return appTokenSource(auth, options);
    case "none":
      return {
        credential: async () => ({
          verdict: {
            kind: "failed",
            code: "no-credentials",
            misconfigured: true,
            reason: "The relay has no GitHub credentials; set HOOKBRIDGE_GITHUB_TOKEN.",
          },
          status: null,
        }),
        identityOf: () => "token",
        invalidate() {},
      };
  }
}

/** The token source for one relay's settings: built once per host and passed down. */
export function tokenSourceFor(
  config: Pick<RelayConfig, "auth" | "apiUrl" | "repositories">,
  fetch: FetchLike,
  now: () => number,
): TokenSource {
  return createTokenSource({
    auth: config.auth,
    apiUrl: config.apiUrl,
    perRepository: config.repositories === undefined,
    fetch,
    now,
  });
}
