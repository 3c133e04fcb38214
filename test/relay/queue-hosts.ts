/**
 * The hosts the shared cases run on (the queue's, the admin API's, the relay contract in queue
 * mode): the Node relay over node:sqlite, and the built Worker in workerd (miniflare) with its
 * Durable Object's SQLite storage. Each starts a fresh relay with an empty store, and is reached
 * over HTTP only.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { systemClock } from "../../src/relay/clock.ts";
import { startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import type { LogEntry } from "../../src/relay/log.ts";
import type { GitHubStandIn } from "../support/github-stand-in/index.ts";
import { adminEnv } from "./admin-support.ts";
import { tempDir } from "./queue-support.ts";
import { expectError, ROOT, relayEnvs } from "./support.ts";
import { collectJsonLines } from "./workerd-logs.ts";

export interface RunningRelay {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The JSON log lines written so far, as printed. */
  logs(): Promise<string[]>;
  close(): Promise<void>;
}

export interface QueueHost {
  readonly name: string;
  /** A relay in queue mode with the admin API on, quick pacing and no batch window; `env` on top. */
  start(gh: GitHubStandIn, env?: Record<string, string>): Promise<RunningRelay>;
  /**
   * A relay with exactly these settings (a data directory of its own on Node), its log lines
   * also added to `lines` as they are written (several relays' in one list, in order).
   */
  startWith(env: Record<string, string>, lines?: string[]): Promise<RunningRelay>;
  /**
   * The sentence a relay with these settings refuses them with: the Node host's, failing to
   * start; the Worker's, answering every request with it (it has no start-up step to fail).
   */
  refusal(env: Record<string, string>): Promise<string>;
}

/** Queue mode with quick pacing, one dispatch at a time and no batch window, on `env`. */
export function queueMode(env: Record<string, string>): Record<string, string> {
  return {
    ...env,
    HOOKBRIDGE_DELIVERY: "queue",
    HOOKBRIDGE_DISPATCH_RATE: "6000",
    HOOKBRIDGE_DISPATCH_CONCURRENCY: "1",
    HOOKBRIDGE_BATCH_WINDOW: "0",
  };
}

/** What both hosts share: queue mode as above, the admin API, then `env`. */
function queueEnv(gh: GitHubStandIn, env: Record<string, string>): Record<string, string> {
  return { ...queueMode(relayEnvs(gh.url).main), ...adminEnv, ...env };
}

export const nodeHost: QueueHost = {
  name: "the Node relay (node:sqlite)",
  start(gh, env = {}) {
    return this.startWith(queueEnv(gh, env));
  },
  async startWith(env, shared) {
    const dir = tempDir();
    const logs: string[] = [];
    const relay = await startNodeRelay({
      env: { ...env, HOOKBRIDGE_DATA_DIR: dir.path },
      port: 0,
      host: "127.0.0.1",
      clock: systemClock,
      logger: (entry: LogEntry) => {
        logs.push(JSON.stringify(entry));
        shared?.push(JSON.stringify(entry));
      },
    }).catch((error: unknown) => {
      dir.remove();
      throw error;
    });
    return {
      fetch: (path, init) => fetch(`${relay.url}${path}`, init),
      logs: async () => logs,
      async close() {
        await relay.close();
        dir.remove();
      },
    };
  },
  async refusal(env) {
    const relay = await this.startWith(env).catch((error: unknown) => error as Error);
    if (!(relay instanceof Error)) {
      await relay.close();
      throw new Error("the relay started with settings it should refuse");
    }
    return relay.message;
  },
};

const BUNDLE = join(ROOT, "dist/worker/index.js");
export const COMPATIBILITY_DATE = /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(
  readFileSync(join(ROOT, "wrangler.toml"), "utf8"),
)?.[1];

/** workerd's output arrives through pipes; wait until it has been quiet for a moment. */
async function settled(lines: string[]): Promise<string[]> {
  let count = -1;
  for (let i = 0; i < 40 && count !== lines.length; i++) {
    count = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return lines;
}

/** The built Worker, with its `RelayDeliveries` object on SQLite storage, as wrangler.toml binds it. */
export function workerHost(): QueueHost {
  return {
    name: "the Worker in workerd (Durable Object SQLite)",
    start(gh, env = {}) {
      return this.startWith(queueEnv(gh, env));
    },
    async startWith(env, shared) {
      const lines: string[] = [];
      const mf = new Miniflare({
        modules: true,
        scriptPath: BUNDLE,
        compatibilityDate: COMPATIBILITY_DATE,
        bindings: env,
        durableObjects: {
          HOOKBRIDGE_DELIVERIES: { className: "RelayDeliveries", useSQLite: true },
        },
        handleRuntimeStdio(stdout: Readable, stderr: Readable) {
          for (const stream of [stdout, stderr]) {
            collectJsonLines(stream, lines);
            if (shared) collectJsonLines(stream, shared);
          }
        },
      });
      await mf.ready;
      return {
        fetch: (path, init) =>
          mf.dispatchFetch(
            `https://relay.test${path}`,
            init as never,
          ) as unknown as Promise<Response>,
        logs: () => settled(lines),
        close: () => mf.dispose(),
      };
    },
    async refusal(env) {
      const relay = await this.startWith(env);
      try {
        return await expectError(await relay.fetch("/healthz"), 500);
      } finally {
        await relay.close();
      }
    },
  };
}
