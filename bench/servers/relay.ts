/**
 * The relay as `hookbridge relay` runs it (node:http via startNodeRelay), configured from this
 * process's environment. Its log lines are written as in production, and counted, so the bench
 * can show how many requests were dispatched rather than answered as duplicates.
 */

import { nodeLineLogger } from "../../src/relay/hosts/node/log.ts";
import { startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import type { LogEntry } from "../../src/relay/log.ts";
import { announce, announceFailure } from "./announce.ts";

const outcomes: Record<string, number> = {};
/** In queue mode: what became of each dispatch attempt ("dispatched", "dispatch retried later", …). */
const dispatches: Record<string, number> = {};

const write = nodeLineLogger();

function logger(entry: LogEntry): void {
  if (entry.msg === "request") {
    const key = `${entry.status}${entry.reason === undefined ? "" : ` ${entry.reason}`}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  } else if (entry.msg.startsWith("dispatch")) {
    dispatches[entry.msg] = (dispatches[entry.msg] ?? 0) + 1;
  }
  // Written as `hookbridge relay` writes them; the bench discards the output.
  write(entry);
}

try {
  // The existing figures measure dispatch before answering; a figure asks for the queue by name.
  const env = { HOOKBRIDGE_DELIVERY: "sync", ...process.env };
  const relay = await startNodeRelay({ env, port: 0, host: "127.0.0.1", logger });
  // In queue mode, what is still waiting: a delivery the bench stopped waiting for is not lost.
  announce(relay.url, () => ({
    outcomes,
    dispatches,
    ...(relay.queue ? { pending: relay.queue.store.stats(Date.now()).pending } : {}),
  }));
} catch (error) {
  announceFailure(error);
}
