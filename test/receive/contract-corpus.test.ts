/**
 * Every variant of the contract corpus (test/fixtures/contract/) goes the whole way: signed as
 * its provider signs, verified and dispatched by the relay, verified, parsed and reacted to by
 * the receive action against the GitHub stand-in, with every reaction switched on. None may be
 * refused or stop the action; a reaction a variant cannot have is named in the summary (and the
 * log) as skipped, with the reason.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { utf8 } from "../../src/core/bytes.ts";
import type { ProviderName } from "../../src/core/providers.ts";
import { deliver, startPipeline } from "../e2e/pipeline.ts";
import {
  type Change,
  CORPUS_PROVIDERS,
  contractCorpus,
  samplesOf,
  sitesOf,
  type Variant,
  withChanges,
} from "../fixtures/contract/corpus.ts";
import { rfc3339Nanos, uniqueId } from "../relay/support.ts";
import { type GitHubStandIn, startGitHubStandIn } from "../support/github-stand-in/index.ts";
import { COMMIT, PLACEHOLDER_COMMITS } from "./support.ts";

let gh: GitHubStandIn;
beforeAll(async () => {
  gh = await startGitHubStandIn();
});
afterAll(() => gh.close());

/** Every reaction on, so that each one meets every variant. */
const INPUTS = {
  "check-runs": "true",
  "commit-status": "true",
  annotations: "true",
  "autofix-comment": "true",
  "issue-sync": "deepsource",
  "fail-on": "never",
};

/**
 * A sample made deliverable now: DeepSource's placeholder commits become SHAs (GitHub attaches
 * check runs only to real commits), DevRev's 2022 timestamp becomes current (the relay's replay
 * window), and ids become unique, so no variant is taken for a copy of another.
 */
function prepare(provider: ProviderName, _event: string, body: unknown): unknown {
  let text = JSON.stringify(body);
  if (provider === "deepsource") {
    for (const [placeholder, sha] of Object.entries(PLACEHOLDER_COMMITS))
      text = text.replaceAll(placeholder, sha);
  }
  const json = JSON.parse(text);
  if (provider === "devrev") json.timestamp = rfc3339Nanos(Date.now());
  if ((provider === "deepsource" || provider === "devrev") && typeof json.id === "string")
    json.id = `${json.id}-${uniqueId()}`;
  return json;
}

interface Skip {
  readonly provider: ProviderName;
  readonly event: RegExp;
  readonly field: RegExp;
  readonly changes: readonly Change[];
  /** The reactions the summary must name as skipped. */
  readonly reactions: readonly string[];
}

const GONE: readonly Change[] = ["null", "absent"];

/** What a missing field costs: the reactions that need it, by the provider's own field names. */
const SKIPS: readonly Skip[] = [
  {
    provider: "deepsource",
    event: /^analysis_run\./,
    field: /^data\.object\.commitOid$/,
    changes: GONE,
    reactions: ["Check runs", "Commit statuses"],
  },
  {
    provider: "deepsource",
    event: /^analysis_run\./,
    field: /^data\.object\.checks$/,
    changes: [...GONE, "empty array"],
    reactions: ["Check runs", "Commit statuses"],
  },
  {
    provider: "deepsource",
    event: /^repository_issue\.introduced$/,
    field: /^data\.object\.(repository\.latestCommitOid|occurrences)$/,
    changes: GONE,
    reactions: ["Annotations"],
  },
  {
    provider: "deepsource",
    event: /^autofix_run\./,
    field: /^data\.object\.runUid$/,
    changes: GONE,
    reactions: ["Comment"],
  },
  {
    provider: "deepsource",
    event: /^autofix_run\./,
    field: /^data\.object\.repository$/,
    changes: GONE,
    reactions: ["Repository"],
  },
  {
    provider: "deepsource",
    event: /^autofix_run\./,
    field: /^data\.object$/,
    changes: ["empty object"],
    reactions: ["Repository"],
  },
  // The samples' runs name one pull request each: without it there is none to comment on.
  {
    provider: "deepsource",
    event: /^autofix_run\.started$/,
    field: /^data\.object\.sourcePullRequest(\.number)?$/,
    changes: [...GONE, "empty object"],
    reactions: ["Comment"],
  },
  {
    provider: "deepsource",
    event: /^autofix_run\.updated$/,
    field: /^data\.object\.autofixPullRequest(\.number)?$/,
    changes: [...GONE, "empty object"],
    reactions: ["Comment"],
  },
  {
    provider: "devrev",
    event: /^work_/,
    field: /^work_(created|updated|deleted)$/,
    changes: ["absent"],
    reactions: ["Issue mirror"],
  },
];

function expectedSkips(variant: Variant): string[] {
  return SKIPS.filter(
    (skip) =>
      skip.provider === variant.provider &&
      skip.event.test(variant.event) &&
      skip.field.test(variant.field) &&
      variant.change !== undefined &&
      skip.changes.includes(variant.change),
  ).flatMap((skip) => skip.reactions);
}

/** Headers the sender adds: DejaCode's text notifications and type-less Standard Webhooks name their event. */
function namingHeaders(
  provider: ProviderName,
  event: string,
  json: unknown,
): Record<string, string> {
  const body = json as Record<string, unknown>;
  const named =
    (provider === "dejacode" && !("hook" in body)) ||
    (provider === "standard" && typeof body.type !== "string");
  return named ? { "X-Hookbridge-Event": event } : {};
}

const corpus = contractCorpus(prepare);

describe("the contract corpus", () => {
  it("holds every provider's samples and at least one variant of each kind", () => {
    const changes = new Set(corpus.map((variant) => variant.change));
    expect([...changes].sort()).toEqual(
      [undefined, "absent", "empty array", "empty object", "null", "undocumented value"].sort(),
    );
    // The fields the providers' own types make nullable, which the samples never show null.
    const labels = new Set(corpus.map((variant) => variant.label));
    for (const label of [
      "deepsource analysis_run.started: data.object.commitOid null",
      "deepsource analysis_run.started: data.object.branchName null",
      "deepsource analysis_run.started: data.object.baseOid null",
      "deepsource analysis_run.updated: data.object.checks null",
      "deepsource analysis_run.updated: data.object.summary empty object",
      "deepsource analysis_run.updated: data.object.summary.occurrencesIntroduced null",
      "deepsource analysis_run.updated: data.object.checks[].metrics null",
      "deepsource analysis_run.updated: data.object.checks[].summary.occurrencesResolved null",
      "deepsource repository_issue.introduced: data.object.occurrences null",
      "deepsource repository_issue.introduced: data.object.repository.latestCommitOid null",
      "deepsource repository.analysis.activated: data.object.defaultBranch null",
      "deepsource autofix_run.started: data.object.affectedIssues[].isRecommended absent",
      "deepsource autofix_run.started: data.object.runUid absent",
      "deepsource autofix_run.started: data.object.runUid null",
      "deepsource autofix_run.updated: data.object.status null",
      "deepsource autofix_run.updated: data.object.affectedIssues null",
      "deepsource autofix_run.updated: data.object.autofixPullRequest.number null",
      "devrev work_created: timestamp absent",
      "devrev work_updated: work_updated absent",
      "dejacode request.added: data.assignee null",
      "dejacode user.added_or_updated: username absent",
      "standard contact.created: timestamp absent",
      "standard contact.created: data absent",
      "standard invoice.paid: type absent",
    ]) {
      expect(labels.has(label), label).toBe(true);
    }
  });
});

/** Relays the body and runs the action on the dispatch, every reaction on; a verify is answered. */
async function relayAndReact(provider: ProviderName, event: string, json: unknown) {
  const pipeline = startPipeline(gh, `corpus-${provider}`);
  // Autofix runs comment on pull request #1, as the samples name it.
  gh.seedPullRequest(pipeline.repo, {
    number: 1,
    head: { sha: COMMIT.autofixSource, ref: "feature-branch" },
  });
  const body = utf8(JSON.stringify(json));
  const headers = namingHeaders(provider, event, json);
  if (provider === "devrev" && event === "verify") {
    // The handshake is the relay's reaction: answered, never dispatched.
    const posted = await pipeline.post("devrev", body, { headers });
    expect(posted.status).toBe(200);
    expect(posted.payload).toBeUndefined();
    return undefined;
  }
  const { run } = await deliver(pipeline, provider, body, { headers, inputs: INPUTS });
  expect(run.stdout).not.toMatch(/please report it|stopped on an unexpected error/);
  expect(run.code, run.stdout).toBe(0);
  expect(run.outputs.event).toBe(event);
  expect(gh.violations).toEqual([]);
  return run;
}

describe.concurrent("every corpus variant is verified, parsed and reacted to", () => {
  for (const variant of corpus) {
    it(variant.label, async () => {
      const run = await relayAndReact(variant.provider, variant.event, variant.body);
      if (!run) return;
      // Exactly the reactions the missing field needs are skipped, each named with its reason.
      const skipped = [...run.summary.matchAll(/^\| ([^|]+?) \|[^\n]*\| skipped: /gm)].map(
        (row) => row[1],
      );
      const expected = expectedSkips(variant);
      expect(skipped.sort()).toEqual([...expected].sort());
      for (const reaction of expected) expect(run.stdout).toContain(`${reaction}: skipped: `);
    });
  }
});

describe("any combination of the changes a contract allows", () => {
  const samples = CORPUS_PROVIDERS.flatMap((provider) =>
    samplesOf(provider).map(({ event, body }) => {
      const prepared = prepare(provider, event, body);
      return { provider, event, body: prepared, sites: sitesOf(provider, event, prepared) };
    }),
  ).filter((sample) => sample.sites.length > 1);

  it("is verified, parsed and reacted to, never refused", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples).chain((sample) =>
          fc.record({
            sample: fc.constant(sample),
            picked: fc.subarray(sample.sites, {
              minLength: 2,
              maxLength: Math.min(8, sample.sites.length),
            }),
          }),
        ),
        async ({ sample, picked }) => {
          const body = withChanges(sample.body, picked);
          await relayAndReact(sample.provider, sample.event, body);
        },
      ),
      { numRuns: 150 },
    );
    // 150 whole deliveries, one after another.
  }, 120_000);
});
