import type {
  ExportedHandler,
  Response as WorkerResponse,
} from "@cloudflare/workers-types/index.ts";
import { answerFailure, toResponse } from "./answers.ts";
import { loadRelayConfig } from "./config.ts";
import { createRelay, type RelayHandler } from "./handler.ts";
import { jsonLineLogger } from "./log.ts";

/**
 * Bindings, under the same names as the Node relay's environment variables: plain `vars` in
 * wrangler.toml for settings, `wrangler secret put` for secrets and tokens.
 */
export interface Env {
  readonly HOOKBRIDGE_REPOSITORY?: string;
  readonly HOOKBRIDGE_REPOSITORIES?: string;
  readonly HOOKBRIDGE_GITHUB_TOKEN?: string;
  readonly HOOKBRIDGE_APP_ID?: string;
  readonly HOOKBRIDGE_APP_PRIVATE_KEY?: string;
  readonly HOOKBRIDGE_APP_INSTALLATION_ID?: string;
  readonly HOOKBRIDGE_GITHUB_API_URL?: string;
  readonly HOOKBRIDGE_EVENTS?: string;
  readonly HOOKBRIDGE_DEJACODE_HEADER?: string;
  readonly HOOKBRIDGE_REPLAY_WINDOW?: string;
  readonly HOOKBRIDGE_MAX_BODY?: string;
  readonly HOOKBRIDGE_DRY_RUN?: string;
  readonly [secret: `HOOKBRIDGE_SECRET_${string}`]: string | undefined;
}

/**
 * One relay per isolate, rebuilt only when the bindings change. Its memory of recent delivery
 * ids is therefore per isolate: Cloudflare may run several isolates (and locations) at once, so
 * a duplicate that lands on another isolate is dispatched again. The receive action's idempotent
 * reactions make that harmless; a Durable Object would be needed to make it impossible.
 */
let current: { readonly fingerprint: string; readonly handle: RelayHandler } | undefined;

function bindingsOf(env: Env): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith("HOOKBRIDGE_")) values[name] = value;
  }
  return values;
}

function relayFor(env: Env): RelayHandler {
  const bindings = bindingsOf(env);
  const fingerprint = JSON.stringify(Object.entries(bindings).sort(([a], [b]) => (a < b ? -1 : 1)));
  if (current?.fingerprint !== fingerprint) {
    let handle: RelayHandler;
    try {
      handle = createRelay(loadRelayConfig(bindings), { logger: jsonLineLogger });
      // Workers have no durable queue yet: say so, since Node's default differs.
      jsonLineLogger({
        level: "info",
        msg: "relay on Workers in sync mode: each delivery is answered once GitHub accepted it",
        delivery: "sync",
      });
    } catch (error) {
      // A Worker has no start-up step to fail: every request answers with the configuration
      // problem (500), which names the variables to fix and nothing of their values.
      const failure = answerFailure(error);
      jsonLineLogger({
        level: "error",
        msg: error instanceof Error ? error.message : "invalid configuration",
        reason: failure.reason,
      });
      handle = async () => toResponse(failure.answer);
    }
    current = { fingerprint, handle };
  }
  return current.handle;
}

export default {
  async fetch(request, env) {
    const response = await relayFor(env)(request as unknown as Request);
    return response as unknown as WorkerResponse;
  },
} satisfies ExportedHandler<Env>;
