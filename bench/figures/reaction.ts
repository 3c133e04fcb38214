import {
  type GitHubStandIn,
  startGitHubStandIn,
} from "../../test/support/github-stand-in/index.ts";
import type { BenchContext } from "../lib/context.ts";
import {
  analysisRunUpdated,
  repositoryIssueIntroduced,
  testEvent,
} from "../lib/deepsource-events.ts";
import { dispatchEvent, RECEIVE_SECRET } from "../lib/envelope.ts";
import type { Figure } from "../lib/figure.ts";
import { bundle, runnerFiles, timedNode } from "../lib/runner.ts";
import { median, round } from "../lib/stats.ts";

const TOKEN = "ghs_bench_reaction_token";
const OCCURRENCES = 60;
const ANNOTATIONS_PER_CALL = 50;

interface Reaction {
  readonly ms: number;
  readonly calls: number;
  readonly writes: number;
  readonly checkRuns: number;
  readonly annotationCalls: number;
  readonly annotations: number;
}

let serial = 0;

async function react(
  receive: string,
  gh: GitHubStandIn,
  body: Uint8Array<ArrayBuffer>,
  label: string,
): Promise<Reaction> {
  serial += 1;
  const repo = `bench-org/${label}-${serial}`;
  const runner = runnerFiles({
    eventName: "repository_dispatch",
    event: await dispatchEvent(body, repo),
    // The samples are about deepsourcelabs/demo-go; the action acts only on events about the
    // repository it is told is its own.
    inputs: {
      secret: RECEIVE_SECRET,
      "github-token": TOKEN,
      "fail-on": "never",
      repository: "deepsourcelabs/demo-go",
    },
    env: { GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: repo },
  });
  const run = await timedNode([receive], runner.env, runner.dir);
  if (run.code !== 0)
    throw new Error(`receive failed on ${label} (exit ${run.code}):\n${run.stdout}`);
  const requests = gh.requests.filter((request) => request.path.startsWith(`/repos/${repo}/`));
  const annotated = requests.filter((request) => {
    const output = (request.body as { output?: { annotations?: unknown[] } } | undefined)?.output;
    return Array.isArray(output?.annotations) && output.annotations.length > 0;
  });
  const state = gh.state.repo(repo);
  return {
    ms: run.ms,
    calls: requests.length,
    writes: requests.filter((request) => request.method !== "GET").length,
    checkRuns: state.checkRuns.length,
    annotationCalls: annotated.length,
    annotations: state.checkRuns.reduce((sum, check) => sum + check.output.annotations.length, 0),
  };
}

async function repeat(
  ctx: BenchContext,
  gh: GitHubStandIn,
  body: Uint8Array<ArrayBuffer>,
  label: string,
): Promise<{ ms: number; last: Reaction; runs: number[] }> {
  const runs: Reaction[] = [];
  const receive = bundle(ctx.knobs.dist, "receive");
  for (let i = 0; i < ctx.knobs.reactionRuns; i++) runs.push(await react(receive, gh, body, label));
  const times = runs.map((run) => run.ms);
  return { ms: median(times), last: runs.at(-1) as Reaction, runs: times.map((ms) => round(ms)) };
}

/**
 * Figure 2: the receive action against the loopback GitHub stand-in, timed from process start to
 * exit, with the API calls it made. The baseline is the same action on a test.event, which makes
 * no call, so the ratio is what reacting costs on top of starting.
 */
export async function receiveReaction(ctx: BenchContext): Promise<Figure[]> {
  const gh = await startGitHubStandIn({ token: TOKEN });
  try {
    const base = await repeat(ctx, gh, testEvent(), "test-event");
    const analysis = await repeat(ctx, gh, analysisRunUpdated(OCCURRENCES), "analysis");
    const issue = await repeat(ctx, gh, repositoryIssueIntroduced(OCCURRENCES), "issue");
    const violations = gh.violations.length;
    const perCheck = round(analysis.last.calls / Math.max(1, analysis.last.checkRuns));
    const annotationBudget = Math.ceil(OCCURRENCES / ANNOTATIONS_PER_CALL);
    const notes =
      violations > 0
        ? [`The stand-in saw ${violations} request(s) GitHub would reject: ${gh.violations[0]}`]
        : [];
    return [
      {
        id: "receive-reaction-analysis",
        title: `Receive reaction: analysis_run.updated (3 checks, ${OCCURRENCES} occurrences)`,
        measured: { value: round(analysis.ms, 1), unit: "ms" },
        baseline: { label: "same action, test.event", value: round(base.ms, 1), unit: "ms" },
        ratio: round(analysis.ms / base.ms),
        target: { text: "≤ 2 calls per check run", met: perCheck <= 2 },
        details: {
          runsMs: analysis.runs,
          calls: analysis.last.calls,
          writes: analysis.last.writes,
          checkRuns: analysis.last.checkRuns,
          callsPerCheckRun: perCheck,
          testEventRunsMs: base.runs,
        },
        notes,
      },
      {
        id: "receive-reaction-annotations",
        title: `Receive reaction: repository_issue.introduced (${OCCURRENCES} occurrences)`,
        measured: { value: issue.last.annotationCalls, unit: "annotation calls" },
        baseline: {
          label: `⌈${OCCURRENCES}/${ANNOTATIONS_PER_CALL}⌉`,
          value: annotationBudget,
          unit: "calls",
        },
        ratio: round(issue.last.annotationCalls / annotationBudget),
        target: {
          text: `≤ ⌈n/50⌉ = ${annotationBudget} calls`,
          met:
            issue.last.annotationCalls <= annotationBudget &&
            issue.last.annotations === OCCURRENCES,
        },
        details: {
          wallMs: round(issue.ms, 1),
          runsMs: issue.runs,
          calls: issue.last.calls,
          writes: issue.last.writes,
          annotationsStored: issue.last.annotations,
        },
        notes,
      },
    ];
  } finally {
    await gh.close();
  }
}
