/**
 * The Workers queue mode as a new user first runs it: `npx wrangler dev --env queue` from the
 * repository, on this machine (local mode, no Cloudflare login), reached over HTTP only. Its
 * settings come as `--var`s and a temporary env file, so wrangler.toml stays as committed;
 * wrangler keeps its state (the Durable Object's SQLite), logs and config in a temporary
 * directory, never in the repository.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientPayload } from "../../src/core/envelope.ts";
import { dispatch, edited, sampleWithCommits } from "../receive/support.ts";
import { ADMIN_TOKEN, bearer, type ListedDelivery } from "../relay/admin-support.ts";
import { acceptedIds, analysisRun, tempDir } from "../relay/queue-support.ts";
import {
  DEJACODE_HEADER,
  DISPATCHES,
  REPOSITORY,
  SECRETS,
  signedHeaders,
  TOKEN,
} from "../relay/support.ts";
import { CHROMIUM, chromiumRequired, haveChromium } from "../support/chromium.ts";
import { freePort } from "../support/free-port.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { ROOT } from "../support/run-action.ts";

const CLI = join(ROOT, "dist/cli/index.js");
/** The repository the DeepSource samples' vcsUrl names. */
const NAMED = "deepsourcelabs/demo-go";
/** The states of a delivery not yet dispatched: between attempts, or in one. */
const WAITING = ["queued", "dispatching"];

let gh: GitHubStandIn;
let dir: ReturnType<typeof tempDir>;
let wrangler: ChildProcess;
let url: string;
let output = "";

/** Polls `check` until it yields a value; real time, generous, never asserted on. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = await check().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting until ${what}; wrangler printed:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function listed(): Promise<ListedDelivery[]> {
  const response = await fetch(`${url}/deliveries`, { headers: bearer() });
  expect(response.status).toBe(200);
  return ((await response.json()) as { deliveries: ListedDelivery[] }).deliveries;
}

async function statusOf(id: string): Promise<ListedDelivery | undefined> {
  return (await listed()).find((row) => row.id === id);
}

/** The built CLI as a shell runs it, with the admin token in its environment. */
function hookbridge(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args, "--url", url], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, HOOKBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.on("close", (code) => resolve({ code, stdout }));
  });
}

async function send(init: RequestInit): Promise<{ status: number; id: string }> {
  const response = await fetch(`${url}/deepsource`, init);
  const body = (await response.json()) as { id: string };
  return { status: response.status, id: body.id };
}

beforeAll(async () => {
  gh = await startGitHubStandIn();
  dir = tempDir();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // Secrets as `wrangler secret put` would hold them, from a file of the test's own.
  const secrets = join(dir.path, "secrets.env");
  writeFileSync(
    secrets,
    [
      `HOOKBRIDGE_GITHUB_TOKEN=${TOKEN}`,
      `HOOKBRIDGE_SECRET_DEEPSOURCE=${SECRETS.deepsource}`,
      `HOOKBRIDGE_ADMIN_TOKEN=${ADMIN_TOKEN}`,
      "",
    ].join("\n"),
  );
  const vars = {
    HOOKBRIDGE_GITHUB_API_URL: gh.url,
    // The DeepSource samples name this repository; the relay maps it to the one it dispatches to.
    HOOKBRIDGE_REPOSITORIES: `${NAMED}=${REPOSITORY}`,
    HOOKBRIDGE_DEJACODE_HEADER: DEJACODE_HEADER,
    HOOKBRIDGE_BATCH_WINDOW: "0",
    HOOKBRIDGE_PUBLIC_URL: url,
  };
  wrangler = spawn(
    "npx",
    [
      "wrangler",
      "dev",
      "--env",
      "queue",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(await freePort()),
      "--persist-to",
      join(dir.path, "state"),
      "--env-file",
      secrets,
      "--show-interactive-dev-session=false",
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so closing ends wrangler and the workerd it started.
      detached: true,
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        WRANGLER_SEND_ERROR_REPORTS: "false",
        WRANGLER_LOG_PATH: join(dir.path, "logs"),
        WRANGLER_REGISTRY_PATH: join(dir.path, "registry"),
        XDG_CONFIG_HOME: join(dir.path, "config"),
        NO_COLOR: "1",
      },
    },
  );
  for (const stream of [wrangler.stdout, wrangler.stderr])
    stream?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<never>((_, reject) =>
    wrangler.once("exit", (code) =>
      reject(new Error(`wrangler dev exited (${code}) before it was ready:\n${output}`)),
    ),
  );
  await Promise.race([
    exited,
    eventually(async () => {
      const response = await fetch(`${url}/healthz`);
      return response.status === 200 ? true : undefined;
    }, "wrangler dev answers /healthz"),
  ]);
}, 60_000);

afterAll(async () => {
  if (wrangler?.pid !== undefined && wrangler.exitCode === null) {
    const exited = new Promise((resolve) => wrangler.once("exit", resolve));
    process.kill(-wrangler.pid, "SIGTERM");
    await exited;
  }
  await gh?.close();
  dir?.remove();
});

describe("the Worker in queue mode under `npx wrangler dev --env queue`", () => {
  it("keeps its state in the directory it was given, not in the repository", async () => {
    const health = await (await fetch(`${url}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, delivery: "queue" });
    expect(readdirSync(join(dir.path, "state/v3/do"))).toEqual([
      "hookbridge-relay-queue-RelayDeliveries",
    ]);
    expect(existsSync(join(ROOT, ".wrangler/state"))).toBe(false);
  });

  it("holds a delivery while GitHub is down, shows it waiting in the CLI and on /admin, dispatches it once GitHub is back, and redelivers it", async () => {
    gh.setOutage(DISPATCHES, { status: 503 });
    const delivery = await analysisRun({ runUid: "wrangler-outage" });
    const answer = await send(delivery.init);
    expect(answer.status).toBe(202);
    expect(answer.id).not.toBe(delivery.id);
    await eventually(async () => {
      const row = await statusOf(answer.id);
      return row !== undefined && WAITING.includes(row.status) && row.attempts > 0
        ? row
        : undefined;
    }, "an attempt failed and the delivery waits");

    const table = await hookbridge(["deliveries"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      new RegExp(
        `^${answer.id}\\s+deepsource\\s+analysis_run\\.updated\\s+(?:${WAITING.join("|")})\\s+[1-9]`,
        "m",
      ),
    );

    if (!haveChromium && !chromiumRequired)
      console.warn(`Skipping the /admin check in Chromium: ${CHROMIUM} is missing.`);
    else {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      try {
        const page = await browser.newPage();
        await page.goto(`${url}/admin`);
        const token = page.getByLabel("Admin token (HOOKBRIDGE_ADMIN_TOKEN)");
        await token.fill(ADMIN_TOKEN);
        await token.press("Enter");
        const row = page.locator(`#deliveries tbody tr[data-id="${answer.id}"]`);
        await row.waitFor();
        expect(WAITING).toContain(await row.locator("td.status").textContent());
      } finally {
        await browser.close();
      }
    }

    gh.setOutage(DISPATCHES);
    await eventually(
      async () => ((await statusOf(answer.id))?.status === "dispatched" ? true : undefined),
      "dispatched once GitHub is back",
    );
    expect(acceptedIds(gh).filter((id) => id === delivery.id)).toHaveLength(1);

    const again = await hookbridge(["redeliver", answer.id]);
    expect(again.code).toBe(0);
    await eventually(
      async () =>
        acceptedIds(gh).filter((id) => id === delivery.id).length === 2 ? true : undefined,
      "redelivered",
    );
    const row = await statusOf(answer.id);
    expect(row).toMatchObject({ status: "dispatched", attempts: expect.any(Number) });
  }, 60_000);

  it("dispatches only the newest of two updates of one DeepSource run that waited together", async () => {
    gh.setOutage(DISPATCHES, { status: 503 });
    const older = await analysisRun({ runUid: "wrangler-coalesced", status: "PENDING" });
    const newer = await analysisRun({ runUid: "wrangler-coalesced", status: "SUCCESS" });
    const first = await send(older.init);
    const second = await send(newer.init);
    expect([first.status, second.status]).toEqual([202, 202]);
    await eventually(
      async () => ((await statusOf(first.id))?.status === "superseded" ? true : undefined),
      "the older update is superseded",
    );
    gh.setOutage(DISPATCHES);
    await eventually(
      async () => ((await statusOf(second.id))?.status === "dispatched" ? true : undefined),
      "the newer update is dispatched",
    );
    const accepted = acceptedIds(gh);
    expect(accepted.filter((id) => id === newer.id)).toHaveLength(1);
    expect(accepted).not.toContain(older.id);
  }, 60_000);

  it("takes the workflow run's report: the receive action, run as a runner runs it, marks the delivery handled", async () => {
    const runUid = "wrangler-report";
    const body = edited(sampleWithCommits("analysis_run.updated"), (json) => {
      json.id = `${json.id}-${runUid}`;
      json.data.object.runUid = runUid;
    });
    const answer = await send({
      method: "POST",
      body,
      headers: await signedHeaders("deepsource", body),
    });
    expect(answer.status).toBe(202);
    await eventually(
      async () => ((await statusOf(answer.id))?.status === "dispatched" ? true : undefined),
      "dispatched",
    );
    const payload = gh.state
      .repo(REPOSITORY)
      .dispatches.map((record) => record.client_payload as ClientPayload)
      .find((envelope) => envelope.reply?.delivery === answer.id);
    expect(payload?.reply).toEqual({ url: `${url}/reports`, delivery: answer.id });

    const run = await dispatch(gh, payload, {
      repo: REPOSITORY,
      inputs: { repository: "", secret: SECRETS.deepsource },
      env: { GITHUB_RUN_ID: "5151", GITHUB_JOB: "deepsource" },
      bundle: true,
    });
    // The sample's analysis failed, so fail-on fails the step, after reacting and reporting.
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain(`Reported the outcome (failure) to the relay at ${url}.`);
    const shown = (await (
      await fetch(`${url}/deliveries/${answer.id}`, { headers: bearer() })
    ).json()) as {
      status: string;
      conclusion: string;
      run_url: string;
      report: { actions: { reaction: string; url?: string }[] };
    };
    expect(shown).toMatchObject({
      status: "handled",
      conclusion: "failure",
      run_url: `https://github.com/${REPOSITORY}/actions/runs/5151`,
    });
    const checkRuns = gh.state.repo(REPOSITORY).checkRuns;
    expect(checkRuns.length).toBeGreaterThan(0);
    const reported = shown.report.actions.filter((action) => action.reaction === "Check run");
    expect(reported.map((check) => check.url).sort()).toEqual(
      checkRuns.map((check) => `https://github.com/${REPOSITORY}/runs/${check.id}`).sort(),
    );
  }, 60_000);

  it("serves /metrics that parse as Prometheus text", async () => {
    const response = await fetch(`${url}/metrics`, { headers: bearer() });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const families = parsePrometheusTextFormat(await response.text());
    expect(families.find((family) => family.name === "hookbridge_deliveries_total")?.type).toBe(
      "COUNTER",
    );
    expect(families.find((family) => family.name === "hookbridge_queue_depth")?.type).toBe("GAUGE");
  });
});
