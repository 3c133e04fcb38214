import type { TokenSource } from "./auth.ts";
import type { RelayConfig } from "./config.ts";
import { type Dispatchable, encodeForGitHub, envelopeSecret } from "./delivery-sink.ts";
import type { CallPurpose, GitHubVerdict, NotAccepted } from "./github-answer.ts";
import { callGitHub, type FetchLike } from "./github-api.ts";
import type { Route, StoredRoute } from "./routing.ts";

/** What became of one attempt: GitHub's verdict, or the settings no longer allowing it. */
export type DispatchVerdict =
  | GitHubVerdict
  /** The allow-list or routing, read again now, sends the delivery nowhere. */
  | { readonly kind: "filtered"; readonly reason: string };

/** One attempt's verdict and what is known about it. */
export interface Answered {
  readonly verdict: DispatchVerdict;
  /** GitHub's status on the last call made, or null when none answered (or none was made). */
  readonly status: number | null;
  /** GitHub's `x-ratelimit-remaining` on its answer, when it sent one (the admin metrics). */
  readonly rateLimitRemaining?: number | undefined;
  /** Whose limits the attempt counted against: a pause GitHub asks for applies to all of it. */
  readonly identity: string;
  /** In a dry run, what would have been sent. */
  readonly dryRun?: { readonly eventType: string; readonly bytes: number };
}

export interface DispatchAttemptDeps {
  readonly fetch: FetchLike;
  readonly tokens: TokenSource;
  /** Routing as the settings say now ({@link createDispatchRouter}). */
  readonly route: (stored: StoredRoute) => Route;
  /** Wall-clock milliseconds: the envelope's `received_at` and the reading of rate-limit resets. */
  readonly now: () => number;
}

function dispatchPurpose(config: RelayConfig, repository: string): CallPurpose {
  const setting = config.repositories ? "HOOKBRIDGE_REPOSITORIES" : "HOOKBRIDGE_REPOSITORY";
  const credentials =
    config.auth.kind === "app" ? "the App's installation token" : "HOOKBRIDGE_GITHUB_TOKEN";
  return {
    what: "the dispatch",
    unauthorized: (detail) =>
      `GitHub rejected the relay's credentials (${detail}); ${credentials} is wrong, expired or revoked.`,
    forbidden: (detail) =>
      `GitHub refused the dispatch to ${repository} (${detail}); ${credentials} needs contents: write (Contents read and write) on ${repository}, and a workflow's GITHUB_TOKEN can only dispatch to its own repository.`,
    notFound: (detail) =>
      `GitHub answered ${detail} for ${repository}; the name in ${setting} is wrong, or ${credentials} cannot see ${repository} (give it access to that repository).`,
    unprocessable: (detail) =>
      `GitHub rejected the dispatch payload (${detail}); if it says client_payload is too large, lower HOOKBRIDGE_MAX_BODY or have the provider send less per webhook.`,
  };
}

const NO_REPOSITORY: NotAccepted = {
  kind: "failed",
  code: "no-repository",
  misconfigured: true,
  reason: "The relay has no repository to dispatch to; set HOOKBRIDGE_REPOSITORY.",
};

/**
 * The one dispatch path, for sync mode, the Node queue and the Workers consumer alike: the
 * route checked against the settings as they are now, the envelope signed now, a credential,
 * the `repository_dispatch`, and a verdict made from GitHub's own answers to each call. Never
 * throws for anything GitHub or the network does; only an envelope that cannot be encoded
 * (refused at receipt already) throws.
 */
export async function attemptDispatch(
  config: RelayConfig,
  deps: DispatchAttemptDeps,
  delivery: Dispatchable & StoredRoute,
  signal: AbortSignal,
): Promise<Answered> {
  const route = deps.route(delivery);
  if ("ignored" in route) {
    const identity = delivery.repository ? deps.tokens.identityOf(delivery.repository) : "token";
    return { verdict: { kind: "filtered", reason: route.ignored }, status: null, identity };
  }
  const { repository } = route;
  const identity = repository === undefined ? "token" : deps.tokens.identityOf(repository);
  const encoded = await encodeForGitHub(
    delivery,
    envelopeSecret(config, delivery.provider),
    deps.now(),
  );
  if (config.dryRun) {
    return {
      verdict: { kind: "accepted" },
      status: null,
      identity,
      dryRun: { eventType: encoded.request.event_type, bytes: encoded.bytes },
    };
  }
  if (repository === undefined) return { verdict: NO_REPOSITORY, status: null, identity };
  const credential = await deps.tokens.credential(repository, signal);
  if ("verdict" in credential) return { ...credential, identity };
  const call = await callGitHub({
    fetch: deps.fetch,
    url: `${config.apiUrl}/repos/${repository}/dispatches`,
    bearer: credential.credential.token,
    body: encoded.json,
    signal,
    now: deps.now,
    purpose: dispatchPurpose(config, repository),
  });
  const answered = {
    identity: credential.credential.identity,
    rateLimitRemaining: call.rateLimitRemaining,
  };
  if ("response" in call) {
    await call.response.body?.cancel().catch(() => {});
    return { ...answered, verdict: call.verdict, status: call.response.status };
  }
  if (call.status === 401) deps.tokens.invalidate(repository);
  return { ...answered, verdict: call.verdict, status: call.status };
}

/** The verdict in a few words, for a log line or a delivery's `last_error`. */
export function describeVerdict(verdict: DispatchVerdict): string {
  switch (verdict.kind) {
    case "accepted":
      return "accepted";
    case "rate-limited":
      return `${verdict.reason}; waiting ${verdict.retryAfterSeconds} seconds`;
    default:
      return verdict.reason;
  }
}
