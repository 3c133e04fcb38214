import type {
  ExecutionContext,
  ExportedHandler,
  Response as WorkerResponse,
} from "@cloudflare/workers-types/index.ts";
import { MAX_BODY_BYTES } from "../../../core/envelope.ts";
import { HookbridgeError } from "../../../core/errors.ts";
import { loadRelayConfig, type RelayConfig } from "../../config.ts";
import type { FetchLike } from "../../github/api.ts";
import { tokenSourceFor } from "../../github/credentials.ts";
import { answerFailure, toResponse } from "../../http/answers.ts";
import { createRelay } from "../../http/fetch-adapter.ts";
import { readBody } from "../../http/read-body.ts";
import { isAdminPath, reportPathId } from "../../http/request.ts";
import { jsonLineLogger } from "../../log.ts";
import { createQueueSink } from "../../queue/queue-sink.ts";
import { StoreUnavailable } from "../../queue/sql.ts";
import { deliveriesOf } from "./deliveries.ts";
import { type Env, fingerprintOf, settingsOf } from "./env.ts";
import { RefusalTally } from "./refusals.ts";

// The Durable Object class named in wrangler.toml must be exported by the Worker's entry.
export { RelayDeliveries } from "./deliveries.ts";
export type { Env } from "./env.ts";

/**
 * One relay per isolate, rebuilt only when the bindings change. In sync mode its memory of recent
 * delivery ids is per isolate: Cloudflare may run several isolates (and locations) at once, so a
 * duplicate that lands on another isolate is dispatched again. In queue mode every isolate hands
 * its deliveries to the one `RelayDeliveries` object, which recognises copies for all of them.
 */
let current: { readonly fingerprint: string; readonly handle: IsolateHandler } | undefined;

/** The relay as an isolate runs it: a request, and the context to finish work after answering. */
type IsolateHandler = (request: Request, ctx: ExecutionContext) => Promise<Response>;

/** Calls the global `fetch` unbound: Workers throw "Illegal invocation" for a method call. */
const fetchGitHub: FetchLike = (input, init) => fetch(input, init);

function relayFor(env: Env): IsolateHandler {
  const fingerprint = fingerprintOf(env);
  if (current?.fingerprint !== fingerprint) {
    try {
      current = { fingerprint, handle: build(loadRelayConfig(settingsOf(env)), env) };
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
      };
    }
  }
  return current.handle;
}

function build(config: RelayConfig, env: Env): IsolateHandler {
  const logger = jsonLineLogger;
  const now = Date.now;
  const namespace = config.delivery === "sync" ? undefined : env.HOOKBRIDGE_DELIVERIES;
  if (namespace === undefined) {
    if (config.delivery === "queue") {
      throw new HookbridgeError(
        "ConfigError",
        "Queue mode on Workers needs the HOOKBRIDGE_DELIVERIES Durable Object binding, and it is not bound; add it as wrangler.toml's [env.queue] shows, or set HOOKBRIDGE_DELIVERY=sync.",
      );
    }
    // What turns queue mode on: the binding, unless sync mode was asked for by name.
    const until =
      config.delivery === "sync"
        ? "HOOKBRIDGE_DELIVERY is no longer sync and the HOOKBRIDGE_DELIVERIES Durable Object is bound"
        : "the HOOKBRIDGE_DELIVERIES Durable Object is bound";
    if (config.adminToken !== undefined) {
      logger({
        level: "warn",
        msg: `HOOKBRIDGE_ADMIN_TOKEN is set, but the delivery log exists only in queue mode: /deliveries, /metrics and /admin answer 404 until ${until}.`,
      });
    }
    if (config.publicUrl !== undefined) {
      logger({
        level: "warn",
        msg: `HOOKBRIDGE_PUBLIC_URL is set, but runs report back only in queue mode: envelopes ask for no report until ${until}.`,
      });
    }
    // Node's default is the queue: say which mode this Worker runs in.
    logger({
      level: "info",
      msg: "relay on Workers in sync mode: each delivery is answered once GitHub accepted it",
      delivery: "sync",
    });
    const relay = createRelay(config, {
      logger,
      fetch: fetchGitHub,
      tokens: tokenSourceFor(config, fetchGitHub, now),
    });
    return (request) => relay(request);
  }
  // A stub is an I/O object of the request that made it: each call takes a new one.
  const deliveries = () => deliveriesOf(namespace);
  // What this isolate refuses never reaches the object: counted here, handed over after answering.
  const refusals = config.adminToken === undefined ? undefined : new RefusalTally();
  // Verification and parsing run here, in every isolate; only the write goes to the object.
  const relay = createRelay(config, {
    logger,
    fetch: fetchGitHub,
    ...(refusals ? { refused: (refusal) => refusals.add(refusal) } : {}),
    sink: createQueueSink(config, {
      async commit(batch) {
        const answer = await deliveries()
          .insert(batch)
          .catch((error: unknown) => ({
            ok: false as const,
            code: "DURABLE_OBJECT",
            message: error instanceof Error ? error.message : String(error),
          }));
        if (!answer.ok) throw new StoreUnavailable(answer.code, answer.message);
        return answer.results;
      },
      committed: () => {},
      now,
      alone: true,
    }),
  });
  logger({
    level: "info",
    msg: "relay on Workers in queue mode: each delivery is answered 202 once its Durable Object stored it",
    delivery: "queue",
  });
  return async (request, ctx) => {
    const path = new URL(request.url).pathname;
    // The object owns the store: it answers what reads or changes it, as the Node relay does.
    // Reports are taken only with HOOKBRIDGE_PUBLIC_URL, as on Node; otherwise theirs is any path.
    const reported = config.publicUrl !== undefined && reportPathId(path) !== undefined;
    if (path === "/healthz" || isAdminPath(path) || reported)
      return (await deliveries().fetch(request)) as unknown as Response;
    const response = await relay(request);
    const handedOver = refusals?.flush((counts) => deliveries().refusals(counts), Date.now());
    if (handedOver) ctx.waitUntil(handedOver);
    return response;
  };
}

export default {
  async fetch(request, env, ctx) {
    const response = await relayFor(env)(request as unknown as Request, ctx);
    return response as unknown as WorkerResponse;
  },
} satisfies ExportedHandler<Env>;
