/**
 * Who the action writes as. Comments and issues are found again by a hidden marker, and anyone
 * who can comment can type one; so only what this identity wrote is ever taken for hookbridge's
 * own, read, or edited.
 *
 * GitHub offers no REST call that names an installation token's bot: `GET /user` answers a
 * personal token's user and refuses (403) an installation token, whether the job's GITHUB_TOKEN
 * (github-actions[bot]) or a GitHub App's (`<slug>[bot]`), and `GET /app` takes only the App's
 * JWT. So a personal token is matched by its login, and an installation token by what only an
 * installation can be: an author of type Bot, a GitHub App installed on the repository by its
 * admins. People (and their forged markers) are never matched.
 */
import type { GitHubClient } from "./github-client.ts";

/** The `user` of a comment or issue, as GitHub returns it. */
export interface Author {
  readonly login?: string;
  readonly type?: string;
}

export interface Writer {
  /** For the log: the login, or which kind of bot. */
  readonly description: string;
  /** Whether this author is the identity the action writes as. */
  owns(author: Author | null | undefined): boolean;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** Asks GitHub once who the token is; see the module comment for installation tokens. */
export async function resolveWriter(octokit: GitHubClient): Promise<Writer> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    const login = data.login;
    return { description: login, owns: (author) => author?.login === login };
  } catch (error) {
    if (statusOf(error) !== 403) throw error;
  }
  return {
    description: "a GitHub App bot (github-actions[bot] for GITHUB_TOKEN)",
    owns: (author) => author?.type === "Bot" && /\[bot\]$/.test(author.login ?? ""),
  };
}
