/**
 * The queue's behaviour as a provider and an operator see it, over HTTP only, so the same cases
 * run against every host: outage then recovery, rate limits, coalescing, redelivery, fair
 * claiming, `/healthz` counts, `/metrics`.
 */
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { bearer, type DeliveryDetail, type ListedDelivery } from "./admin-support.ts";
import type { QueueHost, RunningRelay } from "./queue-hosts.ts";
import { acceptedIds, analysisRun, dispatchRequests } from "./queue-support.ts";
import { DISPATCHES } from "./support.ts";

export function queueCases(host: QueueHost): void {
  describe(`the durable queue on ${host.name}`, () => {
    let gh: GitHubStandIn;
    let relay: RunningRelay;

    beforeEach(async () => {
      gh = await startGitHubStandIn();
      relay = await host.start(gh);
    }, 60_000);

    afterEach(async () => {
      await relay?.close();
      await gh?.close();
    });

    async function send(init: RequestInit) {
      const response = await relay.fetch("/deepsource", init);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }

    async function admin<T>(path: string, init: RequestInit = {}): Promise<T> {
      const response = await relay.fetch(path, {
        ...init,
        headers: { ...bearer(), ...(init.headers as Record<string, string>) },
      });
      expect(response.status, `${path} answers`).toBeLessThan(300);
      return (await response.json()) as T;
    }

    const listed = (query = "") =>
      admin<{ deliveries: ListedDelivery[] }>(`/deliveries${query}`).then(
        (page) => page.deliveries,
      );

    /** Polls the delivery log (over HTTP) until `check` holds; real time, never asserted on. */
    async function waitFor(check: (rows: ListedDelivery[]) => boolean, what: string) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const rows = await listed();
        if (check(rows)) return rows;
        if (Date.now() > deadline)
          throw new Error(`timed out waiting until ${what}: ${JSON.stringify(rows)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    it("answers 202 with its own id while GitHub is down, lists the delivery as waiting, and dispatches it once GitHub is back", async () => {
      gh.setOutage(DISPATCHES, { reset: true });
      const delivery = await analysisRun();
      const answer = await send(delivery.init);
      expect(answer).toMatchObject({ status: 202, body: { queued: true } });
      const id = String(answer.body.id);
      expect(id).not.toBe(delivery.id);
      await waitFor(
        (rows) => rows.some((row) => row.id === id && row.status === "queued" && row.attempts > 0),
        "an attempt failed and the delivery waits",
      );
      const health = await (await relay.fetch("/healthz")).json();
      expect(health).toMatchObject({
        ok: true,
        delivery: "queue",
        queue: { pending: 1, failed: 0 },
      });
      gh.setOutage(DISPATCHES);
      await waitFor(
        (rows) => rows.some((row) => row.id === id && row.status === "dispatched"),
        "dispatched",
      );
      expect(acceptedIds(gh)).toEqual([delivery.id]);
      const detail = await admin<DeliveryDetail>(`/deliveries/${id}`);
      expect(detail.delivery_id).toBe(delivery.id);
      expect(detail.attempt_history.at(-1)?.status).toBe(204);
      expect(gh.violations).toEqual([]);
    });

    it("answers a copy as a duplicate and dispatches the delivery once", async () => {
      const delivery = await analysisRun();
      const first = await send(delivery.init);
      expect(first.status).toBe(202);
      const copy = await send(delivery.init);
      expect(copy).toEqual({ status: 200, body: { duplicate: true } });
      await waitFor(
        (rows) => rows.some((row) => row.id === first.body.id && row.status === "dispatched"),
        "dispatched",
      );
      expect((await listed("?status=duplicate")).map((row) => row.delivery_id)).toEqual([
        delivery.id,
      ]);
      expect(acceptedIds(gh)).toEqual([delivery.id]);
    });

    it("waits as long as a 429's Retry-After asks, then dispatches", async () => {
      gh.fail(DISPATCHES, {
        status: 429,
        headers: { "retry-after": "1" },
        body: { message: "You have exceeded a secondary rate limit." },
      });
      const delivery = await analysisRun();
      expect((await send(delivery.init)).status).toBe(202);
      await waitFor((rows) => rows[0]?.status === "dispatched", "dispatched after the pause");
      const [refused, accepted] = dispatchRequests(gh);
      expect(refused?.status).toBe(429);
      expect(accepted?.status).toBe(204);
      // The stand-in's own receipt times: the retry came no sooner than GitHub asked.
      expect((accepted?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    });

    it("dispatches only the newest of updates of one run that waited together", async () => {
      gh.setOutage(DISPATCHES, { reset: true });
      const older = await analysisRun({ runUid: "coalesced", status: "PENDING" });
      const newer = await analysisRun({ runUid: "coalesced", status: "SUCCESS" });
      for (const update of [older, newer]) expect((await send(update.init)).status).toBe(202);
      await waitFor(
        (rows) => rows.some((row) => row.status === "superseded"),
        "the older update is superseded",
      );
      gh.setOutage(DISPATCHES);
      await waitFor((rows) => rows.some((row) => row.status === "dispatched"), "dispatched");
      expect(acceptedIds(gh)).toEqual([newer.id]);
      expect((await listed("?status=superseded")).map((row) => row.delivery_id)).toEqual([
        older.id,
      ]);
    });

    it("redelivers a dead letter on request, on the same record", async () => {
      gh.fail(DISPATCHES, {
        status: 422,
        body: { message: "Invalid request: the event_type is not allowed here." },
      });
      const delivery = await analysisRun();
      const id = String((await send(delivery.init)).body.id);
      await waitFor((rows) => rows[0]?.status === "failed", "failed for good");
      const again = await admin<Record<string, unknown>>(`/deliveries/${id}/redeliver`, {
        method: "POST",
      });
      expect(again).toEqual({ queued: true, id });
      await waitFor((rows) => rows[0]?.status === "dispatched", "redelivered");
      expect(acceptedIds(gh)).toEqual([delivery.id]);
      const detail = await admin<DeliveryDetail>(`/deliveries/${id}`);
      expect(detail.attempt_history.map((attempt) => attempt.status)).toEqual([422, 204]);
    });

    it("lets a repository GitHub keeps refusing hold back no other (fair claiming)", async () => {
      relay = await restartWith({
        HOOKBRIDGE_REPOSITORIES: "octo-org/*",
        HOOKBRIDGE_REPOSITORY: "",
      });
      const blocked = "octo-org/blocked";
      gh.setOutage(`POST /repos/${blocked}/dispatches`, { status: 502 });
      const stuck = await analysisRun({ repository: blocked, runUid: "stuck" });
      const free = await analysisRun({ repository: "octo-org/free", runUid: "free" });
      for (const delivery of [stuck, free]) expect((await send(delivery.init)).status).toBe(202);
      const rows = await waitFor(
        (rows) =>
          rows.some((row) => row.repository === "octo-org/free" && row.status === "dispatched") &&
          rows.some((row) => row.repository === blocked && row.attempts > 1),
        "the other repository's delivery is dispatched while the refused one keeps retrying",
      );
      expect(acceptedIds(gh)).toEqual([free.id]);
      expect(rows.find((row) => row.repository === blocked)?.status).not.toBe("dispatched");
    });

    it("exposes Prometheus metrics that parse", async () => {
      const delivery = await analysisRun();
      expect((await send(delivery.init)).status).toBe(202);
      await waitFor((rows) => rows[0]?.status === "dispatched", "dispatched");
      const response = await relay.fetch("/metrics", { headers: bearer() });
      expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
      const families = parsePrometheusTextFormat(await response.text());
      const outcomes = families.find((family) => family.name === "hookbridge_deliveries_total");
      expect(outcomes?.type).toBe("COUNTER");
      expect(families.find((family) => family.name === "hookbridge_queue_depth")?.metrics).toEqual([
        { value: "0" },
      ]);
    });

    async function restartWith(env: Record<string, string>): Promise<RunningRelay> {
      await relay.close();
      return host.start(gh, env);
    }
  });
}
