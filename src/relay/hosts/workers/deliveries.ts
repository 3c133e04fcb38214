import { DurableObject } from "cloudflare:workers";
import type {
  DurableObjectNamespace,
  DurableObjectState,
  Response as WorkerResponse,
} from "@cloudflare/workers-types/index.ts";
import { createAdminRoutes } from "../../admin/index.ts";
import { RelayMetrics } from "../../admin/metrics.ts";
import { systemClock } from "../../clock.ts";
import { loadRelayConfig, type RelayConfig } from "../../config.ts";
import type { FetchLike } from "../../github/api.ts";
import { tokenSourceFor } from "../../github/credentials.ts";
import { answerFailure, toResponse } from "../../http/answers.ts";
import { createRelay } from "../../http/fetch-adapter.ts";
import type { RelayHandler } from "../../http/request.ts";
import { jsonLineLogger } from "../../log.ts";
import { createDispatchSteps, type DispatchSteps } from "../../queue/dispatcher.ts";
import { queueHealth } from "../../queue/health.ts";
import { createQueueSink } from "../../queue/queue-sink.ts";
import { createReportRoute } from "../../queue/reports.ts";
import { StoreUnavailable } from "../../queue/sql.ts";
import { DeliveryStore, type InsertResult, type NewDelivery } from "../../queue/store.ts";
import { durableDatabase } from "./durable-sqlite.ts";
import { type Env, fingerprintOf, settingsOf } from "./env.ts";
import type { RefusalCount } from "./refusals.ts";

/** The one object's name: a relay has one delivery store, as a Node relay has one file. */
const OBJECT_NAME = "relay";
/** One alarm dispatches for at most this long, then sets the next alarm to go on. */
const ALARM_BUDGET_MS = 60_000;
/** Finished deliveries are pruned at least this often while any are held. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** What `insert` answers: the store's results, or why it could not write (a 503 for the provider). */
export type InsertAnswer =
  | { readonly ok: true; readonly results: InsertResult[] }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** The calls a Worker makes on the object (over RPC, and `fetch` for the admin surface). */
export interface DeliveriesStub {
  insert(batch: readonly NewDelivery[]): Promise<InsertAnswer>;
  refusals(counts: readonly RefusalCount[]): Promise<void>;
  fetch(request: Request): Promise<WorkerResponse>;
}

/** The relay's one deliveries object. */
export function deliveriesOf(namespace: DurableObjectNamespace): DeliveriesStub {
  return namespace.get(namespace.idFromName(OBJECT_NAME)) as unknown as DeliveriesStub;
}

/** Calls the global `fetch` unbound: Workers throw "Illegal invocation" for a method call. */
const fetchGitHub: FetchLike = (input, init) => fetch(input, init);

interface Parts {
  readonly fingerprint: string;
  readonly config: RelayConfig;
  readonly store: DeliveryStore;
  readonly steps: DispatchSteps;
  readonly metrics: RelayMetrics;
  /** The relay core as this object runs it: `/healthz` and the admin surface. */
  readonly handle: RelayHandler;
}

/**
 * The delivery store on Workers: a SQLite-backed Durable Object, the single writer of the
 * relay's deliveries, running the same store, dispatch steps, admin API and metrics as the Node
 * relay. A delivery is answered 202 only once its row is durable (the object's output gate);
 * dispatch runs from the object's alarm, set for the next due delivery, so no delivery depends
 * on an isolate staying alive.
 */
export class RelayDeliveries extends DurableObject<Env> {
  #parts: Parts | undefined;
  /** A configuration that does not load: every call answers with it. */
  #broken: { readonly fingerprint: string; readonly error: unknown } | undefined;
  #prunedAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Nothing of this instance is in flight yet: rows left `dispatching` by the one before it
    // (evicted or restarted mid-dispatch) go back to the queue, as after a crash on Node.
    const recovered = this.#build()?.store.recoverInterrupted(Date.now()) ?? 0;
    if (recovered > 0) {
      jsonLineLogger({
        level: "warn",
        msg: `${recovered} deliveries were being dispatched when the deliveries object stopped; they are dispatched again (GitHub may have accepted some already).`,
        recovered,
      });
      void this.#wakeAt(Date.now());
    }
  }

  /** The relay for the current settings, built once per set of settings; undefined when broken. */
  #build(): Parts | undefined {
    const fingerprint = fingerprintOf(this.env);
    if (this.#parts?.fingerprint === fingerprint) return this.#parts;
    if (this.#broken?.fingerprint === fingerprint) return undefined;
    try {
      const config = loadRelayConfig(settingsOf(this.env));
      const store = this.#parts?.store ?? DeliveryStore.over(durableDatabase(this.ctx.storage));
      const metrics = this.#parts?.metrics ?? new RelayMetrics();
      const now = Date.now;
      const logger = jsonLineLogger;
      const tokens = tokenSourceFor(config, fetchGitHub, now);
      const steps = createDispatchSteps(
        config,
        {
          store,
          fetch: fetchGitHub,
          clock: systemClock,
          logger,
          tokens,
          observe: (observation) => metrics.observe(observation),
        },
        new AbortController().signal,
      );
      const admin =
        config.adminToken === undefined
          ? undefined
          : createAdminRoutes({
              token: config.adminToken,
              store,
              metrics,
              wake: () => void this.#wakeAt(Date.now()),
              now,
              logger,
            });
      // Reports are asked for only with HOOKBRIDGE_PUBLIC_URL, so only then is there a route for them.
      const reports =
        config.publicUrl === undefined
          ? undefined
          : createReportRoute(config, {
              store,
              now,
              observe: (report, latencyMs) => metrics.reported(report, latencyMs),
            });
      const handle = createRelay(config, {
        logger,
        fetch: fetchGitHub,
        tokens,
        health: () => queueHealth(store, now()),
        ...(admin ? { admin, refused: (refusal) => metrics.refused(refusal) } : {}),
        ...(reports ? { reports } : {}),
        // Deliveries reach the object through `insert`; one sent here is taken the same way.
        sink: createQueueSink(config, {
          commit: (batch) => this.#insert(store, metrics, batch),
          committed: () => {},
          now,
        }),
      });
      this.#parts = { fingerprint, config, store, steps, metrics, handle };
      this.#broken = undefined;
      return this.#parts;
    } catch (error) {
      this.#broken = { fingerprint, error };
      jsonLineLogger({
        level: "error",
        msg: error instanceof Error ? error.message : "invalid configuration",
        reason: answerFailure(error).reason,
      });
      return undefined;
    }
  }

  #insert(store: DeliveryStore, metrics: RelayMetrics, batch: readonly NewDelivery[]) {
    const results = store.insertBatch(batch, Date.now());
    metrics.received(batch, results);
    const due = batch
      .filter((_, index) => results[index]?.kind === "queued")
      .map((row) => row.dueAt ?? row.receivedAt);
    if (due.length > 0) void this.#wakeAt(Math.min(...due));
    return results;
  }

  /** Records a Worker's batch of deliveries in one transaction and sets the alarm for them. */
  async insert(batch: readonly NewDelivery[]): Promise<InsertAnswer> {
    const parts = this.#build();
    if (!parts) return { ok: false, code: "CONFIG", message: "The relay's settings do not load." };
    try {
      return { ok: true, results: this.#insert(parts.store, parts.metrics, batch) };
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
      return { ok: false, code: error.code, message: error.message };
    }
  }

  /** What an isolate refused since it last said so, for `/metrics`. */
  async refusals(counts: readonly RefusalCount[]): Promise<void> {
    const metrics = this.#build()?.metrics;
    for (const { count, ...refusal } of counts) metrics?.refused(refusal, count);
  }

  /** `/healthz`, `/reports/…` and the admin surface, answered by the relay core over this object's store. */
  async fetch(request: Request): Promise<WorkerResponse> {
    const parts = this.#build();
    const response = parts
      ? await parts.handle(request)
      : toResponse(answerFailure(this.#broken?.error).answer);
    return response as unknown as WorkerResponse;
  }

  /** Dispatches what is due, for a while, then sets the alarm for what waits. */
  async alarm(): Promise<void> {
    const parts = this.#build();
    // Broken settings (already logged): look again in a minute, when they may be fixed.
    if (!parts) return this.ctx.storage.setAlarm(Date.now() + 60_000);
    const until = Date.now() + ALARM_BUDGET_MS;
    let nextAt = Number.POSITIVE_INFINITY;
    let more = false;
    const worker = async () => {
      while (Date.now() < until) {
        const { wait } = await parts.steps.step();
        if (wait > 0) {
          nextAt = Math.min(nextAt, Date.now() + wait);
          return;
        }
      }
      // The budget ran out with work left: go on at once in a new alarm.
      more = true;
    };
    await Promise.all(Array.from({ length: parts.config.dispatchConcurrency }, worker));
    const now = Date.now();
    if (now - this.#prunedAt >= Math.min(PRUNE_EVERY_MS, parts.config.retentionSeconds * 100)) {
      this.#prunedAt = now;
      const pruned = parts.steps.prune();
      if (pruned > 0) jsonLineLogger({ level: "info", msg: "pruned finished deliveries", pruned });
    }
    // The step's wait is capped for a long-lived loop; nothing due means no dispatch alarm.
    const due = parts.steps.nextDue(now);
    const dispatchAt = due === undefined ? Number.POSITIVE_INFINITY : Math.max(nextAt, due);
    const pruneAt =
      parts.store.list({ limit: 1 }).length > 0 ? now + PRUNE_EVERY_MS : Number.POSITIVE_INFINITY;
    const at = more ? now : Math.min(dispatchAt, pruneAt);
    if (Number.isFinite(at)) await this.ctx.storage.setAlarm(at);
  }

  /** Sets the alarm for `at`, unless it is already set sooner. */
  async #wakeAt(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }
}
