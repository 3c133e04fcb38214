import githubAppJwt from "universal-github-app-jwt";
import { RelayFailure } from "./answers.ts";
import { toPkcs8Pem } from "./app-key.ts";
import type { GitHubAuth } from "./config.ts";
import { type CallPurpose, type FetchLike, postToGitHub } from "./github-api.ts";

/** A bearer token for calls on one repository, and whose GitHub limits those calls count against. */
export interface Credential {
  readonly token: string;
  /**
   * `installation:<id>` for an App installation, `token` for HOOKBRIDGE_GITHUB_TOKEN: GitHub's
   * rate limits apply per identity, so a paced dispatcher paces per identity.
   */
  readonly identity: string;
}

/** Bearer tokens for the GitHub REST API, per target repository. */
export interface TokenSource {
  credential(repository: string, signal: AbortSignal): Promise<Credential>;
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

async function jsonOf(response: Response): Promise<Record<string, unknown>> {
  return ((await response.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;
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

  async function signJwt(): Promise<string> {
    try {
      privateKey ??= toPkcs8Pem(auth.privateKey);
      const jwt = await githubAppJwt({
        id: appId,
        privateKey,
        now: Math.floor(options.now() / 1000),
      });
      return jwt.token;
    } catch {
      throw new RelayFailure(
        500,
        "app-key",
        "HOOKBRIDGE_APP_PRIVATE_KEY could not sign a JWT; use the RSA private key GitHub generated for the App, unchanged.",
      );
    }
  }

  async function installationOf(repository: string, signal: AbortSignal): Promise<string> {
    if (auth.installationId !== undefined) return auth.installationId;
    const key = repository.toLowerCase();
    const known = installations.get(key);
    if (known !== undefined) return known;
    const response = await postToGitHub({
      fetch: options.fetch,
      method: "GET",
      url: `${options.apiUrl}/repos/${repository}/installation`,
      bearer: await signJwt(),
      body: "",
      signal,
      now: options.now,
      purpose: lookupPurpose(repository),
    });
    const id = (await jsonOf(response)).id;
    if (typeof id !== "number" || !Number.isSafeInteger(id)) {
      throw new RelayFailure(
        502,
        "github-error",
        `GitHub's answer to the installation lookup for ${repository} had no installation id in it.`,
      );
    }
    remember(installations, key, String(id));
    return String(id);
  }

  return {
    async credential(repository, signal) {
      const installationId = await installationOf(repository, signal);
      const identity = `installation:${installationId}`;
      const key = options.perRepository
        ? `${installationId}\n${repository.toLowerCase()}`
        : installationId;
      const cached = tokens.get(key);
      if (cached && options.now() < cached.refreshAt) return { token: cached.token, identity };
      const response = await postToGitHub({
        fetch: options.fetch,
        url: `${options.apiUrl}/app/installations/${installationId}/access_tokens`,
        bearer: await signJwt(),
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
      const answer = await jsonOf(response);
      const expires =
        typeof answer.expires_at === "string" ? Date.parse(answer.expires_at) : Number.NaN;
      if (
        typeof answer.token !== "string" ||
        answer.token.length === 0 ||
        !Number.isFinite(expires)
      ) {
        throw new RelayFailure(
          502,
          "github-error",
          "GitHub's answer to the installation token request had no token in it.",
        );
      }
      remember(tokens, key, { token: answer.token, refreshAt: expires - REFRESH_MARGIN_MS });
      return { token: answer.token, identity };
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
        credential: async () => ({ token: auth.token, identity: "token" }),
        invalidate() {},
      };
    case "app":
      return appTokenSource(auth, options);
    case "none":
      return {
        credential: async () => {
          throw new RelayFailure(
            500,
            "no-credentials",
            "The relay has no GitHub credentials; set HOOKBRIDGE_GITHUB_TOKEN.",
          );
        },
        invalidate() {},
      };
  }
}
