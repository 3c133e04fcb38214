import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { type Clock, systemClock } from "../../clock.ts";
import { loadRelayConfig, type RelayConfig, type ServerLimits } from "../../config.ts";
import type { DeliverySink } from "../../delivery/sink.ts";
import type { FetchLike } from "../../github/api.ts";
import { type TokenSource, tokenSourceFor } from "../../github/credentials.ts";
import type { Refusal } from "../../http/answers.ts";
import { createRelayCore } from "../../http/handler.ts";
import type { AdminRoutes, ReportRoute } from "../../http/request.ts";
import type { RelayLogger } from "../../log.ts";
import { type QueueDispatcher, startQueueDispatcher } from "../../queue/dispatcher.ts";
import { queueHealth } from "../../queue/health.ts";
import { openDurableNodeStore } from "../../queue/node-sqlite.ts";
import { createQueueSink, type QueueSink } from "../../queue/queue-sink.ts";
import { createReportRoute } from "../../queue/reports.ts";
import type { DeliveryStore } from "../../queue/store.ts";
import { nodeListener } from "./adapter.ts";
import { nodeLineLogger } from "./log.ts";

export interface NodeRelayOptions {
  /** Usually `process.env`; read once, at start. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Overrides `PORT`; 0 picks a free port. */
  readonly port?: number;
  /** Interface to listen on; all of them by default, as a webhook endpoint must be reachable. */
  readonly host?: string;
  readonly logger?: RelayLogger;
  /** Reaches the GitHub API; defaults to the global `fetch`. */
  readonly fetch?: FetchLike;
  /** Overrides every provider's answer budget, in milliseconds; tests shorten the wait with it. */
  readonly timeoutMs?: number;
  /** The dispatcher's clock, for pacing and retention; the system clock by default. */
  readonly clock?: Clock;
}

/** The queue behind a Node relay in queue mode. */
export interface NodeQueue {
  readonly store: DeliveryStore;
  readonly dispatcher: QueueDispatcher;
}

export interface NodeRelay {
  /** Base URL a client on this machine can reach, e.g. `http://127.0.0.1:8787`. */
  readonly url: string;
  /** Present in queue mode (`HOOKBRIDGE_DELIVERY=queue`, the default on Node). */
  readonly queue: NodeQueue | undefined;
  /**
   * Stops accepting connections, answers the requests in flight (committing queued ones), then
   * lets the dispatches in flight finish and closes the database.
   */
  close(): Promise<void>;
}

interface Delivery {
  readonly sink: DeliverySink | undefined;
  readonly health: () => Record<string, unknown>;
  readonly queue: NodeQueue | undefined;
  readonly admin?: AdminRoutes;
  readonly reports?: ReportRoute;
  readonly refused?: (refusal: Refusal) => void;
  close(): Promise<void>;
}

/** The admin modules, loaded only when `HOOKBRIDGE_ADMIN_TOKEN` is set, so others never pay for them. */
async function loadAdmin() {
  const [routes, metrics] = await Promise.all([
    import("../../admin/index.ts"),
    import("../../admin/metrics.ts"),
  ]);
  return { createAdminRoutes: routes.createAdminRoutes, RelayMetrics: metrics.RelayMetrics };
}

/** What the Node host makes once and hands to every part that needs it. */
interface HostParts {
  readonly clock: Clock;
  readonly fetch: FetchLike;
  readonly tokens: TokenSource;
  readonly logger: RelayLogger;
}

async function openQueue(config: RelayConfig, parts: HostParts): Promise<Delivery> {
  const { clock, logger } = parts;
  const adminModules = config.adminToken === undefined ? undefined : await loadAdmin();
  const metrics = adminModules && new adminModules.RelayMetrics();
  const { store, durable } = openDurableNodeStore(resolve(config.dataDir));
  const recovered = store.recoverInterrupted(clock.now());
  if (recovered > 0) {
    logger({
      level: "warn",
      msg: `${recovered} deliveries were being dispatched when the relay stopped; they are dispatched again (GitHub may have accepted some already).`,
      recovered,
    });
  }
  const dispatcher = startQueueDispatcher(config, {
    store,
    clock,
    logger,
    fetch: parts.fetch,
    tokens: parts.tokens,
    ...(metrics ? { observe: (observation) => metrics.observe(observation) } : {}),
  });
  const sink: QueueSink = createQueueSink(config, {
    // Answered once the batch's commit is on disk, not merely written.
    commit: async (batch) => {
      const results = store.insertBatch(batch, clock.now());
      await durable();
      metrics?.received(batch, results);
      return results;
    },
    committed: () => dispatcher.wake(),
    now: () => clock.now(),
  });
  const admin =
    adminModules && metrics && config.adminToken !== undefined
      ? adminModules.createAdminRoutes({
          token: config.adminToken,
          store,
          metrics,
          wake: () => dispatcher.wake(),
          now: () => clock.now(),
          logger,
        })
      : undefined;
  // Reports are asked for only with HOOKBRIDGE_PUBLIC_URL, so only then is there a route for them.
  const reports =
    config.publicUrl === undefined
      ? undefined
      : createReportRoute(config, {
          store,
          now: () => clock.now(),
          ...(metrics
            ? { observe: (report, latencyMs) => metrics.reported(report, latencyMs) }
            : {}),
        });
  return {
    sink,
    ...(admin ? { admin, refused: (refusal) => metrics?.refused(refusal) } : {}),
    ...(reports ? { reports } : {}),
    queue: { store, dispatcher },
    health: () => queueHealth(store, clock.now()),
    async close() {
      await sink.close();
      await dispatcher.stop();
      store.close();
    },
  };
}

/** In-flight requests get this long to finish after `close()`; the relay's own budget is 2.5 s. */
const DRAIN_MS = 10_000;

function reachableHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function drain(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error && (error as NodeJS.ErrnoException).code !== "ERR_SERVER_NOT_RUNNING")
        reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Node's own defaults (a minute for headers, five for a request) let a client that trickles bytes
 * hold a connection for minutes; these close it within seconds. Node enforces both only when it
 * sweeps its connections, every 30 s by default, so the sweep runs at least once a second.
 */
function serverTimeouts(limits: ServerLimits) {
  const headersTimeout = limits.headersTimeoutSeconds * 1000;
  return {
    headersTimeout,
    requestTimeout: limits.requestTimeoutSeconds * 1000,
    connectionsCheckingInterval: Math.min(1000, headersTimeout),
  };
}

/**
 * Serves the relay over HTTP on Node. Throws a `ConfigError` (one sentence per bad variable)
 * before listening when the environment is wrong.
 */
export async function startNodeRelay(options: NodeRelayOptions): Promise<NodeRelay> {
  const config = loadRelayConfig(options.env);
  const logger = options.logger ?? nodeLineLogger();
  const clock = options.clock ?? systemClock;
  const given = options.fetch;
  const fetchGitHub: FetchLike = (input, init) => (given ?? fetch)(input, init);
  // One clock and one token source for the whole host: the queue and sync mode share them.
  const tokens = tokenSourceFor(config, fetchGitHub, () => clock.now());
  const parts: HostParts = { clock, fetch: fetchGitHub, tokens, logger };
  const delivery: Delivery =
    (config.delivery ?? "queue") === "queue"
      ? await openQueue(config, parts)
      : {
          sink: undefined,
          queue: undefined,
          health: () => ({ delivery: "sync" }),
          close: async () => {},
        };
  if (config.adminToken !== undefined && !delivery.admin) {
    logger({
      level: "warn",
      msg: "HOOKBRIDGE_ADMIN_TOKEN is set, but the delivery log exists only in queue mode: /deliveries, /metrics and /admin answer 404 until HOOKBRIDGE_DELIVERY=queue.",
    });
  }
  if (config.publicUrl !== undefined && !delivery.reports) {
    logger({
      level: "warn",
      msg: "HOOKBRIDGE_PUBLIC_URL is set, but runs report back only in queue mode: envelopes ask for no report until HOOKBRIDGE_DELIVERY=queue.",
    });
  }
  const relay = createRelayCore(config, {
    logger,
    health: delivery.health,
    ...(delivery.admin ? { admin: delivery.admin } : {}),
    ...(delivery.reports ? { reports: delivery.reports } : {}),
    ...(delivery.refused ? { refused: delivery.refused } : {}),
    ...(delivery.sink ? { sink: delivery.sink } : {}),
    fetch: fetchGitHub,
    tokens,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  // Repeated header fields are joined as `Headers.get` joins them (Node would otherwise keep only
  // the first Content-Type), so both hosts judge a request by the same values.
  const server = createServer(
    { joinDuplicateHeaders: true, ...serverTimeouts(config.server) },
    nodeListener(relay),
  );
  server.keepAliveTimeout = config.server.keepAliveTimeoutSeconds * 1000;
  server.maxConnections = config.server.maxConnections;
  const host = options.host ?? "0.0.0.0";
  try {
    await listen(server, options.port ?? config.port, host);
  } catch (error) {
    await delivery.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${reachableHost(host)}:${port}`;
  logger({
    level: "info",
    msg: config.dryRun
      ? `relay listening on ${url} (dry run: nothing is dispatched)`
      : `relay listening on ${url}`,
    url,
    ...(config.repository ? { repository: config.repository } : {}),
    delivery: delivery.queue ? "queue" : "sync",
  });
  let closing: Promise<void> | undefined;
  return {
    url,
    queue: delivery.queue,
    close() {
      closing ??= drain(server).finally(() => delivery.close());
      return closing;
    },
  };
}
