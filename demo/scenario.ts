import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { GitHubStandIn } from "../test/support/github-stand-in/index.ts";
import { ROOT } from "../test/support/run-action.ts";

export const DEMO_REPOSITORY = "deepsourcelabs/demo-python";
export const DEMO_TOKEN = "ghs_demoTokenForTheLocalStandIn000000";
export const DEMO_SECRETS = {
  deepsource: "demo-deepsource-secret-0123456789",
  deveo: "demo-deveo-secret",
} as const;

/** The order a team would see them: an analysis, its issues, an autofix, then the rest. */
const ORDER = [
  "test.event",
  "repository.analysis.activated",
  "analysis_run.started",
  "analysis_run.updated",
  "repository_issue.introduced",
  "autofix_run.started",
  "autofix_run.updated",
  "repository_issue.resolved",
  "team_member.added",
  "team_member.updated",
  "team_member.removed",
  "repository.analysis.deactivated",
];

// The vendor samples use commit ids that are not hex (or are 41–42 characters), which GitHub
// would refuse; the demo gives them real-looking ones. Samples also share delivery ids across
// event types, while real deliveries never do. Some samples are about demo-go: the receive action
// skips events about any repository but its own, so here they are all about the demo repository.
const SHAS: Record<string, string> = {
  "99da4fzf3e680e28c3z86afebz3693d3f80bf67b": "99da4f1f3e680e28c3186afeb23693d3f80bf67b",
  "07e790b6d5a7e720acf5f2af4b707c2ff1cabceed": "07e790b6d5a7e720acf5f2af4b707c2ff1cabcee",
  "72df1dcc3dd4d3211746a236f553065416d3766723": "72df1dcc3dd4d3211746a236f553065416d37667",
};

export interface Delivery {
  readonly event: string;
  readonly body: string;
}

/** Reads the DeepSource samples as deliveries, and makes the pull request the autofix refers to. */
export async function deepsourceDeliveries(github: GitHubStandIn): Promise<Delivery[]> {
  github.seedPullRequest(DEMO_REPOSITORY, {
    number: 1,
    head: { sha: "898d5b958d9cca3e6ced85002e66748e149760f7", ref: "feature-branch" },
    title: "Change methods not using its bound instance to staticmethods",
  });
  const deliveries: Delivery[] = [];
  for (const [index, event] of ORDER.entries()) {
    let text = await readFile(join(ROOT, "test/fixtures/deepsource", `${event}.json`), "utf8");
    for (const [fake, real] of Object.entries(SHAS)) text = text.replaceAll(fake, real);
    text = text
      .replaceAll("deepsourcelabs/demo-go", DEMO_REPOSITORY)
      .replaceAll('"name": "demo-go"', `"name": "${DEMO_REPOSITORY.split("/")[1]}"`);
    const json = JSON.parse(text) as { id: string; createdAt: number };
    json.id = `demo-${Date.now()}-${index}`;
    json.createdAt = Math.floor(Date.now() / 1000);
    deliveries.push({ event, body: JSON.stringify(json, null, 2) });
  }
  return deliveries;
}

/** A real GitHub push event from GitHub's published webhook examples. */
export async function pushEvent(): Promise<unknown> {
  const require = createRequire(import.meta.url);
  const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as {
    name: string;
    examples: { ref: string; commits: unknown[] }[];
  }[];
  const push = examples
    .find((entry) => entry.name === "push")
    ?.examples.find(
      (example) => example.ref.startsWith("refs/heads/") && example.commits.length > 0,
    );
  if (!push) throw new Error("The @octokit/webhooks-examples package has no branch push example.");
  return push;
}
