/**
 * The relay: a fetch handler that verifies provider webhooks and forwards them to GitHub as
 * `repository_dispatch` events. `node-server.ts` and `worker.ts` are its two hosts.
 */
export { RelayFailure } from "./answers.ts";
export {
  DEFAULT_API_URL,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PORT,
  DEFAULT_REPLAY_WINDOW_SECONDS,
  type GitHubAuth,
  loadRelayConfig,
  type RelayConfig,
  secretVariable,
} from "./config.ts";
export { DeliveryMemory } from "./dedupe.ts";
export { type FetchLike, USER_AGENT } from "./github-api.ts";
export { createRelay, DEFAULT_TIMEOUT_MS, type RelayDeps, type RelayHandler } from "./handler.ts";
export { jsonLineLogger, type LogEntry, type RelayLogger } from "./log.ts";
