import type { DurableObjectNamespace } from "@cloudflare/workers-types/index.ts";
import type { WorkerVariables } from "../../config.ts";

/**
 * Bindings, under the same names as the Node relay's environment variables: plain `vars` in
 * wrangler.toml for settings (typed from the relay's settings table), `wrangler secret put` for
 * secrets and tokens, and the Durable Object of queue mode.
 */
export interface Env extends WorkerVariables {
  /** Namespace of `RelayDeliveries`: with it the Worker queues, without it it dispatches inline. */
  readonly HOOKBRIDGE_DELIVERIES?: DurableObjectNamespace;
  readonly [secret: `HOOKBRIDGE_SECRET_${string}`]: string | undefined;
}

/** The settings: every string binding named HOOKBRIDGE_* (the Durable Object's is an object). */
export function settingsOf(env: Env): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith("HOOKBRIDGE_") && typeof value === "string") values[name] = value;
  }
  return values;
}

/** What the settings are, as a stable text: the relay is rebuilt only when it changes. */
export function fingerprintOf(env: Env): string {
  return JSON.stringify([
    Object.entries(settingsOf(env)).sort(([a], [b]) => (a < b ? -1 : 1)),
    env.HOOKBRIDGE_DELIVERIES !== undefined,
  ]);
}
