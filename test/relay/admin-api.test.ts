import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENVELOPE_SIGNATURE_HEADER } from "../../src/core/envelope-signature.ts";
import { REDELIVER_BATCH } from "../../src/relay/admin/index.ts";
import { startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import {
  ADMIN_TOKEN,
  adminEnv,
  type DeliveryDetail,
  type ListedDelivery,
  refuseDispatches,
} from "./admin-support.ts";
import {
  analysisRun,
  fastClock,
  type QueuedRelay,
  startQueuedRelay,
  tempDir,
  until,
} from "./queue-support.ts";
import { CONFIDENTIAL, fixture, relayEnvs, signedHeaders } from "./support.ts";

let gh: GitHubStandIn;
let dir: ReturnType<typeof tempDir>;
let current: QueuedRelay | undefined;
const clock = fastClock(1);

beforeEach(async () => {
  gh = await startGitHubStandIn();
  dir = tempDir();
});

afterEach(async () => {
  await current?.relay.close();
  current = undefined;
  await gh.close();
  dir.remove();
});

async function start(env: Record<string, string> = adminEnv): Promise<QueuedRelay> {
  current = await startQueuedRelay(gh, dir.path, clock, env);
  return current;
}

function url(path: string): string {
  return `${current?.relay.url}${path}`;
}

/** Every answer an admin route gave in a test, to check none holds a secret. */
const answers: string[] = [];

async function call(
  path: string,
  init: RequestInit = {},
  token: string | null = ADMIN_TOKEN,
): Promise<{ status: number; text: string; headers: Headers }> {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  const response = await fetch(url(path), { ...init, headers });
  const text = await response.text();
  answers.push(text);
  return { status: response.status, text, headers: response.headers };
}

async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
  const answer = await call(path, init);
  expect(answer.status, answer.text).toBe(200);
  return JSON.parse(answer.text) as T;
}

async function send(init: RequestInit): Promise<string> {
  const response = await fetch(url("/deepsource"), init);
  const body = (await response.json()) as { id: string };
  expect(response.status).toBe(202);
  return body.id;
}

function settled(): boolean {
  const store = current?.relay.queue?.store;
  return store !== undefined && store.stats(clock.now()).pending === 0;
}

describe("the admin API is absent without HOOKBRIDGE_ADMIN_TOKEN", () => {
  it("answers 404 on every admin path exactly as on a path that does not exist", async () => {
    await start({});
    const absent = await call("/nothing-here", {}, null);
    expect(absent.status).toBe(404);
    const shape = (text: string) => Object.keys(JSON.parse(text) as object);
    for (const path of [
      "/deliveries",
      "/deliveries/abc",
      "/deliveries/abc/redeliver",
      "/metrics",
      "/admin",
      "/admin/app.js",
      "/admin/session",
    ]) {
      for (const method of ["GET", "POST"]) {
        const answer = await call(path, { method }, ADMIN_TOKEN);
        expect({ path, method, status: answer.status }).toEqual({ path, method, status: 404 });
        expect(shape(answer.text)).toEqual(shape(absent.text));
      }
    }
  });

  it("refuses to start with a token shorter than 32 characters, without printing it", async () => {
    const short = "too-short-token-1234";
    const started = startNodeRelay({
      env: {
        ...relayEnvs(gh.url).main,
        HOOKBRIDGE_DELIVERY: "queue",
        HOOKBRIDGE_DATA_DIR: dir.path,
        HOOKBRIDGE_ADMIN_TOKEN: short,
      },
      port: 0,
      host: "127.0.0.1",
      logger: () => {},
    });
    const error = await started.then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error?.message).toMatch(/HOOKBRIDGE_ADMIN_TOKEN must be at least 32 characters/);
    expect(error?.message).not.toContain(short);
  });
});

describe("the admin API", () => {
  it("answers 401 with no detail to a missing or wrong token, and 200 to the right one", async () => {
    const { logs } = await start();
    const missing = await call("/deliveries", {}, null);
    const wrong = await call("/deliveries", {}, `${ADMIN_TOKEN.slice(0, -1)}0`);
    const shorter = await call("/metrics", {}, "x");
    const malformed = await call("/deliveries", { headers: { authorization: "Basic abc" } }, null);
    for (const [index, answer] of [missing, wrong, shorter, malformed].entries()) {
      expect({ index, status: answer.status }).toEqual({ index, status: 401 });
      expect(JSON.parse(answer.text)).toEqual({ error: "Unauthorized." });
      expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    expect((await call("/deliveries")).status).toBe(200);
    expect((await call("/metrics")).status).toBe(200);
    expect(JSON.stringify(logs)).not.toContain(ADMIN_TOKEN);
    expect(logs.filter((entry) => entry.msg === "admin request refused")).toHaveLength(4);
  });

  it("lists newest first, filters by status, provider, event and time, and pages with a cursor", async () => {
    await start();
    refuseDispatches(gh, 2);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push(await send((await analysisRun({ runUid: `run-${i}` })).init));
      await until(settled, "the delivery was dispatched or failed");
    }
    const started = fixture("deepsource", "analysis_run.started");
    ids.push(
      await send({
        method: "POST",
        body: started,
        headers: await signedHeaders("deepsource", started),
      }),
    );
    await until(settled, "everything was dispatched");

    const all = await json<{ deliveries: ListedDelivery[]; next: string | null }>("/deliveries");
    expect(all.deliveries.map((d) => d.id)).toEqual([...ids].reverse());
    expect(all.next).toBeNull();
    const first = all.deliveries.at(-1);
    expect(first).toMatchObject({
      provider: "deepsource",
      event: "analysis_run.updated",
      status: "failed",
      repository: "octo-org/octo-repo",
      attempts: 1,
      last_status: 422,
      dispatched_at: null,
    });
    expect(first?.last_error).toMatch(/422/);
    expect(Date.parse(first?.received_at ?? "")).not.toBeNaN();
    expect(Object.keys(first ?? {}).sort()).toEqual(
      [
        "id",
        "provider",
        "event",
        "status",
        "repository",
        "delivery_id",
        "received_at",
        "attempts",
        "last_status",
        "last_error",
        "dispatched_at",
        "related_id",
        "run_id",
        "run_url",
        "conclusion",
        "reported_at",
      ].sort(),
    );

    const failed = await json<{ deliveries: ListedDelivery[] }>("/deliveries?status=failed");
    expect(failed.deliveries.map((d) => d.id)).toEqual([ids[1], ids[0]]);
    const dispatched = await json<{ deliveries: ListedDelivery[] }>(
      "/deliveries?status=dispatched",
    );
    expect(
      dispatched.deliveries.every((d) => d.dispatched_at !== null && d.last_status === 204),
    ).toBe(true);
    const byEvent = await json<{ deliveries: ListedDelivery[] }>(
      "/deliveries?provider=deepsource&event=analysis_run.started",
    );
    expect(byEvent.deliveries.map((d) => d.id)).toEqual([ids[5]]);
    expect(
      (await json<{ deliveries: ListedDelivery[] }>("/deliveries?provider=devrev")).deliveries,
    ).toEqual([]);
    expect(
      (await json<{ deliveries: ListedDelivery[] }>("/deliveries?since=1h")).deliveries,
    ).toHaveLength(6);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(
      (await json<{ deliveries: ListedDelivery[] }>(`/deliveries?since=${future}`)).deliveries,
    ).toEqual([]);

    // Pages of two, following `next`, cover every row once, in order.
    const paged: string[] = [];
    let cursor: string | null = "";
    let pages = 0;
    while (cursor !== null) {
      const page: { deliveries: ListedDelivery[]; next: string | null } = await json(
        `/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      paged.push(...page.deliveries.map((d) => d.id));
      cursor = page.next;
      pages += 1;
    }
    expect(paged).toEqual([...ids].reverse());
    expect(pages).toBe(3);

    for (const bad of [
      "status=lost",
      "provider=nobody",
      "limit=0",
      "limit=201",
      "cursor=abc",
      "since=yesterday",
    ]) {
      const answer = await call(`/deliveries?${bad}`);
      expect({ bad, status: answer.status }).toEqual({ bad, status: 400 });
      expect(JSON.parse(answer.text).error).toMatch(/^[a-z]+ must be .+\.$/);
    }
  });

  it("shows every attempt, a body only when asked, and never a secret or a signature header", async () => {
    await start();
    refuseDispatches(gh, 1);
    const delivery = await analysisRun();
    const id = await send(delivery.init);
    await until(settled, "the delivery failed");

    const plain = await json<DeliveryDetail>(`/deliveries/${id}`);
    expect(plain.status).toBe("failed");
    expect(plain.body).toBeUndefined();
    expect(plain.attempt_history).toEqual([
      {
        at: expect.any(String),
        status: 422,
        duration_ms: expect.any(Number),
        error: expect.stringMatching(/422/),
      },
    ]);
    const withBody = await json<DeliveryDetail>(`/deliveries/${id}?body=1`);
    expect(withBody.body).toBe(new TextDecoder().decode(delivery.init.body as Uint8Array));
    expect((await call(`/deliveries/${id}?body=0`)).text).not.toContain('"body"');

    const missing = await call("/deliveries/no-such-id");
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error).toMatch(/GET \/deliveries/);

    // Everything the admin routes answered in this test, the page included.
    await call("/deliveries");
    await call("/metrics");
    await call("/admin", {}, null);
    await call("/admin/app.js", {}, null);
    const everything = answers.join("\n");
    for (const secret of [...CONFIDENTIAL, ADMIN_TOKEN]) expect(everything).not.toContain(secret);
    for (const header of ["x-deepsource-signature", ENVELOPE_SIGNATURE_HEADER, "signature"])
      expect(everything.toLowerCase()).not.toContain(header);
  });

  it("redelivers one delivery: a new attempt on the same record, dispatched with a fresh envelope", async () => {
    await start();
    refuseDispatches(gh, 1);
    const id = await send((await analysisRun()).init);
    await until(settled, "the delivery failed");

    const queued = await call(`/deliveries/${id}/redeliver`, { method: "POST" });
    expect(queued.status).toBe(202);
    expect(JSON.parse(queued.text)).toEqual({ queued: true, id });
    await until(settled, "the redelivery was dispatched");

    const after = await json<DeliveryDetail>(`/deliveries/${id}`);
    expect(after).toMatchObject({ id, status: "dispatched", attempts: 2, last_status: 204 });
    expect(after.last_error).toBeNull();
    expect(after.attempt_history.map((attempt) => attempt.status)).toEqual([422, 204]);
    const dispatches = gh.state.repo("octo-org/octo-repo").dispatches;
    expect(dispatches).toHaveLength(1);
    const payload = dispatches[0]?.client_payload as { received_at: string };
    // Signed at dispatch: the envelope's time is the redelivery's, not the original receipt's.
    expect(Date.parse(payload.received_at)).toBeGreaterThanOrEqual(
      Date.parse(after.attempt_history[0]?.at ?? ""),
    );

    const again = await call(`/deliveries/${id}/redeliver`, { method: "POST" });
    expect(again.status).toBe(202);
    await until(settled, "the second redelivery was dispatched");
    expect(gh.state.repo("octo-org/octo-repo").dispatches).toHaveLength(2);

    expect((await call("/deliveries/no-such-id/redeliver", { method: "POST" })).status).toBe(404);
    expect((await call(`/deliveries/${id}/redeliver`)).status).toBe(405);
  });

  it("gives a redelivery the whole give-up window again, however old the delivery", async () => {
    const fast = fastClock(10);
    current = await startQueuedRelay(gh, dir.path, fast, {
      ...adminEnv,
      HOOKBRIDGE_GIVE_UP_AFTER: "10s",
    });
    refuseDispatches(gh, 1);
    const id = await send((await analysisRun()).init);
    const store = current.relay.queue?.store;
    await until(() => store?.get(id)?.state === "failed", "the delivery failed");
    const receivedAt = store?.get(id)?.receivedAt ?? 0;
    await until(() => fast.now() > receivedAt + 11_000, "the delivery is older than the window");
    // GitHub stumbles once on the redelivery: a retry, not a second failure.
    gh.fail("POST /repos/{owner}/{repo}/dispatches", { status: 503 });
    expect((await call(`/deliveries/${id}/redeliver`, { method: "POST" })).status).toBe(202);
    await until(() => store?.get(id)?.state === "dispatched", "the redelivery was dispatched");
    const history = (await json<DeliveryDetail>(`/deliveries/${id}`)).attempt_history;
    expect(history.map((attempt) => attempt.status)).toEqual([422, 503, 204]);
  });

  it("will not redeliver a delivery that is still waiting", async () => {
    await start();
    gh.setOutage("POST /repos/{owner}/{repo}/dispatches", { status: 503 });
    const id = await send((await analysisRun()).init);
    const answer = await call(`/deliveries/${id}/redeliver`, { method: "POST" });
    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.text).error).toMatch(/already waiting/);
  });

  it("redelivers every failed delivery in bounded batches, saying how many", async () => {
    await start();
    refuseDispatches(gh, 3);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1)
      ids.push(await send((await analysisRun({ runUid: `r${i}` })).init));
    await until(settled, "all three failed");
    expect(
      (await json<{ deliveries: ListedDelivery[] }>("/deliveries?status=failed")).deliveries,
    ).toHaveLength(3);

    expect((await call("/deliveries/redeliver", { method: "POST" })).status).toBe(400);
    const answer = await call("/deliveries/redeliver?status=failed", { method: "POST" });
    expect(answer.status).toBe(202);
    const body = JSON.parse(answer.text) as { redelivered: number; ids: string[]; more: boolean };
    expect(body.redelivered).toBe(3);
    expect(body.more).toBe(false);
    expect([...body.ids].sort()).toEqual([...ids].sort());
    await until(settled, "all three were dispatched");
    const listed = await json<{ deliveries: ListedDelivery[] }>("/deliveries");
    expect(listed.deliveries.map((d) => d.status)).toEqual([
      "dispatched",
      "dispatched",
      "dispatched",
    ]);
    const none = JSON.parse(
      (await call("/deliveries/redeliver?status=failed", { method: "POST" })).text,
    );
    expect(none).toEqual({ redelivered: 0, ids: [], more: false });
  });

  it("bounds a bulk redelivery to 100 deliveries a call, and says when more remain", async () => {
    await start();
    gh.setOutage("POST /repos/{owner}/{repo}/dispatches", {
      status: 422,
      body: { message: "Invalid request.", documentation_url: "https://docs.github.com/rest" },
    });
    const sends: Promise<string>[] = [];
    for (let i = 0; i < REDELIVER_BATCH + 1; i += 1)
      sends.push(analysisRun({ runUid: `bulk-${i}` }).then((run) => send(run.init)));
    await Promise.all(sends);
    await until(settled, "all of them failed");
    gh.setOutage("POST /repos/{owner}/{repo}/dispatches");

    const first = JSON.parse(
      (await call("/deliveries/redeliver?status=failed", { method: "POST" })).text,
    ) as { redelivered: number; more: boolean };
    expect(first).toMatchObject({ redelivered: REDELIVER_BATCH, more: true });
    const second = JSON.parse(
      (await call("/deliveries/redeliver?status=failed", { method: "POST" })).text,
    ) as { redelivered: number; more: boolean };
    expect(second).toMatchObject({ redelivered: 1, more: false });
    await until(settled, "all of them were dispatched", 60_000);
    expect(gh.state.repo("octo-org/octo-repo").dispatches).toHaveLength(REDELIVER_BATCH + 1);
  }, 90_000);

  it("exposes Prometheus metrics that parse: outcomes, queue depth, latency, GitHub's rate limit", async () => {
    await start();
    refuseDispatches(gh, 1);
    const first = await analysisRun({ runUid: "m1" });
    await send(first.init);
    await until(settled, "the first failed");
    await send((await analysisRun({ runUid: "m2" })).init);
    await until(settled, "the second was dispatched");

    const answer = await call("/metrics");
    expect(answer.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const families = parsePrometheusTextFormat(answer.text);
    const family = (name: string) => families.find((f: MetricFamily) => f.name === name);
    const outcomes = Object.fromEntries(
      (family("hookbridge_deliveries_total")?.metrics ?? []).map((m: Record<string, unknown>) => [
        (m as { labels: Record<string, string> }).labels.outcome,
        Number((m as { value: string }).value),
      ]),
    );
    expect(outcomes).toEqual({ queued: 2, failed: 1, dispatched: 1 });
    expect(family("hookbridge_deliveries_total")?.type).toBe("COUNTER");
    expect(family("hookbridge_queue_depth")?.metrics).toEqual([{ value: "0" }]);
    expect(family("hookbridge_queue_oldest_pending_age_seconds")?.type).toBe("GAUGE");
    expect(family("hookbridge_deliveries_failed")?.metrics).toEqual([{ value: "1" }]);
    const histogram = family("hookbridge_dispatch_duration_seconds");
    expect(histogram?.type).toBe("HISTOGRAM");
    expect(histogram?.metrics[0]?.count).toBe("2");
    const remaining = family("hookbridge_github_rate_limit_remaining");
    expect(remaining?.type).toBe("GAUGE");
    expect(Number(remaining?.metrics[0]?.value)).toBeGreaterThanOrEqual(0);
    // Float seconds added up, written to the microsecond (not 0.051000000000000004).
    expect(answer.text).toMatch(/^hookbridge_dispatch_duration_seconds_sum \d+(\.\d{1,6})?$/m);
  });

  it("counts refused requests by provider, status and reason, so signature failures can be alerted on", async () => {
    await start();
    const { init } = await analysisRun({ runUid: "refused" });
    const headers = new Headers(init.headers);
    const post = (path: string, changed: Headers) =>
      fetch(url(path), { method: "POST", body: init.body, headers: changed });
    for (let i = 0; i < 3; i++) {
      const forged = new Headers(headers);
      forged.set("x-deepsource-signature", "0".repeat(64));
      expect((await post("/deepsource", forged)).status).toBe(401);
    }
    const unsigned = new Headers(headers);
    unsigned.delete("x-deepsource-signature");
    expect((await post("/deepsource", unsigned)).status).toBe(401);
    const text = new Headers(headers);
    text.set("content-type", "text/plain");
    expect((await post("/deepsource", text)).status).toBe(415);
    // The path is not a label: any path that names no provider counts as provider "none".
    for (const path of ["/gitlab", "/x".repeat(30), "/%00"])
      expect((await post(path, headers)).status).toBe(404);
    expect((await post("/deepsource", headers)).status).toBe(202);

    const families = parsePrometheusTextFormat((await call("/metrics")).text);
    const refused = families.find(
      (f: MetricFamily) => f.name === "hookbridge_requests_refused_total",
    );
    expect(refused?.type).toBe("COUNTER");
    const counts = Object.fromEntries(
      (refused?.metrics ?? []).map((m: Record<string, unknown>) => {
        const { provider, status, reason } = (m as { labels: Record<string, string> }).labels;
        return [`${provider} ${status} ${reason}`, Number((m as { value: string }).value)];
      }),
    );
    expect(counts).toEqual({
      "deepsource 401 signature-mismatch": 3,
      "deepsource 401 signature-missing-header": 1,
      "deepsource 415 unsupported-media-type": 1,
      "none 404 unknown-provider": 3,
    });
  });
});
