/**
 * Turns a failed GitHub request into one sentence that names the fix. Reads the error's shape
 * instead of importing Octokit, so reporting a failure never loads the client.
 */

interface RequestFailure {
  readonly status: number;
  readonly message?: string;
  readonly request?: { readonly method?: string; readonly url?: string };
  readonly response?: {
    readonly data?: unknown;
    readonly headers?: Readonly<Record<string, string | number | undefined>>;
  };
}

function isRequestFailure(error: unknown): error is RequestFailure {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { status?: unknown }).status === "number" &&
    "request" in error
  );
}

// Which `permissions:` entry a GITHUB_TOKEN needs for each kind of write.
function permissionFor(path: string): string {
  if (/\/check-runs\b/.test(path)) return "checks: write";
  if (/\/statuses\//.test(path)) return "statuses: write";
  if (/\/pulls\//.test(path)) return "pull-requests: write";
  return "issues: write (and pull-requests: write to comment on pull requests)";
}

function apiMessage(failure: RequestFailure): string {
  const data = failure.response?.data;
  if (data && typeof data === "object" && "message" in data && typeof data.message === "string") {
    const errors = "errors" in data && Array.isArray(data.errors) ? data.errors : [];
    const details = errors
      .map((item: unknown) =>
        typeof item === "string"
          ? item
          : item && typeof item === "object" && "message" in item
            ? String(item.message)
            : "",
      )
      .filter(Boolean)
      .join("; ");
    return details ? `${data.message} (${details})` : data.message;
  }
  return failure.message ?? "request failed";
}

export function describeGitHubError(error: unknown): string | undefined {
  if (!isRequestFailure(error)) return undefined;
  const method = failureMethod(error);
  const path = failurePath(error);
  const said = apiMessage(error).slice(0, 300).replace(/\.$/, "");
  const what = `GitHub answered ${error.status} "${said}" to ${method} ${path}`;
  switch (error.status) {
    case 401:
      return `${what}: the github-token is missing, expired or revoked; pass a valid token (the default is github.token).`;
    case 403:
    case 429:
      if (isRateLimit(error, said))
        return `${what}: the token ran out of API calls for now; re-run the job later, or use a GitHub App token (higher limits).`;
      return `${what}: give the token ${permissionFor(path)} in the workflow's permissions, or pass a GitHub App or personal token with that access in github-token.`;
    case 404:
      return `${what}: the pull request, issue or commit named by the event is not in this repository, or the token cannot see it (it needs ${permissionFor(path)}).`;
    case 422:
      return `${what}: GitHub refused the request's content; check that the commit and pull request from the event exist in this repository.`;
    default:
      return `${what}; GitHub may be having trouble, re-run the job later.`;
  }
}

function isRateLimit(error: RequestFailure, said: string): boolean {
  const remaining = error.response?.headers?.["x-ratelimit-remaining"];
  return error.status === 429 || String(remaining) === "0" || /rate limit/i.test(said);
}

function failureMethod(error: RequestFailure): string {
  return error.request?.method ?? "a request to";
}

function failurePath(error: RequestFailure): string {
  const url = error.request?.url ?? "";
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
