/**
 * The Workers queue path in workerd: the built Worker with a real Queue (producer and consumer,
 * dead-letter queue) and a real Durable Object, through miniflare, against the GitHub stand-in.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { dispatchRequests, until } from "./queue-support.ts";
import {
  type Delivery,
  DISPATCHES,
  expectError,
  freshDeepSource,
  post,
  ROOT,
  relayEnvs,
  TOKEN,
} from "./support.ts";
import { collectJsonLines } from "./workerd-logs.ts";

const BUNDLE = join(ROOT, "dist/worker/index.js");
const COMPATIBILITY_DATE = /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(
  readFileSync(join(ROOT, "wrangler.toml"), "utf8"),
)?.[1];
const DELIVERIES = "hookbridge-deliveries";
const DEAD_LETTERS = "hookbridge-dead-letters";

/** A consumer of the dead-letter queue that prints what arrives, as an operator's tool would. */
const DEAD_LETTER_READER = `export default {
  async queue(batch) {
    for (const message of batch.messages) {
      const body = message.body ?? {};
      console.log(JSON.stringify({ msg: "dead letter", id: body.id, reason: body.failure?.reason ?? null }));
      message.ack();
    }
  },
};`;

type WorkerFetch = (path: string, init?: RequestInit) => Promise<Response>;

let gh: GitHubStandIn;
let mf: Miniflare;
const lines: string[] = [];
let relay: WorkerFetch;
/** A second Worker (another isolate) sharing the Queue and the Durable Object namespace. */
let second: WorkerFetch;
let halfBound: WorkerFetch;

async function workerFetch(name: string): Promise<WorkerFetch> {
  const worker = await mf.getWorker(name);
  return (path, init) =>
    worker.fetch(`http://relay.test${path}`, init as never) as unknown as Promise<Response>;
}

function entries(): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The dispatch requests the stand-in received for one delivery id, in order. */
function requestsFor(id: string) {
  return dispatchRequests(gh).filter(
    (request) => (request.body as { client_payload?: { id?: unknown } }).client_payload?.id === id,
  );
}

async function queued(send: WorkerFetch, delivery: Delivery): Promise<string> {
  const response = await send("/deepsource", post(delivery));
  const body = (await response.json()) as { queued?: boolean; id?: string };
  expect({ status: response.status, body }).toMatchObject({ status: 202, body: { queued: true } });
  expect(typeof body.id).toBe("string");
  return body.id as string;
}

beforeAll(async () => {
  expect(COMPATIBILITY_DATE).toBeDefined();
  gh = await startGitHubStandIn({ token: TOKEN });
  const { HOOKBRIDGE_DELIVERY: _sync, ...env } = relayEnvs(gh.url).main;
  const producers = {
    HOOKBRIDGE_QUEUE: { queueName: DELIVERIES },
    HOOKBRIDGE_DEAD_LETTERS: { queueName: DEAD_LETTERS },
  };
  const relayWorker = {
    modules: true,
    scriptPath: BUNDLE,
    compatibilityDate: COMPATIBILITY_DATE,
    bindings: env,
    queueProducers: producers,
  };
  mf = new Miniflare({
    workers: [
      {
        ...relayWorker,
        name: "relay",
        durableObjects: { HOOKBRIDGE_DEDUPE: "DeliveryClaims" },
        queueConsumers: {
          [DELIVERIES]: {
            maxBatchSize: 10,
            // Each delivery is consumed as soon as it is queued: the tests send one at a time, so
            // a batch timeout would only add its length to every dispatch.
            maxBatchTimeout: 0,
            maxRetries: 3,
            deadLetterQueue: DEAD_LETTERS,
          },
        },
      },
      {
        ...relayWorker,
        name: "second",
        durableObjects: { HOOKBRIDGE_DEDUPE: { className: "DeliveryClaims", scriptName: "relay" } },
      },
      { ...relayWorker, name: "half-bound" },
      {
        name: "dead-letter-reader",
        modules: true,
        script: DEAD_LETTER_READER,
        compatibilityDate: COMPATIBILITY_DATE,
        queueConsumers: { [DEAD_LETTERS]: { maxBatchTimeout: 0 } },
      },
    ],
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      collectJsonLines(stdout, lines);
      collectJsonLines(stderr, lines);
    },
  });
  await mf.ready;
  relay = await workerFetch("relay");
  second = await workerFetch("second");
  halfBound = await workerFetch("half-bound");
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
  await gh?.close();
});

it("says it runs in queue mode, in /healthz and in its first log line", async () => {
  const response = await relay("/healthz");
  expect(await response.json()).toEqual({ ok: true, delivery: "queue" });
  await until(
    () => entries().some((entry) => entry.delivery === "queue"),
    "the queue mode is logged",
  );
});

it("answers 202 once queued, then the consumer dispatches the delivery once", async () => {
  const delivery = await freshDeepSource();
  const id = await queued(relay, delivery);
  await until(() => requestsFor(id).some((request) => request.status === 204), "dispatched");
  const [request] = requestsFor(id);
  expect(request?.body).toMatchObject({
    event_type: "deepsource.analysis_run.updated",
    client_payload: { provider: "deepsource", id },
  });
  await until(
    () =>
      entries().some(
        (entry) => entry.msg === "dispatched" && entry.id === id && entry.status === 204,
      ),
    "the dispatch is logged",
  );
  expect(gh.violations).toEqual([]);
});

it("answers a copy as a duplicate, in the same isolate and through another one", async () => {
  const delivery = await freshDeepSource();
  const id = await queued(relay, delivery);
  for (const send of [relay, second]) {
    const copy = await send("/deepsource", post(delivery));
    expect({ status: copy.status, body: await copy.json() }).toEqual({
      status: 200,
      body: { duplicate: true },
    });
  }
  // First seen by the other isolate this time: the Durable Object, not an isolate's memory.
  const other = await freshDeepSource();
  const otherId = await queued(second, other);
  const copy = await relay("/deepsource", post(other));
  expect(copy.status).toBe(200);
  expect(await copy.json()).toEqual({ duplicate: true });

  await until(
    () => [id, otherId].every((each) => requestsFor(each).some((r) => r.status === 204)),
    "both dispatched",
  );
  // A last delivery behind them: once it is dispatched, any second copy would have been too.
  const last = await queued(relay, await freshDeepSource());
  await until(() => requestsFor(last).some((r) => r.status === 204), "the last dispatched");
  expect(requestsFor(id)).toHaveLength(1);
  expect(requestsFor(otherId)).toHaveLength(1);
});

it("retries a delivery GitHub rate-limited once Retry-After has passed, then dispatches it", async () => {
  gh.fail(DISPATCHES, {
    status: 429,
    headers: { "retry-after": "1" },
    body: { message: "You have exceeded a secondary rate limit." },
  });
  const id = await queued(relay, await freshDeepSource());
  await until(() => requestsFor(id).some((request) => request.status === 204), "dispatched");
  expect(requestsFor(id).map((request) => request.status)).toEqual([429, 204]);
  expect(gh.pendingFaults()).toBe(0);
  await until(
    () => entries().some((entry) => entry.msg === "dispatch retried later" && entry.id === id),
    "the retry is logged",
  );
  expect(
    entries().find((entry) => entry.msg === "dispatch retried later" && entry.id === id),
  ).toMatchObject({ status: 429, retry_in_s: 1, attempt: 1 });
});

it("retries a delivery after a 5xx with a backoff by attempt, then dispatches it", async () => {
  gh.fail(DISPATCHES, { status: 502, body: { message: "Server Error" } });
  const id = await queued(relay, await freshDeepSource());
  await until(() => requestsFor(id).some((request) => request.status === 204), "dispatched");
  expect(requestsFor(id).map((request) => request.status)).toEqual([502, 204]);
  await until(
    () => entries().some((entry) => entry.msg === "dispatched" && entry.id === id),
    "the dispatch is logged",
  );
  expect(
    entries().find((entry) => entry.msg === "dispatch retried later" && entry.id === id),
  ).toMatchObject({ status: 502, attempt: 1, retry_in_s: 1 });
  expect(entries().find((entry) => entry.msg === "dispatched" && entry.id === id)).toMatchObject({
    attempt: 2,
  });
});

it("sends a delivery GitHub refuses for good to the dead-letter queue after one attempt", async () => {
  gh.fail(DISPATCHES, {
    status: 422,
    body: { message: "client_payload is too large" },
  });
  const id = await queued(relay, await freshDeepSource());
  await until(
    () => entries().some((entry) => entry.msg === "dead letter" && entry.id === id),
    "the dead letter arrives",
  );
  expect(
    entries().find((entry) => entry.msg === "dead letter" && entry.id === id)?.reason,
  ).toContain("client_payload is too large");
  // Later deliveries go through, and the refused one was never tried again.
  const next = await queued(relay, await freshDeepSource());
  await until(() => requestsFor(next).some((r) => r.status === 204), "the next dispatched");
  expect(requestsFor(id).map((request) => request.status)).toEqual([422]);
});

it("refuses to run with a Queue but no Durable Object, naming the missing binding", async () => {
  const sentence = await expectError(
    await halfBound("/deepsource", post(await freshDeepSource())),
    500,
  );
  expect(sentence).toContain("HOOKBRIDGE_DEDUPE");
});
