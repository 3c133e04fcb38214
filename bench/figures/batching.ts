import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { utf8 } from "../../src/core/bytes.ts";
import { fastClock, until } from "../../test/relay/queue-support.ts";
import { signedHeaders } from "../../test/relay/support.ts";
import { commitEvents, startCommitRelay } from "../../test/support/deepsource-commits.ts";
import { startGitHubStandIn } from "../../test/support/github-stand-in/index.ts";
import type { BenchContext } from "../lib/context.ts";
import type { Figure } from "../lib/figure.ts";
import { round } from "../lib/stats.ts";

/** The queue's clock runs this much faster than the wall clock, so a 10 s window takes 1 s. */
const SPEED = 10;
const REPOS = ["bench-org/batch-a", "bench-org/batch-b"] as const;
const WINDOW = "10s";

interface Played {
  /** Workflow runs (dispatches) per analysed commit and repository. */
  readonly runsPerCommit: number;
  readonly events: number;
  readonly dispatches: number;
  /** Receipt of a commit's first event to its first dispatch, by the queue's clock (median). */
  readonly firstReactionDelayMs: number;
}

/**
 * The batching test's scenario (two repositories, two commits each), played against the Node
 * queue with the window given: how many workflow runs a commit costs, and how much later its first
 * dispatch goes out.
 */
async function play(ctx: BenchContext, window: string): Promise<Played> {
  const clock = fastClock(SPEED);
  const gh = await startGitHubStandIn({ now: () => new Date(clock.now()) });
  const relay = await startCommitRelay({
    repos: REPOS,
    apiUrl: gh.url,
    dataDir: mkdtempSync(join(ctx.scratch, "batching-")),
    clock,
    window,
  });
  let events = 0;
  const delays: number[] = [];
  try {
    for (const index of [0, 1] as const) {
      const before = REPOS.map((repo) => gh.state.repo(repo).dispatches.length);
      const started: number[] = [];
      const queued: string[] = [];
      for (const repo of REPOS) {
        started.push(clock.now());
        for (const json of commitEvents(repo, index)) {
          const body = utf8(JSON.stringify(json));
          const response = await fetch(`${relay.url}/deepsource`, {
            method: "POST",
            body,
            headers: await signedHeaders("deepsource", body),
          });
          const answer = (await response.json()) as { queued?: boolean; id?: string };
          if (answer.queued && answer.id) queued.push(answer.id);
          events += 1;
        }
      }
      const store = relay.queue?.store;
      await until(
        () => queued.every((id) => store?.get(id)?.state === "dispatched"),
        "the commit's deliveries are dispatched",
        60_000,
      );
      for (const [position, repo] of REPOS.entries()) {
        const first = gh.state.repo(repo).dispatches[before[position] ?? 0];
        // The stand-in stamps whole seconds: a dispatch within the same second counts as 0.
        if (first)
          delays.push(Math.max(0, Date.parse(first.received_at) - (started[position] ?? 0)));
      }
    }
    const dispatches = REPOS.reduce((sum, repo) => sum + gh.state.repo(repo).dispatches.length, 0);
    delays.sort((a, b) => a - b);
    return {
      runsPerCommit: dispatches / (REPOS.length * 2),
      events,
      dispatches,
      firstReactionDelayMs: delays[Math.floor(delays.length / 2)] ?? 0,
    };
  } finally {
    await relay.close();
    await gh.close();
  }
}

export async function batchingRuns(ctx: BenchContext): Promise<Figure[]> {
  const batched = await play(ctx, WINDOW);
  const single = await play(ctx, "0");
  const notes = [
    `Two repositories, two default-branch commits each (12 issues introduced, then 4 resolved and 4 new, with their analysis runs), HOOKBRIDGE_DEEPSOURCE_ANALYSIS=final, played against the Node queue in process; the queue's clock runs ${SPEED}× the wall clock, so waits are in its seconds.`,
  ];
  return [
    {
      id: "batching-runs-per-commit",
      title: `workflow runs per analysed commit and repository, HOOKBRIDGE_BATCH_WINDOW=${WINDOW}`,
      measured: { value: batched.runsPerCommit, unit: "runs" },
      baseline: { value: single.runsPerCommit, unit: "runs", label: "window off (0)" },
      ratio: round(batched.runsPerCommit / single.runsPerCommit, 3),
      target: { text: "1 run per commit per repository", met: batched.runsPerCommit === 1 },
      details: { batched, single },
      notes,
    },
    {
      id: "batching-first-reaction-delay",
      title: "delay the window adds before a commit's first dispatch (median)",
      measured: { value: round(batched.firstReactionDelayMs / 1000, 1), unit: "s" },
      baseline: {
        value: round(single.firstReactionDelayMs / 1000, 1),
        unit: "s",
        label: "window off (0)",
      },
      target: {
        text: `≤ the window (${WINDOW}) plus a second`,
        met: batched.firstReactionDelayMs <= 11_000,
      },
      details: { batchedMs: batched.firstReactionDelayMs, singleMs: single.firstReactionDelayMs },
      notes,
    },
  ];
}
