import type {
  DurableObjectNamespace,
  ExportedHandler,
  MessageBatch,
  Queue,
  Response as WorkerResponse,
} from "@cloudflare/workers-types/index.ts";
import { MAX_BODY_BYTES } from "../../../core/envelope.ts";
import { HookbridgeError } from "../../../core/errors.ts";
import { loadRelayConfig, type RelayConfig, type WorkerVariables } from "../../config.ts";
import { createDispatchRouter } from "../../delivery/routing.ts";
import type { FetchLike } from "../../github/api.ts";
import { tokenSourceFor } from "../../github/credentials.ts";
import { answerFailure, toResponse } from "../../http/answers.ts";
import { createRelay } from "../../http/fetch-adapter.ts";
import { readBody } from "../../http/read-body.ts";
import type { RelayHandler } from "../../http/request.ts";
import { jsonLineLogger } from "../../log.ts";
import {
  consumeBatch,
  createWorkersQueueSink,
  type DeadLetter,
  type QueuedDelivery,
  retryMisconfigured,
} from "./queue.ts";

// The Durable Object class named in wrangler.toml must be exported by the Worker's entry.
export { DeliveryClaims } from "./claims.ts";

/**
 * Bindings, under the same names as the Node relay's environment variables: plain `vars` in
 * wrangler.toml for settings (typed from the relay's settings table), `wrangler secret put` for
 * secrets and tokens, and the queue and Durable Object bindings of queue mode.
 */
export interface Env extends WorkerVariables {
  /** Queue producer: with HOOKBRIDGE_DEDUPE, deliveries are queued rather than dispatched inline. */
  readonly HOOKBRIDGE_QUEUE?: Queue<QueuedDelivery>;
  /** Durable Object namespace of `DeliveryClaims`: dedupe shared by every isolate. */
  readonly HOOKBRIDGE_DEDUPE?: DurableObjectNamespace;
  /** Queue producer for deliveries GitHub refused for good (the consumer's dead-letter queue). */
  readonly HOOKBRIDGE_DEAD_LETTERS?: Queue<DeadLetter>;
  readonly [secret: `HOOKBRIDGE_SECRET_${string}`]: string | undefined;
}

/**
 * One relay per isolate, rebuilt only when the bindings change. Without a Queue and a Durable
 * Object its memory of recent delivery ids is per isolate: Cloudflare may run several isolates
 * (and locations) at once, so a duplicate that lands on another isolate is dispatched again. With
 * them, dedupe lives in one Durable Object per delivery, shared by every isolate.
 */
let current:
  | {
      readonly fingerprint: string;
      readonly handle: RelayHandler;
      /** The queue consumer; `undefined` when the configuration is broken. */
      readonly consume: ((batch: MessageBatch<unknown>) => Promise<void>) | undefined;
    }
  | undefined;

/** The settings: every string binding named HOOKBRIDGE_* (the queue bindings are objects). */
function settingsOf(env: Env): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith("HOOKBRIDGE_") && typeof value === "string") values[name] = value;
  }
  return values;
}

/** Calls the global `fetch` unbound: Workers throw "Illegal invocation" for a method call. */
const fetchGitHub: FetchLike = (input, init) => fetch(input, init);

type Mode =
  | { readonly kind: "sync" }
  | {
      readonly kind: "queue";
      readonly queue: Queue<QueuedDelivery>;
      readonly claims: DurableObjectNamespace;
    };

/** Queue mode needs both bindings; `HOOKBRIDGE_DELIVERY=sync` keeps sync mode even with them. */
function modeOf(config: RelayConfig, env: Env): Mode {
  const queue = env.HOOKBRIDGE_QUEUE;
  const claims = env.HOOKBRIDGE_DEDUPE;
  if (config.delivery === "sync") return { kind: "sync" };
  if (queue && claims) return { kind: "queue", queue, claims };
  if (config.delivery === "queue" || queue || claims) {
    throw new HookbridgeError(
      "ConfigError",
      `Queue mode on Workers needs both the HOOKBRIDGE_QUEUE queue binding and the HOOKBRIDGE_DEDUPE Durable Object binding, and ${queue ? "HOOKBRIDGE_DEDUPE" : claims ? "HOOKBRIDGE_QUEUE" : "neither"} is bound; add ${queue || claims ? "it" : "them"} as wrangler.toml shows, or set HOOKBRIDGE_DELIVERY=sync.`,
    );
  }
  return { kind: "sync" };
}

function relayFor(env: Env): NonNullable<typeof current> {
  const settings = settingsOf(env);
  const fingerprint = JSON.stringify([
    Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : 1)),
    env.HOOKBRIDGE_QUEUE !== undefined,
    env.HOOKBRIDGE_DEDUPE !== undefined,
    env.HOOKBRIDGE_DEAD_LETTERS !== undefined,
  ]);
  if (current?.fingerprint !== fingerprint) {
    try {
      current = { fingerprint, ...build(loadRelayConfig(settings), env) };
    } catch (error) {
      // A Worker has no start-up step to fail: every request answers with the configuration
      // problem (500), which names the variables to fix and nothing of their values.
      const failure = answerFailure(error);
      jsonLineLogger({
        level: "error",
        msg: error instanceof Error ? error.message : "invalid configuration",
        reason: failure.reason,
      });
      current = {
        fingerprint,
        handle: async (request) => {
          // Read what the sender is still writing (bounded) before answering: closing on a body
          // still arriving resets the connection, and the sender sees no answer at all.
          await readBody(request, MAX_BODY_BYTES).catch(() => undefined);
          return toResponse(failure.answer);
        },
        consume: undefined,
      };
    }
  }
  return current;
}

function build(config: RelayConfig, env: Env): Omit<NonNullable<typeof current>, "fingerprint"> {
  const mode = modeOf(config, env);
  const logger = jsonLineLogger;
  const now = Date.now;
  if (config.adminToken !== undefined) {
    logger({
      level: "warn",
      msg: "HOOKBRIDGE_ADMIN_TOKEN is set, but the delivery log (/deliveries, /metrics, /admin) runs only on the Node relay: on Workers those paths answer 404 and the token is unused; remove it with wrangler secret delete HOOKBRIDGE_ADMIN_TOKEN.",
    });
  }
  // One token source for this isolate: sync mode and the queue consumer share it.
  const tokens = tokenSourceFor(config, fetchGitHub, now);
  if (mode.kind === "sync") {
    const handle = createRelay(config, { logger, fetch: fetchGitHub, tokens });
    // Node's default is the queue: say which mode this Worker runs in.
    logger({
      level: "info",
      msg: "relay on Workers in sync mode: each delivery is answered once GitHub accepted it",
      delivery: "sync",
    });
    return { handle, consume: undefined };
  }
  const handle = createRelay(config, {
    logger,
    fetch: fetchGitHub,
    sink: createWorkersQueueSink(config, {
      queue: mode.queue,
      claims: mode.claims,
      now,
      logger,
    }),
    health: () => ({ delivery: "queue" }),
  });
  const deadLetters = env.HOOKBRIDGE_DEAD_LETTERS;
  logger({
    level: "info",
    msg: "relay on Workers in queue mode: each delivery is answered 202 once Cloudflare Queues took it",
    delivery: "queue",
  });
  return {
    handle,
    consume: (batch) =>
      consumeBatch(config, batch, {
        fetch: fetchGitHub,
        tokens,
        now,
        logger,
        deadLetters,
        route: createDispatchRouter(config),
      }),
  };
}

export default {
  async fetch(request, env) {
    const response = await relayFor(env).handle(request as unknown as Request);
    return response as unknown as WorkerResponse;
  },
  async queue(batch, env) {
    const { consume } = relayFor(env);
    // Broken settings (already logged) or a Worker no longer in queue mode: keep every message.
    if (consume === undefined) return retryMisconfigured(batch);
    await consume(batch);
  },
} satisfies ExportedHandler<Env>;
