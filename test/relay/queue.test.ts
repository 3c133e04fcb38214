import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DATABASE_FILE, openNodeStore } from "../../src/relay/queue/node-sqlite.ts";
import type { DeliveryStore, NewDelivery } from "../../src/relay/queue/store.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { seeded } from "../support/random.ts";
import {
  acceptedIds,
  analysisRun,
  dispatchRequests,
  fastClock,
  type QueuedRelay,
  startQueuedRelay,
  tempDir,
  until,
} from "./queue-support.ts";
import { DISPATCHES, expectError, fixture, signedHeaders } from "./support.ts";

/** The dispatcher's clock runs this much faster than the wall clock: a minute is one second. */
const SPEED = 60;
/** Loopback latency allowance when comparing the stand-in's timestamps: 25 real ms. */
const SLACK = 25 * SPEED;

let gh: GitHubStandIn;
let dir: ReturnType<typeof tempDir>;
let clock: ReturnType<typeof fastClock>;
let current: QueuedRelay | undefined;

beforeEach(async () => {
  clock = fastClock(SPEED);
  gh = await startGitHubStandIn({ now: () => new Date(clock.now()) });
  dir = tempDir();
});

afterEach(async () => {
  await current?.relay.close();
  current = undefined;
  await gh.close();
  dir.remove();
});

async function start(env: Record<string, string> = {}): Promise<QueuedRelay> {
  current = await startQueuedRelay(gh, dir.path, clock, env);
  return current;
}

function store(): DeliveryStore {
  const queue = current?.relay.queue;
  if (!queue) throw new Error("the relay runs without a queue");
  return queue.store;
}

async function send(init: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${current?.relay.url}/deepsource`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function health(): Promise<Record<string, unknown>> {
  return (await (await fetch(`${current?.relay.url}/healthz`)).json()) as Record<string, unknown>;
}

function settled(): boolean {
  return store().stats(clock.now()).pending === 0;
}

describe("the Node relay's durable queue", () => {
  it("answers 202 once committed, and dispatches everything in order of receipt once GitHub is back", async () => {
    await start();
    gh.setOutage(DISPATCHES, { reset: true });
    const sent: string[] = [];
    const queueIds: unknown[] = [];
    for (let i = 0; i < 5; i += 1) {
      const delivery = await analysisRun({ runUid: `run-${i}` });
      const answer = await send(delivery.init);
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ queued: true, id: expect.any(String) });
      sent.push(delivery.id);
      queueIds.push(answer.body.id);
    }
    await until(() => dispatchRequests(gh).length >= 3, "the relay has tried GitHub a few times");
    const waiting = (await health()) as { delivery: string; queue: Record<string, number> };
    expect(waiting.delivery).toBe("queue");
    expect(waiting.queue).toMatchObject({ pending: 5, failed: 0 });
    expect(acceptedIds(gh)).toEqual([]);

    gh.setOutage(DISPATCHES);
    await until(() => acceptedIds(gh).length === 5 && settled(), "every delivery is dispatched");
    expect(acceptedIds(gh)).toEqual(sent);
    // Each line names the provider's id as `id` and the 202's as `delivery`, as docs/relay.md says.
    const said = (msg: string) =>
      current?.logs.filter((entry) => entry.msg === msg).map((entry) => [entry.id, entry.delivery]);
    expect(said("dispatched")).toEqual(sent.map((id, i) => [id, queueIds[i]]));
    const retried = said("dispatch retried later") ?? [];
    expect(retried.length).toBeGreaterThan(0);
    for (const pair of retried) expect(said("dispatched")).toContainEqual(pair);
    expect(((await health()) as { queue: Record<string, number> }).queue).toMatchObject({
      pending: 0,
      oldest_pending_s: 0,
      failed: 0,
    });
    expect(gh.violations).toEqual([]);
  });

  it("refuses at receipt, with a 413 saying why, a delivery too large for GitHub even compressed", async () => {
    await start({ HOOKBRIDGE_PUBLIC_URL: "https://relay.example.com" });
    const json = JSON.parse(
      new TextDecoder().decode(fixture("deepsource", "analysis_run.updated")),
    );
    // Random letters compress little: gzip does not bring 150 KB under GitHub's 64 KiB.
    const random = seeded(7);
    json.data.object.noise = Array.from({ length: 150_000 }, () =>
      String.fromCharCode(97 + Math.floor(random() * 26)),
    ).join("");
    const body = new TextEncoder().encode(JSON.stringify(json));
    const response = await fetch(`${current?.relay.url}/deepsource`, {
      method: "POST",
      body,
      headers: await signedHeaders("deepsource", body),
    });
    expect(await expectError(response, 413)).toBe(
      "The event is too large for GitHub's repository_dispatch even when compressed (limit 65535 bytes of JSON); ask the provider to send less, e.g. fewer events per webhook.",
    );
    expect(store().list({ limit: 10 })).toEqual([]);
    expect(dispatchRequests(gh)).toEqual([]);
  });

  it("waits as long as a 429's Retry-After asks before dispatching again", async () => {
    await start();
    gh.fail(DISPATCHES, { status: 429, headers: { "retry-after": "30" } });
    const first = await analysisRun({ runUid: "retry-after-1" });
    const second = await analysisRun({ runUid: "retry-after-2" });
    await send(first.init);
    await send(second.init);
    await until(() => acceptedIds(gh).length === 2, "both are dispatched");
    const [limited, ...rest] = dispatchRequests(gh);
    expect(limited?.status).toBe(429);
    for (const request of rest)
      expect(request.at - (limited?.at ?? 0)).toBeGreaterThanOrEqual(30_000 - SLACK);
  });

  it("waits at least a minute after a secondary rate limit that names no time", async () => {
    await start();
    gh.fail(DISPATCHES, {
      status: 403,
      body: {
        message:
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      },
    });
    await send((await analysisRun({ runUid: "secondary" })).init);
    await until(() => acceptedIds(gh).length === 1, "it is dispatched");
    const [limited, accepted] = dispatchRequests(gh);
    expect(limited?.status).toBe(403);
    expect((accepted?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(60_000 - SLACK);
  });

  it("waits for x-ratelimit-reset when the primary limit is exhausted", async () => {
    await start();
    const reset = Math.ceil(clock.now() / 1000) + 45;
    gh.fail(DISPATCHES, {
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      body: {
        message: "API rate limit exceeded",
        documentation_url: "https://docs.github.com/rest",
      },
    });
    await send((await analysisRun({ runUid: "primary" })).init);
    await until(() => acceptedIds(gh).length === 1, "it is dispatched");
    const accepted = dispatchRequests(gh)[1];
    expect(accepted?.at ?? 0).toBeGreaterThanOrEqual(reset * 1000 - SLACK);
  });

  it("never dispatches faster than HOOKBRIDGE_DISPATCH_RATE, whatever the concurrency", async () => {
    // 1 a minute: one every 60 s by the relay's clock (1 s of wall time).
    await start({ HOOKBRIDGE_DISPATCH_RATE: "1", HOOKBRIDGE_DISPATCH_CONCURRENCY: "4" });
    for (let i = 0; i < 4; i += 1) await send((await analysisRun({ runUid: `paced-${i}` })).init);
    await until(() => acceptedIds(gh).length === 4, "all four are dispatched");
    const times = dispatchRequests(gh).map((request) => request.at);
    // The stand-in stamps arrival, which adds each request's own loopback latency (on a loaded
    // machine a tenth of a second, six seconds on this clock); unpaced, all four would arrive
    // together, so half the interval tells pacing from its absence without racing that latency.
    for (let i = 1; i < times.length; i += 1)
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(30_000);
  });

  it("records an event about an unlisted repository as filtered, and never dispatches it, even redelivered", async () => {
    await start({ HOOKBRIDGE_REPOSITORIES: "someone-else/*" });
    const answer = await send((await analysisRun({ runUid: "unlisted" })).init);
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ ignored: expect.stringContaining("HOOKBRIDGE_REPOSITORIES") });
    const [row] = store().list({ limit: 10 });
    expect(row).toMatchObject({
      state: "filtered",
      repository: null,
      lastError: answer.body.ignored,
    });

    // A redelivery obeys the list as it is now: still nowhere to go, and GitHub hears nothing.
    expect(store().redeliver(String(row?.id), clock.now())).toBe(true);
    current?.relay.queue?.dispatcher.wake();
    await until(
      () => store().get(String(row?.id))?.finishedAt !== null,
      "the redelivery was looked at",
    );
    expect(store().get(String(row?.id))).toMatchObject({
      state: "filtered",
      lastError: expect.stringContaining("not in HOOKBRIDGE_REPOSITORIES"),
    });
    expect(dispatchRequests(gh)).toHaveLength(0);
  });

  it("fails a delivery GitHub refuses for good (422) at once, keeping GitHub's reason", async () => {
    await start();
    gh.fail(DISPATCHES, {
      status: 422,
      body: {
        message: "client_payload is too large",
        documentation_url: "https://docs.github.com/rest",
      },
    });
    const answer = await send((await analysisRun({ runUid: "rejected" })).init);
    const id = String(answer.body.id);
    await until(() => store().get(id)?.state === "failed", "the delivery has failed");
    // GitHub's own words, and what to do about them.
    const reason = expect.stringMatching(/422 "client_payload is too large".*HOOKBRIDGE_MAX_BODY/);
    expect(store().get(id)).toMatchObject({
      state: "failed",
      attempts: 1,
      lastStatus: 422,
      lastError: reason,
    });
    expect(store().attempts(id)).toEqual([expect.objectContaining({ status: 422, error: reason })]);
    expect(dispatchRequests(gh)).toHaveLength(1);
    expect(((await health()) as { queue: Record<string, number> }).queue.failed).toBe(1);

    // A dead letter can be sent again.
    expect(store().redeliver(id, clock.now())).toBe(true);
    current?.relay.queue?.dispatcher.wake();
    await until(() => store().get(id)?.state === "dispatched", "the redelivery is dispatched");
    expect(acceptedIds(gh)).toHaveLength(1);
  });

  it("keeps pending deliveries and the dedupe memory across a restart", async () => {
    await start();
    gh.setOutage(DISPATCHES, { status: 503 });
    const deliveries = [];
    for (let i = 0; i < 3; i += 1) deliveries.push(await analysisRun({ runUid: `restart-${i}` }));
    for (const delivery of deliveries) expect((await send(delivery.init)).status).toBe(202);
    await current?.relay.close();
    current = undefined;

    gh.setOutage(DISPATCHES);
    await start();
    await until(() => acceptedIds(gh).length === 3 && settled(), "the pending rows are dispatched");
    expect(acceptedIds(gh)).toEqual(deliveries.map((delivery) => delivery.id));

    const again = await send(deliveries[0]?.init as RequestInit);
    expect(again).toEqual({ status: 200, body: { duplicate: true } });
    expect(store().list({ state: "duplicate" })).toHaveLength(1);
  });

  it("opens a database made while it had an index on waiting rows alone: the index goes, the deliveries stay", async () => {
    await start();
    gh.setOutage(DISPATCHES, { status: 503 });
    const waiting = await analysisRun({ runUid: "older-schema" });
    expect((await send(waiting.init)).status).toBe(202);
    await current?.relay.close();
    current = undefined;
    const file = join(dir.path, DATABASE_FILE);
    const indexes = () => {
      const db = new DatabaseSync(file);
      try {
        return (
          db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as {
            name: string;
          }[]
        ).map((row) => row.name);
      } finally {
        db.close();
      }
    };
    // As every release before it created it.
    const older = new DatabaseSync(file);
    older.exec("CREATE INDEX deliveries_waiting ON deliveries (seq) WHERE state = 'queued'");
    older.close();
    expect(indexes()).toContain("deliveries_waiting");

    gh.setOutage(DISPATCHES);
    await start();
    expect(indexes()).not.toContain("deliveries_waiting");
    expect(indexes()).toContain("deliveries_by_state");
    await until(() => acceptedIds(gh).length === 1 && settled(), "the waiting row is dispatched");
    expect(acceptedIds(gh)).toEqual([waiting.id]);
  });

  it("dispatches only the newest of three updates of one run that waited for GitHub", async () => {
    await start();
    gh.setOutage(DISPATCHES, { reset: true });
    const updates = [
      await analysisRun({ runUid: "coalesced", status: "PENDING" }),
      await analysisRun({ runUid: "coalesced", status: "PENDING" }),
      await analysisRun({ runUid: "coalesced", status: "SUCCESS" }),
    ];
    for (const update of updates) expect((await send(update.init)).status).toBe(202);
    await until(
      () => store().list({ state: "superseded" }).length === 2,
      "the two older updates are superseded",
    );
    gh.setOutage(DISPATCHES);
    await until(() => acceptedIds(gh).length === 1 && settled(), "the newest is dispatched");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(acceptedIds(gh)).toEqual([updates[2]?.id]);
    expect(
      store()
        .list({ state: "superseded" })
        .map((row) => row.deliveryId)
        .sort(),
    ).toEqual([updates[0]?.id, updates[1]?.id].sort());
  });

  it("HOOKBRIDGE_DEEPSOURCE_ANALYSIS=final dispatches an analysis run only once it finished", async () => {
    await start({ HOOKBRIDGE_DEEPSOURCE_ANALYSIS: "final" });
    const running = await analysisRun({ runUid: "final-mode", status: "PENDING" });
    const finished = await analysisRun({ runUid: "final-mode", status: "FAILURE" });
    const skipped = await send(running.init);
    expect(skipped.status).toBe(202);
    expect(skipped.body).toMatchObject({ filtered: true });
    expect(String(skipped.body.message)).toContain("PENDING");
    expect((await send(finished.init)).body).toMatchObject({ queued: true });
    await until(() => acceptedIds(gh).length === 1 && settled(), "the finished run is dispatched");
    expect(acceptedIds(gh)).toEqual([finished.id]);
    expect(store().get(String(skipped.body.id))?.state).toBe("filtered");
    // Every status but PENDING is final, SKIPPED and any DeepSource adds later among them.
    for (const status of ["SKIPPED", "READY", "A_STATUS_ADDED_LATER"]) {
      const run = await analysisRun({ runUid: `final-${status}`, status });
      expect((await send(run.init)).body, status).toMatchObject({ queued: true });
    }
    await until(() => acceptedIds(gh).length === 4 && settled(), "the later runs are dispatched");
  });
});

describe("DeliveryStore", () => {
  /** A two-byte delivery about one repository, recognised as a copy by its `k-<id>` key. */
  const newDelivery = (id: string, receivedAt: number, more: Partial<NewDelivery> = {}) =>
    ({
      id,
      provider: "deepsource",
      event: "analysis_run.updated",
      deliveryId: `d-${id}`,
      repository: "octo-org/octo-repo",
      receivedAt,
      headers: {},
      body: new Uint8Array([123, 125]),
      dedupeKey: `k-${id}`,
      coalesceKey: undefined,
      named: null,
      ...more,
    }) satisfies NewDelivery;

  it("prunes finished deliveries and their attempts after the retention, never pending ones", () => {
    const local = tempDir();
    const db = openNodeStore(local.path);
    try {
      const day = 86_400_000;
      const t0 = Date.UTC(2026, 0, 1);
      const row = (id: string, at: number) => newDelivery(id, at);
      db.insertBatch([row("old", t0), row("waiting", t0), row("recent", t0 + 6 * day)], t0);
      const [old] = db.claim(t0);
      expect(old?.id).toBe("old");
      db.markDispatched([old?.seq ?? 0], { at: t0, status: 204, durationMs: 5, error: null });
      const [recent] = db.claim(t0 + 6 * day);
      expect(recent?.id).toBe("waiting");
      db.markDispatched([recent?.seq ?? 0], {
        at: t0 + 6 * day,
        status: 204,
        durationMs: 5,
        error: null,
      });

      expect(db.prune(t0 + 8 * day, 7 * day)).toBe(1);
      expect(db.get("old")).toBeUndefined();
      expect(db.attempts("old")).toEqual([]);
      expect(db.get("waiting")?.state).toBe("dispatched");
      expect(db.get("recent")?.state).toBe("queued");
      // The dedupe memory goes with the row: a copy after the retention is new again.
      expect(
        db.insertBatch([{ ...row("old-again", t0 + 8 * day), dedupeKey: "k-old" }], t0),
      ).toEqual([{ kind: "queued", id: "old-again", superseded: 0 }]);
      expect(db.list({ limit: 2 }).map((r) => r.id)).toEqual(["old-again", "recent"]);
      expect(db.list({ before: db.get("recent")?.seq ?? 0 }).map((r) => r.id)).toEqual(["waiting"]);
    } finally {
      db.close();
      local.remove();
    }
  });

  it("recognises a copy in the same batch as its original and of one it holds, keeping neither copy's body", () => {
    const local = tempDir();
    const db = openNodeStore(local.path);
    try {
      const t0 = Date.UTC(2026, 0, 1);
      const row = (id: string, key: string, filtered?: string) =>
        newDelivery(id, t0, {
          dedupeKey: key,
          coalesceKey: `run-${key}`,
          coalesceVersion: 1,
          ...(filtered === undefined ? {} : { filtered }),
        });
      expect(db.insertBatch([row("held", "k-held")], t0)).toEqual([
        { kind: "queued", id: "held", superseded: 0 },
      ]);
      expect(
        db.insertBatch(
          [
            row("first", "k-new"),
            row("again", "k-new"),
            row("late", "k-held"),
            row("filtered-copy", "k-held", "not wanted"),
          ],
          t0,
        ),
      ).toEqual([
        { kind: "queued", id: "first", superseded: 0 },
        { kind: "duplicate", id: "again", of: "first" },
        { kind: "duplicate", id: "late", of: "held" },
        { kind: "duplicate", id: "filtered-copy", of: "held" },
      ]);
      expect(db.get("again")).toMatchObject({ state: "duplicate", relatedId: "first" });
      expect(db.get("late")).toMatchObject({ state: "duplicate", relatedId: "held" });
      // Only the originals wait, each once, with their bodies.
      expect(db.claim(t0).map((claimed) => [claimed.id, claimed.body.byteLength])).toEqual([
        ["held", 2],
      ]);
      expect(db.stats(t0).pending).toBe(2);
    } finally {
      db.close();
      local.remove();
    }
  });

  it("says which directory it cannot use, and how to fix it", () => {
    const local = tempDir();
    try {
      // A data directory inside a plain file can never be created.
      const file = join(local.path, "file");
      writeFileSync(file, "");
      expect(() => openNodeStore(join(file, "data"))).toThrow(
        /^HOOKBRIDGE_DATA_DIR ".*\/file\/data" cannot hold the delivery queue \(.*\); point it at a directory the relay can create and write, or set HOOKBRIDGE_DELIVERY=sync\.$/,
      );
    } finally {
      local.remove();
    }
  });
});
