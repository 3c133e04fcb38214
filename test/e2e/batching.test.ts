/**
 * One workflow run per analysed commit: a commit's DeepSource events (its analysis run and one
 * event per issue) played through the Node relay's queue with the batch window on, then off, each
 * dispatch run through the receive action as a workflow would, and the repositories' end states
 * in the GitHub stand-in compared.
 */
import { afterEach, describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import type { NodeRelay } from "../../src/relay/hosts/node/server.ts";
import { receiveAction, TOKEN } from "../receive/support.ts";
import { fastClock, tempDir, until } from "../relay/queue-support.ts";
import { SECRETS, signedHeaders } from "../relay/support.ts";
import { commitEvents, startCommitRelay } from "../support/deepsource-commits.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import type { ActionRun } from "../support/run-action.ts";

const SPEED = 60;

let relay: NodeRelay | undefined;
let gh: GitHubStandIn | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await relay?.close();
  relay = undefined;
  await gh?.close();
  gh = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface World {
  readonly gh: GitHubStandIn;
  readonly runs: Record<string, number>;
  readonly events: number;
}

/** Plays both commits of both repositories through a relay with this batch window. */
async function play(window: string, repos: readonly string[]): Promise<World> {
  const clock = fastClock(SPEED);
  const stand = await startGitHubStandIn({ now: () => new Date(clock.now()) });
  gh = stand;
  const dir = tempDir();
  cleanups.push(() => dir.remove());
  relay = await startCommitRelay({
    repos,
    apiUrl: stand.url,
    dataDir: dir.path,
    clock,
    window,
  });
  const runs: Record<string, number> = Object.fromEntries(repos.map((repo) => [repo, 0]));
  const handled = new Map<string, number>(repos.map((repo) => [repo, 0]));
  let events = 0;
  for (const index of [0, 1] as const) {
    // Both repositories' events arrive interleaved, as from one organisation.
    const perRepo = repos.map((repo) => commitEvents(repo, index));
    const sent = new Set<string>();
    // A commit's events arrive within the window however slowly this machine posts them.
    clock.hold();
    for (let i = 0; i < Math.max(...perRepo.map((list) => list.length)); i += 1) {
      for (const list of perRepo) {
        const json = list[i];
        if (!json) continue;
        const body = utf8(JSON.stringify(json, null, 2));
        const response = await fetch(`${relay.url}/deepsource`, {
          method: "POST",
          body,
          headers: await signedHeaders("deepsource", body),
        });
        expect(response.status).toBe(202);
        const answer = (await response.json()) as { queued?: boolean };
        if (answer.queued) sent.add(String(json.id));
        events += 1;
      }
    }
    clock.release();
    const store = relay.queue?.store;
    await until(
      () =>
        [...sent].every((id) =>
          store
            ?.list({ limit: 500 })
            .some((row) => row.deliveryId === id && row.state === "dispatched"),
        ),
      "every queued delivery is dispatched",
    );
    // Each dispatch starts one workflow run in its repository.
    for (const repo of repos) {
      const dispatches = stand.state.repo(repo).dispatches;
      for (const record of dispatches.slice(handled.get(repo))) {
        const run = await workflowRun(stand, repo, record.event_type, record.client_payload);
        expect(run.code, run.stdout).toBe(0);
        runs[repo] = (runs[repo] ?? 0) + 1;
      }
      handled.set(repo, dispatches.length);
    }
  }
  await relay.close();
  relay = undefined;
  return { gh: stand, runs, events };
}

function workflowRun(
  stand: GitHubStandIn,
  repo: string,
  eventType: string,
  payload: unknown,
): Promise<ActionRun> {
  const [owner = "", name = ""] = repo.split("/");
  return receiveAction({
    eventName: "repository_dispatch",
    event: {
      action: eventType,
      client_payload: payload,
      repository: { name, full_name: repo, owner: { login: owner } },
      sender: { login: "hookbridge-relay[bot]" },
    },
    inputs: {
      secret: SECRETS.deepsource,
      "github-token": TOKEN,
      "issue-sync": "deepsource",
      "fail-on": "never",
    },
    env: { GITHUB_API_URL: stand.url, GITHUB_REPOSITORY: repo },
  });
}

/** What a person sees in a repository: its issues and its check runs, without ids and times. */
function endState(stand: GitHubStandIn, repo: string) {
  const state = stand.state.repo(repo);
  return {
    issues: state.issues.map((issue) => ({
      number: issue.number,
      title: issue.title,
      state: issue.state,
      state_reason: issue.state_reason,
      labels: [...issue.labels].sort(),
      body: issue.body,
    })),
    checkRuns: state.checkRuns.map((run) => ({
      name: run.name,
      head_sha: run.head_sha,
      status: run.status,
      conclusion: run.conclusion,
      title: run.output.title,
      annotations: run.output.annotations.length,
    })),
  };
}

describe("batching a repository's deliveries (HOOKBRIDGE_BATCH_WINDOW)", () => {
  it("gives one workflow run per commit per repository, with the same end state as one run per event", async () => {
    const repos = [`octo-org/batch-a-${process.pid}`, `octo-org/batch-b-${process.pid}`];
    const batched = await play("10s", repos);
    const batchedState = repos.map((repo) => endState(batched.gh, repo));
    await batched.gh.close();
    gh = undefined;
    const single = await play("0", repos);
    const singleState = repos.map((repo) => endState(single.gh, repo));

    // Two commits, each one run per repository with the window; one run per dispatched event without.
    expect(batched.runs).toEqual(Object.fromEntries(repos.map((repo) => [repo, 2])));
    // Per repository: 7 dispatches for the first commit (its started run is filtered by `final`),
    // 5 for the second.
    expect(single.runs).toEqual(Object.fromEntries(repos.map((repo) => [repo, 12])));
    expect(batched.events).toBe(single.events);

    // Issues opened and closed, check runs and conclusions: the same either way.
    expect(batchedState).toEqual(singleState);
    expect(batchedState[0]?.issues.filter((issue) => issue.state === "open")).toHaveLength(6);
    expect(batchedState[0]?.issues.filter((issue) => issue.state === "closed")).toHaveLength(2);
    const conclusions = batchedState[0]?.checkRuns.map((run) => run.conclusion);
    expect(conclusions).toEqual(expect.arrayContaining(["success", "failure"]));
  }, 120_000);
});
