import type {
  DurableObjectNamespace,
  Message,
  MessageBatch,
  Queue,
} from "@cloudflare/workers-types/index.ts";
import { fromBase64, toBase64 } from "../../../core/bytes.ts";
import {
  isProviderName,
  type NamedRepository,
  type ProviderName,
} from "../../../core/providers.ts";
import type { RelayConfig } from "../../config.ts";
import { encodeForGitHub, envelopeSecret } from "../../delivery/outgoing.ts";
import { backoffMs } from "../../delivery/pacing.ts";
import { deliveryPolicy } from "../../delivery/policy.ts";
import type { Route, StoredRoute } from "../../delivery/routing.ts";
import type { Delivery, DeliverySink } from "../../delivery/sink.ts";
import type { FetchLike } from "../../github/api.ts";
import type { TokenSource } from "../../github/credentials.ts";
import {
  type Answered,
  attemptDispatch,
  describeVerdict,
  routeMembers,
} from "../../github/dispatch.ts";
import { RelayFailure } from "../../http/answers.ts";
import type { RelayLogger } from "../../log.ts";
import { claimDelivery } from "./claims.ts";

/** One delivery on Cloudflare Queues: what the consumer needs to dispatch it, nothing parsed. */
export interface QueuedDelivery {
  readonly v: 1;
  readonly provider: ProviderName;
  readonly event: string;
  readonly id: string;
  readonly repository: string | null;
  /** The repository the event named (`null`: none), so routing is decided again at dispatch. */
  readonly named?: NamedRepository | null;
  /** The raw body, base64: the bytes the receive action verifies again, exactly. */
  readonly body: string;
  /** Headers the receive action needs to verify the body again. */
  readonly headers: Readonly<Record<string, string>>;
  /** Wall-clock milliseconds the relay received it. */
  readonly receivedAt: number;
}

/** What a dead letter carries: the delivery, and why it was not dispatched. */
export interface DeadLetter extends QueuedDelivery {
  readonly failure: {
    readonly reason: string;
    readonly status: number | null;
    readonly at: number;
  };
}

/** A dispatch GitHub has not answered in this long is abandoned and retried. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Cloudflare Queues accept delays of at most 12 hours. */
const MAX_DELAY_SECONDS = 12 * 60 * 60;
/** How long a batch waits when the relay's own settings are broken: the operator fixes them. */
const MISCONFIGURED_DELAY_SECONDS = 60;

export interface WorkersQueueSinkDeps {
  readonly queue: Queue<QueuedDelivery>;
  readonly claims: DurableObjectNamespace;
  readonly now: () => number;
  readonly logger: RelayLogger;
}

/**
 * The delivery seam on Workers: the delivery is claimed in its Durable Object (dedupe shared by
 * every isolate), sent to the Queue, and the provider answered 202 only once `send()` resolved.
 */
export function createWorkersQueueSink(
  config: RelayConfig,
  deps: WorkersQueueSinkDeps,
): DeliverySink {
  return {
    // Copies are claimed in the Durable Object, shared by every isolate.
    decidesCopies: true,
    async deliver(delivery) {
      const policy = deliveryPolicy(config, delivery);
      if (policy.filtered !== undefined) return { kind: "filtered", why: policy.filtered };
      // Refuse now what GitHub would refuse later (too large, a bad id), while the provider
      // still gets the answer; the real envelope is signed at dispatch time.
      await encodeForGitHub(delivery, envelopeSecret(config, delivery.provider), deps.now());
      const claim =
        delivery.dedupeKey === undefined
          ? undefined
          : await claimDelivery(deps.claims, delivery.dedupeKey, config.retentionSeconds * 1000);
      if (claim?.state === "duplicate") return { kind: "duplicate", id: delivery.id };
      if (claim?.state === "in-flight") {
        throw new RelayFailure(
          503,
          "in-flight",
          "Another copy of this delivery is being queued right now; retry shortly and it will be answered as a duplicate.",
          { "retry-after": "5" },
        );
      }
      try {
        await deps.queue.send(toMessage(delivery), { contentType: "json" });
      } catch (error) {
        await claim?.release();
        deps.logger({
          level: "error",
          msg: "queue send failed",
          provider: delivery.provider,
          event: delivery.event,
          id: delivery.id,
          error: error instanceof Error ? error.message : String(error),
        });
        throw new RelayFailure(
          503,
          "queue-unavailable",
          "The relay could not queue the delivery; retry it in a few seconds.",
          { "retry-after": "10" },
        );
      }
      await claim?.confirm();
      return { kind: "queued", id: delivery.id };
    },
  };
}

function toMessage(delivery: Delivery): QueuedDelivery {
  return {
    v: 1,
    provider: delivery.provider,
    event: delivery.event,
    id: delivery.id,
    repository: delivery.repository ?? null,
    named: delivery.named ?? null,
    body: toBase64(delivery.body),
    headers: delivery.headers,
    receivedAt: delivery.receivedAt,
  };
}

/** Reads a message back; `undefined` for anything this relay did not write. */
function fromMessage(
  value: unknown,
): (QueuedDelivery & { readonly bytes: Uint8Array<ArrayBuffer> }) | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const message = value as Partial<QueuedDelivery>;
  if (
    message.v !== 1 ||
    typeof message.provider !== "string" ||
    !isProviderName(message.provider) ||
    typeof message.event !== "string" ||
    typeof message.id !== "string" ||
    typeof message.body !== "string" ||
    typeof message.receivedAt !== "number" ||
    message.headers === null ||
    typeof message.headers !== "object" ||
    (message.repository !== null && typeof message.repository !== "string")
  ) {
    return undefined;
  }
  const bytes = fromBase64(message.body);
  if (bytes === undefined) return undefined;
  return { ...(message as QueuedDelivery), bytes };
}

export interface ConsumerDeps {
  readonly fetch: FetchLike;
  readonly tokens: TokenSource;
  /** Routing as the settings say now. */
  readonly route: (stored: StoredRoute) => Route;
  readonly now: () => number;
  readonly logger: RelayLogger;
  /** Where permanent failures go at once; without it they wait for Cloudflare's dead-letter queue. */
  readonly deadLetters: Queue<DeadLetter> | undefined;
  readonly random?: () => number;
}

/**
 * The Queue consumer: each message dispatched in order, with the same classification of GitHub's
 * answers and the same envelope signing at dispatch time as the Node queue. Accepted → ack;
 * rate-limited → retried when GitHub said, and the rest of the batch with it; transient →
 * retried after an exponential backoff by attempt; permanent → a dead letter.
 */
export async function consumeBatch(
  config: RelayConfig,
  batch: MessageBatch<unknown>,
  deps: ConsumerDeps,
): Promise<void> {
  const { logger } = deps;
  /** Set once GitHub rate-limited this identity: the rest of the batch waits as long. */
  let pausedSeconds: number | undefined;
  for (const message of batch.messages) {
    if (pausedSeconds !== undefined) {
      message.retry({ delaySeconds: pausedSeconds });
      continue;
    }
    const delivery = fromMessage(message.body);
    if (!delivery) {
      // Nothing this relay wrote: never dispatched, and kept where an operator can see it.
      logger({ level: "error", msg: "unreadable queue message", message: message.id });
      await deadLetter(
        message,
        undefined,
        "The message is not a delivery this relay queued.",
        null,
      );
      continue;
    }
    const facts = {
      provider: delivery.provider,
      event: delivery.event,
      id: delivery.id,
      attempt: message.attempts,
    };
    const routed = routeMembers(deps.route, [
      { ...delivery, named: delivery.named, body: delivery.bytes },
    ]);
    const refused = routed.filtered[0];
    if (refused) {
      // The settings, read again now, send it nowhere: it is acknowledged, never dispatched.
      message.ack();
      logger({ level: "warn", msg: "not dispatched", ...facts, error: refused.reason });
      continue;
    }
    const answered: Answered = await attemptDispatch(
      config,
      { fetch: deps.fetch, tokens: deps.tokens, now: deps.now },
      routed,
      AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    ).catch(
      (error: unknown): Answered => ({
        // Only a bug lands here (encoding was checked at receipt): keep it as a dead letter.
        verdict: {
          kind: "failed",
          code: "internal",
          reason: error instanceof Error ? error.message : String(error),
        },
        status: null,
        identity: "token",
        sent: 1,
      }),
    );
    const { verdict, status } = answered;
    const statusFact = status === null ? {} : { status };
    if (verdict.kind === "accepted") {
      message.ack();
      logger({
        level: "info",
        msg: answered.dryRun ? "dry run: not dispatched" : "dispatched",
        ...facts,
        ...statusFact,
      });
      continue;
    }
    if (verdict.kind === "failed") {
      logger({
        level: "error",
        msg: "dispatch failed",
        ...facts,
        ...statusFact,
        error: verdict.reason,
      });
      await deadLetter(message, delivery, verdict.reason, status);
      continue;
    }
    if (deps.now() - delivery.receivedAt >= config.giveUpAfterSeconds * 1000) {
      const reason = `Gave up after ${config.giveUpAfterSeconds} seconds of retries; the last was: ${describeVerdict(verdict)}.`;
      logger({ level: "error", msg: "dispatch failed", ...facts, ...statusFact, error: reason });
      await deadLetter(message, delivery, reason, status);
      continue;
    }
    const delaySeconds =
      verdict.kind === "rate-limited"
        ? clampDelay(verdict.retryAfterSeconds)
        : clampDelay(backoffMs(message.attempts, deps.random) / 1000);
    if (verdict.kind === "rate-limited") pausedSeconds = delaySeconds;
    message.retry({ delaySeconds });
    logger({
      level: "warn",
      msg: "dispatch retried later",
      ...facts,
      ...statusFact,
      error: describeVerdict(verdict),
      retry_in_s: delaySeconds,
    });
  }

  /**
   * Sends the delivery to the dead-letter queue and acknowledges it. Without that binding, or if
   * the send fails, the message is retried as late as Cloudflare allows, so it reaches the
   * consumer's own `dead_letter_queue` after `max_retries` rather than being lost.
   */
  async function deadLetter(
    message: Message<unknown>,
    delivery: QueuedDelivery | undefined,
    reason: string,
    status: number | null,
  ): Promise<void> {
    if (deps.deadLetters && delivery) {
      try {
        const { v, provider, event, id, repository, named, body, headers, receivedAt } = delivery;
        await deps.deadLetters.send(
          {
            v,
            provider,
            event,
            id,
            repository,
            named,
            body,
            headers,
            receivedAt,
            failure: { reason, status, at: deps.now() },
          },
          { contentType: "json" },
        );
        message.ack();
        return;
      } catch (error) {
        logger({
          level: "error",
          msg: "dead letter not sent",
          message: message.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    message.retry({ delaySeconds: MAX_DELAY_SECONDS });
  }
}

/** When the relay's settings are broken, nothing can be dispatched: every message waits. */
export function retryMisconfigured(batch: MessageBatch<unknown>): void {
  batch.retryAll({ delaySeconds: MISCONFIGURED_DELAY_SECONDS });
}

function clampDelay(seconds: number): number {
  return Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil(seconds)));
}
