import { RelayFailure } from "../answers.ts";
import { createTokenSource } from "../auth.ts";
import type { RelayConfig } from "../config.ts";
import { encodeForGitHub, envelopeSecret } from "../delivery-sink.ts";
import { classifyGitHubAnswer, type GitHubVerdict } from "../github-answer.ts";
import { type FetchLike, githubJsonHeaders } from "../github-api.ts";
import type { RelayLogger } from "../log.ts";
import { type Clock, Pacer } from "../pacing.ts";
import type { Attempt, ClaimedDelivery, DeliveryStore } from "./store.ts";

export interface QueueDispatcherDeps {
  readonly store: DeliveryStore;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly logger: RelayLogger;
  readonly random?: () => number;
}

export interface QueueDispatcher {
  /** Something was queued: look for due deliveries now. */
  wake(): void;
  /** Deletes finished deliveries older than the retention; returns how many. */
  prune(): number;
  /** Starts nothing new and resolves once the dispatches in flight have been recorded. */
  stop(): Promise<void>;
}

interface Answered {
  readonly verdict: GitHubVerdict;
  /** GitHub's status, or null when none arrived. */
  readonly status: number | null;
}

/** A dispatch GitHub has not answered in this long is abandoned and retried. */
const REQUEST_TIMEOUT_MS = 30_000;
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

  async function post(delivery: ClaimedDelivery): Promise<Answered> {
    const repository = delivery.repository ?? config.repository;
    if (repository === undefined) {
      return {
        verdict: { kind: "permanent", reason: "The delivery names no repository to dispatch to." },
        status: null,
      };
    }
    const url = `${config.apiUrl}/repos/${repository}/dispatches`;
    const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    let bearer: string;
    try {
      bearer = (await tokens.credential(repository, signal)).token;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const verdict: GitHubVerdict =
        error instanceof RelayFailure && error.status === 500
          ? { kind: "permanent", reason }
          : { kind: "transient", reason };
      return { verdict, status: null };
    }
    const encoded = await encodeForGitHub(
      { ...delivery, id: delivery.deliveryId },
      envelopeSecret(config, delivery.provider),
      clock.now(),
    );
    let response: Response;
    try {
      response = await deps.fetch(url, {
        method: "POST",
        headers: githubJsonHeaders(bearer),
        body: encoded.json,
        signal,
      });
    } catch (error) {
      const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
      const verdict = classifyGitHubAnswer({
        status: undefined,
        headers: new Headers(),
        body: "",
        now: clock.now(),
        error: signal.aborted
          ? "GitHub did not answer in time"
          : `GitHub could not be reached${typeof code === "string" ? ` (${code})` : ""}`,
      });
      return { verdict, status: null };
    }
    let body = "";
    if (response.ok) await response.body?.cancel();
    else body = await response.text();
    const verdict = classifyGitHubAnswer({
      status: response.status,
      headers: response.headers,
      body,
      now: clock.now(),
    });
    if (response.status === 401) tokens.invalidate(repository);
    return { verdict, status: response.status };
  }

  async function attempt(delivery: ClaimedDelivery): Promise<void> {
    const started = clock.now();
    let answered: Answered;
    if (config.dryRun) {
      logger({ level: "info", msg: "dry run: not dispatched", id: delivery.deliveryId });
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
    const record: Attempt = {
      at,
      status: lastStatus,
      durationMs: Math.max(0, at - started),
      error: verdict.kind === "accepted" ? null : describe(verdict),
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
      logger({ level: "info", msg: "dispatched", ...facts });
      return;
    }
    if (verdict.kind === "permanent") {
      store.markFailed(delivery.seq, record, verdict.reason);
      logger({ level: "error", msg: "dispatch failed", ...facts, error: verdict.reason });
      return;
    }
    const resumeAt =
      verdict.kind === "rate-limited"
        ? pacer.pause(identity, verdict.retryAfterSeconds)
        : pacer.backOff(identity);
    if (at - delivery.receivedAt >= config.giveUpAfterSeconds * 1000) {
      const reason = `Gave up after ${config.giveUpAfterSeconds} seconds of retries; the last was ${describe(verdict)}.`;
      store.markFailed(delivery.seq, record, reason);
      logger({ level: "error", msg: "dispatch failed", ...facts, error: reason });
      return;
    }
    const state = store.markRetry(delivery.seq, record, resumeAt);
    logger({
      level: "warn",
      msg: state === "superseded" ? "superseded while retrying" : "dispatch retried later",
      ...facts,
      error: describe(verdict),
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

function describe(verdict: GitHubVerdict): string {
  switch (verdict.kind) {
    case "accepted":
      return "accepted";
    case "rate-limited":
      return `rate-limited for ${verdict.retryAfterSeconds} seconds`;
    case "permanent":
    case "transient":
      return verdict.reason;
  }
}
