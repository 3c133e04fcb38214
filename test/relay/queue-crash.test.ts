import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { seeded } from "../support/random.ts";
import { acceptedIds, analysisRun, tempDir, until } from "./queue-support.ts";
import { DISPATCHES, ROOT, relayEnvs } from "./support.ts";

const CONCURRENCY = 4;
const DELIVERIES = 120;
const KILLS = 3;
/** Decides when each kill lands; set CRASH_SEED to replay another run's kills. */
const SEED = Number(process.env.CRASH_SEED ?? 20_260_301);

/** A real `hookbridge relay` process on a fixed port, started again after each kill. */
async function startRelay(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(ROOT, "src/cli/index.ts"), "relay", "--port", String(port), "--host", "127.0.0.1"],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout?.setEncoding("utf8");
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: string) => {
      output += chunk;
      if (output.includes("relay listening on")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the relay exited (${code}): ${output}`)));
  });
  child.stdout?.resume();
  return child;
}

/**
 * A port free now and below Linux's ephemeral range (32768 and up), so that no outgoing
 * connection holds it when the relay starts again after a kill: not another test's client, nor
 * the sender's own retry, which, aimed at a closed ephemeral port, can be given that very port
 * and connect to itself. The search starts at a place of this process's own, so runs at once
 * on one machine look in different places.
 */
async function restartablePort(): Promise<number> {
  const first = 20_000;
  const count = 12_000;
  for (let i = 0; i < count; i++) {
    const port = first + ((process.pid + i) % count);
    const probe = createServer();
    const free = await new Promise<boolean>((resolve) => {
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (free) {
      await new Promise((resolve) => probe.close(resolve));
      return port;
    }
  }
  throw new Error(`no free port from ${first} to ${first + count - 1}`);
}

let gh: GitHubStandIn | undefined;
let relay: ChildProcess | undefined;
/** Set when the file ends: a sender still retrying (the test failed) stops. */
let ended = false;
const dir = tempDir();
afterAll(async () => {
  ended = true;
  // A run that failed half-way leaves its relay up; test files share worker processes, and a
  // child still writing to the worker's pipe would keep that worker from exiting.
  if (relay && relay.exitCode === null && relay.signalCode === null) {
    relay.kill("SIGKILL");
    await once(relay, "exit");
  }
  await gh?.close();
  dir.remove();
});

describe("the queue survives kill -9", () => {
  it(`dispatches every acknowledged delivery, at most the in-flight ones twice (CRASH_SEED=${SEED})`, async () => {
    gh = await startGitHubStandIn();
    const stand = gh;
    // GitHub takes a while per dispatch, so kills land in the middle of a drain.
    stand.setDelay(DISPATCHES, 15);
    const env = {
      ...relayEnvs(stand.url).main,
      HOOKBRIDGE_DELIVERY: "queue",
      HOOKBRIDGE_DATA_DIR: dir.path,
      HOOKBRIDGE_DISPATCH_RATE: "12000",
      HOOKBRIDGE_DISPATCH_CONCURRENCY: String(CONCURRENCY),
      // The window this test counts is one delivery per dispatch in flight.
      HOOKBRIDGE_BATCH_WINDOW: "0",
    };
    const port = await restartablePort();
    relay = await startRelay(env, port);
    const acknowledged = new Set<string>();
    let sending = true;

    const sender = (async () => {
      for (let i = 0; i < DELIVERIES && !ended; i += 1) {
        const delivery = await analysisRun({ runUid: `crash-${i}` });
        // As a provider does: retry until the relay answers, whatever happened to it meanwhile.
        while (!ended) {
          try {
            const response = await fetch(`http://127.0.0.1:${port}/deepsource`, delivery.init);
            await response.body?.cancel();
            // 200 is a copy of one already committed (its 202 was lost in a kill).
            if (response.status === 202 || response.status === 200) {
              acknowledged.add(delivery.id);
              break;
            }
          } catch {
            // The relay is down: nothing was acknowledged; try again shortly.
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      sending = false;
    })();

    const random = seeded(SEED);
    for (let kill = 0; kill < KILLS; kill += 1) {
      const afterMs = 100 + Math.floor(random() * 500);
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      relay.kill("SIGKILL");
      await once(relay, "exit");
      relay = await startRelay(env, port);
    }
    await sender;
    expect(sending).toBe(false);
    await until(
      () =>
        acknowledged.size > 0 && [...acknowledged].every((id) => acceptedIds(stand).includes(id)),
      "every acknowledged delivery is dispatched",
      60_000,
    );
    relay.kill("SIGTERM");
    await once(relay, "exit");

    const counts = new Map<string, number>();
    for (const id of acceptedIds(stand)) counts.set(id, (counts.get(id) ?? 0) + 1);
    const missing = [...acknowledged].filter((id) => !counts.has(id));
    const twice = [...counts].filter(([, count]) => count > 1);
    expect(missing).toEqual([]);
    // Only a dispatch in flight at a kill can go out again: at most the concurrency per kill.
    const extra = twice.reduce((sum, [, count]) => sum + count - 1, 0);
    expect(extra).toBeLessThanOrEqual(KILLS * CONCURRENCY);
    expect(acknowledged.size).toBe(DELIVERIES);
    expect(stand.violations).toEqual([]);
    // Four relay processes started from source and a drain of up to a minute (the wait above).
  }, 90_000);
});
