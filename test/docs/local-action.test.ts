import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/receive/main.ts";
import { type NodeRelay, startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import type { LogEntry } from "../../src/relay/log.ts";
import { ROOT, withRunnerFiles } from "../support/run-action.ts";
import { recordingCore } from "../support/run-in-process.ts";

const LOCAL_MD = readFileSync(join(ROOT, "docs/local.md"), "utf8");
const SECTION = LOCAL_MD.slice(LOCAL_MD.indexOf("## Run the actions with @github/local-action"));
/** The recipe as docs/local.md prints it: the first shell block of its section. */
const RECIPE = /```sh\n([\s\S]*?)```/.exec(SECTION)?.[1] ?? "";
/** The relay the recipe's emit run delivers to, as the prose after the block starts it. */
const RELAY_COMMAND = /`([^`]*npx hookbridge relay)`/.exec(SECTION)?.[1] ?? "";

const envelope = readFileSync(
  join(ROOT, "test/fixtures/envelopes/deepsource.test.event.json"),
  "utf8",
);

/** Runs receive on the example envelope with the summary file `summaryFile` names, if any. */
function receiveTestEvent(summaryFile: (path: string) => string | undefined) {
  return withRunnerFiles(
    {
      eventName: "workflow_dispatch",
      inputs: {
        secret: "hookbridge-example-secret",
        "max-age": "36500d",
        payload: envelope.replace(/\n/g, ""),
      },
    },
    async ({ env, summaryPath }) => {
      const { GITHUB_STEP_SUMMARY: _runners, ...rest } = env;
      const file = summaryFile(summaryPath);
      const local: Record<string, string> =
        file === undefined ? rest : { ...rest, GITHUB_STEP_SUMMARY: file };
      // The shipped step log and job summary, reading the environment the run was given.
      const recorded = recordingCore(local);
      await run({
        core: recorded.core,
        env: local,
        createGitHubClient: () => Promise.reject(new Error("test.event calls no API")),
        clock: Date.now,
      });
      return { ...recorded, summary: readFileSync(summaryPath, "utf8") };
    },
  );
}

describe("the receive action outside a runner", () => {
  it("runs without a job summary file, as emit does, and says so in a debug line", async () => {
    // What @github/local-action gives a run: no GITHUB_STEP_SUMMARY at all.
    const result = await receiveTestEvent(() => undefined);
    expect(result.stdout()).not.toContain("::error::");
    expect(result.failed()).toBe(false);
    expect(result.outputs.status).toBe("TEST");
    expect(result.stdout()).toMatch(
      /^::debug::No job summary written: Unable to find environment variable for \$GITHUB_STEP_SUMMARY/m,
    );
    expect(result.summary).toBe("");
  });

  it("warns, and still succeeds, when a runner's summary file cannot be written", async () => {
    const result = await receiveTestEvent((path) => `${path}.missing`);
    expect(result.failed()).toBe(false);
    expect(result.outputs.status).toBe("TEST");
    expect(result.stdout()).toMatch(
      /^::warning::No job summary written: Unable to access summary file: '.*\.missing'/m,
    );
  });
});

/** What npm prints when it can neither reach the registry nor find the package in its cache. */
const OFFLINE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTCACHED|ENETUNREACH/;

describe("docs/local.md's @github/local-action recipe", () => {
  let relay: NodeRelay;
  let dir: string;
  const logs: LogEntry[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hookbridge-local-action-"));
    const assignments = Object.fromEntries(
      [...RELAY_COMMAND.matchAll(/(\w+)=(\S+)/g)].map((match) => [match[1], match[2]]),
    );
    relay = await startNodeRelay({
      env: { ...assignments, HOOKBRIDGE_DATA_DIR: dir },
      port: 0,
      host: "127.0.0.1",
      logger: (entry) => logs.push(entry),
    });
  });
  afterAll(async () => {
    await relay?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("names a dry-run relay with the secret the emit run signs with", () => {
    expect(RELAY_COMMAND).toMatch(/^HOOKBRIDGE_DRY_RUN=1 HOOKBRIDGE_SECRET_DEVEO=\S+ npx/);
    const secret = /INPUT_SECRET=(\S+)\nGITHUB_EVENT_NAME=push/.exec(RECIPE)?.[1];
    expect(RELAY_COMMAND).toContain(`HOOKBRIDGE_SECRET_DEVEO=${secret}`);
    expect(RECIPE).toContain("GITHUB_EVENT_NAME=push");
    expect(RECIPE).toMatch(/GITHUB_EVENT_PATH=\$PWD\/examples\/local\/push\.event\.json/);
  });

  it("runs both actions as written, with npm_config_yes=true", async (ctx) => {
    // The dotenv files go to a directory of the test's own, and emit delivers to this relay;
    // every command is the block's own, run from the root of the clone as the page says.
    const script = RECIPE.replaceAll(".env.receive", join(dir, ".env.receive"))
      .replaceAll(".env.emit", join(dir, ".env.emit"))
      .replaceAll("http://127.0.0.1:8787", relay.url);
    expect(script).toContain("npm_config_yes=true npx @github/local-action run . src/receive");
    // A runner's own GITHUB_* and INPUT_* would reach the actions and change what they do.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^(GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(name),
      ),
    );
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn("sh", ["-e", "-c", script], {
        cwd: ROOT,
        // From npm's cache when an earlier run fetched it; from the registry otherwise.
        env: { ...env, npm_config_prefer_offline: "true", npm_config_update_notifier: "false" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
      child.on("close", (code) => resolve({ code, out }));
    });
    if (result.code !== 0 && OFFLINE.test(result.out)) {
      ctx.skip(`npx could not fetch @github/local-action: ${OFFLINE.exec(result.out)?.[0]}`);
    }
    expect(result.out).not.toContain("please report it");
    expect(result.out).not.toMatch(/^::error::/m);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain("::set-output name=status::TEST");
    expect(result.out).toMatch(/delivered \(status 202, 1 attempt/);
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: "request", provider: "deveo", event: "push", status: 202 }),
    );
  }, 180_000);
});
