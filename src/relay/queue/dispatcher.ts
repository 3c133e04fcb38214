import { MAX_BATCH_MEMBERS } from "../../core/batch-envelope.ts";
import type { Clock } from "../clock.ts";
import type { RelayConfig } from "../config.ts";
import { backoffMs, Pacer } from "../delivery/pacing.ts";
import { createDispatchRouter } from "../delivery/routing.ts";
import type { FetchLike } from "../github/api.ts";
import type { TokenSource } from "../github/credentials.ts";
import {
  type Answered,
  attemptDispatch,
  describeVerdict,
  routeMembers,
} from "../github/dispatch.ts";
import type { RelayLogger } from "../log.ts";
import type { Attempt, ClaimedDelivery, DeliveryStore } from "./store.ts";

/** What became of one dispatch attempt, for metrics. */
export interface DispatchObservation {
  readonly provider: string;
  readonly event: string;
  /** `retried` leaves the delivery waiting (or replaced by a newer state); the others finish it. */
  readonly outcome: "dispatched" | "failed" | "filtered" | "retried";
  readonly durationMs: number;
  /** GitHub's `x-ratelimit-remaining` on its answer, when it sent one. */
  readonly rateLimitRemaining: number | undefined;
}

export interface QueueDispatcherDeps {
  readonly store: DeliveryStore;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly logger: RelayLogger;
  /** The host's one token source. */
  readonly tokens: TokenSource;
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

/** A claimed delivery as a dispatch member: `id` is the provider's, `relayId` the queue's. */
type Member = ClaimedDelivery & { readonly relayId: string };

/** What a log line says about one delivery: `id` the provider's, `delivery` the queue's. */
function facts(delivery: Member) {
  return {
    provider: delivery.provider,
    event: delivery.event,
    id: delivery.deliveryId,
    delivery: delivery.relayId,
    attempt: delivery.attempts,
    ...(delivery.repository ? { repository: delivery.repository } : {}),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What one step of dispatching asks of its caller: to look again at once, or after a wait. */
export interface StepResult {
  /** Milliseconds to wait before the next step; 0 to take the next one at once. */
  readonly wait: number;
  /** Whether something newly queued may cut the wait short (not so after a database error). */
  readonly wakeable: boolean;
}

/**
 * Dispatching as steps, the same on every host: the Node relay runs them in a loop per worker;
 * the Durable Object on Workers runs them from its alarm and sets the alarm for `nextDue`.
 */
export interface DispatchSteps {
  /** Claims the next due delivery (or batch), dispatches it and records what became of it. */
  step(): Promise<StepResult>;
  /** Wall-clock milliseconds at which some waiting lane may go; `undefined` when none waits. */
  nextDue(now: number): number | undefined;
  /** Deletes finished deliveries older than the retention; returns how many. */
  prune(): number;
}

/**
 * Sends queued deliveries to GitHub, in order of receipt within each repository, never faster
 * than `HOOKBRIDGE_DISPATCH_RATE` per identity, and records every attempt. A repository that
 * waits or is refused holds back no other; a database error pauses a step, never ends it.
 * `stopping` ends the wait to record an outcome the store does not take yet.
 */
export function createDispatchSteps(
  config: RelayConfig,
  deps: QueueDispatcherDeps,
  stopping: AbortSignal,
): DispatchSteps {
  const { store, clock, logger } = deps;
  const random = deps.random ?? Math.random;
  const pacer = new Pacer({ clock, ratePerMinute: config.dispatchRatePerMinute });
  const { tokens } = deps;
  const route = createDispatchRouter(config);
  const batch =
    config.batchWindowSeconds > 0
      ? { windowMs: config.batchWindowSeconds * 1000, max: MAX_BATCH_MEMBERS }
      : undefined;
  /** The wall clock's lead over the monotonic one, to notice when someone steps it. */
  let wallOffset = clock.now() - clock.monotonic();
  /** Consecutive database errors, shared by the workers: one log line per spell. */
  let storeTrouble = 0;

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
        if (stopping.aborted) return;
        await clock.sleep(storeFailed(error), stopping);
      }
    }
  }

  /** Dispatches a lane's claimed deliveries (one, or a batch) and records what became of each. */
  async function attempt(claimed: readonly ClaimedDelivery[]): Promise<void> {
    const started = clock.now();
    const members = claimed.map(
      (delivery): Member => ({
        ...delivery,
        id: delivery.deliveryId,
        relayId: delivery.id,
      }),
    );
    const routed = routeMembers(route, members);
    const seqsOf = (list: readonly { seq: number }[]) => list.map((delivery) => delivery.seq);
    if (routed.filtered.length > 0) {
      const at = clock.now();
      for (const { member, reason } of routed.filtered) {
        const record = { at, status: null, durationMs: 0, error: reason };
        await recordUntilWritten(() => store.markFiltered([member.seq], record, reason));
        deps.observe?.({
          provider: member.provider,
          event: member.event,
          outcome: "filtered",
          durationMs: 0,
          rateLimitRemaining: undefined,
        });
        logger({ level: "warn", msg: "not dispatched", ...facts(member), error: reason });
      }
    }
    if (routed.elsewhere.length > 0)
      await recordUntilWritten(() => store.release(seqsOf(routed.elsewhere)));
    if (routed.members.length === 0) return;
    // Only a bug lands in the catch (encoding was checked at receipt): keep them as dead letters.
    const answered: Answered = await attemptDispatch(
      config,
      { fetch: deps.fetch, tokens, now: () => clock.now() },
      routed,
      AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    ).catch(
      (error: unknown): Answered => ({
        verdict: { kind: "failed", code: "internal", reason: errorText(error) },
        status: null,
        identity: identityOf(routed.repository ?? null),
        sent: routed.members.length,
      }),
    );
    const sent = routed.members.slice(0, answered.sent);
    // Those that did not fit in this dispatch go with the next.
    const unsent = routed.members.slice(answered.sent);
    if (unsent.length > 0) await recordUntilWritten(() => store.release(seqsOf(unsent)));
    const seqs = seqsOf(sent);
    const batchId = sent.length > 1 ? crypto.randomUUID() : null;
    const { verdict, status } = answered;
    const at = clock.now();
    const durationMs = Math.max(0, at - started);
    const observe = (outcome: DispatchObservation["outcome"], only = sent) => {
      for (const member of only) {
        deps.observe?.({
          provider: member.provider,
          event: member.event,
          outcome,
          durationMs,
          rateLimitRemaining: answered.rateLimitRemaining,
        });
      }
    };
    const record: Attempt = {
      at,
      status,
      durationMs,
      error: verdict.kind === "accepted" ? null : describeVerdict(verdict),
    };
    const head = sent[0] as Member;
    const said = {
      ...facts(head),
      ...(status !== null ? { status } : {}),
      ...(batchId ? { batch: batchId, members: sent.length } : {}),
    };
    switch (verdict.kind) {
      case "accepted":
        await recordUntilWritten(() =>
          store.markDispatched(seqs, record, batchId, answered.run ?? null),
        );
        observe("dispatched");
        logger({
          level: "info",
          msg: answered.dryRun ? "dry run: not dispatched" : "dispatched",
          ...said,
          ...(answered.run ? { run_id: answered.run.id, run_url: answered.run.url } : {}),
          ...(answered.dryRun
            ? { event_type: answered.dryRun.eventType, size: answered.dryRun.bytes }
            : {}),
        });
        return;
      case "failed":
        await recordUntilWritten(() => store.markFailed(seqs, record, verdict.reason));
        observe("failed");
        logger({ level: "error", msg: "dispatch failed", ...said, error: verdict.reason });
        return;
      case "rate-limited":
      case "retry": {
        let resumeAt: number;
        if (verdict.kind === "rate-limited") {
          // The whole identity waits: every lane whose dispatches count against it.
          pacer.pause(answered.identity, verdict.retryAfterSeconds);
          resumeAt = at + verdict.retryAfterSeconds * 1000;
        } else {
          // Only this lane backs off.
          resumeAt = at + backoffMs(head.attempts, random);
        }
        // A redelivery gets the whole window again, however old the delivery is.
        const since = Math.max(head.receivedAt, head.redeliveredAt ?? 0);
        if (at - since >= config.giveUpAfterSeconds * 1000) {
          const reason = `Gave up after ${config.giveUpAfterSeconds} seconds of retries; the last was: ${describeVerdict(verdict)}.`;
          await recordUntilWritten(() => store.markFailed(seqs, record, reason));
          observe("failed");
          logger({ level: "error", msg: "dispatch failed", ...said, error: reason });
          return;
        }
        let superseded = 0;
        await recordUntilWritten(() => {
          superseded = store.markRetry(seqs, record, resumeAt);
        });
        observe("retried");
        logger({
          level: "warn",
          msg:
            superseded > 0
              ? "dispatch retried later; newer states superseded some"
              : "dispatch retried later",
          ...said,
          ...(superseded > 0 ? { superseded } : {}),
          error: describeVerdict(verdict),
          retry_in_s: Math.ceil((resumeAt - at) / 1000),
        });
      }
    }
  }

  /** When some lane may go: its next attempt falls due and its identity may send. */
  function nextDue(now: number): number | undefined {
    let due: number | undefined;
    for (const head of store.laneHeads()) {
      const at = Math.max(head.nextAttemptAt, now + pacer.waitFor(identityOf(head.repository)));
      due = due === undefined ? at : Math.min(due, at);
    }
    return due;
  }

  async function step(): Promise<StepResult> {
    let claimed: ClaimedDelivery[];
    try {
      followWallClock();
      const now = clock.now();
      // A token is taken only for the lane that is claimed.
      claimed = store.claim(now, (repository) => pacer.take(identityOf(repository)) === 0, batch);
      if (claimed.length === 0) {
        const wait = (nextDue(now) ?? Number.POSITIVE_INFINITY) - now;
        return { wait: Math.max(1, Math.min(IDLE_MS, wait)), wakeable: true };
      }
      storeRecovered();
    } catch (error) {
      return { wait: storeFailed(error), wakeable: false };
    }
    await attempt(claimed);
    return { wait: 0, wakeable: true };
  }

  return {
    step,
    nextDue,
    prune: () => store.prune(clock.now(), config.retentionSeconds * 1000),
  };
}

/**
 * The Node relay's dispatcher: `HOOKBRIDGE_DISPATCH_CONCURRENCY` workers taking steps (so no
 * more dispatches at once than that), woken when something is queued, and a pruner.
 */
export function startQueueDispatcher(
  config: RelayConfig,
  deps: QueueDispatcherDeps,
): QueueDispatcher {
  const { clock, logger } = deps;
  const stopping = new AbortController();
  const sleepers = new Set<AbortController>();
  const steps = createDispatchSteps(config, deps, stopping.signal);
  const { prune } = steps;

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

  async function worker(): Promise<void> {
    while (!stopping.signal.aborted) {
      const { wait, wakeable } = await steps.step();
      if (wait > 0) await pause(wait, wakeable);
      // Its lane's next delivery may go now: let sleeping workers look.
      else wake();
    }
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
