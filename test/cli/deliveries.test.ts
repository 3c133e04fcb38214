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
const clock = fastClock(1);

interface RelayWithDeliveries {
  readonly relay: QueuedRelay["relay"];
  /** The delivery GitHub refused, with a message made to look like runner commands. */
  readonly failedId: string;
  readonly dispatchedId: string;
  close(): Promise<void>;
}

/** A queued relay with its delivery log, holding one delivery GitHub refused and one it took. */
async function relayWithDeliveries(name: string): Promise<RelayWithDeliveries> {
  const dir = tempDir();
  const { relay } = await startQueuedRelay(gh, dir.path, clock, adminEnv);
  const store = relay.queue?.store;
  const send = async (init: RequestInit) => {
    const response = await fetch(`${relay.url}/deepsource`, init);
    const { id } = (await response.json()) as { id: string };
    await until(() => store?.stats(clock.now()).pending === 0, "the delivery settled");
    return id;
  };
  // GitHub's message is text from elsewhere: made to look like runner commands.
  refuseDispatches(gh, 1, HOSTILE);
  const failedId = await send((await analysisRun({ runUid: `${name}-1` })).init);
  const dispatchedId = await send((await analysisRun({ runUid: `${name}-2` })).init);
  return {
    relay,
    failedId,
    dispatchedId,
    close: async () => {
      await relay.close();
      dir.remove();
    },
  };
}

let shared: RelayWithDeliveries;

beforeAll(async () => {
  gh = await startGitHubStandIn();
  // Read by the tests that list; the one that redelivers changes a log of its own.
  shared = await relayWithDeliveries("cli");
});

afterAll(async () => {
  await shared?.close();
  await gh?.close();
});

describe("hookbridge deliveries / redeliver against a real relay", () => {
  it("prints the delivery log as a table, newest first (the built CLI, token from its environment)", async () => {
    const result = await builtCli(["deliveries", "--url", shared.relay.url]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^ID\s+PROVIDER\s+EVENT\s+STATUS\s+ATTEMPTS\s+AGE\s+OUTCOME\s+RUN\s+LAST ERROR$/,
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^${shared.dispatchedId}\\s+deepsource\\s+analysis_run\\.updated\\s+dispatched\\s+1\\s+\\d+s$`,
      ),
    );
    expect(lines[2]).toMatch(
      new RegExp(
        `^${shared.failedId}\\s+deepsource\\s+analysis_run\\.updated\\s+failed\\s+1\\s+\\d+s\\s+.*422`,
      ),
    );
    expect(lines).toHaveLength(3);
    expect(runnerCommandProblems(result.stdout, [])).toEqual([]);
  });

  it("filters, and prints JSON when asked", async () => {
    const result = await cli([
      "deliveries",
      "--url",
      `${shared.relay.url}/`,
      "--status",
      "failed",
      "--provider",
      "deepsource",
      "--json",
    ]);
    expect(result.code).toBe(0);
    const page = JSON.parse(result.stdout) as { deliveries: { id: string }[]; next: null };
    expect(page.deliveries.map((d) => d.id)).toEqual([shared.failedId]);
    expect(page.next).toBeNull();
    expect(runnerCommandProblems(result.stdout, [])).toEqual([]);
    // Made safe for a runner, yet the same text once parsed.
    expect(JSON.stringify(page)).toContain(`##[error]${CANARY}`);
    const none = await cli(["deliveries", "--url", shared.relay.url, "--provider", "devrev"]);
    expect(none.stdout).toBe("No deliveries match.\n");
    const bad = await cli(["deliveries", "--url", shared.relay.url, "--status", "lost"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^hookbridge deliveries: status must be one of queued, .+\.\n$/);
  });

  it("redelivers one delivery, then every failed one", async () => {
    const own = await relayWithDeliveries("redeliver");
    try {
      const { url } = own.relay;
      const one = await cli(["redeliver", "--url", url, own.failedId]);
      expect(one).toMatchObject({ code: 0, stderr: "" });
      expect(one.stdout).toContain(`Delivery ${own.failedId} is queued again`);
      const store = own.relay.queue?.store;
      await until(
        () => store?.get(own.failedId)?.state === "dispatched",
        "the redelivery went out",
      );

      const none = await cli(["redeliver", "--url", url, "--failed"]);
      expect(none.stdout).toBe("No failed deliveries to send again.\n");
      const missing = await cli(["redeliver", "--url", url, "no-such-id"]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/No delivery has the id "no-such-id"/);
      const neither = await cli(["redeliver", "--url", url]);
      expect(neither.stderr).toMatch(/Give one delivery id .* or --failed/);
    } finally {
      await own.close();
    }
  });

  it("says in one sentence how to fix a missing or wrong token, an unreachable relay, or no admin API", async () => {
    const noToken = await cli(["deliveries", "--url", shared.relay.url], {});
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toBe(
      "hookbridge deliveries: HOOKBRIDGE_ADMIN_TOKEN is not set: export it with the relay's admin token (the CLI reads it from the environment only).\n",
    );
    const wrong = await cli(["deliveries", "--url", shared.relay.url], {
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
