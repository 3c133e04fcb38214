/**
 * The hosts the shared queue cases run on: the Node relay over node:sqlite, and the built Worker
 * in workerd (miniflare) with its Durable Object's SQLite storage. Each starts a fresh relay with
 * an empty store, in queue mode, with the admin API on, and is reached over HTTP only.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { systemClock } from "../../src/relay/clock.ts";
import type { GitHubStandIn } from "../support/github-stand-in/index.ts";
import { adminEnv } from "./admin-support.ts";
import { startQueuedRelay, tempDir } from "./queue-support.ts";
import { ROOT, relayEnvs } from "./support.ts";
import { collectJsonLines } from "./workerd-logs.ts";

export interface RunningRelay {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface QueueHost {
  readonly name: string;
  start(gh: GitHubStandIn, env?: Record<string, string>): Promise<RunningRelay>;
}

/** What both hosts share: quick pacing, one dispatch at a time, no batch window, the admin API. */
function queueEnv(gh: GitHubStandIn, env: Record<string, string>): Record<string, string> {
  const { HOOKBRIDGE_DELIVERY: _sync, ...main } = relayEnvs(gh.url).main;
  return {
    ...main,
    ...adminEnv,
    HOOKBRIDGE_DISPATCH_RATE: "6000",
    HOOKBRIDGE_DISPATCH_CONCURRENCY: "1",
    HOOKBRIDGE_BATCH_WINDOW: "0",
    ...env,
  };
}

export const nodeHost: QueueHost = {
  name: "the Node relay (node:sqlite)",
  async start(gh, env = {}) {
    const dir = tempDir();
    const { relay } = await startQueuedRelay(gh, dir.path, systemClock, queueEnv(gh, env));
    return {
      fetch: (path, init) => fetch(`${relay.url}${path}`, init),
      async close() {
        await relay.close();
        dir.remove();
      },
    };
  },
};

const BUNDLE = join(ROOT, "dist/worker/index.js");
export const COMPATIBILITY_DATE = /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(
  readFileSync(join(ROOT, "wrangler.toml"), "utf8"),
)?.[1];

/** The built Worker, with its `RelayDeliveries` object on SQLite storage, as wrangler.toml binds it. */
export function workerHost(lines: string[] = []): QueueHost {
  return {
    name: "the Worker in workerd (Durable Object SQLite)",
    async start(gh, env = {}) {
      const mf = new Miniflare({
        modules: true,
        scriptPath: BUNDLE,
        compatibilityDate: COMPATIBILITY_DATE,
        bindings: queueEnv(gh, env),
        durableObjects: {
          HOOKBRIDGE_DELIVERIES: { className: "RelayDeliveries", useSQLite: true },
        },
        handleRuntimeStdio(stdout: Readable, stderr: Readable) {
          collectJsonLines(stdout, lines);
          collectJsonLines(stderr, lines);
        },
      });
      await mf.ready;
      return {
        fetch: (path, init) =>
          mf.dispatchFetch(
            `https://relay.test${path}`,
            init as never,
          ) as unknown as Promise<Response>,
        close: () => mf.dispose(),
      };
    },
  };
}
