import type { RelayConfig } from "../config.ts";
import type { NotAccepted } from "../github/answer.ts";
import type { FetchLike } from "../github/api.ts";
import type { TokenSource } from "../github/credentials.ts";
import { attemptDispatch, routeMembers } from "../github/dispatch.ts";
import { RelayFailure } from "../http/answers.ts";
import type { RelayLogger } from "../log.ts";
import { deliveryPolicy } from "./policy.ts";
import { createDispatchRouter } from "./routing.ts";
import type { DeliverySink } from "./sink.ts";

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
  tokens: TokenSource,
): DeliverySink {
  const route = createDispatchRouter(config);
  return {
    decidesCopies: false,
    async deliver(delivery, answerBy) {
      const policy = deliveryPolicy(config, delivery);
      if (policy.filtered !== undefined) return { kind: "filtered", why: policy.filtered };
      // Made here rather than per request: a dry run, a duplicate or a refusal needs no timer.
      const signal = config.dryRun ? AbortSignal.abort() : (deps.deadline ?? answerTimer)(answerBy);
      const routed = routeMembers(route, [{ ...delivery, named: delivery.named ?? null }]);
      const refused = routed.filtered[0];
      if (refused) return { kind: "filtered", why: refused.reason };
      const answered = await attemptDispatch(
        config,
        { fetch: deps.fetch, tokens, now: deps.now },
        routed,
        signal,
      );
      const { verdict } = answered;
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
