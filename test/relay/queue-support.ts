import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "../../src/relay/clock.ts";
import type { NodeRelay } from "../../src/relay/hosts/node/server.ts";
import { startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import type { LogEntry } from "../../src/relay/log.ts";
import type { GitHubStandIn } from "../support/github-stand-in/index.ts";
import { fixture, relayEnvs, replaceField, signedHeaders, uniqueId } from "./support.ts";

/** A {@link fastClock} a test can stop: while held, no time passes for the relay or the stand-in. */
export interface TestClock extends Clock {
  /** Stops time (a burst that must arrive "at once", whatever the machine's load). */
  hold(): void;
  /** Lets time run on from where it stood. */
  release(): void;
}

/**
 * A clock that runs `speed` times faster than the wall clock, shared by the relay's dispatcher
 * and the stand-in, so a minute's Retry-After takes a few real seconds in a test while every
 * interval can still be measured from the stand-in's timestamps.
 */
export function fastClock(speed: number): TestClock {
  const base = Date.now();
  let lost = 0;
  let heldAt: number | undefined;
  const running = () => base + (Date.now() - base) * speed - lost;
  const now = () => heldAt ?? running();
  return {
    now,
    // The same source as `now`: this clock is never stepped back, so the two never drift apart.
    monotonic: now,
    hold() {
      heldAt ??= running();
    },
    release() {
      if (heldAt === undefined) return;
      lost += running() - heldAt;
      heldAt = undefined;
    },
    sleep(ms, signal) {
      const until = now() + ms;
      return new Promise((resolve) => {
        if (signal?.aborted || ms <= 0) return resolve();
        let timer: NodeJS.Timeout;
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        // Timers may fire a little early by Date.now(); never wake before the time asked for.
        const arm = () => {
          const left = until - now();
          if (left <= 0) return done();
          timer = setTimeout(arm, Math.max(1, Math.ceil(left / speed)));
        };
        signal?.addEventListener("abort", done, { once: true });
        arm();
      });
    },
  };
}

export function tempDir(): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "hookbridge-queue-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface QueuedRelay {
  readonly relay: NodeRelay;
  readonly logs: LogEntry[];
}

export async function startQueuedRelay(
  gh: GitHubStandIn,
  dataDir: string,
  clock: Clock,
  env: Record<string, string> = {},
): Promise<QueuedRelay> {
  const logs: LogEntry[] = [];
  const relay = await startNodeRelay({
    env: {
      ...relayEnvs(gh.url).main,
      HOOKBRIDGE_DELIVERY: "queue",
      HOOKBRIDGE_DATA_DIR: dataDir,
      HOOKBRIDGE_DISPATCH_RATE: "6000",
      HOOKBRIDGE_DISPATCH_CONCURRENCY: "1",
      // One dispatch per delivery: these tests follow single deliveries; batching has its own.
      HOOKBRIDGE_BATCH_WINDOW: "0",
      ...env,
    },
    port: 0,
    host: "127.0.0.1",
    clock,
    logger: (entry) => logs.push(entry),
  });
  return { relay, logs };
}

/** A signed DeepSource analysis_run.updated with its own delivery id (and, if told, repository). */
export async function analysisRun(
  options: { runUid?: string; status?: string; repository?: string } = {},
): Promise<{ id: string; init: RequestInit }> {
  const id = uniqueId();
  let body = replaceField(fixture("deepsource", "analysis_run.updated"), "id", id);
  if (options.runUid) body = replaceField(body, "runUid", options.runUid);
  if (options.status) body = replaceField(body, "status", options.status);
  if (options.repository) {
    const json = JSON.parse(new TextDecoder().decode(body));
    json.data.object.repository.vcsUrl = `https://github.com/${options.repository}`;
    body = new TextEncoder().encode(JSON.stringify(json));
  }
  const headers = await signedHeaders("deepsource", body);
  return { id, init: { method: "POST", body, headers } };
}

/** The delivery ids GitHub accepted, in the order it accepted them. */
export function acceptedIds(gh: GitHubStandIn): string[] {
  return gh.requests
    .filter((request) => request.template?.endsWith("/dispatches") && request.status === 204)
    .map(
      (request) =>
        (request.body as { client_payload: { id: string } } | undefined)?.client_payload.id ?? "",
    );
}

/** Dispatch requests as the stand-in saw them, accepted or not. */
export function dispatchRequests(gh: GitHubStandIn) {
  return gh.requests.filter((request) => request.template?.endsWith("/dispatches"));
}

/** Polls `check` until it returns true; real time, generous, never asserted on. */
export async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
