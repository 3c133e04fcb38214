/**
 * What is the Worker's own in queue mode, beside the shared queue cases (queue-shared.test.ts):
 * several isolates handing deliveries to the one Durable Object, many deliveries arriving at
 * once, the admin page served from it, and a binding left out named in the answer.
 */
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { adminEnv } from "./admin-support.ts";
import { COMPATIBILITY_DATE } from "./queue-hosts.ts";
import { acceptedIds, analysisRun, until } from "./queue-support.ts";
import { DISPATCHES, expectError, ROOT, relayEnvs } from "./support.ts";
import { collectJsonLines } from "./workerd-logs.ts";

type WorkerFetch = (path: string, init?: RequestInit) => Promise<Response>;

let gh: GitHubStandIn;
let mf: Miniflare;
const lines: string[] = [];

async function workerFetch(name: string): Promise<WorkerFetch> {
  const worker = await mf.getWorker(name);
  return (path, init) =>
    worker.fetch(`https://relay.test${path}`, init as never) as unknown as Promise<Response>;
}

beforeAll(async () => {
  gh = await startGitHubStandIn();
  const { HOOKBRIDGE_DELIVERY: _sync, ...env } = relayEnvs(gh.url).main;
  const relayWorker = {
    modules: true,
    scriptPath: `${ROOT}/dist/worker/index.js`,
    compatibilityDate: COMPATIBILITY_DATE,
    bindings: { ...env, ...adminEnv, HOOKBRIDGE_BATCH_WINDOW: "0" },
  };
  mf = new Miniflare({
    workers: [
      {
        ...relayWorker,
        name: "relay",
        durableObjects: {
          HOOKBRIDGE_DELIVERIES: { className: "RelayDeliveries", useSQLite: true },
        },
      },
      {
        ...relayWorker,
        name: "second",
        durableObjects: {
          HOOKBRIDGE_DELIVERIES: { className: "RelayDeliveries", scriptName: "relay" },
        },
      },
      {
        ...relayWorker,
        // A relay of its own for the burst, paced quickly, so its backlog holds back no other case.
        name: "burst",
        bindings: { ...relayWorker.bindings, HOOKBRIDGE_DISPATCH_RATE: "60000" },
        durableObjects: {
          HOOKBRIDGE_DELIVERIES: { className: "RelayDeliveries", useSQLite: true },
        },
      },
      {
        ...relayWorker,
        name: "unbound",
        bindings: { ...relayWorker.bindings, HOOKBRIDGE_DELIVERY: "queue" },
      },
    ],
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      collectJsonLines(stdout, lines);
      collectJsonLines(stderr, lines);
    },
  });
  await mf.ready;
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
  await gh?.close();
});

it("answers a copy as a duplicate whichever isolate each copy reaches, and dispatches it once", async () => {
  const [relay, second] = [await workerFetch("relay"), await workerFetch("second")];
  const delivery = await analysisRun();
  const first = await relay("/deepsource", delivery.init);
  expect(first.status).toBe(202);
  const copy = await second("/deepsource", delivery.init);
  expect({ status: copy.status, body: await copy.json() }).toEqual({
    status: 200,
    body: { duplicate: true },
  });
  await until(() => acceptedIds(gh).includes(delivery.id), "dispatched");
  const last = await analysisRun();
  expect((await second("/deepsource", last.init)).status).toBe(202);
  await until(() => acceptedIds(gh).includes(last.id), "the last dispatched");
  expect(acceptedIds(gh).filter((id) => id === delivery.id)).toHaveLength(1);
  expect(lines.some((line) => line.includes('"delivery":"queue"'))).toBe(true);
});

it("answers each of many deliveries arriving at once 202, none canceled as hung", async () => {
  // Each request awaits its own call to the object: one waiting on a call another request
  // made is canceled by workerd as hung, which grouping the isolate's deliveries did.
  const relay = await workerFetch("burst");
  // The object busy dispatching meanwhile (GitHub refusing each for good).
  gh.setOutage(DISPATCHES, { status: 422, body: { message: "Invalid request." } });
  try {
    const runs = await Promise.all(
      Array.from({ length: 300 }, (_, i) => analysisRun({ runUid: `together-${i}` })),
    );
    const answers = await Promise.all(
      runs.map(async (run) => {
        const response = await relay("/deepsource", run.init);
        return `${response.status} ${response.status === 202 ? "" : await response.text()}`;
      }),
    );
    expect(answers.filter((answer) => answer !== "202 ")).toEqual([]);
  } finally {
    gh.setOutage(DISPATCHES);
  }
});

it("serves the admin page from the Worker, under the same content security policy as Node", async () => {
  const relay = await workerFetch("relay");
  const page = await relay("/admin");
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
});

it("names the missing Durable Object binding when queue mode is asked for without it", async () => {
  const unbound = await workerFetch("unbound");
  const sentence = await expectError(await unbound("/deepsource", (await analysisRun()).init), 500);
  expect(sentence).toContain("HOOKBRIDGE_DELIVERIES");
});
