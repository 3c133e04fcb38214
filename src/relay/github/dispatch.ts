import { encodeBatchJson } from "../../core/batch-envelope.ts";
import type { EncodedDispatch } from "../../core/envelope.ts";
import type { StartedRun } from "../../core/workflow-dispatch.ts";
import type { RelayConfig } from "../config.ts";
import {
  type Dispatchable,
  encodeForGitHub,
  envelopeSecret,
  replyFor,
} from "../delivery/outgoing.ts";
import { aboutRepository, type Route, type StoredRoute } from "../delivery/routing.ts";
import type { CallPurpose, GitHubVerdict, NotAccepted } from "./answer.ts";
import { answerJson, callGitHub, type FetchLike } from "./api.ts";
import type { TokenSource } from "./credentials.ts";
import { type DispatchTarget, inputsTooLarge, startedRun, workflowDispatchBody } from "./target.ts";

/** What became of one attempt: GitHub's verdict, or the settings no longer allowing it. */
export type DispatchVerdict =
  | GitHubVerdict
  /** The allow-list or routing, read again now, sends the delivery nowhere. */
  | { readonly kind: "filtered"; readonly reason: string };

/** One attempt's verdict and what is known about it. */
export interface Answered {
  readonly verdict: GitHubVerdict;
  /** How many of the members, from the first, the dispatch held (the rest did not fit). */
  readonly sent: number;
  /** GitHub's status on the last call made, or null when none answered (or none was made). */
  readonly status: number | null;
  /** GitHub's `x-ratelimit-remaining` on its answer, when it sent one (the admin metrics). */
  readonly rateLimitRemaining?: number | undefined;
  /** Whose limits the attempt counted against: a pause GitHub asks for applies to all of it. */
  readonly identity: string;
  /** In a dry run, what would have been sent. */
  readonly dryRun?: { readonly eventType: string; readonly bytes: number };
  /** The run a `workflow_dispatch` started, when GitHub named it. */
  readonly run?: StartedRun | undefined;
}

export interface DispatchAttemptDeps {
  readonly fetch: FetchLike;
  readonly tokens: TokenSource;
  /** Wall-clock milliseconds: the envelope's `received_at` and the reading of rate-limit resets. */
  readonly now: () => number;
}

function credentialsName(config: RelayConfig): string {
  return config.auth.kind === "app" ? "the App's installation token" : "HOOKBRIDGE_GITHUB_TOKEN";
}

function dispatchPurpose(config: RelayConfig, repository: string): CallPurpose {
  const setting = config.repositories ? "HOOKBRIDGE_REPOSITORIES" : "HOOKBRIDGE_REPOSITORY";
  const credentials = credentialsName(config);
  if (config.target.kind === "workflow")
    return workflowPurpose(config.target, repository, credentials);
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

function workflowPurpose(
  target: Extract<DispatchTarget, { kind: "workflow" }>,
  repository: string,
  credentials: string,
): CallPurpose {
  const where = `.github/workflows/${target.workflow} of ${repository}`;
  return {
    what: "the workflow dispatch",
    unauthorized: (detail) =>
      `GitHub rejected the relay's credentials (${detail}); ${credentials} is wrong, expired or revoked.`,
    forbidden: (detail) =>
      `GitHub refused to start ${where} (${detail}); ${credentials} needs actions: write (Actions read and write) on ${repository}.`,
    notFound: (detail) =>
      `GitHub answered ${detail} for ${where}; the file must exist on the branch it runs on (HOOKBRIDGE_TARGET names it), and ${credentials} must see ${repository}.`,
    unprocessable: (detail) =>
      `GitHub refused to start ${where} (${detail}); the workflow must have on: workflow_dispatch with a string input named envelope (docs/relay.md), and the ref in HOOKBRIDGE_TARGET must exist.`,
  };
}

function repositoryLookupPurpose(repository: string, credentials: string): CallPurpose {
  return {
    what: "the repository look-up",
    unauthorized: (detail) =>
      `GitHub rejected the relay's credentials (${detail}); ${credentials} is wrong, expired or revoked.`,
    forbidden: (detail) =>
      `GitHub refused to show ${repository} (${detail}); ${credentials} needs metadata: read on it, or name the branch in HOOKBRIDGE_TARGET (workflow:<file>@<branch>).`,
    notFound: (detail) =>
      `GitHub answered ${detail} for ${repository}; ${credentials} cannot see it, or it does not exist.`,
    unprocessable: (detail) => `GitHub refused the look-up of ${repository} (${detail}).`,
  };
}

/** Default branches already looked up, per relay (its token source) and repository. */
const defaultBranches = new WeakMap<TokenSource, Map<string, { branch: string; until: number }>>();
/** A default branch rarely changes; looked up again after this long. */
const DEFAULT_BRANCH_TTL_MS = 10 * 60 * 1000;

/** The branch a `workflow` target runs on: the one it names, else the repository's default. */
async function workflowRef(
  config: RelayConfig,
  deps: DispatchAttemptDeps,
  target: Extract<DispatchTarget, { kind: "workflow" }>,
  repository: string,
  bearer: string,
  signal: AbortSignal,
): Promise<{ readonly ref: string } | { readonly verdict: NotAccepted }> {
  if (target.ref !== undefined) return { ref: target.ref };
  const known = defaultBranches.get(deps.tokens) ?? new Map();
  defaultBranches.set(deps.tokens, known);
  const cached = known.get(repository);
  if (cached !== undefined && cached.until > deps.now()) return { ref: cached.branch };
  const call = await callGitHub({
    fetch: deps.fetch,
    url: `${config.apiUrl}/repos/${repository}`,
    method: "GET",
    bearer,
    signal,
    now: deps.now,
    purpose: repositoryLookupPurpose(repository, credentialsName(config)),
  });
  if (!("response" in call)) return { verdict: call.verdict };
  const branch = (await answerJson(call.response)).default_branch;
  if (typeof branch !== "string" || branch === "") {
    return {
      verdict: {
        kind: "retry",
        code: "github-unavailable",
        reason: `GitHub's answer about ${repository} named no default branch`,
      },
    };
  }
  known.set(repository, { branch, until: deps.now() + DEFAULT_BRANCH_TTL_MS });
  return { ref: branch };
}

const NO_REPOSITORY: NotAccepted = {
  kind: "failed",
  code: "no-repository",
  misconfigured: true,
  reason: "The relay has no repository to dispatch to; set HOOKBRIDGE_REPOSITORY.",
};

/** One delivery to dispatch, with what routing needs to decide it again. */
export type DispatchMember = Dispatchable &
  StoredRoute & {
    /** The relay's own id for it, when its delivery log holds it: the report comes back to it. */
    readonly relayId?: string | undefined;
  };

/** How a set of deliveries is routed now: where they go, and those the settings send nowhere. */
export interface Routed<M extends DispatchMember> {
  /** Where the first routable member goes (undefined only in a dry run without a repository). */
  readonly repository: string | undefined;
  /** The members that go there, in order. */
  readonly members: readonly M[];
  readonly filtered: readonly { readonly member: M; readonly reason: string }[];
  /** Members routed elsewhere now: not in this dispatch. */
  readonly elsewhere: readonly M[];
}

/**
 * Routing and the allow-list decided again for stored deliveries, as the settings are now. A
 * lane's deliveries were all for one repository at receipt; should the settings now send one
 * elsewhere, it waits for a dispatch of its own.
 */
export function routeMembers<M extends DispatchMember>(
  route: (stored: StoredRoute) => Route,
  members: readonly M[],
): Routed<M> & { readonly any: boolean } {
  const filtered: { member: M; reason: string }[] = [];
  const going: M[] = [];
  const elsewhere: M[] = [];
  let target: { repository: string | undefined } | undefined;
  for (const member of members) {
    const decided = route(member);
    if ("ignored" in decided) filtered.push({ member, reason: decided.ignored });
    else if (target === undefined || target.repository === decided.repository) {
      target = decided;
      going.push(member);
    } else elsewhere.push(member);
  }
  return {
    repository: target?.repository,
    members: going,
    filtered,
    elsewhere,
    any: target !== undefined,
  };
}

/** The request for `members` (all of one provider), and how many of them, from the first, it holds. */
async function encodeMembers(
  config: RelayConfig,
  members: readonly DispatchMember[],
  now: number,
): Promise<{ readonly encoded: EncodedDispatch; readonly sent: number }> {
  // A workflow's inputs are counted with the escaping a JSON text input adds: a batch that fits
  // a client_payload may not fit there.
  const fits = (encoded: EncodedDispatch) =>
    config.target.kind !== "workflow" || !("tooLarge" in workflowDispatchBody(encoded, ""));
  const first = members[0] as DispatchMember;
  const secret = envelopeSecret(config, first.provider);
  const encode = (member: DispatchMember) =>
    encodeForGitHub(member, secret, now, {
      repository: aboutRepository(config, member.named),
      reply: replyFor(config, member.relayId),
    });
  const single = await encode(first);
  if (members.length === 1) return { encoded: single, sent: 1 };
  const envelopes = [single.request.client_payload];
  for (const member of members.slice(1))
    envelopes.push((await encode(member)).request.client_payload);
  // As many as fit, in order; a batch of one is dispatched as that one delivery.
  for (let count = envelopes.length; count > 1; count -= 1) {
    const batch = await encodeBatchJson(first.provider, envelopes.slice(0, count));
    if (batch && fits(batch)) return { encoded: batch, sent: count };
  }
  return { encoded: single, sent: 1 };
}

/**
 * The one dispatch path, for sync mode, the Node queue and the Workers consumer alike: the
 * envelopes signed now (one, or a batch of a repository's deliveries), a credential, the
 * `repository_dispatch` (or the workflow's `workflow_dispatch`), and a verdict made from GitHub's own answers to each call. Never throws
 * for anything GitHub or the network does; only an envelope that cannot be encoded (refused at
 * receipt already) throws. `repository` and `members` come from {@link routeMembers}.
 */
export async function attemptDispatch(
  config: RelayConfig,
  deps: DispatchAttemptDeps,
  target: { readonly repository: string | undefined; readonly members: readonly DispatchMember[] },
  signal: AbortSignal,
): Promise<Answered> {
  const { repository, members } = target;
  const identity = repository === undefined ? "token" : deps.tokens.identityOf(repository);
  const { encoded, sent } = await encodeMembers(config, members, deps.now());
  if (config.dryRun) {
    return {
      verdict: { kind: "accepted" },
      status: null,
      identity,
      sent,
      dryRun: { eventType: encoded.request.event_type, bytes: encoded.bytes },
    };
  }
  if (repository === undefined) return { verdict: NO_REPOSITORY, status: null, identity, sent };
  const credential = await deps.tokens.credential(repository, signal);
  if ("verdict" in credential) return { ...credential, identity, sent };
  const { identity: credentialIdentity, token } = credential.credential;
  let request = { url: `${config.apiUrl}/repos/${repository}/dispatches`, json: encoded.json };
  const { target: starts } = config;
  if (starts.kind === "workflow") {
    const ref = await workflowRef(config, deps, starts, repository, token, signal);
    if ("verdict" in ref)
      return { verdict: ref.verdict, status: null, identity: credentialIdentity, sent };
    const body = workflowDispatchBody(encoded, ref.ref);
    if ("tooLarge" in body)
      return {
        verdict: inputsTooLarge(body.tooLarge),
        status: null,
        identity: credentialIdentity,
        sent,
      };
    request = {
      url: `${config.apiUrl}/repos/${repository}/actions/workflows/${encodeURIComponent(starts.workflow)}/dispatches`,
      json: body.json,
    };
  }
  const call = await callGitHub({
    fetch: deps.fetch,
    url: request.url,
    bearer: token,
    body: request.json,
    signal,
    now: deps.now,
    purpose: dispatchPurpose(config, repository),
  });
  const answered = {
    identity: credentialIdentity,
    rateLimitRemaining: call.rateLimitRemaining,
    sent,
  };
  if ("response" in call) {
    const { status } = call.response;
    if (starts.kind !== "workflow") {
      await call.response.body?.cancel().catch(() => {});
      return { ...answered, verdict: call.verdict, status };
    }
    const run = await startedRun(call.response, repository);
    return { ...answered, verdict: call.verdict, status, ...(run ? { run } : {}) };
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
