import githubAppJwt from "universal-github-app-jwt";
import { RelayFailure } from "./answers.ts";
import { toPkcs8Pem } from "./app-key.ts";
import type { GitHubAuth } from "./config.ts";
import { type CallPurpose, type FetchLike, postToGitHub } from "./github-api.ts";

/** Bearer tokens for the GitHub REST API. */
export interface TokenSource {
  token(signal: AbortSignal): Promise<string>;
  /** Forgets a cached installation token, after GitHub refused it. */
  invalidate(): void;
}

export interface TokenSourceOptions {
  readonly auth: GitHubAuth;
  readonly apiUrl: string;
  readonly repository: string | undefined;
  readonly fetch: FetchLike;
  readonly now: () => number;
}

/** Installation tokens live an hour; renewing 5 minutes early keeps one from expiring mid-call. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

function installationPurpose(installationId: string, repository: string | undefined): CallPurpose {
  const target = repository ?? "the repository";
  return {
    what: "the installation token request",
    unauthorized: (detail) =>
      `GitHub refused the App's JWT (${detail}); check that HOOKBRIDGE_APP_ID and HOOKBRIDGE_APP_PRIVATE_KEY belong to the same App and that the relay's clock is right.`,
    forbidden: (detail) =>
      `GitHub refused an installation token (${detail}); the App may be suspended, or lack the contents: write permission on ${target}.`,
    notFound: (detail) =>
      `GitHub found no installation ${installationId} of this App (${detail}); check HOOKBRIDGE_APP_INSTALLATION_ID.`,
    unprocessable: (detail) =>
      `GitHub would not issue a token for ${target} (${detail}); install the App on that repository and grant it contents: write.`,
  };
}

function appTokenSource(
  auth: Extract<GitHubAuth, { kind: "app" }>,
  options: TokenSourceOptions,
): TokenSource {
  const purpose = installationPurpose(auth.installationId, options.repository);
  const url = `${options.apiUrl}/app/installations/${auth.installationId}/access_tokens`;
  const appId = /^\d+$/.test(auth.appId) ? Number(auth.appId) : auth.appId;
  let privateKey: string | undefined;
  // Only settled tokens are shared. A pending request is not: on Workers a promise created by
  // one request and awaited by another is cancelled when the first request ends.
  let cached: { token: string; refreshAt: number } | undefined;

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

  return {
    async token(signal) {
      if (cached && options.now() < cached.refreshAt) return cached.token;
      const response = await postToGitHub({
        fetch: options.fetch,
        url,
        bearer: await signJwt(),
        // A token limited to the one repository and the one permission a dispatch needs.
        body: JSON.stringify({
          ...(options.repository ? { repositories: [options.repository.split("/")[1]] } : {}),
          permissions: { contents: "write" },
        }),
        signal,
        now: options.now,
        purpose,
      });
      const answer = (await response.json().catch(() => ({}))) as {
        token?: unknown;
        expires_at?: unknown;
      };
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
      cached = { token: answer.token, refreshAt: expires - REFRESH_MARGIN_MS };
      return answer.token;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const { auth } = options;
  switch (auth.kind) {
    case "token":
      return { token: async () => auth.token, invalidate() {} };
    case "app":
      return appTokenSource(auth, options);
    case "none":
      return {
        token: async () => {
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
