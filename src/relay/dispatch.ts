import { RelayFailure } from "./answers.ts";
import { createTokenSource, type TokenSource } from "./auth.ts";
import type { RelayConfig } from "./config.ts";
import { deliveryPolicy } from "./delivery-policy.ts";
import type { DeliverySink } from "./delivery-sink.ts";
import { attemptDispatch } from "./dispatch-attempt.ts";
import type { NotAccepted } from "./github-answer.ts";
import type { FetchLike } from "./github-api.ts";
import type { RelayLogger } from "./log.ts";
import { createDispatchRouter } from "./routing.ts";

/** Seconds a provider is asked to wait when the relay gave up on a slow GitHub. */
export const TIMEOUT_RETRY_AFTER = 10;

export interface SyncDispatchDeps {
  readonly fetch: FetchLike;
  readonly now: () => number;
  readonly logger: RelayLogger;
  /** The signal that stops waiting on GitHub once the answer is due; {@link answerTimer} by default. */
  readonly deadline?: (answerBy: number) => AbortSignal;
}

/** Aborts when `performance.now()` reaches `answerBy`. */
export function answerTimer(answerBy: number): AbortSignal {
  return AbortSignal.timeout(Math.max(0, Math.round(answerBy - performance.now())));
}

/** The token source for one relay's settings: built once per host and passed down. */
export function tokenSourceFor(config: RelayConfig, fetch: FetchLike, now: () => number) {
  return createTokenSource({
    auth: config.auth,
    apiUrl: config.apiUrl,
    perRepository: config.repositories === undefined,
    fetch,
    now,
  });
}

/**
 * The sync boundary: GitHub's verdict becomes the provider's answer. A pause GitHub asked for
 * is passed on as `Retry-After`; the relay's own misconfiguration is a 500 (the operator must
 * act); everything else GitHub refused or failed is a 502/503 the provider may retry.
 */
export function failureFromVerdict(verdict: NotAccepted): RelayFailure {
  switch (verdict.kind) {
    case "rate-limited":
      return new RelayFailure(
        503,
        verdict.code,
        `${verdict.reason}; retry the delivery in ${verdict.retryAfterSeconds} seconds.`,
        { "retry-after": String(verdict.retryAfterSeconds) },
      );
    case "retry":
      return verdict.code === "github-timeout"
        ? new RelayFailure(
            503,
            verdict.code,
            `${verdict.reason}, so the relay stopped waiting before the provider's own timeout; retry the delivery.`,
            { "retry-after": String(TIMEOUT_RETRY_AFTER) },
          )
        : new RelayFailure(502, verdict.code, `${verdict.reason}; retry the delivery.`);
    case "failed":
      return new RelayFailure(verdict.misconfigured ? 500 : 502, verdict.code, verdict.reason);
  }
}

/**
 * Sync mode: dispatch before answering, so a 2xx means GitHub accepted the event, and every
 * failure after that point is the provider's own retry.
 */
export function createSyncSink(
  config: RelayConfig,
  deps: SyncDispatchDeps,
  tokens: TokenSource = tokenSourceFor(config, deps.fetch, deps.now),
): DeliverySink {
  const route = createDispatchRouter(config);
  return {
    decidesCopies: false,
    async deliver(delivery, answerBy) {
      const policy = deliveryPolicy(config, delivery);
      if (policy.filtered !== undefined) return { kind: "filtered", why: policy.filtered };
      // Made here rather than per request: a dry run, a duplicate or a refusal needs no timer.
      const signal = config.dryRun ? AbortSignal.abort() : (deps.deadline ?? answerTimer)(answerBy);
      const answered = await attemptDispatch(
        config,
        { fetch: deps.fetch, tokens, now: deps.now, route },
        { ...delivery, named: delivery.named ?? null },
        signal,
      );
      const { verdict } = answered;
      if (verdict.kind === "filtered") return { kind: "filtered", why: verdict.reason };
      if (verdict.kind !== "accepted") throw failureFromVerdict(verdict);
      if (answered.dryRun) {
        // What would be dispatched (never the body), so the relay can be tried without a token.
        deps.logger({
          level: "info",
          msg: "dry run: not dispatched",
          ...(delivery.repository === undefined ? {} : { repository: delivery.repository }),
          event_type: answered.dryRun.eventType,
          id: delivery.id,
          size: answered.dryRun.bytes,
        });
      }
      return { kind: "dispatched" };
    },
  };
}
