import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { ADMIN_TOKEN, adminEnv, refuseDispatches } from "../relay/admin-support.ts";
import {
  analysisRun,
  fastClock,
  type QueuedRelay,
  startQueuedRelay,
  tempDir,
  until,
} from "../relay/queue-support.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { ROOT } from "../support/run-action.ts";
import { CANARY, runnerCommandProblems } from "../support/runner-commands.ts";

const CLI = join(ROOT, "dist/cli/index.js");
const HOSTILE = `Invalid request.\n::set-output name=x::${CANARY}\r\n##[error]${CANARY}\u2028::warning::${CANARY}`;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one command through `main()` from source in this process, with its own output and
 * environment: what it prints and returns are what `dist/cli/index.js` prints and exits with.
 */
async function cli(
  args: string[],
  env: Record<string, string> = { HOOKBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN },
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (line) => (stdout += `${line}\n`),
    stderr: (line) => (stderr += `${line}\n`),
    env,
  });
  return { code, stdout, stderr };
}

/** The built bundle as a shell runs it, reading the token from its process environment. */
function builtCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, HOOKBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let gh: GitHubStandIn;
let dir: ReturnType<typeof tempDir>;
let withAdmin: QueuedRelay;
let failedId: string;
let dispatchedId: string;
const clock = fastClock(1);

beforeAll(async () => {
  gh = await startGitHubStandIn();
  dir = tempDir();
  withAdmin = await startQueuedRelay(gh, dir.path, clock, adminEnv);
  const store = withAdmin.relay.queue?.store;
  const send = async (init: RequestInit) => {
    const response = await fetch(`${withAdmin.relay.url}/deepsource`, init);
    const { id } = (await response.json()) as { id: string };
    await until(() => store?.stats(clock.now()).pending === 0, "the delivery settled");
    return id;
  };
  // GitHub's message is text from elsewhere: made to look like runner commands.
  refuseDispatches(gh, 1, HOSTILE);
  failedId = await send((await analysisRun({ runUid: "cli-1" })).init);
  dispatchedId = await send((await analysisRun({ runUid: "cli-2" })).init);
});

afterAll(async () => {
  await withAdmin.relay.close();
  await gh.close();
  dir.remove();
});

describe("hookbridge deliveries / redeliver against a real relay", () => {
  it("prints the delivery log as a table, newest first (the built CLI, token from its environment)", async () => {
    const result = await builtCli(["deliveries", "--url", withAdmin.relay.url]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+PROVIDER\s+EVENT\s+STATUS\s+ATTEMPTS\s+AGE\s+LAST ERROR$/);
    expect(lines[1]).toMatch(
      new RegExp(
        `^${dispatchedId}\\s+deepsource\\s+analysis_run\\.updated\\s+dispatched\\s+1\\s+\\d+s$`,
      ),
    );
    expect(lines[2]).toMatch(
      new RegExp(
        `^${failedId}\\s+deepsource\\s+analysis_run\\.updated\\s+failed\\s+1\\s+\\d+s\\s+.*422`,
      ),
    );
    expect(lines).toHaveLength(3);
    expect(runnerCommandProblems(result.stdout, [])).toEqual([]);
  });

  it("filters, and prints JSON when asked", async () => {
    const result = await cli([
      "deliveries",
      "--url",
      `${withAdmin.relay.url}/`,
      "--status",
      "failed",
      "--provider",
      "deepsource",
      "--json",
    ]);
    expect(result.code).toBe(0);
    const page = JSON.parse(result.stdout) as { deliveries: { id: string }[]; next: null };
    expect(page.deliveries.map((d) => d.id)).toEqual([failedId]);
    expect(page.next).toBeNull();
    expect(runnerCommandProblems(result.stdout, [])).toEqual([]);
    // Made safe for a runner, yet the same text once parsed.
    expect(JSON.stringify(page)).toContain(`##[error]${CANARY}`);
    const none = await cli(["deliveries", "--url", withAdmin.relay.url, "--provider", "devrev"]);
    expect(none.stdout).toBe("No deliveries match.\n");
    const bad = await cli(["deliveries", "--url", withAdmin.relay.url, "--status", "lost"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^hookbridge deliveries: status must be one of queued, .+\.\n$/);
  });

  it("redelivers one delivery, then every failed one", async () => {
    const one = await cli(["redeliver", "--url", withAdmin.relay.url, failedId]);
    expect(one).toMatchObject({ code: 0, stderr: "" });
    expect(one.stdout).toContain(`Delivery ${failedId} is queued again`);
    const store = withAdmin.relay.queue?.store;
    await until(() => store?.get(failedId)?.state === "dispatched", "the redelivery went out");

    const none = await cli(["redeliver", "--url", withAdmin.relay.url, "--failed"]);
    expect(none.stdout).toBe("No failed deliveries to send again.\n");
    const missing = await cli(["redeliver", "--url", withAdmin.relay.url, "no-such-id"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/No delivery has the id "no-such-id"/);
    const neither = await cli(["redeliver", "--url", withAdmin.relay.url]);
    expect(neither.stderr).toMatch(/Give one delivery id .* or --failed/);
  });

  it("says in one sentence how to fix a missing or wrong token, an unreachable relay, or no admin API", async () => {
    const noToken = await cli(["deliveries", "--url", withAdmin.relay.url], {});
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toBe(
      "hookbridge deliveries: HOOKBRIDGE_ADMIN_TOKEN is not set: export it with the relay's admin token (the CLI reads it from the environment only).\n",
    );
    const wrong = await cli(["deliveries", "--url", withAdmin.relay.url], {
      HOOKBRIDGE_ADMIN_TOKEN: `${ADMIN_TOKEN}0`,
    });
    expect(wrong.stderr).toBe(
      "hookbridge deliveries: The relay refused HOOKBRIDGE_ADMIN_TOKEN: set it to the same value as the relay's HOOKBRIDGE_ADMIN_TOKEN.\n",
    );
    expect(wrong.stderr).not.toContain(ADMIN_TOKEN);

    const closed = "http://127.0.0.1:9";
    const unreachable = await cli(["redeliver", "--url", closed, "--failed"]);
    expect(unreachable.stderr).toMatch(
      /^hookbridge redeliver: Cannot reach the relay at http:\/\/127\.0\.0\.1:9( \(\w+\))?: check --url and that the relay is running\.\n$/,
    );

    const otherDir = tempDir();
    const plain = await startQueuedRelay(gh, otherDir.path, clock, {});
    try {
      const absent = await cli(["deliveries", "--url", plain.relay.url]);
      expect(absent.code).toBe(2);
      expect(absent.stderr).toMatch(
        /has no delivery log: run it on Node in queue mode with HOOKBRIDGE_ADMIN_TOKEN set \(32 characters or more\), then try again\.\n$/,
      );
    } finally {
      await plain.relay.close();
      otherDir.remove();
    }
    const badUrl = await cli(["deliveries", "--url", "relay.example"]);
    expect(badUrl.stderr).toMatch(/--url must be the relay's address/);
  });
});
