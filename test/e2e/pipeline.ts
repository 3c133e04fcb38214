/**
 * The whole inbound path for one test: a provider's signed POST → the relay (in-process, the same
 * fetch handler Node and Workers serve) → `repository_dispatch` on the GitHub stand-in → the
 * receive action (from source, or its built bundle) run on that dispatch, reacting in the same
 * repository.
 */
import type { ClientPayload } from "../../src/core/envelope.ts";
import type { ProviderName } from "../../src/core/providers.ts";
import { loadRelayConfig } from "../../src/relay/config.ts";
import { createRelay } from "../../src/relay/http/fetch-adapter.ts";
import { dispatch, freshRepo, requestsFor, TOKEN } from "../receive/support.ts";
import { relayEnvs, SECRETS, signedHeaders } from "../relay/support.ts";
import type { GitHubStandIn, RecordedRequest } from "../support/github-stand-in/index.ts";
import type { ActionRun } from "../support/run-action.ts";

/** The header DejaCode's "extra headers" carry the token in when the relay keeps its default. */
export const DEJACODE_TOKEN_HEADER = "X-Hookbridge-Token";

export interface PostOptions {
  /** Headers added to (or replacing) the provider's own. */
  readonly headers?: Record<string, string>;
  /** Sign with this instead of the relay's secret. */
  readonly secret?: string;
}

export interface Posted {
  readonly status: number;
  readonly answer: unknown;
  /** What the relay dispatched for this request, when it dispatched. */
  readonly payload: ClientPayload | undefined;
}

export interface Pipeline {
  /** The repository the relay dispatches to and the action reacts in. */
  readonly repo: string;
  /** POSTs the body to `/{provider}`, signed as the provider signs it. */
  post(
    provider: ProviderName,
    body: Uint8Array<ArrayBuffer>,
    options?: PostOptions,
  ): Promise<Posted>;
  /**
   * Runs the receive action on a dispatch, with the provider's secret unless told: from source,
   * or with `bundle` the built one as a runner does.
   */
  receive(
    payload: ClientPayload,
    inputs?: Record<string, string>,
    bundle?: boolean,
  ): Promise<ActionRun>;
  /** Every dispatch the relay made so far, oldest first. */
  dispatches(): ClientPayload[];
}

/** Headers a provider sends; DejaCode sends its token the way a user sets it up in the admin. */
export async function providerHeaders(
  provider: ProviderName,
  body: Uint8Array<ArrayBuffer>,
  secret: string = SECRETS[provider],
): Promise<Record<string, string>> {
  if (provider === "dejacode")
    return { "content-type": "application/json", [DEJACODE_TOKEN_HEADER]: secret };
  return signedHeaders(provider, body, {}, secret);
}

/** `settings` adds to (or replaces) the relay's; a function of the pipeline's repository. */
export function startPipeline(
  gh: GitHubStandIn,
  label: string,
  settings: (repo: string) => Record<string, string> = () => ({}),
): Pipeline {
  const repo = freshRepo(label);
  const { HOOKBRIDGE_DEJACODE_HEADER: _custom, ...env } = relayEnvs(gh.url).main;
  const relay = createRelay(
    loadRelayConfig({ ...env, HOOKBRIDGE_REPOSITORY: repo, ...settings(repo) }),
    {
      logger: () => {},
    },
  );
  const dispatches = () =>
    gh.state.repo(repo).dispatches.map((record) => record.client_payload as ClientPayload);
  return {
    repo,
    dispatches,
    async post(provider, body, options = {}) {
      const before = dispatches().length;
      const headers = {
        ...(await providerHeaders(provider, body, options.secret)),
        ...options.headers,
      };
      const response = await relay(
        new Request(`http://relay.test/${provider}`, { method: "POST", body, headers }),
      );
      const text = await response.text();
      const after = dispatches();
      return {
        status: response.status,
        answer: text ? JSON.parse(text) : undefined,
        payload: after.length > before ? after[after.length - 1] : undefined,
      };
    },
    receive(payload, inputs = {}, bundle = false) {
      const provider = payload.provider as ProviderName;
      return dispatch(gh, payload, {
        repo,
        inputs: { secret: SECRETS[provider], "github-token": TOKEN, ...inputs },
        bundle,
      });
    },
  };
}

/** POSTs, expects the relay to dispatch, and runs the action on the dispatch. */
export async function deliver(
  pipeline: Pipeline,
  provider: ProviderName,
  body: Uint8Array<ArrayBuffer>,
  options: PostOptions & {
    readonly inputs?: Record<string, string>;
    /** Run the built bundle rather than the source. */
    readonly bundle?: boolean;
  } = {},
): Promise<{ posted: Posted; run: ActionRun; payload: ClientPayload }> {
  const posted = await pipeline.post(provider, body, options);
  if (posted.status !== 204 || !posted.payload) {
    throw new Error(
      `the relay answered ${posted.status} ${JSON.stringify(posted.answer)} instead of dispatching`,
    );
  }
  const run = await pipeline.receive(posted.payload, options.inputs, options.bundle);
  return { posted, run, payload: posted.payload };
}

/** What a person sees in the repository's issues, without ids and times. */
export function visibleIssues(gh: GitHubStandIn, repo: string) {
  return gh.state.repo(repo).issues.map((issue) => ({
    number: issue.number,
    title: issue.title,
    state: issue.state,
    state_reason: issue.state_reason,
    labels: issue.labels,
    comments: issue.comments.map((comment) => comment.body),
  }));
}

/** The requests the action made in the repository: everything but the relay's dispatches. */
export function actionRequests(gh: GitHubStandIn, repo: string): RecordedRequest[] {
  return requestsFor(gh, repo).filter(
    (request) => request.operationId !== "repos/create-dispatch-event",
  );
}
