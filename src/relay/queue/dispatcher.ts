import { createTokenSource } from "../auth.ts";
import type { RelayConfig } from "../config.ts";
import { type Answered, attemptDispatch, describeVerdict } from "../dispatch-attempt.ts";
import type { FetchLike } from "../github-api.ts";
import type { RelayLogger } from "../log.ts";
import { type Clock, Pacer } from "../pacing.ts";
import type { Attempt, ClaimedDelivery, DeliveryStore } from "./store.ts";

/** What became of one dispatch attempt, for metrics. */
export interface DispatchObservation {
  readonly provider: string;
  readonly event: string;
  /** `retried` and `superseded` leave the delivery waiting or replaced; the others finish it. */
  readonly outcome: "dispatched" | "failed" | "retried" | "superseded";
  readonly durationMs: number;
  /** GitHub's `x-ratelimit-remaining` on its answer, when it sent one. */
  readonly rateLimitRemaining: number | undefined;
}

export interface QueueDispatcherDeps {
  readonly store: DeliveryStore;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly logger: RelayLogger;
  readonly random?: () => number;
  /** Told of every attempt's outcome (the admin metrics); nothing is done when absent. */
  readonly observe?: (observation: DispatchObservation) => void;
}

export interface QueueDispatcher {
  /** Something was queued: look for due deliveries now. */
  wake(): void;
  /** Deletes finished deliveries older than the retention; returns how many. */
  prune(): number;
  /** Starts nothing new and resolves once the dispatches in flight have been recorded. */
  stop(): Promise<void>;
}

/** How long an idle worker waits before looking again without being woken. */
const IDLE_MS = 60_000;

/** The string the pacing is keyed by: one token, or one App installation. */
export function dispatchIdentity(config: RelayConfig): string {
  if (config.auth.kind !== "app") return "token";
  // Without a fixed installation every installation's dispatches share one budget: stricter than
  // GitHub's per-installation limits, never looser.
  return config.auth.installationId ? `installation:${config.auth.installationId}` : "app";
}

/**
 * Sends queued deliveries to GitHub in order of receipt, never faster than
 * `HOOKBRIDGE_DISPATCH_RATE` nor more at once than `HOOKBRIDGE_DISPATCH_CONCURRENCY`, and
 * records every attempt.
 */
export function startQueueDispatcher(
  config: RelayConfig,
  deps: QueueDispatcherDeps,
): QueueDispatcher {
  const { store, clock, logger } = deps;
  const identity = dispatchIdentity(config);
  const pacer = new Pacer({
    clock,
    ratePerMinute: config.dispatchRatePerMinute,
    ...(deps.random ? { random: deps.random } : {}),
  });
  const tokens = createTokenSource({
    auth: config.auth,
    apiUrl: config.apiUrl,
    perRepository: config.repositories === undefined,
    fetch: deps.fetch,
    now: () => clock.now(),
  });
  const stopping = new AbortController();
  const sleepers = new Set<AbortController>();

  function wake(): void {
    for (const sleeper of sleepers) sleeper.abort();
  }

  async function pause(ms: number): Promise<void> {
    const sleeper = new AbortController();
    sleepers.add(sleeper);
    const stop = () => sleeper.abort();
    stopping.signal.addEventListener("abort", stop, { once: true });
    try {
      await clock.sleep(ms, sleeper.signal);
    } finally {
      sleepers.delete(sleeper);
      stopping.signal.removeEventListener("abort", stop);
    }
  }

  function post(delivery: ClaimedDelivery): Promise<Answered> {
    return attemptDispatch(
      config,
      { fetch: deps.fetch, tokens, now: () => clock.now() },
      { ...delivery, id: delivery.deliveryId },
    );
  }

  async function attempt(delivery: ClaimedDelivery): Promise<void> {
    const started = clock.now();
    let answered: Answered;
    if (config.dryRun) {
      // Logged once, below, as a dry run: nothing reached GitHub.
      answered = { verdict: { kind: "accepted" }, status: null };
    } else {
      // Only a bug lands here (encoding was checked at receipt): keep the row as a dead letter.
      answered = await post(delivery).catch(
        (error: unknown): Answered => ({
          verdict: {
            kind: "permanent",
            reason: error instanceof Error ? error.message : String(error),
          },
          status: null,
        }),
      );
    }
    const { verdict, status: lastStatus } = answered;
    const at = clock.now();
    const observe = (outcome: DispatchObservation["outcome"]) =>
      deps.observe?.({
        provider: delivery.provider,
        event: delivery.event,
        outcome,
        durationMs: Math.max(0, at - started),
        rateLimitRemaining: answered.rateLimitRemaining,
      });
    const record: Attempt = {
      at,
      status: lastStatus,
      durationMs: Math.max(0, at - started),
      error: verdict.kind === "accepted" ? null : describeVerdict(verdict),
    };
    const facts = {
      provider: delivery.provider,
      event: delivery.event,
      id: delivery.deliveryId,
      delivery: delivery.id,
      attempt: delivery.attempts,
      ...(lastStatus !== null ? { status: lastStatus } : {}),
    };
    if (verdict.kind === "accepted") {
      pacer.succeeded(identity);
      store.markDispatched(delivery.seq, record);
      observe("dispatched");
      logger({
        level: "info",
        msg: config.dryRun ? "dry run: not dispatched" : "dispatched",
        ...facts,
      });
      return;
    }
    if (verdict.kind === "permanent") {
      store.markFailed(delivery.seq, record, verdict.reason);
      observe("failed");
      logger({ level: "error", msg: "dispatch failed", ...facts, error: verdict.reason });
      return;
    }
    const resumeAt =
      verdict.kind === "rate-limited"
        ? pacer.pause(identity, verdict.retryAfterSeconds)
        : pacer.backOff(identity);
    // A redelivery gets the whole window again, however old the delivery is.
    const since = Math.max(delivery.receivedAt, delivery.redeliveredAt ?? 0);
    if (at - since >= config.giveUpAfterSeconds * 1000) {
      const reason = `Gave up after ${config.giveUpAfterSeconds} seconds of retries; the last was ${describeVerdict(verdict)}.`;
      store.markFailed(delivery.seq, record, reason);
      observe("failed");
      logger({ level: "error", msg: "dispatch failed", ...facts, error: reason });
      return;
    }
    const state = store.markRetry(delivery.seq, record, resumeAt);
    observe(state === "superseded" ? "superseded" : "retried");
    logger({
      level: "warn",
      msg: state === "superseded" ? "superseded while retrying" : "dispatch retried later",
      ...facts,
      error: describeVerdict(verdict),
      retry_in_s: Math.ceil((resumeAt - at) / 1000),
    });
  }

  async function worker(): Promise<void> {
    while (!stopping.signal.aborted) {
      const due = store.nextDueAt();
      const now = clock.now();
      if (due === undefined || due > now) {
        await pause(due === undefined ? IDLE_MS : Math.min(IDLE_MS, due - now));
        continue;
      }
      const wait = pacer.take(identity);
      if (wait > 0) {
        await pause(wait);
        continue;
      }
      const delivery = store.claim(clock.now());
      if (!delivery) continue;
      await attempt(delivery);
    }
  }

  const workers = Array.from({ length: config.dispatchConcurrency }, () =>
    worker().catch((error: unknown) => {
      // A broken database cannot be dispatched from; the operator must see why.
      logger({
        level: "error",
        msg: "dispatcher stopped",
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }),
  );

  return {
    wake,
    prune: () => store.prune(clock.now(), config.retentionSeconds * 1000),
    async stop() {
      stopping.abort();
      await Promise.all(workers);
    },
  };
}
