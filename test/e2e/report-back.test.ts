/**
 * A delivery's whole story: a provider's POST → the Node relay's queue → `repository_dispatch` on
 * the GitHub stand-in → the built receive action, run as a runner runs it → its signed report →
 * the relay, which shows the run, its conclusion and its check runs in `/deliveries/{id}`, in
 * `hookbridge deliveries` and on `/admin`. Reports the relay must not believe are refused.
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { utf8 } from "../../src/core/bytes.ts";
import type { ClientPayload } from "../../src/core/envelope.ts";
import { signReport } from "../../src/core/outcome-report.ts";
import { type NodeRelay, startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import { dispatch, freshRepo } from "../receive/support.ts";
import { ADMIN_TOKEN, bearer } from "../relay/admin-support.ts";
import { fastClock, tempDir } from "../relay/queue-support.ts";
import { relayEnvs, SECRETS } from "../relay/support.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { freePort, postAnalysisRun } from "./story-support.ts";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
/** The sample's vcsUrl names github.com/deepsourcelabs/demo-go; the relay maps it to the test's. */
const NAMED = "deepsourcelabs/demo-go";
const RUN_ID = "4242";

let gh: GitHubStandIn;
let dir: ReturnType<typeof tempDir>;
let relay: NodeRelay;
let repo: string;
const clock = fastClock(1);

beforeAll(async () => {
  gh = await startGitHubStandIn();
  dir = tempDir();
  repo = freshRepo("story");
  const port = await freePort();
  relay = await startNodeRelay({
    env: {
      ...relayEnvs(gh.url).main,
      HOOKBRIDGE_REPOSITORY: repo,
      HOOKBRIDGE_REPOSITORIES: `${NAMED}=${repo}`,
      HOOKBRIDGE_DELIVERY: "queue",
      HOOKBRIDGE_DATA_DIR: dir.path,
      HOOKBRIDGE_BATCH_WINDOW: "0",
      HOOKBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN,
      HOOKBRIDGE_PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    port,
    host: "127.0.0.1",
    clock,
    logger: () => {},
  });
});

afterAll(async () => {
  await relay?.close();
  await gh?.close();
  dir?.remove();
});

/** POSTs a signed DeepSource event with its own delivery id; resolves once GitHub took it. */
async function delivered(runUid: string): Promise<{ id: string; payload: ClientPayload }> {
  const id = await postAnalysisRun(relay, runUid);
  const payload = gh.state
    .repo(repo)
    .dispatches.map((record) => record.client_payload as ClientPayload)
    .find((envelope) => envelope.reply?.delivery === id);
  if (!payload) throw new Error(`no dispatch asks for a report on ${id}`);
  return { id, payload };
}

async function detail(id: string) {
  const response = await fetch(`${relay.url}/deliveries/${id}`, { headers: bearer() });
  return (await response.json()) as {
    status: string;
    conclusion: string | null;
    run_url: string | null;
    report: {
      run: { id: string; job: string; repository: string };
      actions: { reaction: string; target: string; result: string; url?: string }[];
    } | null;
  };
}

describe("the workflow run reports back to the relay", () => {
  it("shows the run, its conclusion and its check runs in /deliveries/{id}, the CLI and /admin", async () => {
    const { id, payload } = await delivered("story-1");
    expect(payload.reply).toEqual({ url: `${relay.url}/reports`, delivery: id });
    expect(payload.repository).toBe(repo);
    expect((await detail(id)).status).toBe("dispatched");

    const run = await dispatch(gh, payload, {
      repo,
      inputs: { repository: "", secret: SECRETS.deepsource },
      env: { GITHUB_RUN_ID: RUN_ID, GITHUB_JOB: "deepsource" },
      bundle: true,
    });
    // The sample's analysis failed, so fail-on fails the step, after reacting and reporting.
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain("Reported the outcome (failure) to the relay");
    expect(run.commands.filter((command) => command.command === "warning")).toEqual([]);

    const runUrl = `https://github.com/${repo}/actions/runs/${RUN_ID}`;
    const shown = await detail(id);
    expect(shown).toMatchObject({ status: "handled", conclusion: "failure", run_url: runUrl });
    expect(shown.report?.run).toMatchObject({ id: RUN_ID, job: "deepsource", repository: repo });
    const checkRuns = gh.state.repo(repo).checkRuns;
    expect(checkRuns.length).toBeGreaterThan(0);
    const checks = shown.report?.actions.filter((action) => action.reaction === "Check run") ?? [];
    expect(checks.map((check) => check.url).sort()).toEqual(
      checkRuns.map((check) => `https://github.com/${repo}/runs/${check.id}`).sort(),
    );
    expect(checks.map((check) => check.target).sort()).toEqual(
      checkRuns.map((check) => check.name).sort(),
    );

    // The CLI's table: the handled state, the outcome and the run.
    let stdout = "";
    const code = await main(["deliveries", "--url", relay.url], {
      stdout: (line) => (stdout += `${line}\n`),
      stderr: () => {},
      env: { HOOKBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `^${id}\\s+deepsource\\s+analysis_run\\.updated\\s+handled\\s+1\\s+\\d+[smh]\\s+failure\\s+${runUrl}$`,
        "m",
      ),
    );

    // The page links the run and each check run.
    if (!haveChromium && process.env.CI !== "true") return;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      await page.goto(`${relay.url}/admin`);
      const token = page.getByLabel("Admin token (HOOKBRIDGE_ADMIN_TOKEN)");
      await token.fill(ADMIN_TOKEN);
      await token.press("Enter");
      const row = page.locator(`#deliveries tbody tr[data-id="${id}"]`);
      await row.waitFor();
      expect(await row.locator("td.status").textContent()).toBe("handled");
      await row.getByRole("button").click();
      await page.getByRole("heading", { name: "Delivery" }).waitFor();
      expect(await page.getByRole("link", { name: runUrl }).getAttribute("href")).toBe(runUrl);
      const links = page.locator("#actions tbody a");
      await expect.poll(() => links.count()).toBe(checkRuns.length);
      const hrefs = await links.evaluateAll((anchors) =>
        anchors.map((anchor) => anchor.getAttribute("href")),
      );
      expect(hrefs.sort()).toEqual(
        checkRuns.map((check) => `https://github.com/${repo}/runs/${check.id}`).sort(),
      );
      expect(await page.locator("#no-report").isVisible()).toBe(false);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("refuses forged, stale, replayed and unknown-delivery reports", async () => {
    const { id } = await delivered("story-2");
    const report = (delivery: string) =>
      utf8(
        JSON.stringify({
          delivery,
          run: { id: "7", url: `https://github.com/${repo}/actions/runs/7`, repository: repo },
          conclusion: "success",
          actions: [],
          failures: [],
        }),
      );
    const post = async (
      delivery: string,
      body: Uint8Array<ArrayBuffer>,
      headers: Record<string, string>,
    ) => {
      const response = await fetch(`${relay.url}/reports/${delivery}`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...headers },
      });
      return { status: response.status, answer: (await response.json()) as { error?: string } };
    };
    const body = report(id);
    const now = clock.now();

    const unsigned = await post(id, body, {});
    expect(unsigned.status).toBe(401);
    expect(unsigned.answer.error).toMatch(/not signed/);
    const forged = await post(id, body, await signReport(id, body, "not-the-secret-at-all", now));
    expect(forged.status).toBe(401);
    expect(forged.answer.error).toMatch(/does not match/);
    // Signed for another delivery, sent to this one.
    const moved = await post(id, body, await signReport("another", body, SECRETS.deepsource, now));
    expect(moved.status).toBe(401);
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

    // Counted by conclusion, with the time from receipt to the report (only this test succeeds).
    const metrics = await (await fetch(`${relay.url}/metrics`, { headers: bearer() })).text();
    expect(metrics).toContain('hookbridge_reports_total{conclusion="success"} 1');
    expect(metrics).toMatch(/^hookbridge_report_latency_seconds_count [1-9]\d*$/m);
  });
});
