import type { Dispatcher } from "undici";
import { namesProxy, proxyOptions } from "../runner/proxy.ts";

/** The connection pool for one run, and how to let go of it. */
export interface Connection {
  readonly dispatcher: Dispatcher;
  close(): Promise<void>;
}

export interface ConnectionOptions {
  /** Skip TLS verification, for receivers with self-signed certificates the user trusts. */
  readonly insecureSsl: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * The key under which every copy of undici, Node's built-in one included, keeps the process-wide
 * dispatcher (undici's `setGlobalDispatcher` writes it; Node's `fetch` reads it).
 */
const GLOBAL_DISPATCHER = Symbol.for("undici.globalDispatcher.1");

/**
 * Node's own undici Agent, which its `fetch` uses. Node creates it when its undici loads, which
 * constructing any fetch class does; it has the same `request()` as the undici package's Agent,
 * without loading the package's 730 KB. It honours `HTTPS_PROXY` only when the runner sets
 * `NODE_USE_ENV_PROXY=1`, which is why a configured proxy goes through {@link openConnection}'s
 * other branch.
 */
function builtInDispatcher(): Dispatcher | undefined {
  void new Response(null);
  const candidate = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
  return typeof (candidate as Partial<Dispatcher> | undefined)?.request === "function"
    ? (candidate as Dispatcher)
    : undefined;
}

/**
 * The connections a run delivers over. The default path (TLS verified, no proxy configured) uses
 * the dispatcher built into Node 24. The undici package loads only where it is needed: a proxy set
 * in `HTTPS_PROXY`/`HTTP_PROXY` (with `NO_PROXY`), through its `EnvHttpProxyAgent`, and
 * `insecure-ssl: true`, whose TLS option Node's shared dispatcher cannot take per run.
 */
export async function openConnection(options: ConnectionOptions): Promise<Connection> {
  const proxied = namesProxy(options.env);
  if (!proxied && !options.insecureSsl) {
    const shared = builtInDispatcher();
    // Shared with the rest of the process, so it stays open; idle sockets do not hold Node up.
    if (shared) return { dispatcher: shared, close: async () => {} };
  }
  // A CommonJS package: bundled, it arrives as the default export (from source, named ones too).
  const undici = await import("undici");
  const { Agent, EnvHttpProxyAgent } =
    (undici as unknown as { default?: typeof undici }).default ?? undici;
  const tls = { rejectUnauthorized: !options.insecureSsl };
  const dispatcher: Dispatcher = proxied
    ? // requestTls: behind a proxy, `connect` reaches the proxy and requestTls the receiver.
      new EnvHttpProxyAgent({ ...proxyOptions(options.env), connect: tls, requestTls: tls })
    : new Agent({ connect: tls });
  return { dispatcher, close: () => dispatcher.destroy() };
}
