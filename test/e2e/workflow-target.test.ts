/**
 * The workflow target: with `HOOKBRIDGE_TARGET=workflow:<file>`, the relay starts that workflow
 * with a `workflow_dispatch` (`return_run_details: true`, validated against GitHub's OpenAPI
 * description by the stand-in), records the run GitHub names at once, and the built receive
 * action finds the envelope in the `envelope` input, acts, and reports back to that delivery.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import type { ClientPayload } from "../../src/core/envelope.ts";
import { ENVELOPE_INPUT } from "../../src/core/workflow-dispatch.ts";
import { type NodeRelay, startNodeRelay } from "../../src/relay/hosts/node/server.ts";
import { freshRepo, receiveAction } from "../receive/support.ts";
import { ADMIN_TOKEN, bearer } from "../relay/admin-support.ts";
import { fastClock, tempDir } from "../relay/queue-support.ts";
import { relayEnvs, SECRETS } from "../relay/support.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { freePort, postAnalysisRun } from "./story-support.ts";

/** The sample's vcsUrl names github.com/deepsourcelabs/demo-go; the relay maps it to the test's. */
const NAMED = "deepsourcelabs/demo-go";
const WORKFLOW = "hookbridge.yml";

let gh: GitHubStandIn;
const relays: NodeRelay[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];

/** A queue-mode relay whose dispatches start `target` in `repo`. */
async function relayFor(repo: string, target: string): Promise<NodeRelay> {
  const dir = tempDir();
  dirs.push(dir);
  const port = await freePort();
  const relay = await startNodeRelay({
    env: {
      ...relayEnvs(gh.url).main,
      HOOKBRIDGE_REPOSITORY: repo,
      HOOKBRIDGE_REPOSITORIES: `${NAMED}=${repo}`,
      HOOKBRIDGE_DELIVERY: "queue",
      HOOKBRIDGE_DATA_DIR: dir.path,
      HOOKBRIDGE_BATCH_WINDOW: "0",
      HOOKBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN,
      HOOKBRIDGE_PUBLIC_URL: `http://127.0.0.1:${port}`,
      HOOKBRIDGE_TARGET: target,
    },
    port,
    host: "127.0.0.1",
    clock: fastClock(1),
    logger: () => {},
  });
  relays.push(relay);
  return relay;
}

beforeAll(async () => {
  gh = await startGitHubStandIn();
});

afterAll(async () => {
  for (const relay of relays) await relay.close();
  await gh?.close();
  for (const dir of dirs) dir.remove();
});

/** Posts run `runUid`; resolves with the relay's id once it is dispatched or failed. */
function deliver(relay: NodeRelay, runUid: string): Promise<string> {
  return postAnalysisRun(relay, runUid, ["dispatched", "failed"]);
}

async function detail(relay: NodeRelay, id: string) {
  const response = await fetch(`${relay.url}/deliveries/${id}`, { headers: bearer() });
  return (await response.json()) as {
    status: string;
    run_id: number | null;
    run_url: string | null;
    conclusion: string | null;
    last_error: string | null;
  };
}

describe("HOOKBRIDGE_TARGET=workflow:<file>", () => {
  it("starts the workflow, records the run GitHub names, and the run's report completes it", async () => {
    const repo = freshRepo("workflow-target");
    gh.state.repo(repo).workflows.set(WORKFLOW, [ENVELOPE_INPUT]);
    const relay = await relayFor(repo, `workflow:${WORKFLOW}`);
    const id = await deliver(relay, "wf-1");

    // No repository_dispatch: one workflow_dispatch on the default branch, looked up.
    const state = gh.state.repo(repo);
    expect(state.dispatches).toEqual([]);
    expect(state.workflowDispatches).toHaveLength(1);
    const [started] = state.workflowDispatches;
    expect(started?.ref).toBe("main");
    const dispatchRequest = gh.requests.find((request) =>
      request.path.endsWith(`/actions/workflows/${WORKFLOW}/dispatches`),
    );
    expect(dispatchRequest?.body).toMatchObject({ ref: "main", return_run_details: true });
    expect(gh.violations).toEqual([]);

    // The run is known at dispatch, before any report.
    const runUrl = `https://github.com/${repo}/actions/runs/${started?.id}`;
    expect(await detail(relay, id)).toMatchObject({
      status: "dispatched",
      run_id: started?.id,
      run_url: runUrl,
      conclusion: null,
    });

    // The run, as a runner starts it: a workflow_dispatch event whose inputs hold the envelope.
    const envelope = String(started?.inputs[ENVELOPE_INPUT]);
    const payload = JSON.parse(envelope) as ClientPayload;
    expect(payload.reply).toEqual({ url: `${relay.url}/reports`, delivery: id });
    expect(payload.repository).toBe(repo);
    const [owner, name] = repo.split("/");
    const run = await receiveAction(
      {
        eventName: "workflow_dispatch",
        event: {
          inputs: { [ENVELOPE_INPUT]: envelope },
          ref: "refs/heads/main",
          workflow: `.github/workflows/${WORKFLOW}`,
          repository: { name, full_name: repo, owner: { login: owner } },
          sender: { login: "hookbridge-relay[bot]" },
        },
        inputs: { secret: SECRETS.deepsource, "github-token": "ghs_test" },
        env: {
          GITHUB_API_URL: gh.url,
          GITHUB_REPOSITORY: repo,
          GITHUB_RUN_ID: String(started?.id),
          GITHUB_JOB: "deepsource",
        },
      },
      true,
    );
    // The sample's analysis failed, so fail-on fails the step, after reacting and reporting.
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain("Reported the outcome (failure) to the relay");
    expect(state.checkRuns.length).toBeGreaterThan(0);
    expect(await detail(relay, id)).toMatchObject({
      status: "handled",
      run_id: started?.id,
      run_url: runUrl,
      conclusion: "failure",
    });

    let stdout = "";
    const code = await main(["deliveries", "--url", relay.url], {
      stdout: (line) => (stdout += `${line}\n`),
      stderr: () => {},
      env: { HOOKBRIDGE_ADMIN_TOKEN: ADMIN_TOKEN },
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^${id}\\s.*\\shandled\\s.*\\sfailure\\s+${runUrl}$`, "m"));
  }, 60_000);

  it("runs on the branch it names, and fails a delivery GitHub cannot start with the fix in words", async () => {
    const repo = freshRepo("workflow-branch");
    const state = gh.state.repo(repo);
    state.branches.add("hooks");
    state.workflows.set(WORKFLOW, [ENVELOPE_INPUT]);
    state.workflows.set("other.yml", ["payload"]);

    const onBranch = await relayFor(repo, `workflow:${WORKFLOW}@hooks`);
    const sent = await deliver(onBranch, "wf-branch");
    expect((await detail(onBranch, sent)).status).toBe("dispatched");
    expect(state.workflowDispatches.map((started) => started.ref)).toEqual(["hooks"]);
    // A named branch needs no look-up of the default one.
    expect(gh.requests.filter((request) => request.path === `/repos/${repo}`)).toEqual([]);

    const missing = await relayFor(repo, "workflow:missing.yml");
    const notFound = await detail(missing, await deliver(missing, "wf-missing"));
    expect(notFound.status).toBe("failed");
    expect(notFound.last_error).toContain(
      `GitHub answered 404 "Not Found" for .github/workflows/missing.yml of ${repo}; the file must exist`,
    );

    const undeclared = await relayFor(repo, "workflow:other.yml");
    const refused = await detail(undeclared, await deliver(undeclared, "wf-undeclared"));
    expect(refused.status).toBe("failed");
    expect(refused.last_error).toContain(
      "the workflow must have on: workflow_dispatch with a string input named envelope",
    );
    expect(state.workflowDispatches).toHaveLength(1);
    expect(gh.violations).toEqual([]);
  }, 60_000);
});
