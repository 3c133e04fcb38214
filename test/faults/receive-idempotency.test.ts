/**
 * The receive action (from source, or the build FAULTS_RECEIVE_BUNDLE names) on every DeepSource sample twice over and
 * in a shuffled order: the repository must end as it does after each sample once, in order.
 * Duplicate deliveries and out-of-order ones are what a relay and a provider's retries produce.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { seeded, shuffled } from "../support/random.ts";
import type { ActionRun } from "../support/run-action.ts";
import { LeakScan } from "./support/leaks.ts";
import {
  AUTOFIX_SOURCE_SHA,
  type DeepSourceDelivery,
  deepsourceDeliveries,
  RECEIVE_SECRET,
  RECEIVE_TOKEN,
  receive,
  receiveReady,
  receiveTitle,
} from "./support/receive-runs.ts";
import { visibleState } from "./support/snapshot.ts";

const SEED = Number(process.env.FAULT_SEED ?? 20_260_101);
const INPUTS = { "issue-sync": "deepsource", "fail-on": "never" };

let gh: GitHubStandIn;
beforeAll(async () => {
  if (receiveReady) gh = await startGitHubStandIn({ token: RECEIVE_TOKEN });
});
afterAll(() => gh?.close());

function repository(label: string): string {
  const repo = `octo-org/${label}-${process.pid}`;
  gh.seedPullRequest(repo, {
    number: 1,
    head: { sha: AUTOFIX_SOURCE_SHA, ref: "feature-branch" },
    title: "Change methods",
  });
  return repo;
}

async function apply(
  repo: string,
  deliveries: readonly DeepSourceDelivery[],
  leaks: LeakScan,
): Promise<void> {
  for (const delivery of deliveries) {
    const run: ActionRun = await receive(gh, repo, delivery, INPUTS);
    // `::add-mask::` is how a secret reaches the runner's masking, not a leak.
    const visible = run.stdout
      .split("\n")
      .filter((line) => !line.startsWith("::add-mask::"))
      .join("\n");
    leaks.add(`${delivery.name} log`, `${visible}\n${run.stderr}`);
    leaks.add(`${delivery.name} summary`, run.summary);
    leaks.add(`${delivery.name} outputs`, JSON.stringify(run.outputs));
    expect(run.code, `${delivery.name} in ${repo}:\n${run.stdout}`).toBe(0);
  }
}

it.skipIf(!receiveReady)(
  receiveTitle(
    "every DeepSource sample, applied twice and shuffled, leaves the state of applying each once in order",
  ),
  async () => {
    const leaks = new LeakScan([RECEIVE_SECRET, RECEIVE_TOKEN]);
    const deliveries = deepsourceDeliveries();
    const once = repository("faults-once");
    const shuffledRepo = repository("faults-shuffled");
    const order = shuffled([...deliveries, ...deliveries], seeded(SEED));

    await Promise.all([apply(once, deliveries, leaks), apply(shuffledRepo, order, leaks)]);

    const expected = visibleState(gh, once);
    // The samples reach every reaction: check runs, annotations, the Autofix comment, issues.
    expect(expected.checkRuns.length).toBeGreaterThan(0);
    expect(expected.checkRuns.some((run) => run.annotations > 0)).toBe(true);
    expect(expected.comments.length).toBeGreaterThan(0);
    expect(expected.issues.some((issue) => issue.key.startsWith("issue:"))).toBe(true);
    expect(visibleState(gh, shuffledRepo), `order: ${order.map((d) => d.name).join(", ")}`).toEqual(
      expected,
    );
    expect(gh.violations).toEqual([]);
    expect(leaks.hits()).toEqual([]);
  },
  180_000,
);
