/**
 * The workflow run's report back to the relay (`POST /reports/{id}`) as the receive action and an
 * operator see it, over HTTP only, so the same cases run against every host: the reply signed
 * into the envelope, the report recorded (the delivery is then `handled`), forged, stale,
 * replayed and unknown-delivery reports refused, the counts in `/metrics`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import type { ClientPayload } from "../../src/core/envelope.ts";
import { signReport } from "../../src/core/outcome-report.ts";
import { ENVELOPE_INPUT } from "../../src/core/workflow-dispatch.ts";
import { readSettings } from "../../src/receive/inputs.ts";
import { verifyEnvelope } from "../../src/receive/verify.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { bearer, type DeliveryDetail } from "./admin-support.ts";
import type { QueueHost, RunningRelay } from "./queue-hosts.ts";
import { analysisRun } from "./queue-support.ts";
import { DISPATCHES, REPOSITORY, SECRETS } from "./support.ts";

/** Where the relay says workflows reach it; the tests reach it through the host's own fetch. */
const PUBLIC_URL = "https://relay.test";
const RUN_URL = `https://github.com/${REPOSITORY}/actions/runs/4242`;
const CHECK_URL = `https://github.com/${REPOSITORY}/runs/99`;

interface ReportedDetail extends DeliveryDetail {
  readonly conclusion: string | null;
  readonly run_id: number | null;
  readonly run_url: string | null;
  readonly report: {
    run: { id: string; url: string; repository: string };
    actions: { reaction: string; target: string; result: string; url?: string }[];
  } | null;
}

/** A report about `delivery`, as the receive action writes one. */
function report(delivery: string, conclusion = "success"): Uint8Array<ArrayBuffer> {
  return utf8(
    JSON.stringify({
      delivery,
      run: { id: "4242", url: RUN_URL, repository: REPOSITORY, job: "deepsource" },
      conclusion,
      actions: [{ reaction: "Check run", target: "DeepSource", result: "created", url: CHECK_URL }],
      failures: [],
    }),
  );
}

export function reportCases(host: QueueHost): void {
  describe(`reports from the workflow run on ${host.name}`, () => {
    let gh: GitHubStandIn;
    let relay: RunningRelay;

    beforeEach(async () => {
      gh = await startGitHubStandIn();
      relay = await host.start(gh, { HOOKBRIDGE_PUBLIC_URL: PUBLIC_URL });
    }, 60_000);

    afterEach(async () => {
      await relay?.close();
      await gh?.close();
    });

    async function detail(id: string, on = relay): Promise<ReportedDetail> {
      const response = await on.fetch(`/deliveries/${id}`, { headers: bearer() });
      expect(response.status).toBe(200);
      return (await response.json()) as ReportedDetail;
    }

    /** Polls the delivery log until the delivery is in `state`; real time, never asserted on. */
    async function reaches(id: string, state: string, on = relay): Promise<void> {
      const deadline = Date.now() + 20_000;
      while ((await detail(id, on)).status !== state) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${id} is ${state}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }

    /** A delivery the relay took; with `dispatched`, once GitHub accepted it. */
    async function taken(dispatched = true): Promise<string> {
      const response = await relay.fetch("/deepsource", (await analysisRun()).init);
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: string };
      if (dispatched) await reaches(id, "dispatched");
      return id;
    }

    async function post(id: string, body: Uint8Array<ArrayBuffer>, headers = {}) {
      const response = await relay.fetch(`/reports/${id}`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...headers },
      });
      return { status: response.status, answer: (await response.json()) as { error?: string } };
    }

    it("with a workflow target, starts the workflow and shows the run GitHub names before any report", async () => {
      const repo = gh.state.repo(REPOSITORY);
      repo.workflows.set("hookbridge.yml", [ENVELOPE_INPUT]);
      const starting = await host.start(gh, {
        HOOKBRIDGE_PUBLIC_URL: PUBLIC_URL,
        HOOKBRIDGE_TARGET: "workflow:hookbridge.yml",
      });
      try {
        const response = await starting.fetch("/deepsource", (await analysisRun()).init);
        expect(response.status).toBe(202);
        const { id } = (await response.json()) as { id: string };
        await reaches(id, "dispatched", starting);
        expect(repo.dispatches).toEqual([]);
        const [started] = repo.workflowDispatches;
        expect(started?.ref).toBe("main");
        expect(await detail(id, starting)).toMatchObject({
          status: "dispatched",
          run_id: started?.id,
          run_url: `https://github.com/${REPOSITORY}/actions/runs/${started?.id}`,
          conclusion: null,
        });
        const envelope = JSON.parse(String(started?.inputs[ENVELOPE_INPUT])) as ClientPayload;
        expect(envelope.reply).toEqual({ url: `${PUBLIC_URL}/reports`, delivery: id });
        expect(gh.violations).toEqual([]);
      } finally {
        await starting.close();
      }
    });

    it("signs a reply to this relay into the envelope, and records the run's report: the delivery is handled", async () => {
      const id = await taken();
      const payload = gh.state
        .repo(REPOSITORY)
        .dispatches.map((record) => record.client_payload as ClientPayload)
        .find((envelope) => envelope.reply?.delivery === id);
      expect(payload?.reply).toEqual({ url: `${PUBLIC_URL}/reports`, delivery: id });
      // The relay's signature covers the reply: the action trusts it, and not a changed one.
      const settings = readSettings((name) => (name === "secret" ? SECRETS.deepsource : ""));
      const quiet = { debug() {}, info() {}, warning() {} };
      await expect(verifyEnvelope(payload, settings, Date.now, quiet)).resolves.toBeDefined();
      const moved = { ...payload, reply: { url: "https://elsewhere.test/reports", delivery: id } };
      await expect(verifyEnvelope(moved, settings, Date.now, quiet)).rejects.toThrow();

      const body = report(id);
      const recorded = await post(
        id,
        body,
        await signReport(id, body, SECRETS.deepsource, Date.now()),
      );
      expect(recorded).toEqual({
        status: 202,
        answer: { recorded: true, id, status: "handled" },
      });
      const shown = await detail(id);
      expect(shown).toMatchObject({ status: "handled", conclusion: "success", run_url: RUN_URL });
      expect(shown.report?.actions.map((action) => action.url)).toEqual([CHECK_URL]);

      const metrics = await (await relay.fetch("/metrics", { headers: bearer() })).text();
      expect(metrics).toContain('hookbridge_reports_total{conclusion="success"} 1');
      expect(metrics).toMatch(/^hookbridge_report_latency_seconds_count 1$/m);
    });

    it("refuses unsigned, forged, stale, replayed and unknown-delivery reports", async () => {
      const id = await taken();
      const body = report(id);
      const now = Date.now();

      const unsigned = await post(id, body);
      expect(unsigned.status).toBe(401);
      expect(unsigned.answer.error).toMatch(/not signed/);
      const forged = await post(id, body, await signReport(id, body, "not-the-secret-at-all", now));
      expect(forged.status).toBe(401);
      expect(forged.answer.error).toMatch(/does not match/);
      // Signed for another delivery, sent to this one.
      expect(
        (await post(id, body, await signReport("another", body, SECRETS.deepsource, now))).status,
      ).toBe(401);
      const stale = await post(
        id,
        body,
        await signReport(id, body, SECRETS.deepsource, now - 3600_000),
      );
      expect(stale.status).toBe(401);
      expect(stale.answer.error).toMatch(/replay window/);
      const unknown = "00000000-0000-4000-8000-000000000000";
      const nowhere = await post(
        unknown,
        report(unknown),
        await signReport(unknown, report(unknown), SECRETS.deepsource, now),
      );
      expect(nowhere.status).toBe(404);
      expect((await detail(id)).status).toBe("dispatched");

      // A genuine report is taken once; the same bytes again, or an older one, are replays.
      const signed = await signReport(id, body, SECRETS.deepsource, now);
      expect((await post(id, body, signed)).status).toBe(202);
      const replayed = await post(id, body, signed);
      expect(replayed.status).toBe(409);
      expect(replayed.answer.error).toMatch(/already holds a report signed as late or later/);
      const older = await post(
        id,
        body,
        await signReport(id, body, SECRETS.deepsource, now - 10_000),
      );
      expect(older.status).toBe(409);
      expect(await detail(id)).toMatchObject({ status: "handled", conclusion: "success" });
    });

    it("refuses a report on a delivery not dispatched yet", async () => {
      gh.setOutage(DISPATCHES, { status: 503 });
      const id = await taken(false);
      const body = report(id);
      const early = await post(
        id,
        body,
        await signReport(id, body, SECRETS.deepsource, Date.now()),
      );
      expect(early.status).toBe(409);
      expect(early.answer.error).toMatch(/not dispatched/);
      expect((await detail(id)).status).not.toBe("handled");
    });

    it("without HOOKBRIDGE_PUBLIC_URL asks for no report and takes none", async () => {
      await relay.close();
      relay = await host.start(gh, { HOOKBRIDGE_PUBLIC_URL: "" });
      const id = await taken();
      const [payload] = gh.state
        .repo(REPOSITORY)
        .dispatches.map((record) => record.client_payload as ClientPayload);
      expect(payload?.reply).toBeUndefined();
      const body = report(id);
      const answer = await post(
        id,
        body,
        await signReport(id, body, SECRETS.deepsource, Date.now()),
      );
      expect(answer.status).toBe(404);
      expect(answer.answer.error).toMatch(/No provider is served at/);
    });
  });
}
