import type { TokenSource } from "../auth.ts";
import type { RelayConfig } from "../config.ts";
import { tokenSourceFor } from "../dispatch.ts";
import { type Answered, attemptDispatch, describeVerdict } from "../dispatch-attempt.ts";
import type { FetchLike } from "../github-api.ts";
import type { RelayLogger } from "../log.ts";
import { backoffMs, type Clock, Pacer } from "../pacing.ts";
import { createDispatchRouter } from "../routing.ts";
import type { Attempt, ClaimedDelivery, DeliveryStore } from "./store.ts";

/** What became of one dispatch attempt, for metrics. */
export interface DispatchObservation {
  readonly provider: string;
  readonly event: string;
  /** `retried` and `superseded` leave the delivery waiting or replaced; the others finish it. */
  readonly outcome: "dispatched" | "failed" | "filtered" | "retried" | "superseded";
  readonly durationMs: number;
  /** GitHub's `x-ratelimit-remaining` on its answer, when it sent one. */
  readonly rateLimitRemaining: number | undefined;
}

export interface QueueDispatcherDeps {
  readonly store: DeliveryStore;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly logger: RelayLogger;
  /** The host's one token source; built from the settings when absent. */
  readonly tokens?: TokenSource;
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
/** A dispatch GitHub has not answered in this long is abandoned and retried. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Waits after a database error: a second, doubling to half a minute, until a write succeeds. */
const STORE_RETRY_MIN_MS = 1000;
const STORE_RETRY_MAX_MS = 30_000;
/** A wall clock moving by more than this against the monotonic clock is a step, not drift. */
const CLOCK_STEP_MS = 1000;
/** Pruning runs at least this often, and ten times per retention when that is shorter. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends queued deliveries to GitHub, in order of receipt within each repository, never faster
 * than `HOOKBRIDGE_DISPATCH_RATE` per identity nor more at once than
 * `HOOKBRIDGE_DISPATCH_CONCURRENCY`, and records every attempt. A repository that waits or is
 * refused holds back no other; a database error pauses a worker, never ends it.
 */
export function startQueueDispatcher(
  config: RelayConfig,
  deps: QueueDispatcherDeps,
): QueueDispatcher {
  const { store, clock, logger } = deps;
  const random = deps.random ?? Math.random;
  const pacer = new Pacer({ clock, ratePerMinute: config.dispatchRatePerMinute });
  const tokens = deps.tokens ?? tokenSourceFor(config, deps.fetch, () => clock.now());
  const route = createDispatchRouter(config);
  const stopping = new AbortController();
  const sleepers = new Set<AbortController>();
  /** The wall clock's lead over the monotonic one, to notice when someone steps it. */
  let wallOffset = clock.now() - clock.monotonic();
  /** Consecutive database errors, shared by the workers: one log line per spell. */
  let storeTrouble = 0;

  function wake(): void {
    for (const sleeper of sleepers) sleeper.abort();
  }

  /** Sleeps `ms`, or less when stopping (or, if `wakeable`, when something was queued). */
  async function pause(ms: number, wakeable = true): Promise<void> {
    const sleeper = new AbortController();
    if (wakeable) sleepers.add(sleeper);
    const stop = () => sleeper.abort();
    stopping.signal.addEventListener("abort", stop, { once: true });
    try {
      await clock.sleep(ms, sleeper.signal);
    } finally {
      sleepers.delete(sleeper);
      stopping.signal.removeEventListener("abort", stop);
    }
  }

  /** Whose limits a lane's dispatches count against. */
  function identityOf(repository: string | null): string {
    const target = repository ?? config.repository;
    return target === undefined ? "token" : tokens.identityOf(target);
  }

  /** A stepped wall clock moves every waiting delivery's schedule with it. */
  function followWallClock(): void {
    const offset = clock.now() - clock.monotonic();
    const step = offset - wallOffset;
    if (Math.abs(step) <= CLOCK_STEP_MS) return;
    const moved = store.shiftSchedule(step);
    wallOffset = offset;
    logger({
      level: "warn",
      msg: `The wall clock moved by ${Math.round(step / 1000)} seconds; ${moved} waiting deliveries keep the waits they were given.`,
    });
  }

  function storeFailed(error: unknown): number {
    storeTrouble += 1;
    if (storeTrouble === 1) {
      logger({
        level: "error",
        msg: "The delivery store cannot be written; dispatching waits and tries again.",
        error: errorText(error),
      });
    }
    return Math.min(STORE_RETRY_MAX_MS, STORE_RETRY_MIN_MS * 2 ** (storeTrouble - 1));
  }

  function storeRecovered(): void {
    if (storeTrouble === 0) return;
    storeTrouble = 0;
    logger({ level: "info", msg: "The delivery store can be written again; dispatching resumes." });
  }

  /**
   * Writes an attempt's outcome, trying again until the store takes it: GitHub has answered, so
   * the delivery stays `dispatching` (no other worker takes it) until its outcome is recorded. A
   * relay stopped meanwhile leaves it `dispatching`, and the next start dispatches it again.
   */
  async function recordUntilWritten(write: () => void): Promise<void> {
    for (;;) {
      try {
        write();
        storeRecovered();
        return;
      } catch (error) {
        if (stopping.signal.aborted) return;
        await pause(storeFailed(error), false);
      }
    }
  }

  async function attempt(delivery: ClaimedDelivery): Promise<void> {
    const started = clock.now();
    // Only a bug lands in the catch (encoding was checked at receipt): keep the row as a dead letter.
    const answered: Answered = await attemptDispatch(
      config,
      { fetch: deps.fetch, tokens, now: () => clock.now(), route },
      { ...delivery, id: delivery.deliveryId },
      AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    ).catch(
      (error: unknown): Answered => ({
        verdict: { kind: "failed", code: "internal", reason: errorText(error) },
        status: null,
        identity: identityOf(delivery.repository),
      }),
    );
    const { verdict, status } = answered;
    const at = clock.now();
    const durationMs = Math.max(0, at - started);
    const observe = (outcome: DispatchObservation["outcome"]) =>
      deps.observe?.({
        provider: delivery.provider,
        event: delivery.event,
        outcome,
        durationMs,
        rateLimitRemaining: answered.rateLimitRemaining,
      });
    const record: Attempt = {
      at,
      status,
      durationMs,
      error: verdict.kind === "accepted" ? null : describeVerdict(verdict),
    };
    const facts = {
      provider: delivery.provider,
      event: delivery.event,
      id: delivery.deliveryId,
      delivery: delivery.id,
      attempt: delivery.attempts,
      ...(delivery.repository ? { repository: delivery.repository } : {}),
      ...(status !== null ? { status } : {}),
    };
    switch (verdict.kind) {
      case "accepted":
        await recordUntilWritten(() => store.markDispatched(delivery.seq, record));
        observe("dispatched");
        logger({
          level: "info",
          msg: answered.dryRun ? "dry run: not dispatched" : "dispatched",
          ...facts,
          ...(answered.dryRun
            ? { event_type: answered.dryRun.eventType, size: answered.dryRun.bytes }
            : {}),
        });
        return;
      case "filtered":
        await recordUntilWritten(() => store.markFiltered(delivery.seq, record, verdict.reason));
        observe("filtered");
        logger({ level: "warn", msg: "not dispatched", ...facts, error: verdict.reason });
        return;
      case "failed":
        await recordUntilWritten(() => store.markFailed(delivery.seq, record, verdict.reason));
        observe("failed");
        logger({ level: "error", msg: "dispatch failed", ...facts, error: verdict.reason });
        return;
      case "rate-limited":
      case "retry": {
        let resumeAt: number;
        if (verdict.kind === "rate-limited") {
          // The whole identity waits: every lane whose dispatches count against it.
          pacer.pause(answered.identity, verdict.retryAfterSeconds);
          resumeAt = at + verdict.retryAfterSeconds * 1000;
        } else {
          // Only this delivery (and its repository's lane behind it) backs off.
          resumeAt = at + backoffMs(delivery.attempts, random);
        }
        // A redelivery gets the whole window again, however old the delivery is.
        const since = Math.max(delivery.receivedAt, delivery.redeliveredAt ?? 0);
        if (at - since >= config.giveUpAfterSeconds * 1000) {
          const reason = `Gave up after ${config.giveUpAfterSeconds} seconds of retries; the last was: ${describeVerdict(verdict)}.`;
          await recordUntilWritten(() => store.markFailed(delivery.seq, record, reason));
          observe("failed");
          logger({ level: "error", msg: "dispatch failed", ...facts, error: reason });
          return;
        }
        let state = "queued";
        await recordUntilWritten(() => {
          state = store.markRetry(delivery.seq, record, resumeAt);
        });
        observe(state === "superseded" ? "superseded" : "retried");
        logger({
          level: "warn",
          msg: state === "superseded" ? "superseded while retrying" : "dispatch retried later",
          ...facts,
          error: describeVerdict(verdict),
          retry_in_s: Math.ceil((resumeAt - at) / 1000),
        });
      }
    }
  }

  /** How long until some lane may go: its next attempt falls due and its identity may send. */
  function idleFor(now: number): number {
    let wait = IDLE_MS;
    for (const head of store.laneHeads()) {
      const due = Math.max(head.nextAttemptAt - now, pacer.waitFor(identityOf(head.repository)));
      wait = Math.min(wait, due);
    }
    return Math.max(1, wait);
  }

  async function worker(): Promise<void> {
    while (!stopping.signal.aborted) {
      let delivery: ClaimedDelivery | undefined;
      try {
        followWallClock();
        const now = clock.now();
        // A token is taken only for the lane that is claimed.
        delivery = store.claim(now, (repository) => pacer.take(identityOf(repository)) === 0);
        if (!delivery) {
          await pause(idleFor(now));
          continue;
        }
        storeRecovered();
      } catch (error) {
        await pause(storeFailed(error), false);
        continue;
      }
      await attempt(delivery);
      // Its lane's next delivery may go now: let sleeping workers look.
      wake();
    }
  }

  function prune(): number {
    return store.prune(clock.now(), config.retentionSeconds * 1000);
  }

  /** Keeps HOOKBRIDGE_RETENTION's promise: a finished delivery is gone soon after it expires. */
  async function pruner(): Promise<void> {
    const every = Math.min(PRUNE_EVERY_MS, Math.max(1000, (config.retentionSeconds * 1000) / 10));
    while (!stopping.signal.aborted) {
      try {
        const pruned = prune();
        if (pruned > 0) logger({ level: "info", msg: "pruned finished deliveries", pruned });
      } catch (error) {
        logger({
          level: "warn",
          msg: "pruning failed; it runs again later",
          error: errorText(error),
        });
      }
      await pause(every, false);
    }
  }

  // Each loop catches its own errors; this is only for a bug, which must not pass unseen.
  const loops = [...Array.from({ length: config.dispatchConcurrency }, worker), pruner()].map(
    (loop) =>
      loop.catch((error: unknown) =>
        logger({ level: "error", msg: "dispatcher stopped", error: errorText(error) }),
      ),
  );

  return {
    wake,
    prune,
    async stop() {
      stopping.abort();
      await Promise.all(loops);
    },
  };
}
