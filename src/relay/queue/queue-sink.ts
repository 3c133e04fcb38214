import { HookbridgeError } from "../../core/errors.ts";
import type { RelayConfig } from "../config.ts";
import { plainlyFitsGitHub, replyFor, sizeForGitHub } from "../delivery/outgoing.ts";
import { deliveryPolicy } from "../delivery/policy.ts";
import { aboutRepository } from "../delivery/routing.ts";
import type { Delivery, DeliverySink, SinkOutcome } from "../delivery/sink.ts";
import { inputsTooLarge, workflowDispatchBody } from "../github/target.ts";
import { RelayFailure } from "../http/answers.ts";
import { type InsertResult, type NewDelivery, StoreUnavailable } from "./store.ts";

interface Waiting {
  readonly delivery: NewDelivery;
  resolve(result: InsertResult): void;
  reject(error: unknown): void;
}

export interface QueueSinkDeps {
  /** Commits one batch in one transaction (in this process, or in the host's Durable Object). */
  readonly commit: (batch: readonly NewDelivery[]) => InsertResult[] | Promise<InsertResult[]>;
  /** Called after each commit that queued something, to wake the dispatcher. */
  readonly committed: () => void;
  readonly now: () => number;
  /**
   * Commit each delivery by itself, awaited by its own request, instead of grouping the
   * deliveries of one turn. Workers need it: workerd cancels a request that waits on I/O another
   * request started ("your Worker's code had hung"), and there the Durable Object's output gate
   * already coalesces the writes that group commit saves on Node.
   */
  readonly alone?: boolean;
}

export interface QueueSink extends DeliverySink {
  /** Commits what is waiting; resolves once no commit is pending. Further deliveries are refused. */
  close(): Promise<void>;
}

/** Seconds a provider is asked to wait while the store cannot write (a full disk, say). */
const STORE_RETRY_AFTER = 30;

/** What the provider hears when its delivery could not be committed: nothing was taken. */
function uncommitted(error: unknown): unknown {
  if (!(error instanceof StoreUnavailable)) return error;
  return new RelayFailure(
    503,
    "store-unavailable",
    `The relay cannot write its delivery queue right now (${error.code}), so the delivery was not taken; retry it in ${STORE_RETRY_AFTER} seconds.`,
    { "retry-after": String(STORE_RETRY_AFTER) },
  );
}

/** The last millisecond an id was made in, and the start of the ids made in it. */
let idMillisecond = -1;
let idStart = "";

/**
 * A UUID (version 7, RFC 9562) that starts with `now` in milliseconds: ids in receipt order keep
 * the store's index on them appending at its end, where random ones would each dirty a page of
 * their own in the commit a provider waits for. The rest is a random UUID's random bits.
 */
export function timeOrderedId(now: number): string {
  const millisecond = Math.max(0, Math.floor(now));
  if (millisecond !== idMillisecond) {
    const time = millisecond.toString(16).padStart(12, "0").slice(-12);
    idStart = `${time.slice(0, 8)}-${time.slice(8)}-7`;
    idMillisecond = millisecond;
  }
  return idStart + crypto.randomUUID().slice(15);
}

/**
 * After the I/O of this turn of the event loop: `setImmediate` on Node; a zero timeout where
 * there is none (workerd).
 */
const nextTurn: (run: () => void) => void =
  typeof setImmediate === "function" ? (run) => setImmediate(run) : (run) => setTimeout(run, 0);

/**
 * The queue side of the delivery seam, with group commit: deliveries handed over in the same
 * turn of the event loop wait for the next one, then share one transaction, and each is
 * answered only after that transaction committed.
 */
export function createQueueSink(config: RelayConfig, deps: QueueSinkDeps): QueueSink {
  let waiting: Waiting[] = [];
  let scheduled = false;
  let closed = false;
  let flushed: Promise<void> = Promise.resolve();
  /** Deliveries handed over and not yet answered. */
  let busy = 0;

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = waiting;
    waiting = [];
    if (batch.length === 0) return;
    let results: InsertResult[];
    try {
      results = await deps.commit(batch.map((entry) => entry.delivery));
    } catch (error) {
      const answer = uncommitted(error);
      for (const entry of batch) entry.reject(answer);
      return;
    }
    for (const [index, entry] of batch.entries()) entry.resolve(results[index] as InsertResult);
    if (results.some((result) => result.kind === "queued")) deps.committed();
  }

  /** One delivery, committed in one call of its own. */
  async function commitAlone(row: NewDelivery): Promise<InsertResult> {
    let results: InsertResult[];
    try {
      results = await deps.commit([row]);
    } catch (error) {
      throw uncommitted(error);
    }
    const [result] = results as [InsertResult];
    if (result.kind === "queued") deps.committed();
    return result;
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    flushed = new Promise((resolve) => nextTurn(() => void flush().then(resolve)));
  }

  return {
    decidesCopies: true,
    async deliver(delivery) {
      if (closed) {
        throw new RelayFailure(
          503,
          "shutting-down",
          "The relay is shutting down; retry the delivery in a few seconds.",
          { "retry-after": "5" },
        );
      }
      busy += 1;
      try {
        return await enqueue(delivery);
      } finally {
        busy -= 1;
      }
    },
    async close() {
      closed = true;
      // Requests already handed over are committed and answered; nothing new is taken.
      while (busy > 0) {
        await flushed;
        await new Promise<void>((resolve) => nextTurn(resolve));
      }
      await flushed;
    },
  };

  async function enqueue(delivery: Delivery): Promise<SinkOutcome> {
    const policy = deliveryPolicy(config, delivery);
    // The queue's own clock, so ages and give-up times compare like with like.
    const receivedAt = deps.now();
    const id = timeOrderedId(receivedAt);
    // Refuse now what GitHub would refuse later (too large, a bad id), while the provider still
    // gets the answer: the dispatch as it will be sent, addressed as routing decides now; it is
    // signed at dispatch time only.
    const addressing = {
      repository: aboutRepository(config, delivery.named),
      reply: replyFor(config, id),
    };
    if (config.target.kind === "workflow") {
      const body = workflowDispatchBody(await sizeForGitHub(delivery, receivedAt, addressing), "");
      if ("tooLarge" in body)
        throw new HookbridgeError("PayloadTooLarge", inputsTooLarge(body.tooLarge).reason);
    } else if (!plainlyFitsGitHub(delivery, addressing))
      await sizeForGitHub(delivery, receivedAt, addressing);
    const row: NewDelivery = {
      id,
      provider: delivery.provider,
      event: delivery.event,
      deliveryId: delivery.id,
      repository: delivery.repository,
      named: delivery.named ?? null,
      receivedAt,
      dueAt: receivedAt + config.batchWindowSeconds * 1000,
      headers: delivery.headers,
      body: delivery.body,
      dedupeKey: delivery.dedupeKey,
      coalesceKey: policy.coalesceKey,
      coalesceVersion: policy.coalesceVersion,
      ...(policy.filtered !== undefined ? { filtered: policy.filtered } : {}),
    };
    const result = deps.alone
      ? await commitAlone(row)
      : await new Promise<InsertResult>((resolve, reject) => {
          waiting.push({ delivery: row, resolve, reject });
          schedule();
        });
    switch (result.kind) {
      case "queued":
        return { kind: "queued", id: result.id };
      case "duplicate":
        return { kind: "duplicate", id: result.of };
      case "superseded":
        return { kind: "superseded", id: result.id, by: result.by };
      case "filtered":
        return { kind: "filtered", id: result.id, why: result.why };
    }
  }
}
